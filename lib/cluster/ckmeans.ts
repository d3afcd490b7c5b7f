/**
 * Optimal one-dimensional k-means: Ckmeans.1d.dp (Wang & Song 2011, R Journal 3(2):29–33;
 * Song & Zhong 2020, Bioinformatics 36(20):5027–5036), weighted or not, with k fixed or chosen
 * by BIC. The dynamic programme runs in the native or WebAssembly kernel `ckmeans`.
 */
import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError, describeValue } from '../errors.js';
import { finiteVector, integerIn, oneOf, weightVector } from '../validate.js';
import { weightedTotalSumOfSquares } from './total-sum-of-squares.js';

/** Fill method of the dynamic programme (Ckmeans.1d.dp `method=`). */
export type CkmeansMethod = 'linear' | 'loglinear' | 'quadratic';

const METHODS: readonly CkmeansMethod[] = ['linear', 'loglinear', 'quadratic'];
const MAX_K = 0x3fffffff;

export interface CkmeansOptions extends BackendOption {
  /**
   * Non-negative weight per value (same length as x, positive sum). All-equal weights are
   * treated as no weights at all, like Ckmeans.1d.dp: sizes are then counts and the BIC uses
   * log n. With a k range, scale the weights to sum to the sample size (the BIC uses log Σw).
   */
  weights?: ArrayLike<number> | Float64Array;
  /**
   * 'linear' (default): SMAWK, O(k·n) after an O(n) radix sort; 'loglinear': divide and
   * conquer, O(k·n·log n); 'quadratic': O(k·n²), for testing on small inputs. All three
   * return an optimal clustering.
   */
  method?: CkmeansMethod;
}

export interface CkmeansResult {
  /** Number of clusters: the k asked for, or the one chosen by BIC when a range was given. */
  k: number;
  /** Cluster of each value of x, in the input order: 0 … k−1, numbered by ascending centre. */
  labels: Int32Array;
  /** Cluster means (weighted when weighted), ascending; length k. */
  centers: Float64Array;
  /** Within-cluster sums of squares Σ w (x − centre)² per cluster; length k. */
  withinss: Float64Array;
  /** Points per cluster, or sums of weights when weighted; length k. */
  sizes: Float64Array;
  /** Σ w (x − weighted mean)². */
  totss: number;
  /** Σ withinss: the minimum of the k-means objective. */
  totWithinss: number;
  /** totss − totWithinss. */
  betweenss: number;
  /** Whether weights were used (false when none were given or all were equal). */
  weighted: boolean;
  /** Number of distinct values of x. */
  distinct: number;
  /** Range given: its kMin. Fixed k: k. */
  kMin: number;
  /**
   * Largest k considered: min(kMax, distinct) for a range (kMax is capped at the number of
   * distinct values), k for a fixed k.
   */
  kMaxUsed: number;
  /**
   * Range given: BIC of each candidate, bic[i] for k = kMin + i, i < kMaxUsed − kMin + 1 (empty
   * when kMin exceeds the number of distinct values, and NaN for the single candidate k = 1 of
   * constant data). Fixed k: empty.
   */
  bic: Float64Array;
}

/**
 * Optimal 1-D k-means (Ckmeans.1d.dp): the clustering of x into k groups with the least
 * (weighted) within-cluster sum of squares, exactly — clusters are intervals of the sorted
 * data and a dynamic programme over sorted prefixes finds the best k intervals.
 *
 * With `k = [kMin, kMax]`, one programme for kMax serves every k in the range and k is
 * chosen by the Bayesian information criterion of Ckmeans.1d.dp 4.3.5: a Gaussian mixture
 * with one component per cluster (weight n_k/N, the cluster mean and its sample variance; a
 * zero variance becomes d²/36 and a singleton's variance d², d = gap to the nearest outside
 * point), BIC = 2·log L − (3k − 1)·log N, the largest BIC wins and ties keep the smaller k.
 * kMax is capped at the number of distinct values (see `kMaxUsed`); constant data gives k = 1.
 *
 * Complexity: O(n) radix sort (skipped when x is already sorted) plus O(k·n) for the
 * default 'linear' method ('loglinear' O(k·n·log n), 'quadratic' O(k·n²)); memory: n·(kMax − 2)
 * 32-bit backtrack entries plus O(n) doubles. The BIC adds O(n·Σk) over the range.
 *
 * @example
 * ckmeans([1, 1.1, 1.2, 5, 5.1, 9], 3).labels // Int32Array [0, 0, 0, 1, 1, 2]
 * ckmeans([1, 1.1, 1.2, 5, 5.1, 9], 3).centers // Float64Array [≈1.1, 5.05, 9]
 * ckmeans([4, 4.2, 10, 10.3, 3.9], [1, 4]).k // 2
 * ckmeans([1, 2, 10], 2, { weights: [1, 3, 1] }).sizes // Float64Array [4, 1]
 *
 * @throws {EpikitError} E_INPUT_EMPTY / E_INPUT_NAN / E_INPUT_TYPE for a bad x; E_INPUT_RANGE when
 *   k < 1, kMin > kMax, a fixed k exceeds the number of distinct values, a weight is negative or
 *   the weights sum to 0, or method is unknown; E_INPUT_SHAPE when weights has another length.
 */
