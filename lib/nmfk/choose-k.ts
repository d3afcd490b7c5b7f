/**
 * The two rules for the number of signals k: NMFk.jl's robustness threshold and pyDNMFk's
 * silhouette threshold followed by a Wilcoxon test on column errors.
 * Reference: /work/shared/reference/nmfk-and-ensemble.md §1.5 and §1.9.
 */
import { wilcoxonSignedRank } from './wilcoxon-signed-rank.js';

/**
 * NMFk.jl's rule (`getk`, §1.5): the largest k whose robustness (minimum cluster silhouette)
 * is strictly above `threshold`. When no k qualifies: null in strict mode (NMFk.jl's default,
 * which returns `nothing`), otherwise the k of maximum robustness (the smallest such k on ties).
 * NaN robustness never qualifies.
 *
 * Complexity: O(K) for K values of k.
 *
 * @example
 * // NMFk.jl README: silhouettes 0.998, 0.854, −0.578, −0.676 for k = 2..5 → 3
 * chooseKByRobustness([2, 3, 4, 5], [0.998, 0.854, -0.578, -0.676], 0.5); // 3
 */
export function chooseKByRobustness(
  ks: readonly number[],
  robustness: readonly number[],
  threshold = 0.5,
  strict = true,
): number | null {
  let chosen: number | null = null;
  for (let i = 0; i < ks.length; i++) {
    if (robustness[i] > threshold && (chosen === null || ks[i] > chosen)) chosen = ks[i];
  }
  if (chosen !== null || strict) return chosen;
  let best = -Infinity;
  for (let i = 0; i < ks.length; i++) {
    if (robustness[i] > best || (robustness[i] === best && chosen !== null && ks[i] < chosen)) {
      best = robustness[i];
      chosen = ks[i];
    }
  }
  return chosen;
}

export interface PyDnmfkKChoice {
  k: number;
  /** p-value of the Wilcoxon test at each k (1 where no test was run), as pyDNMFk's `pvalue`. */
  pValues: number[];
}

/**
 * pyDNMFk's rule (`pvalueAnalysis`, §1.9), followed step by step: with ks ascending, the
 * minimum cluster silhouette of every k rounded to 2 decimals (as pyDNMFk does), and per k the
 * per-column relative errors e_j = ‖X_:j − (WH)_:j‖ / ‖X_:j‖:
 *
 *     reference = errors of ks[0]; nopt = 1
 *     for i = 1 … K−1:
 *       if silhouette(ks[i−1]) > threshold:
 *         p_i = Wilcoxon signed-rank p-value(reference, errors of ks[i])
 *         if p_i < 0.05: nopt = i; reference = errors of ks[i]
 *     return ks[nopt − 1]
 *
 * i.e. the returned k is the one before the last k whose errors still differed significantly
 * from the previously accepted k (pyDNMFk's indexing, kept as is). A single k is returned
 * as is. The Wilcoxon test is {@link wilcoxonSignedRank} (normal approximation).
 *
 * Complexity: O(K · n log n) for K values of k and n columns.
 *
 * @example
 * // k = 2 and 3 stable, k = 4 not; every step lowers every column's error (p < 0.05):
 * // the test at k = 4 (allowed by k = 3's silhouette) sets nopt = 2 → ks[1] = 3
 * const e2 = [0.5, 0.4, 0.6, 0.5, 0.45, 0.55, 0.5, 0.4, 0.6, 0.5];
 * const e3 = e2.map((e) => e / 2);
 * const e4 = e3.map((e) => e * 0.98);
 * chooseKByPyDnmfk([2, 3, 4], [0.95, 0.9, 0.3], [e2, e3, e4], 0.6).k; // 3
 */
export function chooseKByPyDnmfk(
  ks: readonly number[],
  minSilhouettes: readonly number[],
  columnErrors: readonly ArrayLike<number>[],
  threshold = 0.6,
): PyDnmfkKChoice {
  const pValues = ks.map(() => 1);
  if (ks.length <= 1) return { k: ks[0], pValues };
  const rounded = minSilhouettes.map((s) => Math.round(s * 100) / 100);
  let reference = columnErrors[0];
  let nopt = 1;
  for (let i = 1; i < ks.length; i++) {
    if (rounded[i - 1] > threshold) {
      pValues[i] = wilcoxonSignedRank(reference, columnErrors[i]).pValue;
      if (pValues[i] < 0.05) {
        nopt = i;
        reference = columnErrors[i];
      }
    }
  }
  return { k: ks[nopt - 1], pValues };
}
