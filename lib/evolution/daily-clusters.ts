/**
 * The number of clusters per day (James & Menzies 2020, section "number of clusters"): each
 * day's log counts are clustered by Ckmeans.1d.dp for every candidate k (or, in the paper's
 * Appendix B variant `partition: 'kmeans-window'`, the w-day rolling log-count vectors in ℝ^w by
 * multivariate k-means), six NbClust validity
 * indices (point-biserial, silhouette, KL, C-index, McClain–Rao, Dunn) score the partitions,
 * each index picks its best k by NbClust's rule, and k_av(t) is the mean of those six choices.
 * k_av is smoothed into an integer k̂(t) by smoothK (smooth-k.ts).
 */
import type { BackendOption } from '../backend/kernels.js';
import { ckmeans, type CkmeansMethod } from '../cluster/ckmeans.js';
import { ckmeansPartitions } from '../cluster/ckmeans-partitions.js';
import { kmeans } from '../cluster/kmeans.js';
import { bestK } from '../cluster/best-k.js';
import { INDEX_NAMES, indicesAt, sortedIndices1d, validityIndices, variantMask, type IndexName, type IndexVariant, type IndexVariants } from '../cluster/validity-indices.js';
import { EpikitError, describeValue } from '../errors.js';
import { integerIn, oneOf, seedValue } from '../validate.js';
import { assertDayMatrix, type DayMatrix } from './log-counts.js';

export interface DailyClustersOptions extends BackendOption {
  /** Smallest candidate k (default 2, NbClust's min.nc; at least 2: the indices need two clusters). */
  kMin?: number;
  /**
   * Largest candidate k (default 20; the paper reaches k̂ = 17, above NbClust's default
   * max.nc = 15). Capped per day at nUnique(t), and at nUnique(t) − 1 for KL (section 1.4 of
   * the reference): KL(k) needs the (k + 1)-cluster partition.
   */
  kMax?: number;
  /** Indices averaged into k_av (default all six). The values of all six are reported anyway. */
  indices?: readonly IndexName[];
  /**
   * Forms of the indices (default 'nbclust', NbClust 3.0.1 with its quirks; 'textbook' or one
   * choice per index): see validityIndices.
   */
  variant?: IndexVariant | IndexVariants;
  /** Days to evaluate (0-based row indices of logX, any order, no repeats); default every day. */
  days?: ArrayLike<number>;
  /** Ckmeans fill method (default 'linear'); every method gives an optimal partition. */
  method?: CkmeansMethod;
  /**
   * How a day is partitioned (default 'ckmeans'): 'ckmeans' clusters the day's log counts by
   * Ckmeans.1d.dp; 'kmeans-window' is the paper's Appendix B variant: region i's point on day t
   * is the vector (x_i(t − w + 1), …, x_i(t)) of its last w log counts (see windowPoints; days
   * before the first repeat the first day's values), clustered by multivariate k-means
   * (`kmeans(points, k, { seed, nInit: 10, backend })`), with k chosen by the same indices.
   */
  partition?: DailyPartition;
  /** Window length w of 'kmeans-window' (default 3, the paper's three-day counts); ignored by 'ckmeans'. */
  window?: number;
  /** k-means seed of 'kmeans-window' (default 0), the same for every day and k; ignored by 'ckmeans'. */
  seed?: number;
}

export type DailyPartition = 'ckmeans' | 'kmeans-window';

/** Validated partition settings shared by dailyClusters and clusterDays. */
export interface PartitionSettings extends BackendOption {
  partition: DailyPartition;
  /** Point dimension: the window length for 'kmeans-window', 1 for 'ckmeans'. */
  window: number;
  seed: number;
  method: CkmeansMethod;
}

/** Validates partition / window / seed / method (defaults 'ckmeans', 3, 0, 'linear'). */
export function partitionSettings(options: { partition?: unknown; window?: unknown; seed?: unknown; method?: unknown } & BackendOption): PartitionSettings {
  const partition = options.partition === undefined ? 'ckmeans' : oneOf('options.partition', options.partition, ['ckmeans', 'kmeans-window'] as const);
  const w = options.window === undefined ? 3 : integerIn('options.window', options.window, 1, 10_000);
  const seed = seedValue('options.seed', options.seed);
  const method = options.method === undefined ? 'linear' : oneOf('options.method', options.method, ['linear', 'loglinear', 'quadratic'] as const);
  return { partition, window: partition === 'kmeans-window' ? w : 1, seed, method, backend: options.backend };
}

