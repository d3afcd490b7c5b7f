/**
 * Clustering of the signals found by NMFk's restarts: every restart contributes k signals
 * (rows of H, or columns of W), and each restart's k signals are matched one-to-one to k
 * centroids. Reference: /work/shared/reference/nmfk-and-ensemble.md §1.3 (NMFk.jl
 * `clustersolutions`: seeds from the best restart, greedy assignment on cosine distance,
 * one pass) and §1.9 (pyDNMFk `custom_clustering`: greedy assignment, 100 passes, median
 * centroids). Here the assignment is optimal (Hungarian, lib/cluster/optimal-assignment.ts)
 * and the passes are repeated until no label changes.
 */
import { assignRowsToColumns } from '../cluster/optimal-assignment.js';

export interface RestartSignalClustering {
  /** labels[r·k + a] = cluster of signal a of restart r (each restart uses every cluster once). */
  labels: Int32Array;
  /** signalOfCluster[r·k + c] = the signal of restart r placed in cluster c (inverse of `labels`). */
  signalOfCluster: Int32Array;
  /** Centroids, k × length row-major: the mean of the unit-length (L2) signals of each cluster. */
  centroids: Float64Array;
  /** Assignment passes made (≥ 1). */
  iterations: number;
  /** True when the last pass changed no label (a fixed point), false when stopped by the cap. */
  converged: boolean;
}

export interface ClusterRestartSignalsOptions {
  /** The restart whose signals seed the centroids (NMFk.jl: the best-objective restart; default 0). */
  seedRestart?: number;
  /** Most assignment passes (default 100, pyDNMFk's pass count). */
  maxIterations?: number;
}

/**
 * Matches the k signals of each of R restarts to k clusters by cosine similarity.
 *
 * Start: the centroids are the (unit-normalised) signals of `seedRestart` — NMFk.jl seeds
 * with the restart of lowest objective, and so does {@link nmfk}; the start is deterministic.
 * Each pass: for every restart, the k × k matrix of cosine similarities between its signals
 * and the current centroids is built (a zero signal or centroid has similarity 0, NMFk.jl's
 * NaN → 0) and the permutation maximising the summed similarity is found by the Hungarian
 * algorithm; then every centroid becomes the mean of the unit-length signals assigned to it.
 * Passes repeat until no label changes (then the centroids do not change either: a fixed
 * point) or `maxIterations` passes have been made.
 *
 * Complexity: O(I · R · (k²·L + k³)) time for I passes and signals of length L, O(R·k·L) memory.
 *
 * @param signals R·k signals of `length` values each, restart-major:
 *   signals[(r·k + a)·length + t] = value t of signal a of restart r.
 * @example
 * // two restarts, k = 2, the second one lists the same signals in the other order
 * const s = Float64Array.of(1, 0, 0, 1,   0, 2, 3, 0);
 * clusterRestartSignals(s, 2, 2, 2).labels; // Int32Array [0, 1, 1, 0]
 */
export function clusterRestartSignals(
  signals: Float64Array,
  restarts: number,
  k: number,
  length: number,
  options: ClusterRestartSignalsOptions = {},
): RestartSignalClustering {
  const seedRestart = options.seedRestart ?? 0;
  const maxIterations = options.maxIterations ?? 100;
  const count = restarts * k;
  const unit = unitRows(signals, count, length);

  const centroids = unit.slice(seedRestart * k * length, (seedRestart + 1) * k * length);
  const unitCentroids = new Float64Array(k * length);
  const labels = new Int32Array(count).fill(-1);
  const signalOfCluster = new Int32Array(count);
  const similarity = new Float64Array(k * k);
  let iterations = 0;
  let converged = false;

  while (iterations < maxIterations) {
    iterations++;
    unitCentroids.set(unitRows(centroids, k, length));
    let changed = false;
    for (let r = 0; r < restarts; r++) {
      const base = r * k;
      for (let a = 0; a < k; a++) {
        const sa = (base + a) * length;
        for (let c = 0; c < k; c++) {
          const cc = c * length;
          let dot = 0;
          for (let t = 0; t < length; t++) dot += unit[sa + t] * unitCentroids[cc + t];
          similarity[a * k + c] = dot;
        }
      }
      const { rowToColumn } = assignRowsToColumns(similarity, k, k, true);
      for (let a = 0; a < k; a++) {
        if (labels[base + a] !== rowToColumn[a]) changed = true;
        labels[base + a] = rowToColumn[a];
        signalOfCluster[base + rowToColumn[a]] = a;
      }
    }
    // Centroids: mean of the unit-length members (cosine similarity ignores the 1/R factor,
    // but the mean is what is reported).
    centroids.fill(0);
    for (let i = 0; i < count; i++) {
      const c = labels[i];
      const src = i * length;
      const dst = c * length;
      for (let t = 0; t < length; t++) centroids[dst + t] += unit[src + t];
    }
    for (let t = 0; t < centroids.length; t++) centroids[t] /= restarts;
    if (!changed) {
      converged = true;
      break;
    }
  }
  return { labels, signalOfCluster, centroids, iterations, converged };
}

/**
 * Copies of `count` rows of `length` values scaled to unit L2 norm (zero rows stay zero).
 * O(count · length).
 *
 * @example
 * unitRows(Float64Array.of(3, 4, 0, 0), 2, 2); // [0.6, 0.8, 0, 0]
 */
export function unitRows(data: Float64Array, count: number, length: number): Float64Array {
  const out = new Float64Array(count * length);
  for (let i = 0; i < count; i++) {
    const o = i * length;
    let ss = 0;
    for (let t = 0; t < length; t++) ss += data[o + t] * data[o + t];
    if (ss > 0) {
      const inv = 1 / Math.sqrt(ss);
      for (let t = 0; t < length; t++) out[o + t] = data[o + t] * inv;
    }
  }
  return out;
}
