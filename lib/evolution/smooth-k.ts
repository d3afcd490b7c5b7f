/**
 * Smoothed number of clusters k̂(t) and the daily clustering with it (James & Menzies 2020):
 * k_av(t) is exponentially smoothed and rounded into an integer k̂(t), and each day's log
 * counts are clustered by Ckmeans.1d.dp into k̂(t) clusters. The smoothing formula, its
 * constant α and the rounding are not given in the paper's text: the simple exponential
 * smoothing used here is a RECONSTRUCTION (unverified), every choice exposed as an option.
 */
import type { BackendOption } from '../backend/kernels.js';
import type { CkmeansMethod } from '../cluster/ckmeans.js';
import { EpikitError, describeValue } from '../errors.js';
import { finiteVector, integerIn, numberIn, oneOf } from '../validate.js';
import { assertDayMatrix, type DayMatrix } from './log-counts.js';
import { countDistinctPoints, partitionPoints, partitionSettings, windowPoints, type DailyPartition } from './daily-clusters.js';

export type KRounding = 'nearest' | 'floor' | 'ceil';

export interface SmoothKOptions {
  /**
   * Smoothing constant α in (0, 1] (1 = no smoothing). Default 0.5 — RECONSTRUCTION
   * (unverified): the paper does not state α.
   */
  alpha?: number;
  /** 'nearest' (default; halves round up, as Math.round), 'floor' or 'ceil'. */
  rounding?: KRounding;
  /** Lower bound of k̂ (default 1). */
  min?: number;
  /**
   * Upper bound of k̂ per day (e.g. `dailyClusters(...).nUnique`): Ckmeans cannot make more
   * clusters than there are distinct values. Same length as kAv; optional.
   */
  nUnique?: ArrayLike<number>;
}

export interface SmoothKResult {
  /** k̂(t): round(s_t) clamped to [min, nUnique(t)]. */
  kHat: Int32Array;
  /** s_t before rounding and clamping. */
  smoothed: Float64Array;
  alpha: number;
  rounding: KRounding;
}

/**
 * Simple exponential smoothing of k_av: s_1 = k_av(1), s_t = α·k_av(t) + (1 − α)·s_{t−1}
 * (on the unrounded s), then k̂(t) = round(s_t) by `rounding`, raised to `min` and lowered to
 * nUnique(t) when given (the bounds do not feed back into the recursion).
 * RECONSTRUCTION (unverified): the paper says only "exponential smoothing"; α defaults to 0.5.
 *
 * Complexity: O(T).
 *
 * @example
 * smoothK([2, 4, 4, 1], { alpha: 0.5 }).smoothed; // Float64Array [2, 3, 3.5, 2.25]
 * smoothK([2, 4, 4, 1], { alpha: 0.5 }).kHat;     // Int32Array [2, 3, 4, 2]
 * smoothK([2, 4, 4, 1], { alpha: 0.5, nUnique: [2, 2, 3, 9] }).kHat; // Int32Array [2, 2, 3, 2]
 *
 * @throws {EpikitError} E_INPUT_EMPTY / E_INPUT_NAN / E_INPUT_TYPE for a bad kAv; E_INPUT_RANGE
 *   for α outside (0, 1], an unknown rounding, min < 1, an nUnique below 1 or not an integer;
 *   E_INPUT_SHAPE when nUnique has another length than kAv.
 */
export function smoothK(kAv: ArrayLike<number>, options: SmoothKOptions = {}): SmoothKResult {
  const x = finiteVector('kAv', kAv);
  const alpha = options.alpha === undefined ? 0.5 : numberIn('options.alpha', options.alpha, 0, 1);
  if (alpha === 0) {
    throw new EpikitError('E_INPUT_RANGE', `options.alpha is 0: expected a number in (0, 1] (0 would ignore every day after the first)`, { argument: 'options.alpha', value: 0 });
  }
  const rounding = options.rounding === undefined ? 'nearest' : oneOf('options.rounding', options.rounding, ['nearest', 'floor', 'ceil'] as const);
  const min = options.min === undefined ? 1 : integerIn('options.min', options.min, 1, 0x3fffffff);
  let caps: Float64Array | null = null;
  if (options.nUnique !== undefined) {
    caps = finiteVector('options.nUnique', options.nUnique);
    if (caps.length !== x.length) {
      throw new EpikitError('E_INPUT_SHAPE', `options.nUnique has length ${caps.length}: expected ${x.length} (one per day of kAv)`, { argument: 'options.nUnique', length: caps.length, expected: x.length });
    }
    for (let t = 0; t < caps.length; t++) integerIn(`options.nUnique[${t}]`, caps[t], 1, 0x3fffffff);
  }
  const T = x.length;
  const smoothed = new Float64Array(T);
  const kHat = new Int32Array(T);
  let s = x[0];
  for (let t = 0; t < T; t++) {
    if (t > 0) s = alpha * x[t] + (1 - alpha) * s;
    smoothed[t] = s;
    let k = rounding === 'nearest' ? Math.round(s) : rounding === 'floor' ? Math.floor(s) : Math.ceil(s);
    if (k < min) k = min;
    if (caps !== null && k > caps[t]) k = caps[t];
    kHat[t] = k;
  }
  return { kHat, smoothed, alpha, rounding };
}