/**
 * The n points of day t as an n × w row-major matrix: row i is (x_i(t − w + 1), …, x_i(t)),
 * oldest first, where a day before the first (t − j < 0) takes day 0's value. w = 1 gives the
 * day's row itself.
 * @example
 * windowPoints({ values: new Float64Array([1, 5, 2, 6, 3, 7]), T: 3, n: 2 }, 1, 3).data;
 * // Float64Array [1, 1, 2, 5, 5, 6]  (region 0: x(0), x(0), x(1); region 1: 5, 5, 6)
 */
export function windowPoints(logX: DayMatrix, t: number, w: number): { data: Float64Array; rows: number; cols: number } {
  const { n, values } = logX;
  if (w === 1) return { data: values.subarray(t * n, (t + 1) * n), rows: n, cols: 1 };
  const data = new Float64Array(n * w);
  for (let j = 0; j < w; j++) {
    const s = Math.max(0, t - w + 1 + j);
    for (let i = 0; i < n; i++) data[i * w + j] = values[s * n + i];
  }
  return { data, rows: n, cols: w };
}

/** Number of distinct rows of an n × d row-major matrix (0 and −0 equal). */
export function countDistinctPoints(data: Float64Array, n: number, d: number): number {
  if (d === 1) return countDistinct(data.subarray(0, n));
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) seen.add(Array.from(data.subarray(i * d, (i + 1) * d), (v) => v + 0).join(','));
  return seen.size;
}

/**
 * A k-cluster partition of day points (k ≤ their distinct count): k = 1 is all zeros; 'ckmeans'
 * gives Ckmeans.1d.dp labels (0-based by ascending centre), 'kmeans-window' k-means labels and
 * its k × d centres.
 */
export function partitionPoints(points: { data: Float64Array; rows: number; cols: number }, k: number, s: PartitionSettings): { labels: Int32Array; centers: Float64Array } {
  if (s.partition === 'ckmeans') {
    const r = ckmeans(points.data, k, { backend: s.backend, method: s.method });
    return { labels: r.labels, centers: r.centers };
  }
  if (k === 1) {
    const c = new Float64Array(points.cols);
    for (let i = 0; i < points.rows; i++) for (let j = 0; j < points.cols; j++) c[j] += points.data[i * points.cols + j] / points.rows;
    return { labels: new Int32Array(points.rows), centers: c };
  }
  const r = kmeans(points, k, { seed: s.seed, nInit: 10, backend: s.backend });
  return { labels: r.labels, centers: r.centers };
}

/** The k selection of one day. */
export interface DayK {
  /** Row of logX (0-based day index). */
  t: number;
  /** ISO date of the day when logX carries `dates`. */
  date?: string;
  /** Number of distinct points that day: log values, or window vectors for 'kmeans-window'. */
  nUnique: number;
  /**
   * Best k per index by NbClust's rule (bestK: NaN skipped, ties to the smallest k); null when
   * the index has no defined value on the day's candidates (or when it has no candidate: KL with
   * nUnique − 1 < kMin) and for indices not selected by `options.indices`.
   */
  kByIndex: Record<IndexName, number | null>;
  /**
   * Mean of the non-null kByIndex values of the selected indices (a null index is dropped from
   * the mean, not counted as 0). 1 when nUnique = 1 or when every selected index is null.
   */
  kAv: number;
  /** Number of indices that entered the mean (0 when kAv fell back to 1). */
  used: number;
  /** Candidate ks evaluated: kMin..min(kMax, nUnique) (empty when nUnique < kMin). */
  ks: Int32Array;
  /**
   * Values of all six indices on the candidates, aligned with `ks` (NbClust's NA = NaN; KL is
   * NaN at k = nUnique, which has no (k + 1)-partition).
   */
  indexValues: Record<IndexName, Float64Array>;
}

export interface DailyClustersResult {
  /** One entry per evaluated day, in the order of `options.days` (default 0..T−1). */
  days: DayK[];
  /** kAv per evaluated day (same order as `days`). */
  kAv: Float64Array;
  /** nUnique per evaluated day (same order as `days`). */
  nUnique: Int32Array;
  /** The settings used. */
  kMin: number;
  kMax: number;
  indices: IndexName[];
}

/**
 * Number of distinct values of a vector. O(n log n).
 * @example
 * countDistinct([3, 1, 3, 0]); // 3
 */
