/**
 * Silhouettes of the clustered NMFk signals and the robustness of a number of signals k.
 * Reference: /work/shared/reference/nmfk-and-ensemble.md §1.4 (NMFk.jl `finalize`) and §1.9
 * (pyDNMFk's arccos distance).
 */

/**
 * Distance between two signals:
 * - 'cosine' (NMFk.jl, default): 1 − cos θ;
 * - 'angular' (pyDNMFk): θ = arccos(clip(cos θ, −1, 1)).
 */
export type SignalDistance = 'cosine' | 'angular';

export interface SignalSilhouettes {
  /** Silhouette of every signal (length = signals.length / length). */
  silhouettes: Float64Array;
  /** Mean silhouette of each cluster's members (length k; 0 for an empty cluster). */
  clusterSilhouettes: Float64Array;
  /** Mean silhouette over all signals. */
  meanSilhouette: number;
  /** Minimum of clusterSilhouettes: NMFk's robustness of k (1 when k = 1). */
  robustness: number;
}

const EPS = 2.220446049250313e-16;
const EPS2 = EPS * EPS;

/**
 * Rousseeuw's silhouettes of labelled signals under the cosine (or angular) distance, with
 * NMFk.jl's conventions (§1.4):
 * - distances below eps² (eps = 2.22e-16) are raised to eps², NaN distances (a zero signal)
 *   become 0;
 * - per signal i of cluster c: a = mean distance to the other members of c, b = the smallest
 *   mean distance to the members of another cluster, s = (b − a) / max(a, b), computed as
 *   Clustering.jl does (1 − a/b if a < b, b/a − 1 if a > b, 0 if equal); members of a
 *   one-signal cluster get 0; NaN silhouettes become 0;
 * - cluster silhouette = mean over its members; robustness = the minimum cluster silhouette;
 *   with k = 1 there is no "other cluster": silhouettes, cluster silhouette, mean and
 *   robustness are all reported as 1 (NMFk.jl's robustness = 1 for k = 1).
 *
 * pyDNMFk (§1.9) differs only in the distance (arccos of the clipped cosine similarity, option
 * `distance: 'angular'`); its a = (sum of same-cluster distances)/(P − 1) and b = min over
 * other clusters of (summed distances)/P are the same means because every cluster holds
 * exactly one signal per perturbation. pyDNMFk does not floor the distances at eps².
 *
 * Complexity: O(N²·L) time for N signals of length L, O(N·k + N·L) memory (no N × N matrix).
 *
 * @param signals N signals of `length` values each, row-major.
 * @param labels cluster of each signal, in [0, k).
 * @example
 * const s = Float64Array.of(1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9);
 * signalSilhouettes(s, 2, Int32Array.of(0, 0, 1, 1), 2).robustness; // ≈ 0.99
 */
export function signalSilhouettes(
  signals: Float64Array,
  length: number,
  labels: Int32Array,
  k: number,
  options: { distance?: SignalDistance } = {},
): SignalSilhouettes {
  const angular = options.distance === 'angular';
  const n = labels.length;
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) counts[labels[i]]++;
  const silhouettes = new Float64Array(n);
  const clusterSilhouettes = new Float64Array(k);
  if (k === 1) {
    silhouettes.fill(1);
    clusterSilhouettes.fill(1);
    return { silhouettes, clusterSilhouettes, meanSilhouette: 1, robustness: 1 };
  }
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let ss = 0;
    const o = i * length;
    for (let t = 0; t < length; t++) ss += signals[o + t] * signals[o + t];
    norms[i] = Math.sqrt(ss);
  }
  // sums[i·k + c] = Σ distance(i, j) over j ≠ i in cluster c.
  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const oi = i * length;
    for (let j = i + 1; j < n; j++) {
      const oj = j * length;
      let dot = 0;
      for (let t = 0; t < length; t++) dot += signals[oi + t] * signals[oj + t];
      const cos = dot / (norms[i] * norms[j]);
      let dist = angular ? Math.acos(Math.min(1, Math.max(-1, cos))) : 1 - cos;
      if (Number.isNaN(dist)) dist = 0;
      else if (dist < EPS2) dist = EPS2;
      sums[i * k + labels[j]] += dist;
      sums[j * k + labels[i]] += dist;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    let s = 0;
    if (counts[own] > 1) {
      const a = sums[i * k + own] / (counts[own] - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) {
        if (c === own || counts[c] === 0) continue;
        const mean = sums[i * k + c] / counts[c];
        if (mean < b) b = mean;
      }
      s = a < b ? 1 - a / b : a > b ? b / a - 1 : 0;
      if (Number.isNaN(s)) s = 0;
    }
    silhouettes[i] = s;
    clusterSilhouettes[own] += s;
    total += s;
  }
  let robustness = Infinity;
  for (let c = 0; c < k; c++) {
    if (counts[c] > 0) clusterSilhouettes[c] /= counts[c];
    if (clusterSilhouettes[c] < robustness) robustness = clusterSilhouettes[c];
  }
  return { silhouettes, clusterSilhouettes, meanSilhouette: n > 0 ? total / n : 0, robustness };
}
