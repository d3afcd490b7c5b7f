import { EpikitError } from '../../errors.js';
import type { NmfKernels } from '../kernels/nmf.js';
import { inout, input, output, type WasmInstance } from './instance.js';
import { I32_MAX, integer, f64, length } from './argument-checks.js';

/** Shapes shared by both kernels: the checks of native/bind_nmf.cc. */
function shapes(x: Float64Array, m: number, n: number, k: number, w: Float64Array, h: Float64Array): void {
  f64('x', x);
  integer('m', m, 1, I32_MAX);
  integer('n', n, 1, I32_MAX);
  integer('k', k, 1, I32_MAX);
  f64('w', w);
  f64('h', h);
  length('x', x.length, m * n);
  length('w', w.length, m * k);
  length('h', h.length, k * n);
}

/** NMF kernels over one WebAssembly instance (same checks as the native glue). */
export function nmfWasm(w: WasmInstance): NmfKernels {
  return {
    nmfMultiplicative(x, m, n, k, wm, hm, objective, maxIter, tol, checkEvery, history) {
      shapes(x, m, n, k, wm, hm);
      integer('objective', objective, 0, 1);
      integer('maxIter', maxIter, 0, I32_MAX);
      if (typeof tol !== 'number' || !Number.isFinite(tol)) {
        throw new EpikitError('E_INPUT_NAN', `tol must be finite, got ${String(tol)}`, { argument: 'tol' });
      }
      integer('checkEvery', checkEvery, 1, I32_MAX);
      f64('history', history);
      length('history', history.length, 1 + Math.ceil(maxIter / checkEvery), true);
      return w.call('nmfMultiplicative', [input(x), m, n, k, inout(wm), inout(hm), objective, maxIter, tol, checkEvery, inout(history)]);
    },
    nmfObjective(x, m, n, k, wm, hm, out) {
      shapes(x, m, n, k, wm, hm);
      f64('out', out);
      length('out', out.length, 4);
      w.call('nmfObjective', [input(x), m, n, k, input(wm), input(hm), output(out)]);
    },
  };
}