export function countDistinct(x: ArrayLike<number>): number {
  const s = Float64Array.from(x as ArrayLike<number>).sort();
  let c = s.length > 0 ? 1 : 0;
  for (let i = 1; i < s.length; i++) if (s[i] !== s[i - 1]) c++;
  return c;
}

/**
 * Per-day choice of the number of clusters of James & Menzies (2020): for each day t (a row of
 * the days × regions log-count matrix, see logCounts),
 *
 * 1. nUnique(t) = number of distinct values; nUnique = 1 gives k_av = 1 directly;
 * 2. Ckmeans.1d.dp partitions for k = kMin − 1 … min(kMax + 1, nUnique), each computed once
 *    (k = 1 is the single cluster) and shared by the three roles prev / labels / next;
 *    with `partition: 'kmeans-window'` the points are the w-dimensional window vectors
 *    (windowPoints), nUnique counts distinct vectors, the partitions come from seeded k-means
 *    and the indices are computed on the d = w points;
 * 3. the six NbClust indices for k = kMin … min(kMax, nUnique) (validityIndices with the
 *    k − 1, k, k + 1 partitions; KL only up to nUnique − 1);
 * 4. best k per index (bestK), and k_av(t) = mean of the non-null best ks of the selected indices
 *    (a null is dropped; all null → 1).
 *
 * Complexity: per day, with Ckmeans (1-D, contiguous clusters) the indices of all K =
 * min(kMax, nUnique) − kMin + 1 candidates take O(n log n + K·n) (sortedIndices1d) and every
 * partition comes from one Ckmeans programme (ckmeansPartitions, O(n + kMax·n)); with
 * 'kmeans-window' the indices take O(K·n²·w); memory O(K·n) per day.
 *
 * @example
 * const logX = logCounts({ values: [1, 1, 1, 100, 100, 100, 1e4, 1e4, 1e4], T: 1, n: 9 });
 * const r = dailyClusters(logX);
 * r.days[0].nUnique;  // 3
 * r.days[0].kByIndex; // { ptbiserial: 3, silhouette: 3, kl: 2, cindex: 2, mcclain: 3, dunn: 3 }
 * r.kAv[0];           // 2.666… (KL's only candidate is k = 2 = nUnique − 1; NbClust's C-index is NaN at k = 3)
 *
 * @throws {EpikitError} E_INPUT_TYPE / E_INPUT_SHAPE / E_INPUT_NAN for a malformed logX;
 *   E_INPUT_RANGE for kMin < 2, kMax < kMin, an unknown or repeated index, an empty index list,
 *   a day outside 0..T−1 or repeated, or a bad variant / method.
 */
