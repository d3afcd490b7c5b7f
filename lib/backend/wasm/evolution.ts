import { EpikitError } from '../../errors.js';
import type { EvolutionKernels } from '../kernels/evolution.js';
import { input, output, type WasmInstance } from './instance.js';

const I32_MAX = 2147483647;
/** Largest n(n−1)/2 · 8 bytes a per-day matrix buffer may take in 32-bit linear memory. */
const MAX_MATRIX_BYTES = 2 ** 30;

function integer(kernel: string, name: string, v: number, lo: number, hi: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new EpikitError('E_INPUT_NAN', `${kernel}: ${name} must be finite, got ${String(v)}`, { argument: name });
  }
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new EpikitError('E_INPUT_RANGE', `${kernel}: ${name} is ${v}: expected an integer in [${lo}, ${hi}]`, { argument: name, value: v });
  }
}

function f64Array(kernel: string, name: string, a: unknown, length: number, finite: boolean): asserts a is Float64Array {
  if (!(a instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', `${kernel}: ${name} must be a Float64Array`, { argument: name });
  if (a.length !== length) {
    throw new EpikitError('E_INPUT_SHAPE', `${kernel}: ${name} has length ${a.length}: expected ${length}`, { argument: name });
  }
  if (finite) {
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i])) {
        throw new EpikitError('E_INPUT_NAN', `${kernel}: ${name}[${i}] is ${String(a[i])}: expected a finite number`, { argument: name, index: i });
      }
    }
  }
}

function labelArray(kernel: string, name: string, a: unknown, length: number, n: number): asserts a is Int32Array {
  if (!(a instanceof Int32Array)) throw new EpikitError('E_INPUT_TYPE', `${kernel}: ${name} must be an Int32Array`, { argument: name });
  if (a.length !== length) {
    throw new EpikitError('E_INPUT_SHAPE', `${kernel}: ${name} has length ${a.length}: expected ${length}`, { argument: name });
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0 || a[i] >= n) {
      throw new EpikitError('E_INPUT_RANGE', `${kernel}: ${name}[${i}] is ${a[i]}: expected a label in [0, ${n - 1}]`, { argument: name, index: i });
    }
  }
}

/** The checks of native/bind_evolution.cc's requireSeries, plus the 32-bit memory bound. */
function series(kernel: string, x: unknown, y: unknown, lx: unknown, ly: unknown, T: number, n: number, matrix: number): void {
  f64Array(kernel, 'x', x, T * n, true);
  f64Array(kernel, 'y', y, T * n, true);
  if (matrix === 2 && lx == null) throw new EpikitError('E_INPUT_TYPE', `${kernel}: labelsX must be an Int32Array when matrix is 2 (Adj), got null`, { argument: 'labelsX' });
  if (matrix === 2 && ly == null) throw new EpikitError('E_INPUT_TYPE', `${kernel}: labelsY must be an Int32Array when matrix is 2 (Adj), got null`, { argument: 'labelsY' });
  if (lx != null) labelArray(kernel, 'labelsX', lx, T * n, n);
  if (ly != null) labelArray(kernel, 'labelsY', ly, T * n, n);
  if (((n * (n - 1)) / 2) * 8 > MAX_MATRIX_BYTES) {
    throw new EpikitError('E_INPUT_RANGE', `${kernel}: n is ${n}: too large for the WebAssembly backend's per-day n × n buffers (use the native backend)`, { argument: 'n', value: n });
  }
}

