import { EpikitError } from '../../errors.js';
import type { KmeansKernels } from '../kernels/kmeans.js';
import { input, output, type WasmInstance } from './instance.js';
import { I32_MAX, integer, length } from './argument-checks.js';

export function kmeansWasm(w: WasmInstance): KmeansKernels {
  return {
    kmeans(points, n, d, k, seed, nInit, maxIter, tol, labels, centers, stats) {
      // The same checks as native/bind_kmeans.cc: a bad call throws instead of writing
      // outside its arrays in linear memory.
      integer('n', n, 1, I32_MAX);
      integer('d', d, 1, I32_MAX);
      integer('k', k, 1, n);
      integer('seed', seed, 0, Number.MAX_SAFE_INTEGER);
      integer('nInit', nInit, 1, I32_MAX);
      integer('maxIter', maxIter, 1, I32_MAX);
      if (typeof tol !== 'number' || !Number.isFinite(tol)) {
        throw new EpikitError('E_INPUT_NAN', `tol must be finite, got ${String(tol)}`, { argument: 'tol' });
      }
      if (tol < 0) throw new EpikitError('E_INPUT_RANGE', `tol is ${tol}: expected a number >= 0`, { argument: 'tol' });
      if (!(points instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', 'points must be a Float64Array');
      if (!(labels instanceof Int32Array)) throw new EpikitError('E_INPUT_TYPE', 'labels must be an Int32Array');
      if (!(centers instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', 'centers must be a Float64Array');
      if (!(stats instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', 'stats must be a Float64Array');
      length('points', points.length, n * d);
      length('labels', labels.length, n);
      length('centers', centers.length, k * d);
      length('stats', stats.length, 2);
      w.call('kmeans', [input(points), n, d, k, seed, nInit, maxIter, tol, output(labels), output(centers), output(stats)]);
    },
  };
}
