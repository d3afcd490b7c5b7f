/**
 * Every optimal 1-D k-means partition for k = 1 … kMax from one Ckmeans.1d.dp dynamic programme
 * (kernel `ckmeansPartitions`), identical to what `ckmeans(x, k)` returns for each k.
 */
import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError } from '../errors.js';
import { finiteVector, integerIn, oneOf } from '../validate.js';
import type { CkmeansMethod } from './ckmeans.js';

const METHODS: readonly CkmeansMethod[] = ['linear', 'loglinear', 'quadratic'];
const MAX_K = 0x3fffffff;
/** Above this many label entries, the distinct values are counted first to size the output. */
const COUNT_FIRST_ENTRIES = 1 << 24;
/** Largest output (label entries) this function allocates. */
const MAX_ENTRIES = 2 ** 30;

export interface CkmeansPartitionsOptions extends BackendOption {
  /** Fill method of the programme, as for ckmeans (default 'linear'); every method is exact. */
  method?: CkmeansMethod;
}

export interface CkmeansPartitionsResult {
  /** Number of partitions: K = min(kMax, distinct). */
  k: number;
  /** Number of distinct values of x. */
  distinct: number;
  /**
   * labels[k − 1] (k = 1 … K): cluster of each value of x in the optimal k-partition, in the
   * input order, 0 … k − 1 by ascending centre — exactly ckmeans(x, k).labels, ties included.
   * The rows are views of `data`.
   */
  labels: Int32Array[];
  /** The K × n labels, row-major (row k − 1 = labels[k − 1]). */
  data: Int32Array;
}

/**
 * The optimal (least within-cluster sum of squares) partitions of the 1-D data x into k = 1, 2,
 * …, K = min(kMax, distinct values) clusters — the labels `ckmeans(x, k)` gives, for every k at
 * once. Row q of the Ckmeans.1d.dp programme (Wang & Song 2011, section 2) depends only on rows
 * below it, so one fill for K clusters serves every smaller k: the backtrack of k starts from
 * the last row of the k-cluster programme, which is scanned at i = n − 1 exactly as ckmeans
 * scans it (so ties resolve the same way), and uses the shared rows below it.
 *
 * Complexity: O(n) radix sort (skipped when x is sorted) plus O(K·n) for 'linear'
 * ('loglinear' O(K·n·log n), 'quadratic' O(K·n²)) — instead of O(K²·n) for K ckmeans calls;
 * memory: K·n labels plus (K − 2)·n backtrack entries (32-bit) and O(n) doubles.
 *
 * @example
 * const p = ckmeansPartitions([1, 1.1, 5, 5.2, 9], 3);
 * p.k;         // 3
 * p.labels[0]; // Int32Array [0, 0, 0, 0, 0]
 * p.labels[1]; // Int32Array [0, 0, 1, 1, 1]   (= ckmeans(x, 2).labels)
 * p.labels[2]; // Int32Array [0, 0, 1, 1, 2]
 *
 * @throws {EpikitError} E_INPUT_EMPTY / E_INPUT_NAN / E_INPUT_TYPE for a bad x; E_INPUT_TYPE
 *   when kMax is not an integer; E_INPUT_RANGE when kMax < 1, the method is unknown, or the
 *   K × n labels would exceed 2^30 entries.
 */
export function ckmeansPartitions(x: ArrayLike<number> | Float64Array, kMax: number, options: CkmeansPartitionsOptions = {}): CkmeansPartitionsResult {
  const xs = finiteVector('x', x);
  const n = xs.length;
  const kMaxIn = integerIn('kMax', kMax, 1, MAX_K);
  const method = options.method === undefined ? 'linear' : oneOf('method', options.method, METHODS);

  // The kernel writes min(kMax, n) rows; for large outputs cap kMax at the distinct count first.
  let kMaxK = Math.min(kMaxIn, n);
  if (kMaxK * n > COUNT_FIRST_ENTRIES) kMaxK = Math.min(kMaxK, distinctCount(xs));
  if (kMaxK * n > MAX_ENTRIES) {
    throw new EpikitError('E_INPUT_RANGE', `kMax is ${kMaxIn}: ${kMaxK} partitions of ${n} values exceed 2^30 labels`, { argument: 'kMax', value: kMaxIn });
  }
  const data = new Int32Array(kMaxK * n);
  const distinctOut = new Int32Array(1);
  const K = kernelsFor(options.backend).ckmeansPartitions(xs, kMaxK, METHODS.indexOf(method), data, distinctOut);
  if (!(K >= 1 && K <= kMaxK)) throw new EpikitError('E_KERNEL', `ckmeansPartitions kernel returned ${K}`);
  const packed = K === kMaxK ? data : data.subarray(0, K * n);
  const labels: Int32Array[] = [];
  for (let k = 1; k <= K; k++) labels.push(packed.subarray((k - 1) * n, k * n));
  return { k: K, distinct: distinctOut[0], labels, data: packed };
}

function distinctCount(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort();
  let c = 1;
  for (let i = 1; i < s.length; i++) if (s[i] !== s[i - 1]) c++;
  return c;
}