export interface ClusterDaysOptions extends BackendOption {
  method?: CkmeansMethod;
  /**
   * 'ckmeans' (default) or 'kmeans-window' (Appendix B): k-means of the w-day log-count vectors,
   * as in dailyClusters (same `window`, default 3, and `seed`, default 0).
   */
  partition?: DailyPartition;
  window?: number;
  seed?: number;
}

export interface ClusterDaysResult {
  /** k̂(t) used per day. */
  k: Int32Array;
  /**
   * T × n row-major: cluster of region i on day t, 0-based by ascending centre (for
   * 'kmeans-window' by ascending mean of the centre's w coordinates, ties by k-means' order).
   */
  labels: Int32Array;
  /**
   * T × n row-major display labels: 1 = the cluster with the highest centre (the worst
   * impacted, as in the paper's heat maps), k̂(t) = the lowest; display = k̂(t) − label.
   */
  display: Int32Array;
  /**
   * Cluster centres (mean log count) per day, ascending; for 'kmeans-window' each cluster's
   * centre averaged over its w coordinates (the members' mean log count over the window).
   */
  centers: Float64Array[];
  T: number;
  n: number;
}

/**
 * Clusters each day's log counts into k̂(t) groups with Ckmeans.1d.dp (optimal 1-D k-means),
 * or with `partition: 'kmeans-window'` the day's w-day log-count vectors (windowPoints) with
 * seeded k-means (nInit 10). Labels are 0-based by ascending centre (the ordering on ℝ the paper
 * sorts by; for window vectors the mean of the centre's coordinates); `display` renumbers them
 * 1 = highest centre (press release: "1 being the worst impacted"), i.e. for 'kmeans-window' 1
 * is the cluster whose centre has the largest mean.
 *
 * Complexity: O(Σ_t (n log n + k̂(t)·n)) time; O(T·n) memory for the labels.
 *
 * @example
 * const X = { values: new Float64Array([0, 0, 5, 0, 3, 6]), T: 2, n: 3 };
 * const r = clusterDays(X, [2, 3]);
 * r.labels;  // Int32Array [0, 0, 1, 0, 1, 2]
 * r.display; // Int32Array [2, 2, 1, 3, 2, 1]
 *
 * @throws {EpikitError} E_INPUT_* for a malformed logX; E_INPUT_SHAPE when kHat has not T
 *   entries; E_INPUT_RANGE when k̂(t) is not an integer ≥ 1 or exceeds the number of distinct
 *   values (window vectors) of day t (smooth with `nUnique` to cap it), or for a bad
 *   method / partition / window / seed.
 */
export function clusterDays(logX: DayMatrix, kHat: ArrayLike<number>, options: ClusterDaysOptions = {}): ClusterDaysResult {
  const X = assertDayMatrix('logX', logX);
  const { T, n } = X;
  const ks = finiteVector('kHat', kHat);
  if (ks.length !== T) {
    throw new EpikitError('E_INPUT_SHAPE', `kHat has length ${ks.length}: expected T = ${T} (one k per day of logX)`, { argument: 'kHat', length: ks.length, expected: T });
  }
  const settings = partitionSettings(options);
  const labels = new Int32Array(T * n);
  const display = new Int32Array(T * n);
  const centers: Float64Array[] = [];
  const kOut = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    const k = ks[t];
    if (!Number.isInteger(k) || k < 1) {
      throw new EpikitError('E_INPUT_RANGE', `kHat[${t}] is ${describeValue(k)}: expected an integer >= 1`, { argument: 'kHat', index: t, value: k });
    }
    const points = windowPoints(X, t, settings.window);
    const distinct = countDistinctPoints(points.data, n, settings.window);
    if (k > distinct) {
      const day = X.dates ? ` (${X.dates[t]})` : '';
      throw new EpikitError('E_INPUT_RANGE', `kHat[${t}] is ${k}: day ${t}${day} has only ${distinct} distinct value${distinct === 1 ? '' : 's'} (pass nUnique to smoothK to cap k̂)`, { argument: 'kHat', index: t, value: k, distinct });
    }
    const r = partitionPoints(points, k, settings);
    const w = settings.window;
    // Mean of each centre's coordinates, and the rank of each cluster by it (ascending, stable).
    const means = Float64Array.from({ length: k }, (_, c) => r.centers.subarray(c * w, (c + 1) * w).reduce((a, b) => a + b, 0) / w);
    const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => means[a] - means[b] || a - b);
    const rank = new Int32Array(k);
    order.forEach((c, j) => (rank[c] = j));
    for (let i = 0; i < n; i++) {
      labels[t * n + i] = rank[r.labels[i]];
      display[t * n + i] = k - rank[r.labels[i]];
    }
    centers.push(Float64Array.from(order, (c) => means[c]));
    kOut[t] = k;
  }
  return { k: kOut, labels, display, centers, T, n };
}
