/**
 * Cluster validity indices of a partition — point-biserial, silhouette, KL (Krzanowski–Lai),
 * C-index, McClain–Rao and Dunn — as used by James & Menzies (2020) to choose the number of
 * clusters per day. Defaults reproduce NbClust 3.0.1 (R/NbClust.R), quirks included; the
 * textbook forms are available per index. Sources: NbClust R/NbClust.R (Charrad et al.,
 * J. Stat. Softw. 61(6), 2014: Indice.ptbiserial, Indice.S, Indices.Traces "kl", Indice.cindex,
 * Index.15and28 $mcclain, Index.dunn); cluster::silhouette (sildist.c) for the textbook silhouette;
 * Hubert & Levin (1976) for the textbook C-index.
 */
import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError, describeValue } from '../errors.js';
import { finitePoints, oneOf, type Points } from '../validate.js';

/** The six indices, in the kernel's output order. */
export const INDEX_NAMES = ['ptbiserial', 'silhouette', 'kl', 'cindex', 'mcclain', 'dunn'] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

export type IndexVariant = 'nbclust' | 'textbook';

/** Per-index choice of form; KL and Dunn have a single form (their entry is accepted and ignored). */
export type IndexVariants = Partial<Record<IndexName, IndexVariant>>;

export interface ValidityIndicesOptions extends BackendOption {
  /**
   * 'nbclust' (default) or 'textbook' for every index, or one choice per index.
   * - ptbiserial: NbClust divides by the sample sd of the N_t pair distances (N_t − 1);
   *   textbook by the population sd (N_t).
   * - silhouette: NbClust (1/n) Σ_clusters Σ_i s_i with a singleton cluster contributing 1 and
   *   a_i = b_i = 0 giving NaN; textbook = cluster::silhouette's average width, mean of s_i with
   *   s_i = 0 for singletons and for a_i = b_i, NaN when every cluster is a singleton.
   * - cindex: NbClust (S_w − r·D_min)/(r·D_max − r·D_min) with D_min / D_max the smallest /
   *   largest within-cluster distance (0 with duplicated points; 1 for singleton clusters),
   *   NaN when D_min = D_max; textbook (Hubert & Levin 1976) (S_w − S_min)/(S_max − S_min),
   *   S_min / S_max the sums of the r smallest / largest of all pair distances, r = N_w.
   * - mcclain: NbClust (S_w/N_w²)/(S_b/N_b²); textbook (S_w/N_w)/(S_b/N_b).
   */
  variant?: IndexVariant | IndexVariants;
}

export type LabelsInput = ArrayLike<number>;

export interface Partitions {
  /** The (k − 1)-cluster partition, for KL. May be omitted when k = 2 (the single cluster). */
  prev?: LabelsInput;
  /** The k-cluster partition being scored: cluster ids 0..k−1, every id used, k ≥ 2. */
  labels: LabelsInput;
  /** The (k + 1)-cluster partition, for KL. Without it KL is NaN. */
  next?: LabelsInput;
}

export interface ValidityIndices {
  ptbiserial: number;
  silhouette: number;
  kl: number;
  cindex: number;
  mcclain: number;
  dunn: number;
}

/** Bit of each index in the kernel's variant mask (set = textbook form). */
export function variantMask(variant: IndexVariant | IndexVariants | undefined): number {
  if (variant === undefined) return 0;
  if (typeof variant === 'string') {
    return oneOf('options.variant', variant, ['nbclust', 'textbook'] as const) === 'textbook' ? 0b011011 : 0;
  }
  if (variant === null || typeof variant !== 'object' || Array.isArray(variant)) {
    throw new EpikitError('E_INPUT_TYPE', `options.variant must be "nbclust", "textbook" or an object of per-index choices, got ${describeValue(variant)}`, { argument: 'options.variant' });
  }
  let mask = 0;
  for (const [key, value] of Object.entries(variant)) {
    const slot = (INDEX_NAMES as readonly string[]).indexOf(key);
    if (slot < 0) {
      throw new EpikitError('E_INPUT_RANGE', `options.variant has unknown index ${JSON.stringify(key)}: expected one of ${INDEX_NAMES.join(', ')}`, { argument: 'options.variant', value: key });
    }
    if (value === undefined) continue;
    const form = oneOf(`options.variant.${key}`, value, ['nbclust', 'textbook'] as const);
    if (form === 'textbook' && key !== 'kl' && key !== 'dunn') mask |= 1 << slot;
  }
  return mask;
}

