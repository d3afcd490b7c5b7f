/**
 * Agglomerative hierarchical clustering of a distance matrix, producing a SciPy linkage
 * matrix. Same algorithms and results as `scipy.cluster.hierarchy.linkage` (and fastcluster):
 *
 * - 'single': minimum spanning tree by Prim's algorithm (Rohlf 1973), O(n²);
 * - 'complete', 'average' (UPGMA), 'weighted' (WPGMA / McQuitty), 'ward': nearest-neighbour
 *   chain (Murtagh 1983; Müllner 2011, "Modern hierarchical, agglomerative clustering
 *   algorithms", arXiv:1109.2378, §3.2), O(n²), with the Lance–Williams updates
 *     complete  d(k, i∪j) = max(d_ki, d_kj)
 *     average   d(k, i∪j) = (n_i d_ki + n_j d_kj) / (n_i + n_j)
 *     weighted  d(k, i∪j) = (d_ki + d_kj) / 2
 *     ward      d(k, i∪j) = sqrt(((n_i+n_k) d_ki² + (n_j+n_k) d_kj² − n_k d_ij²) / (n_i+n_j+n_k))
 *   (Ward on Euclidean, not squared, distances, as SciPy does; heights are then the Ward
 *   distances, sqrt(2 · increase of the within-cluster sum of squares)).
 *
 * Memory: one copy of the n(n − 1)/2 condensed distances (native) plus O(n).
 * Ties (equal distances) are broken as SciPy does, identically on both backends: candidates
 * are scanned by increasing index and only a strictly smaller distance wins (lowest index
 * first); in the nearest-neighbour chain the previous chain element is kept on a tie.
 */
import type { BackendOption } from '../backend/kernels.js';
import { LINKAGE_METHOD, type LinkageMethodName } from '../backend/kernels/hclust.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError, describeValue } from '../errors.js';
import { isMatrixLike, oneOf, type MatrixLike } from '../validate.js';

export type LinkageMethod = LinkageMethodName;

export const LINKAGE_METHODS: readonly LinkageMethod[] = ['single', 'complete', 'average', 'weighted', 'ward'];

export interface HclustOptions extends BackendOption {
  /** Linkage criterion. */
  method: LinkageMethod;
}

/** One merge: clusters a < b joined at `height` into a cluster of `size` points. */
export interface HclustMerge {
  a: number;
  b: number;
  height: number;
  size: number;
}

export interface HclustResult {
  /**
   * SciPy linkage matrix, row-major (n − 1) × 4: row r = (a, b, height, size). Points are
   * clusters 0..n−1, the cluster formed in row r is n + r, a < b, rows sorted by height
   * (stable: equal heights keep the order the algorithm found them, as in SciPy).
   */
  linkage: Float64Array;
  /** Number of points. */
  n: number;
  method: LinkageMethod;
  /** The linkage rows as objects. */
  merges: HclustMerge[];
}

/** Distances: condensed (SciPy pdist order), or a full square symmetric matrix with a zero diagonal. */
export type DistanceInput = Float64Array | ArrayLike<number> | number[][] | MatrixLike;

/**
 * Hierarchical agglomerative clustering (SciPy `linkage` on a distance matrix). O(n²) time
 * and memory.
 *
 * @param distances the condensed distance matrix (n(n − 1)/2 values, as returned by
 *   pairwiseDistances / SciPy pdist), or a square n × n matrix (number[][] or ml-matrix
 *   Matrix) that must be exactly symmetric with zeros on the diagonal.
 * @example
 * const { linkage } = hclust(pairwiseDistances([[0], [1], [5]]), { method: 'average' });
 * // linkage = [0, 1, 1, 2,   2, 3, 4.5, 3]: points 0 and 1 at height 1, then point 2 with
 * // cluster 3 at (4 + 5) / 2
 * @throws {EpikitError} E_INPUT_EMPTY (no distances), E_INPUT_NAN (NaN or ±Infinity),
 *   E_INPUT_RANGE (negative distance, non-zero diagonal, asymmetric matrix, unknown method,
 *   Ward heights overflowing), E_INPUT_SHAPE (condensed length not n(n − 1)/2, non-square
 *   matrix), E_INPUT_TYPE.
 */
