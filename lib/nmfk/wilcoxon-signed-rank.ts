/**
 * The Wilcoxon signed-rank test for paired samples, normal approximation with the tie
 * correction: what pyDNMFk's k rule calls as scipy.stats.wilcoxon on two k's per-column
 * errors (/work/shared/reference/nmfk-and-ensemble.md §1.9).
 */

export interface WilcoxonSignedRankResult {
  /** min(R⁺, R⁻): the smaller of the rank sums of the positive and negative differences. */
  statistic: number;
  /** Two-sided p-value from the normal approximation (1 when no difference is non-zero). */
  pValue: number;
  /** (R⁺ − n(n+1)/4) / σ, σ with the tie correction (0 when σ = 0). */
  z: number;
  /** Number of non-zero differences used. */
  n: number;
}

/**
 * Two-sided Wilcoxon signed-rank test of the differences x − y, as scipy.stats.wilcoxon(x, y,
 * zero_method='wilcox', correction=False, method='approx'):
 * zero differences are dropped; the n remaining |d| get average ranks (ties share the mean
 * rank); R⁺ and R⁻ are the rank sums of the positive and negative differences;
 * z = (R⁺ − n(n+1)/4) / σ with σ² = n(n+1)(2n+1)/24 − Σ_ties (t³ − t)/48; p = erfc(|z|/√2).
 * (pyDNMFk calls wilcoxon with scipy's defaults, whose method 'auto' uses the exact null
 * distribution for n ≤ 50 without ties or zeros; here the normal approximation is used
 * always — on the hundreds of columns of a county matrix the two agree.)
 *
 * Complexity: O(n log n).
 *
 * @example
 * wilcoxonSignedRank([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 5, 7, 9, 8, 12, 15]).pValue; // ≈ 0.02055 (scipy: 0.020550301646476254)
 */
export function wilcoxonSignedRank(x: ArrayLike<number>, y: ArrayLike<number>): WilcoxonSignedRankResult {
  const diffs: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - y[i];
    if (d !== 0) diffs.push(d);
  }
  const n = diffs.length;
  if (n === 0) return { statistic: 0, pValue: 1, z: 0, n: 0 };
  const order = diffs.map((_, i) => i).sort((a, b) => Math.abs(diffs[a]) - Math.abs(diffs[b]));
  let rPlus = 0;
  let rMinus = 0;
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && Math.abs(diffs[order[end]]) === Math.abs(diffs[order[start]])) end++;
    const t = end - start;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let q = start; q < end; q++) {
      if (diffs[order[q]] > 0) rPlus += rank;
      else rMinus += rank;
    }
    tieTerm += t * t * t - t;
    start = end;
  }
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  const sigma = Math.sqrt(Math.max(0, variance));
  const z = sigma > 0 ? (rPlus - mean) / sigma : 0;
  const pValue = Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
  return { statistic: Math.min(rPlus, rMinus), pValue, z, n };
}

/**
 * Complementary error function erfc(x) for x ≥ 0 to ~1e-13 relative: the Maclaurin series
 * of erf below 2 (terms stay below e⁴ in size, so erfc keeps ≥ 12 digits), Lentz's continued
 * fraction erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))) from 2 on; erfc(−x) =
 * 2 − erfc(x). O(1) (at most a few hundred terms).
 *
 * @example
 * erfc(1); // 0.15729920705028522 (scipy.special.erfc: 0.15729920705028516)
 */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/√π Σ_n (−1)^n x^{2n+1} / (n! (2n + 1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let k = 1; k < 200; k++) {
      term *= -x2 / k;
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Modified Lentz for K = x + a1/(x + a2/(x + …)), a_j = j/2.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let j = 1; j < 500; j++) {
    const a = j / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
