import { EpikitError } from '../../errors.js';
import type { IndicesKernels } from '../kernels/indices.js';
import { input, output, type WasmInstance } from './instance.js';

/**
 * The WebAssembly kernel reads labels as array indices, so the same shape / range checks as
 * the native glue run here first (a bad call then fails with the same error codes).
 */
function checkInt(name: string, v: number, lo: number, hi: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new EpikitError('E_INPUT_RANGE', `${name} is ${String(v)}: expected an integer in [${lo}, ${hi}]`, { argument: name, value: v });
  }
}

function checkLabels(name: string, lab: Int32Array, n: number, k: number): void {
  if (!(lab instanceof Int32Array)) {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be an Int32Array`, { argument: name });
  }
  if (lab.length !== n) {
    throw new EpikitError('E_INPUT_SHAPE', `${name} has length ${lab.length}: expected ${n}`, { argument: name });
  }
  for (let i = 0; i < n; i++) {
    if (lab[i] < 0 || lab[i] >= k) {
      throw new EpikitError('E_INPUT_RANGE', `${name}[${i}] is ${lab[i]}: expected a cluster id in [0, ${k - 1}]`, { argument: name, index: i });
    }
  }
}

export function indicesWasm(w: WasmInstance): IndicesKernels {
  return {
    clusterIndices(data, n, d, labelsPrev, kPrev, labels, k, labelsNext, kNext, variant, out) {
      checkInt('n', n, 1, 2 ** 31 - 1);
      checkInt('d', d, 1, 2 ** 31 - 1);
      checkInt('kPrev', kPrev, 1, n);
      checkInt('k', k, 1, n);
      checkInt('kNext', kNext, 1, n);
      checkInt('variant', variant, 0, 63);
      if (!(data instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', 'data must be a Float64Array', { argument: 'data' });
      if (data.length !== n * d) {
        throw new EpikitError('E_INPUT_SHAPE', `data has length ${data.length}: expected n × d = ${n * d}`, { argument: 'data' });
      }
      for (let i = 0; i < data.length; i++) {
        if (!Number.isFinite(data[i])) {
          throw new EpikitError('E_INPUT_NAN', `data[${i}] is ${data[i]}: expected a finite number`, { argument: 'data', index: i });
        }
      }
      checkLabels('labels', labels, n, k);
      if (labelsPrev != null) checkLabels('labelsPrev', labelsPrev, n, kPrev);
      if (labelsNext != null) checkLabels('labelsNext', labelsNext, n, kNext);
      if (!(out instanceof Float64Array) || out.length !== 6) {
        throw new EpikitError('E_INPUT_SHAPE', 'out must be a Float64Array of length 6', { argument: 'out' });
      }
      w.call('clusterIndices', [
        input(data),
        n,
        d,
        labelsPrev == null ? null : input(labelsPrev),
        kPrev,
        input(labels),
        k,
        labelsNext == null ? null : input(labelsNext),
        kNext,
        variant,
        output(out),
      ]);
    },
    clusterIndices1d(data, n, parts, k0, m, count, variant, out) {
      checkInt('n', n, 1, 2 ** 31 - 1);
      checkInt('k0', k0, 1, n);
      checkInt('m', m, 1, n - k0 + 1);
      checkInt('count', count, 0, m - 1);
      checkInt('variant', variant, 0, 63);
      if (!(data instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', 'data must be a Float64Array', { argument: 'data' });
      if (data.length !== n) throw new EpikitError('E_INPUT_SHAPE', `data has length ${data.length}: expected n = ${n}`, { argument: 'data' });
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(data[i])) {
          throw new EpikitError('E_INPUT_NAN', `data[${i}] is ${data[i]}: expected a finite number`, { argument: 'data', index: i });
        }
      }
      if (!(parts instanceof Int32Array)) throw new EpikitError('E_INPUT_TYPE', 'parts must be an Int32Array', { argument: 'parts' });
      if (parts.length !== m * n) throw new EpikitError('E_INPUT_SHAPE', `parts has length ${parts.length}: expected m × n = ${m * n}`, { argument: 'parts' });
      for (let j = 0; j < m; j++) {
        const k = k0 + j;
        for (let i = 0; i < n; i++) {
          const v = parts[j * n + i];
          if (v < 0 || v >= k) {
            throw new EpikitError('E_INPUT_RANGE', `parts[${j * n + i}] (partition ${j}, point ${i}) is ${v}: expected a cluster id in [0, ${k - 1}]`, { argument: 'parts', index: j * n + i });
          }
        }
      }
      if (!(out instanceof Float64Array) || out.length !== count * 6) {
        throw new EpikitError('E_INPUT_SHAPE', `out must be a Float64Array of length count × 6 = ${count * 6}`, { argument: 'out' });
      }
      return w.call('clusterIndices1d', [input(data), n, input(parts), k0, m, count, variant, output(out)]);
    },
  };
}
