/**
 * k-means clustering of d-dimensional points (Lloyd's algorithm with greedy k-means++
 * seeding and restarts), computed by the native or WebAssembly `kmeans` kernel.
 */
import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError, describeValue } from '../errors.js';
import { finitePoints, integerIn, numberIn, seedValue, type Points, type Vector } from '../validate.js';

const I32_MAX = 2147483647;

export interface KmeansOptions extends BackendOption {
  /** Seed of the xoshiro256** stream that drives k-means++ seeding (integer in [0, 2^53 − 1]; default 0). */
  seed?: number;
  /** Restarts; the one with the lowest inertia is returned, the first on ties (default 10). */
  nInit?: number;
  /** Most Lloyd iterations per restart (default 300). */
  maxIterations?: number;
  /**
   * Stop a restart when the summed squared movement of the centres is at most
   * `tolerance` × the mean per-coordinate variance of the points (scikit-learn's rule;
   * default 1e-4). 0 iterates until no label changes (or `maxIterations`).
   */
  tolerance?: number;
}

export interface KmeansResult {
  /** Cluster of each point, 0-based (length n): the nearest centre, lowest index on ties. */
  labels: Int32Array;
  /** Centres, k × d row-major. */
  centers: Float64Array;
  /** The same centres as k rows of d numbers. */
  centerRows: number[][];
  /** Number of points per cluster (length k). */
  sizes: Int32Array;
  /** Sum over points of the squared Euclidean distance to their centre. */
  inertia: number;
  /** Lloyd iterations of the returned restart. */
  iterations: number;
  /** Number of clusters. */
  k: number;
  /** Dimension of the points. */
  d: number;
}

/**
 * k-means: partitions n points into k clusters minimising the inertia Σᵢ ‖xᵢ − c(ℓᵢ)‖².
 *
 * Each of `nInit` restarts seeds centres by greedy k-means++ (Arthur & Vassilvitskii 2007,
 * "k-means++: the advantages of careful seeding": first centre uniform, each further one
 * sampled with probability ∝ D(x)²; as in scikit-learn, 2 + ⌊ln k⌋ candidates are drawn and
 * the one that lowers the potential most is kept), then runs Lloyd iterations (assign each
 * point to its nearest centre, lowest index on ties; move centres to their means) until no
 * label changes, the summed squared centre shift is ≤ `tolerance` × mean coordinate
 * variance, or `maxIterations`. An empty cluster takes the point farthest from its centre.
 * All restarts draw, in order, from one xoshiro256** stream seeded with `seed`, so the same
 * seed gives the same labels on every backend. The restart with the lowest inertia wins.
 *
 * `k` may not exceed the number of distinct points (E_INPUT_RANGE): such a request has no
 * partition into k non-empty clusters with k different centres.
 *
 * Complexity: O(nInit · (k · L + iterations · k) · n · d) time with L = 2 + ⌊ln k⌋ (seeding
 * is a few Lloyd iterations' worth), i.e. O(nInit · iterations · n · k · d); O(n + k · d) extra memory.
 *
 * @param points n points: number[][] (rows of equal length), an ml-matrix Matrix,
 *   `{ data, rows, cols }` (row-major Float64Array) or a 1-D vector (d = 1).
 * @param k number of clusters, an integer in [1, n].
 * @param options seed, nInit, maxIterations, tolerance, backend.
 * @returns labels, centres (flat and as rows), cluster sizes, inertia and iterations.
 * @throws {EpikitError} E_INPUT_EMPTY (no points), E_INPUT_NAN (NaN or ±Infinity),
 *   E_INPUT_SHAPE (ragged rows), E_INPUT_TYPE (non-numbers), E_INPUT_RANGE (k outside
 *   [1, n] or above the number of distinct points, nInit < 1, maxIterations < 1,
 *   tolerance < 0, seed outside [0, 2^53 − 1]).
 *
 * @example
 * const points = [[0, 0], [0, 1], [10, 10], [10, 11]];
 * const { labels, centerRows, inertia, iterations } = kmeans(points, 2, { seed: 1 });
 * // labels Int32Array [1, 1, 0, 0], centerRows [[10, 10.5], [0, 0.5]], inertia 1, iterations 2
 * // (the same on both backends; another seed may number the clusters differently)
 */
export function kmeans(points: Points | Vector, k: number, options: KmeansOptions = {}): KmeansResult {
  if (options === null || typeof options !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  }
  const { data, n, d } = finitePoints('points', points);
  const kk = integerIn('k', k, 1, n);
  const seed = seedValue('options.seed', options.seed);
  const nInit = integerIn('options.nInit', options.nInit ?? 10, 1, I32_MAX);
  const maxIter = integerIn('options.maxIterations', options.maxIterations ?? 300, 1, I32_MAX);
  const tol = numberIn('options.tolerance', options.tolerance ?? 1e-4, 0, Number.MAX_VALUE);
  const distinct = countDistinctRows(data, n, d, kk);
  if (distinct < kk) {
    throw new EpikitError(
      'E_INPUT_RANGE',
      `k is ${kk}: expected at most the number of distinct points, ${distinct}`,
      { argument: 'k', value: kk, distinct },
    );
  }

  const labels = new Int32Array(n);
  const centers = new Float64Array(kk * d);
  const stats = new Float64Array(2);
  kernelsFor(options.backend).kmeans(data, n, d, kk, seed, nInit, maxIter, tol, labels, centers, stats);

  const sizes = new Int32Array(kk);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const centerRows: number[][] = [];
  for (let c = 0; c < kk; c++) centerRows.push(Array.from(centers.subarray(c * d, (c + 1) * d)));
  return { labels, centers, centerRows, sizes, inertia: stats[0], iterations: stats[1], k: kk, d };
}

/** Number of distinct rows, counting stops once `limit` is reached (0 and −0 are equal). */
function countDistinctRows(data: Float64Array, n: number, d: number, limit: number): number {
  if (d === 1) {
    const seen = new Set<number>();
    for (let i = 0; i < n && seen.size < limit; i++) seen.add(data[i]);
    return seen.size;
  }
  const seen = new Set<string>();
  for (let i = 0; i < n && seen.size < limit; i++) {
    let key = '';
    for (let j = 0; j < d; j++) key += (j ? ',' : '') + String(data[i * d + j] + 0);
    seen.add(key);
  }
  return seen.size;
}