export function dailyClusters(logX: DayMatrix, options: DailyClustersOptions = {}): DailyClustersResult {
  const X = assertDayMatrix('logX', logX);
  const { T, n } = X;
  const kMin = options.kMin === undefined ? 2 : integerIn('options.kMin', options.kMin, 2, 0x3fffffff);
  const kMax = options.kMax === undefined ? Math.max(20, kMin) : integerIn('options.kMax', options.kMax, kMin, 0x3fffffff);
  const indices = indexList(options.indices);
  const selected = new Set<IndexName>(indices);
  const settings = partitionSettings(options);
  const days = dayList(options.days, T);
  const backend = options.backend;
  // Validate `variant` up front (validityIndices would otherwise only see it on a day with candidates).
  variantMask(options.variant);

  const out: DayK[] = [];
  const kAvAll = new Float64Array(days.length);
  const nUniqueAll = new Int32Array(days.length);
  for (let d = 0; d < days.length; d++) {
    const t = days[d];
    const points = windowPoints(X, t, settings.window);
    const nUnique = countDistinctPoints(points.data, n, settings.window);
    const kTop = Math.min(kMax, nUnique);
    const K = Math.max(0, kTop - kMin + 1);
    const ks = new Int32Array(K);
    for (let j = 0; j < K; j++) ks[j] = kMin + j;
    const indexValues = {} as Record<IndexName, Float64Array>;
    for (const name of INDEX_NAMES) indexValues[name] = new Float64Array(K).fill(NaN);

    if (K > 0) {
      // Partitions k = kMin − 1 … min(kMax + 1, nUnique), each once.
      const kLo = kMin - 1;
      const kHi = Math.min(kMax + 1, nUnique);
      const parts: Int32Array[] = [];
      if (settings.partition === 'ckmeans') {
        // One Ckmeans programme for kHi clusters gives every k ≤ kHi, identical to one
        // ckmeans(x, k) call per k (ckmeansPartitions; row 0 is the single cluster).
        const all = ckmeansPartitions(points.data, kHi, { backend, method: settings.method });
        if (all.k !== kHi) throw new EpikitError('E_KERNEL', `ckmeansPartitions gave ${all.k} partitions of day ${t}, expected ${kHi}`);
        for (let k = kLo; k <= kHi; k++) parts.push(all.labels[k - 1]);
      } else {
        for (let k = kLo; k <= kHi; k++) {
          parts.push(k === 1 ? new Int32Array(n) : partitionPoints(points, k, settings).labels);
        }
      }
      // 1-D points (Ckmeans partitions are contiguous in sorted order): every candidate in one
      // O(n log n + K·n) kernel call; otherwise (or if a partition is not contiguous) the pair loops.
      const fast = settings.window === 1 ? sortedIndices1d(points.data, parts, kLo, K, variantMask(options.variant), backend) : null;
      for (let j = 0; j < K && fast; j++) {
        const v = indicesAt(fast, j + 1);
        for (const name of INDEX_NAMES) indexValues[name][j] = v[name];
      }
      for (let j = 0; j < K && !fast; j++) {
        const k = ks[j];
        const v = validityIndices(
          points,
          { prev: parts[k - 1 - kLo], labels: parts[k - kLo], next: k + 1 <= kHi ? parts[k + 1 - kLo] : undefined },
          { variant: options.variant, backend },
        );
        for (const name of INDEX_NAMES) indexValues[name][j] = v[name];
      }
    }

    const kByIndex = {} as Record<IndexName, number | null>;
    let sum = 0;
    let used = 0;
    for (const name of INDEX_NAMES) {
      if (!selected.has(name) || K === 0) {
        kByIndex[name] = null;
        continue;
      }
      // KL is defined only where the (k + 1)-partition exists: k ≤ nUnique − 1.
      const m = name === 'kl' ? Math.max(0, Math.min(kMax, nUnique - 1) - kMin + 1) : K;
      const best = m === 0 ? null : bestK(name, ks.subarray(0, m), indexValues[name].subarray(0, m));
      kByIndex[name] = best;
      if (best !== null) {
        sum += best;
        used++;
      }
    }
    const kAv = used === 0 ? 1 : sum / used;
    const day: DayK = { t, nUnique, kByIndex, kAv, used, ks, indexValues };
    if (X.dates) day.date = X.dates[t];
    out.push(day);
    kAvAll[d] = kAv;
    nUniqueAll[d] = nUnique;
  }
  return { days: out, kAv: kAvAll, nUnique: nUniqueAll, kMin, kMax, indices };
}

function indexList(x: unknown): IndexName[] {
  if (x === undefined) return [...INDEX_NAMES];
  if (!Array.isArray(x)) {
    throw new EpikitError('E_INPUT_TYPE', `options.indices must be an array of index names (${INDEX_NAMES.join(', ')}), got ${describeValue(x)}`, { argument: 'options.indices' });
  }
  if (x.length === 0) {
    throw new EpikitError('E_INPUT_RANGE', `options.indices is empty: expected at least one of ${INDEX_NAMES.join(', ')}`, { argument: 'options.indices' });
  }
  const seen = new Set<IndexName>();
  x.forEach((name, i) => {
    const v = oneOf(`options.indices[${i}]`, name, INDEX_NAMES);
    if (seen.has(v)) {
      throw new EpikitError('E_INPUT_RANGE', `options.indices[${i}] is ${JSON.stringify(v)}, which appears twice: expected each index at most once`, { argument: 'options.indices', value: v });
    }
    seen.add(v);
  });
  return [...seen];
}

function dayList(x: unknown, T: number): number[] {
  if (x === undefined) return Array.from({ length: T }, (_, t) => t);
  if (!Array.isArray(x) && !(ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    throw new EpikitError('E_INPUT_TYPE', `options.days must be an array of day indices, got ${describeValue(x)}`, { argument: 'options.days' });
  }
  const src = x as ArrayLike<unknown>;
  const seen = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const t = integerIn(`options.days[${i}]`, src[i], 0, T - 1);
    if (seen.has(t)) {
      throw new EpikitError('E_INPUT_RANGE', `options.days[${i}] is ${t}, which appears twice: expected each day at most once`, { argument: 'options.days', value: t });
    }
    seen.add(t);
    out.push(t);
  }
  return out;
}
