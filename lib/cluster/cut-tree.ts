/**
 * Flat clusters and leaf order from a SciPy linkage matrix (as made by hclust): pure
 * TypeScript, O(n) per call, no kernel.
 */
import { EpikitError, describeValue } from '../errors.js';
import { integerIn } from '../validate.js';

export type CutTreeCriterion = { k: number } | { height: number };

/**
 * Flat clusters of a dendrogram, like `scipy.cluster.hierarchy.fcluster` minus 1 (0-based):
 *
 * - `{ height }` (fcluster criterion 'distance'): the clusters are the largest subtrees whose
 *   merges all happened at heights <= `height`.
 * - `{ k }` (criterion 'maxclust'): the same cut at the lowest merge height that leaves at
 *   most k clusters. That is exactly k clusters when heights are distinct; with tied heights it
 *   can be fewer (tied merges are kept or undone together). k >= n gives every point its own
 *   cluster, labelled by its index (as SciPy does).
 *
 * Labels are numbered as SciPy numbers them (deterministic): a depth-first walk from the root
 * visiting the child in column a before the one in column b; a cluster formed by a merge gets
 * the next number when the walk reaches that merge, a singleton when the walk leaves its
 * parent. O(n).
 *
 * @param linkage SciPy linkage matrix (n − 1 rows of a, b, height, size), e.g. hclust(...).linkage.
 * @param n number of points.
 * @returns Int32Array of n labels in 0..(clusters − 1).
 * @example
 * const { linkage } = hclust([1, 5, 4], { method: 'average' }); // points [0], [1], [5]
 * cutTree(linkage, 3, { k: 2 }) // Int32Array [0, 0, 1]
 * cutTree(linkage, 3, { height: 2 }) // Int32Array [0, 0, 1]
 * @throws {EpikitError} E_INPUT_SHAPE / E_INPUT_RANGE (linkage not a valid (n − 1) × 4 tree,
 *   k not an integer >= 1), E_INPUT_NAN (height not finite), E_INPUT_TYPE.
 */
export function cutTree(linkage: ArrayLike<number>, n: number, criterion: CutTreeCriterion): Int32Array {
  const tree = checkLinkage(linkage, n);
  if (!criterion || typeof criterion !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `criterion must be { k } or { height }, got ${describeValue(criterion)}`, { argument: 'criterion' });
  }
  const maxDist = maxHeights(tree, n, linkage);
  if ('k' in criterion && criterion.k !== undefined) {
    const k = integerIn('k', criterion.k, 1, Number.MAX_SAFE_INTEGER);
    if (k >= n) return Int32Array.from({ length: n }, (_, i) => i);
    // Lowest cut height leaving <= k clusters: cutting at t merges every subtree with
    // maxDist <= t, so count(t) = n − #{r : maxDist[r] <= t}.
    const sorted = Float64Array.from(maxDist).sort();
    let cutoff = sorted[n - 2];
    for (let r = 0; r < n - 1; r++) {
      let merged = r + 1;
      while (merged < n - 1 && sorted[merged] <= sorted[r]) merged++;
      if (n - merged <= k) {
        cutoff = sorted[r];
        break;
      }
    }
    return labelSubtrees(tree, maxDist, n, cutoff);
  }
  if ('height' in criterion && criterion.height !== undefined) {
    const h = criterion.height;
    if (typeof h !== 'number') throw new EpikitError('E_INPUT_TYPE', `height must be a number, got ${describeValue(h)}`, { argument: 'height' });
    if (!Number.isFinite(h)) throw new EpikitError('E_INPUT_NAN', `height is ${describeValue(h)}: expected a finite number`, { argument: 'height', value: h });
    return labelSubtrees(tree, maxDist, n, h);
  }
  throw new EpikitError('E_INPUT_RANGE', 'criterion must have a k (number of clusters) or a height', { argument: 'criterion' });
}

/**
 * Left-to-right leaf order of the dendrogram (scipy.cluster.hierarchy.leaves_list): a
 * depth-first walk from the root, child a before child b. O(n).
 *
 * @example dendrogramOrder(hclust([1, 5, 4], { method: 'average' }).linkage, 3) // Int32Array [2, 0, 1]
 * @throws {EpikitError} E_INPUT_SHAPE / E_INPUT_RANGE when linkage is not a valid tree on n points.
 */