export function evolutionWasm(w: WasmInstance): EvolutionKernels {
  return {
    adjacencyDistances(labels, T, n, out) {
      const k = 'adjacencyDistances';
      integer(k, 'T', T, 1, I32_MAX);
      integer(k, 'n', n, 1, I32_MAX);
      labelArray(k, 'labels', labels, T * n, n);
      f64Array(k, 'out', out, (T * (T - 1)) / 2, false);
      w.call(k, [input(labels), T, n, output(out)]);
    },

    offsetObjective(x, y, labelsX, labelsY, T, n, matrix, m, norm, perEntry, start, tauMax, out) {
      const k = 'offsetObjective';
      integer(k, 'T', T, 1, I32_MAX);
      integer(k, 'n', n, 1, I32_MAX);
      integer(k, 'matrix', matrix, 0, 2);
      integer(k, 'm', m, 1, 3);
      integer(k, 'norm', norm, 0, 1);
      integer(k, 'perEntry', perEntry, 0, 1);
      integer(k, 'start', start, 0, T - 1);
      integer(k, 'tauMax', tauMax, 0, T - 1);
      series(k, x, y, labelsX, labelsY, T, n, matrix);
      f64Array(k, 'out', out, tauMax + 1, false);
      const adj = matrix === 2;
      w.call(k, [
        input(x),
        input(y),
        adj ? input(labelsX!) : null,
        adj ? input(labelsY!) : null,
        T,
        n,
        matrix,
        m,
        norm,
        perEntry,
        start,
        tauMax,
        output(out),
      ]);
    },

    offsetObjectiveStarts(x, y, labelsX, labelsY, T, n, matrix, m, norm, perEntry, starts, tauMax, out) {
      const k = 'offsetObjectiveStarts';
      integer(k, 'T', T, 1, I32_MAX);
      integer(k, 'n', n, 1, I32_MAX);
      integer(k, 'matrix', matrix, 0, 2);
      integer(k, 'm', m, 1, 3);
      integer(k, 'norm', norm, 0, 1);
      integer(k, 'perEntry', perEntry, 0, 1);
      integer(k, 'tauMax', tauMax, 0, T - 1);
      if (!(starts instanceof Int32Array)) throw new EpikitError('E_INPUT_TYPE', `${k}: starts must be an Int32Array`, { argument: 'starts' });
      if (starts.length === 0) throw new EpikitError('E_INPUT_SHAPE', `${k}: starts is empty: expected at least one start day`, { argument: 'starts' });
      starts.forEach((s, i) => integer(k, `starts[${i}]`, s, 0, T - 1));
      series(k, x, y, labelsX, labelsY, T, n, matrix);
      f64Array(k, 'out', out, starts.length * (tauMax + 1), false);
      const adj = matrix === 2;
      w.call(k, [
        input(x),
        input(y),
        adj ? input(labelsX!) : null,
        adj ? input(labelsY!) : null,
        T,
        n,
        matrix,
        m,
        norm,
        perEntry,
        input(starts),
        starts.length,
        tauMax,
        output(out),
      ]);
    },

    anomalyScores(x, y, labelsX, labelsY, T, n, tau, matrix, m, out) {
      const k = 'anomalyScores';
      integer(k, 'T', T, 1, I32_MAX);
      integer(k, 'n', n, 1, I32_MAX);
      integer(k, 'tau', tau, 0, T - 1);
      integer(k, 'matrix', matrix, 0, 2);
      integer(k, 'm', m, 1, 3);
      series(k, x, y, labelsX, labelsY, T, n, matrix);
      f64Array(k, 'out', out, T * n, false);
      const adj = matrix === 2;
      w.call(k, [input(x), input(y), adj ? input(labelsX!) : null, adj ? input(labelsY!) : null, T, n, tau, matrix, m, output(out)]);
    },

    evolutionExp(x, vector, out) {
      const k = 'evolutionExp';
      integer(k, 'vector', vector, 0, 1);
      if (!(x instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', `${k}: x must be a Float64Array`, { argument: 'x' });
      f64Array(k, 'out', out, x.length, false);
      w.call(k, [input(x), x.length, vector, output(out)]);
    },

    evolutionMatrixRange(x, n, matrix, m, i0, j0, vector, out) {
      const k = 'evolutionMatrixRange';
      integer(k, 'n', n, 2, I32_MAX);
      integer(k, 'matrix', matrix, 0, 1);
      integer(k, 'm', m, 1, 3);
      integer(k, 'i0', i0, 0, n - 2);
      integer(k, 'j0', j0, i0 + 1, n - 1);
      integer(k, 'vector', vector, 0, 1);
      f64Array(k, 'x', x, n, true);
      if (!(out instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', `${k}: out must be a Float64Array`, { argument: 'out' });
      w.call(k, [input(x), n, matrix, m, i0, j0, out.length, vector, output(out)]);
    },
  };
}