/**
 * Labels as an Int32Array of n cluster ids 0..k−1 with every id present; returns k.
 * `expectedK` (when given) is the number of clusters the partition must have.
 */
function labelVector(name: string, x: unknown, n: number, expectedK?: number): { labels: Int32Array; k: number } {
  if (!Array.isArray(x) && !(ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be an array of integer cluster ids, got ${describeValue(x)}`, { argument: name });
  }
  const src = x as ArrayLike<unknown>;
  if (src.length !== n) {
    throw new EpikitError('E_INPUT_SHAPE', `${name} has length ${src.length}: expected ${n} (one label per point)`, { argument: name, length: src.length, expected: n });
  }
  const labels = new Int32Array(n);
  let max = -1;
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new EpikitError('E_INPUT_TYPE', `${name}[${i}] is ${describeValue(v)}: expected an integer cluster id`, { argument: name, index: i, value: v });
    }
    if (v < 0 || v >= n) {
      throw new EpikitError('E_INPUT_RANGE', `${name}[${i}] is ${v}: expected a cluster id in [0, ${n - 1}]`, { argument: name, index: i, value: v });
    }
    labels[i] = v;
    if (v > max) max = v;
  }
  const k = max + 1;
  const used = new Uint8Array(k);
  for (let i = 0; i < n; i++) used[labels[i]] = 1;
  const missing = used.indexOf(0);
  if (missing >= 0) {
    throw new EpikitError('E_INPUT_RANGE', `${name} has no point in cluster ${missing}: cluster ids must be 0..k−1 with every id used (k = ${k})`, { argument: name, cluster: missing });
  }
  if (expectedK !== undefined && k !== expectedK) {
    throw new EpikitError('E_INPUT_RANGE', `${name} has ${k} clusters: expected ${expectedK}`, { argument: name, value: k, expected: expectedK });
  }
  return { labels, k };
}

/**
 * The six NbClust validity indices of the partition `partitions.labels` of `points`
 * (Euclidean distances; 1-D points are plain numbers — pass log counts already transformed).
 * KL needs the k − 1 and k + 1 partitions (`prev`, `next`); for k = 2 `prev` defaults to the
 * single cluster; without `next` (or without `prev` for k > 2) KL is NaN. Undefined values
 * are NaN (NbClust's NA); a division of a positive number by 0 gives Infinity, as in R
 * (e.g. Dunn of a partition into singletons).
 *
 * Best k per index: maximum of ptbiserial, silhouette, kl, dunn; minimum of cindex, mcclain
 * (see bestK in best-k.ts).
 *
 * Complexity: O(n²·d) time (two passes over the pairs), O(n·k) memory, plus n(n−1)/2 doubles
 * for the textbook C-index. For 1-D points whose clusters are contiguous in sorted order (as
 * Ckmeans gives) a sorted fast path takes O(n log n) (clusterIndices1d; same values within
 * 1e-9 relative), falling back to the pair loops otherwise.
 *
 * @example
 * validityIndices([1, 2, 10, 11, 30], { prev: [0, 0, 0, 0, 1], labels: [0, 0, 1, 1, 2], next: [0, 1, 2, 2, 3] });
 * // { ptbiserial: 0.6137…, silhouette: 0.9108…, kl: 319, cindex: NaN, mcclain: 0.2424…, dunn: 8 }
 * // cindex is NaN (NbClust's NA): both within distances are 1 and the singleton's placeholder is 1,
 * // so D_min = D_max; { variant: { cindex: 'textbook' } } gives the Hubert–Levin value instead.
 *
 * @throws EpikitError E_INPUT_EMPTY / E_INPUT_NAN / E_INPUT_SHAPE / E_INPUT_TYPE for bad points
 *   (see finitePoints); E_INPUT_SHAPE when a label array's length is not the number of points;
 *   E_INPUT_TYPE for non-integer labels; E_INPUT_RANGE for labels outside 0..n−1, unused cluster
 *   ids, k < 2, prev / next with other than k − 1 / k + 1 clusters, or a bad `variant`.
 */
export function validityIndices(points: Points | ArrayLike<number>, partitions: Partitions, options: ValidityIndicesOptions = {}): ValidityIndices {
  const { data, n, d } = finitePoints('points', points);
  if (partitions === null || typeof partitions !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `partitions must be an object { prev?, labels, next? }, got ${describeValue(partitions)}`, { argument: 'partitions' });
  }
  const { labels, k } = labelVector('partitions.labels', partitions.labels, n);
  if (k < 2) {
    throw new EpikitError('E_INPUT_RANGE', `partitions.labels has ${k} cluster: expected k >= 2`, { argument: 'partitions.labels', value: k });
  }
  let prev: Int32Array | null = null;
  if (partitions.prev !== undefined) prev = labelVector('partitions.prev', partitions.prev, n, k - 1).labels;
  else if (k === 2) prev = new Int32Array(n);
  let next: Int32Array | null = null;
  if (partitions.next !== undefined) {
    if (k + 1 > n) {
      throw new EpikitError('E_INPUT_RANGE', `partitions.next cannot have k + 1 = ${k + 1} clusters of ${n} points`, { argument: 'partitions.next' });
    }
    next = labelVector('partitions.next', partitions.next, n, k + 1).labels;
  }
  const variant = variantMask(options.variant);
  const out = new Float64Array(6);
  if (d === 1) {
    // Sorted 1-D fast path (contiguous clusters, e.g. Ckmeans): O(n log n) instead of O(n²).
    // Without `prev` a single-cluster stand-in fills its slot and KL is reported NaN.
    const parts = [prev ?? new Int32Array(n), labels, ...(next ? [next] : [])];
    const fast = sortedIndices1d(data, parts, k - 1, 1, variant, options.backend);
    if (fast) {
      if (!prev) fast[2] = NaN;
      return indicesOf(fast, 0);
    }
  }
  kernelsFor(options.backend).clusterIndices(data, n, d, prev, Math.max(1, k - 1), labels, k, next, Math.min(n, k + 1), variant, out);
  return indicesOf(out, 0);
}

function indicesOf(out: Float64Array, at: number): ValidityIndices {
  return { ptbiserial: out[at], silhouette: out[at + 1], kl: out[at + 2], cindex: out[at + 3], mcclain: out[at + 4], dunn: out[at + 5] };
}

/**
 * The six indices of consecutive-k partitions of the same 1-D points, by the sorted fast
 * kernel (clusterIndices1d): `parts[j]` has k0 + j clusters (labels already validated, 0-based,
 * all of `parts[0]` may be 0 for k0 = 1); partitions j = 1..count are scored with the
 * (k − 1)- and (k + 1)-partitions beside them (KL NaN for the last one when it has no
 * successor). Returns count × 6 values (slot order of INDEX_NAMES), or null when some scored
 * partition is not contiguous in sorted order — use the general kernel then. Equal to the
 * general kernel within 1e-9 relative (sums in another order; minima / maxima / KL exact).
 * O(n log n + count·n) (plus O(64·n) per partition for the textbook C-index).
 */
export function sortedIndices1d(data: Float64Array, parts: readonly Int32Array[], k0: number, count: number, variant: number, backend?: BackendOption['backend']): Float64Array | null {
  const n = data.length;
  const m = parts.length;
  const packed = new Int32Array(m * n);
  parts.forEach((p, j) => packed.set(p, j * n));
  const out = new Float64Array(count * 6);
  const done = kernelsFor(backend).clusterIndices1d(data, n, packed, k0, m, count, variant, out);
  return done === 1 ? out : null;
}

/** One partition's indices from a sortedIndices1d result (partition j = 1..count). */
export function indicesAt(values: Float64Array, j: number): ValidityIndices {
  return indicesOf(values, (j - 1) * 6);
}