export function dendrogramOrder(linkage: ArrayLike<number>, n: number): Int32Array {
  const tree = checkLinkage(linkage, n);
  const order = new Int32Array(n);
  if (n === 1) return order;
  const stack = new Int32Array(n);
  let top = 0;
  let p = 0;
  stack[top++] = 2 * n - 2;
  while (top > 0) {
    const node = stack[--top];
    if (node < n) {
      order[p++] = node;
    } else {
      const r = node - n;
      stack[top++] = tree[2 * r + 1]; // b after a
      stack[top++] = tree[2 * r];
    }
  }
  return order;
}

/**
 * Checks that linkage is a tree on n points (every id 0..2n−3 used once, row r uses only ids
 * < n + r) and returns the children as Int32Array [a0, b0, a1, b1, …].
 */
function checkLinkage(linkage: ArrayLike<number>, n: number): Int32Array {
  integerIn('n', n, 1, 2 ** 30);
  if (!linkage || typeof linkage !== 'object' || typeof (linkage as ArrayLike<number>).length !== 'number') {
    throw new EpikitError('E_INPUT_TYPE', `linkage must be a Float64Array or number[], got ${describeValue(linkage)}`, { argument: 'linkage' });
  }
  if (linkage.length !== (n - 1) * 4) {
    throw new EpikitError('E_INPUT_SHAPE', `linkage has length ${linkage.length}: expected (n − 1) × 4 = ${(n - 1) * 4} for n = ${n}`, { argument: 'linkage' });
  }
  const tree = new Int32Array(2 * (n - 1));
  const used = new Uint8Array(Math.max(0, 2 * n - 2));
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < 2; c++) {
      const id = linkage[4 * r + c];
      if (!Number.isInteger(id) || id < 0 || id >= n + r || used[id]) {
        throw new EpikitError(
          'E_INPUT_RANGE',
          `linkage[${r}][${c}] is ${describeValue(id)}: expected the id of an unused cluster in [0, ${n + r - 1}] (not a valid linkage for n = ${n})`,
          { argument: 'linkage', row: r, column: c, value: id },
        );
      }
      used[id] = 1;
      tree[2 * r + c] = id;
    }
    const h = linkage[4 * r + 2];
    if (typeof h !== 'number' || Number.isNaN(h)) {
      throw new EpikitError('E_INPUT_NAN', `linkage[${r}][2] is ${describeValue(h)}: expected a height`, { argument: 'linkage', row: r });
    }
  }
  return tree;
}

// maxDist[r] = largest height in the subtree of row r (SciPy's get_max_dist_for_each_cluster;
// equal to the row's height for monotone linkages). Children precede parents, so one pass.
function maxHeights(tree: Int32Array, n: number, linkage: ArrayLike<number>): Float64Array {
  const md = new Float64Array(Math.max(0, n - 1));
  for (let r = 0; r < n - 1; r++) {
    let m = linkage[4 * r + 2];
    for (let c = 0; c < 2; c++) {
      const child = tree[2 * r + c];
      if (child >= n && md[child - n] > m) m = md[child - n];
    }
    md[r] = m;
  }
  return md;
}

// SciPy's cluster_monocrit: depth-first from the root (child a first); the first node on the
// way down with maxDist <= cutoff leads a cluster and takes the next number; a leaf outside
// any such cluster takes the next number when its parent is finished.
function labelSubtrees(tree: Int32Array, maxDist: Float64Array, n: number, cutoff: number): Int32Array {
  const labels = new Int32Array(n);
  if (n === 1) return labels;
  const stack = new Int32Array(n);
  const visited = new Uint8Array(2 * n - 1);
  let count = -1;
  let leader = -1;
  let k = 0;
  stack[0] = 2 * n - 2;
  while (k >= 0) {
    const root = stack[k] - n;
    const a = tree[2 * root];
    const b = tree[2 * root + 1];
    if (leader === -1 && maxDist[root] <= cutoff) {
      leader = root;
      count++;
    }
    if (a >= n && !visited[a]) {
      visited[a] = 1;
      stack[++k] = a;
      continue;
    }
    if (b >= n && !visited[b]) {
      visited[b] = 1;
      stack[++k] = b;
      continue;
    }
    if (a < n) {
      if (leader === -1) count++;
      labels[a] = count;
    }
    if (b < n) {
      if (leader === -1) count++;
      labels[b] = count;
    }
    if (leader === root) leader = -1;
    k--;
  }
  return labels;
}
