import { EpikitError } from '../../errors.js';
import type { CkmeansKernels } from '../kernels/ckmeans.js';
import { input, output, type WasmInstance } from './instance.js';

function shape(name: string, got: number, expected: number, kernel = 'ckmeans'): EpikitError {
  return new EpikitError('E_INPUT_SHAPE', `${kernel}: ${name} has length ${got}: expected ${expected}`, { argument: name });
}

function intIn(name: string, v: number, lo: number, hi: number, kernel = 'ckmeans'): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new EpikitError('E_INPUT_RANGE', `${kernel}: ${name} is ${v}: expected an integer in [${lo}, ${hi}]`, { argument: name, value: v });
  }
}

/** The same checks as native/bind_ckmeans.cc, so a bad call cannot write outside its arrays. */
export function ckmeansWasm(w: WasmInstance): CkmeansKernels {
  return {
    ckmeans(x, weights, kMin, kMax, method, labels, centers, withinss, sizes, bic, distinct) {
      const n = x.length;
      if (n === 0) throw new EpikitError('E_INPUT_EMPTY', 'ckmeans: x is empty: expected at least one value', { argument: 'x' });
      if (n > 0x3fffffff) throw new EpikitError('E_INPUT_RANGE', `ckmeans: x has length ${n}: at most 2^30 - 1 values`, { argument: 'x' });
      if (weights !== null && weights.length !== n) throw shape('weights', weights.length, n);
      intIn('kMin', kMin, 1, 0x3fffffff);
      intIn('kMax', kMax, kMin, 0x3fffffff);
      intIn('method', method, 0, 2);
      if (labels.length !== n) throw shape('labels', labels.length, n);
      if (centers.length !== kMax) throw shape('centers', centers.length, kMax);
      if (withinss.length !== kMax) throw shape('withinss', withinss.length, kMax);
      if (sizes.length !== kMax) throw shape('sizes', sizes.length, kMax);
      if (bic !== null && bic.length !== kMax - kMin + 1) throw shape('bic', bic.length, kMax - kMin + 1);
      if (distinct.length !== 1) throw shape('distinct', distinct.length, 1);
      return w.call('ckmeans', [
        input(x),
        weights === null ? null : input(weights),
        n,
        kMin,
        kMax,
        method,
        output(labels),
        output(centers),
        output(withinss),
        output(sizes),
        bic === null ? null : output(bic),
        output(distinct),
      ]);
    },
    ckmeansPartitions(x, kMax, method, labels, distinct) {
      const K = 'ckmeansPartitions';
      const n = x.length;
      if (n === 0) throw new EpikitError('E_INPUT_EMPTY', `${K}: x is empty: expected at least one value`, { argument: 'x' });
      if (n > 0x3fffffff) throw new EpikitError('E_INPUT_RANGE', `${K}: x has length ${n}: at most 2^30 - 1 values`, { argument: 'x' });
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(x[i])) {
          throw new EpikitError('E_INPUT_NAN', `${K}: x[${i}] is ${x[i]}: expected a finite number`, { argument: 'x', value: x[i], index: i });
        }
      }
      intIn('kMax', kMax, 1, 0x3fffffff, K);
      intIn('method', method, 0, 2, K);
      const rows = Math.min(kMax, n);
      if (labels.length !== rows * n) throw shape('labels', labels.length, rows * n, K);
      if (distinct.length !== 1) throw shape('distinct', distinct.length, 1, K);
      return w.call('ckmeansPartitions', [input(x), n, kMax, method, output(labels), output(distinct)]);
    },
  };
}
