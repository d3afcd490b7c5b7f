import { EpikitError } from '../../errors.js';
import type { DistancesKernels } from '../kernels/distances.js';
import { input, output, type WasmInstance } from './instance.js';

export function distancesWasm(w: WasmInstance): DistancesKernels {
  return {
    pairwiseDistances(points, n, d, metric, out) {
      checkInt('n', n, 1);
      checkInt('d', d, 1);
      if (metric !== 0 && metric !== 1) {
        throw new EpikitError('E_INPUT_RANGE', `pairwiseDistances: metric is ${String(metric)}: expected 0 (euclidean) or 1 (log)`, { argument: 'metric', value: metric });
      }
      if (points.length !== n * d) {
        throw new EpikitError('E_INPUT_SHAPE', `pairwiseDistances: points has length ${points.length}: expected ${n * d}`, { argument: 'points' });
      }
      const pairs = (n * (n - 1)) / 2;
      if (out.length !== pairs) {
        throw new EpikitError('E_INPUT_SHAPE', `pairwiseDistances: out has length ${out.length}: expected ${pairs}`, { argument: 'out' });
      }
      const bad = w.call('pairwiseDistances', [input(points), n, d, metric, output(out)]);
      if (bad >= 0) {
        const row = Math.floor(bad / d);
        throw new EpikitError('E_INPUT_RANGE', `pairwiseDistances: points[${row}][${bad % d}] is ${points[bad]}: the 'log' metric needs values > 0`, {
          argument: 'points',
          row,
          column: bad % d,
          value: points[bad],
        });
      }
    },
  };
}

function checkInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min || v > 2 ** 30) {
    throw new EpikitError('E_INPUT_RANGE', `pairwiseDistances: ${name} is ${String(v)}: expected an integer >= ${min}`, { argument: name, value: v });
  }
}