export function hclust(distances: DistanceInput, options: HclustOptions): HclustResult {
  if (!options || typeof options !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `options must be an object with a method, got ${describeValue(options)}`, { argument: 'options' });
  }
  const method = oneOf('method', options.method, LINKAGE_METHODS);
  const { condensed, n } = condensedDistances('distances', distances);
  const linkage = new Float64Array(Math.max(0, n - 1) * 4);
  if (n >= 2) kernelsFor(options.backend).hclust(condensed, n, LINKAGE_METHOD[method], linkage);
  const merges: HclustMerge[] = [];
  for (let r = 0; r < n - 1; r++) {
    const height = linkage[4 * r + 2];
    if (!Number.isFinite(height)) {
      throw new EpikitError(
        'E_INPUT_RANGE',
        `the ${method} linkage produced a non-finite height (${height}) in merge ${r}: the distances are too large (the update overflows; Ward squares them)`,
        { argument: 'distances', method },
      );
    }
    merges.push({ a: linkage[4 * r], b: linkage[4 * r + 1], height, size: linkage[4 * r + 3] });
  }
  return { linkage, n, method, merges };
}

/** Validates distances and returns them condensed with the number of points (a Float64Array input is returned as is, never modified). */
export function condensedDistances(name: string, x: unknown): { condensed: Float64Array; n: number } {
  if (isMatrixLike(x)) return fromSquare(name, Array.from({ length: x.rows }, (_, i) => Array.from(x.getRow(i))));
  if (Array.isArray(x) && x.length > 0 && (Array.isArray(x[0]) || ArrayBuffer.isView(x[0]))) return fromSquare(name, x as ArrayLike<unknown>[]);
  if (!Array.isArray(x) && !(ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be a condensed distance array (number[] or Float64Array) or a square number[][], got ${describeValue(x)}`, {
      argument: name,
    });
  }
  const src = x as ArrayLike<unknown>;
  const m = src.length;
  if (m === 0) {
    throw new EpikitError('E_INPUT_EMPTY', `${name} is empty: a condensed distance matrix needs at least one distance (two points)`, { argument: name });
  }
  // m = n(n − 1)/2  ⇔  n = (1 + sqrt(1 + 8m)) / 2.
  const n = Math.round((1 + Math.sqrt(1 + 8 * m)) / 2);
  if ((n * (n - 1)) / 2 !== m) {
    throw new EpikitError('E_INPUT_SHAPE', `${name} has length ${m}: a condensed distance matrix has n(n − 1)/2 values (1, 3, 6, 10, …)`, {
      argument: name,
      length: m,
    });
  }
  if (x instanceof Float64Array) {
    // Fast path: validate in place and pass the caller's array on (kernels never modify it).
    for (let t = 0; t < m; t++) {
      const v = x[t];
      if (!(v >= 0) || v === Infinity) checkDistance(`${name}[${t}]`, name, v);
    }
    return { condensed: x, n };
  }
  const condensed = new Float64Array(m);
  for (let t = 0; t < m; t++) condensed[t] = checkDistance(`${name}[${t}]`, name, src[t]);
  return { condensed, n };
}

function checkDistance(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number') {
    throw new EpikitError('E_INPUT_TYPE', `${where} must be a number, got ${describeValue(v)}`, { argument: name });
  }
  if (!Number.isFinite(v)) {
    throw new EpikitError('E_INPUT_NAN', `${where} is ${describeValue(v)}: distances must be finite`, { argument: name, value: v });
  }
  if (v < 0) {
    throw new EpikitError('E_INPUT_RANGE', `${where} is ${v}: distances must be >= 0`, { argument: name, value: v });
  }
  return v;
}

function fromSquare(name: string, rows: ArrayLike<unknown>[]): { condensed: Float64Array; n: number } {
  const n = rows.length;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new EpikitError('E_INPUT_SHAPE', `${name}[${i}] is ${describeValue(row)}: expected a row of ${n} distances (square matrix)`, { argument: name, row: i });
    }
    if (row.length !== n) {
      throw new EpikitError('E_INPUT_SHAPE', `${name}[${i}] has ${row.length} values: a square distance matrix of ${n} rows needs ${n} per row`, {
        argument: name,
        row: i,
      });
    }
  }
  const condensed = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const diag = checkDistance(`${name}[${i}][${i}]`, name, rows[i][i]);
    if (diag !== 0) {
      throw new EpikitError('E_INPUT_RANGE', `${name}[${i}][${i}] is ${diag}: the diagonal of a distance matrix must be 0`, { argument: name, row: i, value: diag });
    }
    for (let j = i + 1; j < n; j++) {
      const v = checkDistance(`${name}[${i}][${j}]`, name, rows[i][j]);
      const w = checkDistance(`${name}[${j}][${i}]`, name, rows[j][i]);
      if (v !== w) {
        throw new EpikitError('E_INPUT_RANGE', `${name}[${i}][${j}] is ${v} but ${name}[${j}][${i}] is ${w}: the distance matrix must be symmetric`, {
          argument: name,
          row: i,
          column: j,
        });
      }
      condensed[t++] = v;
    }
  }
  return { condensed, n };
}