export function ckmeans(x: ArrayLike<number> | Float64Array, k: number | readonly [number, number], options: CkmeansOptions = {}): CkmeansResult {
  const xs = finiteVector('x', x);
  const n = xs.length;
  const method = options.method === undefined ? 'linear' : oneOf('method', options.method, METHODS);

  let kMin: number;
  let kMax: number;
  const isRange = typeof k !== 'number';
  if (!isRange) {
    kMin = kMax = integerIn('k', k, 1, MAX_K);
  } else {
    if (!Array.isArray(k) || k.length !== 2) {
      throw new EpikitError('E_INPUT_TYPE', `k must be a number or a range [kMin, kMax], got ${describeValue(k)}`, { argument: 'k' });
    }
    kMin = integerIn('k[0] (kMin)', k[0], 1, MAX_K);
    kMax = integerIn('k[1] (kMax)', k[1], 1, MAX_K);
    if (kMin > kMax) {
      throw new EpikitError('E_INPUT_RANGE', `k is [${kMin}, ${kMax}]: kMin must not exceed kMax`, { argument: 'k', value: [kMin, kMax] });
    }
  }
  if (!isRange && kMin > n) throw tooManyClusters(kMin, new Set(xs).size);

  let weights: Float64Array | null = null;
  if (options.weights !== undefined) {
    const w = weightVector('weights', options.weights, n);
    let total = 0;
    let equal = true;
    for (let i = 0; i < n; i++) {
      total += w[i];
      if (w[i] !== w[0]) equal = false;
    }
    if (!(total > 0)) {
      throw new EpikitError('E_INPUT_RANGE', `weights sum to ${total}: expected a positive total weight`, { argument: 'weights', value: total });
    }
    if (!equal) weights = w;
  }

  // The kernel never needs more than n clusters (n >= distinct values).
  const kMaxK = Math.min(kMax, n);
  const kMinK = Math.min(kMin, kMaxK);
  const labels = new Int32Array(n);
  const centers = new Float64Array(kMaxK);
  const withinss = new Float64Array(kMaxK);
  const sizes = new Float64Array(kMaxK);
  const bicOut = isRange ? new Float64Array(kMaxK - kMinK + 1) : null;
  const distinctOut = new Int32Array(1);
  const chosen = kernelsFor(options.backend).ckmeans(
    xs,
    weights,
    kMinK,
    kMaxK,
    METHODS.indexOf(method),
    labels,
    centers,
    withinss,
    sizes,
    bicOut,
    distinctOut,
  );
  if (chosen < 1) throw new EpikitError('E_KERNEL', `ckmeans kernel returned ${chosen}`);
  const distinct = distinctOut[0];
  if (!isRange && chosen < kMin) throw tooManyClusters(kMin, distinct);

  const kMaxUsed = isRange ? Math.min(kMax, distinct) : kMin;
  let bic = new Float64Array(0);
  if (bicOut !== null && kMin <= kMaxUsed) bic = bicOut.slice(kMin - kMinK, kMaxUsed - kMinK + 1);

  const c = centers.slice(0, chosen);
  const wss = withinss.slice(0, chosen);
  let totWithinss = 0;
  for (let i = 0; i < chosen; i++) totWithinss += wss[i];
  const totss = weightedTotalSumOfSquares(xs, weights);
  return {
    k: chosen,
    labels,
    centers: c,
    withinss: wss,
    sizes: sizes.slice(0, chosen),
    totss,
    totWithinss,
    betweenss: totss - totWithinss,
    weighted: weights !== null,
    distinct,
    kMin,
    kMaxUsed,
    bic,
  };
}

function tooManyClusters(k: number, distinct: number): EpikitError {
  return new EpikitError(
    'E_INPUT_RANGE',
    `k is ${k}: x has only ${distinct} distinct value${distinct === 1 ? '' : 's'}, so at most ${distinct} cluster${distinct === 1 ? '' : 's'} (give a range [kMin, kMax] to have kMax capped)`,
    { argument: 'k', value: k, distinct },
  );
}
