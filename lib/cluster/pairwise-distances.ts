/**
 * Pairwise distances between points as a condensed distance matrix (the layout of SciPy's
 * `pdist`): the n(n − 1)/2 distances d(i, j), i < j, row by row — d(0,1), d(0,2), …,
 * d(0,n−1), d(1,2), …, d(n−2,n−1).
 */
import type { BackendOption } from '../backend/kernels.js';
import { DISTANCE_METRIC, type DistanceMetricName } from '../backend/kernels/distances.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError } from '../errors.js';
import { finitePoints, integerIn, oneOf, type Points } from '../validate.js';

export type DistanceMetric = DistanceMetricName;

export interface PairwiseDistancesOptions extends BackendOption {
  /**
   * 'euclidean' (default): sqrt(Σ_k (x_ik − x_jk)²).
   * 'log': for counts and other positive values, |log x_i − log x_j| for one coordinate and,
   * for d > 1 coordinates, the Euclidean distance between the vectors of natural logs,
   * sqrt(Σ_k (log x_ik − log x_jk)²). Every value must be > 0.
   */
  metric?: DistanceMetric;
}

const METRICS = Object.keys(DISTANCE_METRIC) as DistanceMetric[];

/**
 * Condensed matrix of the distances between every pair of points (SciPy `pdist` order,
 * see {@link condensedIndex}). Coordinates are summed in order k = 0..d−1 on both backends.
 * O(n² d) time, n(n − 1)/2 doubles of output.
 *
 * Note: the 'log' metric calls the platform's natural log (glibc for native, AssemblyScript's
 * Math.log for wasm); they can differ in the last bit, so the two backends agree to about
 * 1e-15 relative there, and exactly for 'euclidean'.
 *
 * @param points n points: number[][] (n rows of d coordinates), an ml-matrix Matrix,
 *   { data, rows, cols } (row-major), or a plain number[] / Float64Array of n values (d = 1).
 * @example
 * pairwiseDistances([[0, 0], [3, 4], [6, 8]]) // Float64Array [5, 10, 5]
 * pairwiseDistances([1, 10, 100], { metric: 'log' }) // [ln 10, ln 100, ln 10]
 * @throws {EpikitError} E_INPUT_EMPTY (no points), E_INPUT_NAN (non-finite coordinate),
 *   E_INPUT_SHAPE (ragged rows), E_INPUT_TYPE, E_INPUT_RANGE (unknown metric, or a value <= 0
 *   with metric 'log': the message names points[row][column] and the value).
 */
export function pairwiseDistances(points: Points | ArrayLike<number>, options: PairwiseDistancesOptions = {}): Float64Array {
  const metric = oneOf('metric', options.metric ?? 'euclidean', METRICS);
  const { data, n, d } = finitePoints('points', points);
  if (metric === 'log') {
    for (let t = 0; t < data.length; t++) {
      if (!(data[t] > 0)) {
        const row = Math.floor(t / d);
        const column = t % d;
        const where = d === 1 && !Array.isArray((points as unknown[])[0]) ? `points[${row}]` : `points[${row}][${column}]`;
        throw new EpikitError('E_INPUT_RANGE', `${where} is ${data[t]}: the 'log' metric needs values > 0`, {
          argument: 'points',
          row,
          column,
          value: data[t],
        });
      }
    }
  }
  const out = new Float64Array((n * (n - 1)) / 2);
  kernelsFor(options.backend).pairwiseDistances(data, n, d, DISTANCE_METRIC[metric], out);
  return out;
}

/**
 * Position of the distance between points i and j (i ≠ j, in either order) in a condensed
 * matrix of n points: n·a − a(a + 1)/2 + (b − a − 1) with a = min(i, j), b = max(i, j). O(1).
 *
 * @example condensedIndex(4, 1, 2) // 3: d(0,1), d(0,2), d(0,3), d(1,2)
 * @throws {EpikitError} E_INPUT_TYPE / E_INPUT_RANGE when n, i, j are not integers with
 *   0 <= i, j < n, or i === j (the diagonal is not stored).
 */
export function condensedIndex(n: number, i: number, j: number): number {
  integerIn('n', n, 1, Number.MAX_SAFE_INTEGER);
  integerIn('i', i, 0, n - 1);
  integerIn('j', j, 0, n - 1);
  if (i === j) {
    throw new EpikitError('E_INPUT_RANGE', `i and j are both ${i}: a condensed matrix has no diagonal entries`, { argument: 'j', value: j });
  }
  const a = Math.min(i, j);
  const b = Math.max(i, j);
  return n * a - (a * (a + 1)) / 2 + (b - a - 1);
}
