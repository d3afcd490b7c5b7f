/**
 * Scores of forecasts of per-county window totals (one number per county: e.g. the new cases of
 * each county over a 3-, 5- or 7-day forecast window), as used to compare the Hawkes models with
 * their baselines (Chiang, Liu & Mohler 2022, section 3.2: MAE, percentage error, NDCG) plus two
 * scores of the forecast intervals (coverage, weighted interval score). Pure TypeScript; every
 * function validates its input and throws EpikitError naming the argument and the value.
 */
import { EpikitError } from '../errors.js';
import { finiteVector, integerIn, numberIn } from '../validate.js';

/**
 * The quantile levels of the Hawkes forecasts (same as HAWKES_QUANTILES in forecast-hawkes.ts,
 * repeated here so that the metrics do not pull in the simulator): the median and the central
 * 95 %, 80 % and 50 % intervals.
 */
export const FORECAST_QUANTILE_LEVELS = [0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975] as const;

/** One central prediction interval per county at level 1 − alpha. */
export interface ForecastInterval {
  /** The interval is the central (1 − alpha) interval: lower = q(alpha/2), upper = q(1 − alpha/2). */
  alpha: number;
  /** Lower bounds, one per county. */
  lower: ArrayLike<number>;
  /** Upper bounds, one per county (upper[i] ≥ lower[i]). */
  upper: ArrayLike<number>;
}

/** The median and the central intervals of a set of symmetric quantile levels, per county. */
export interface QuantileIntervals {
  /** Median per county. */
  median: Float64Array;
  /** Central intervals, widest first (alpha ascending: 0.05, 0.2, 0.5 for the Hawkes levels). */
  intervals: { alpha: number; lower: Float64Array; upper: Float64Array }[];
}

function sameLength(name: string, x: Float64Array, refName: string, ref: Float64Array): void {
  if (x.length !== ref.length) {
    throw new EpikitError(
      'E_INPUT_SHAPE',
      `${name} has length ${x.length} but ${refName} has length ${ref.length}: expected one value per county in both`,
      { argument: name, length: x.length, expected: ref.length },
    );
  }
}

function nonNegative(name: string, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    if (x[i] < 0) {
      throw new EpikitError('E_INPUT_RANGE', `${name}[${i}] is ${x[i]}: expected a count >= 0`, { argument: name, index: i, value: x[i] });
    }
  }
}

function orderedBounds(lowerName: string, lower: Float64Array, upperName: string, upper: Float64Array): void {
  for (let i = 0; i < lower.length; i++) {
    if (lower[i] > upper[i]) {
      throw new EpikitError(
        'E_INPUT_RANGE',
        `${lowerName}[${i}] is ${lower[i]} but ${upperName}[${i}] is ${upper[i]}: expected lower <= upper`,
        { argument: lowerName, index: i, lower: lower[i], upper: upper[i] },
      );
    }
  }
}

/**
 * Mean absolute error (1/n) Σ |forecast_i − truth_i| over the counties given (the paper's MAE,
 * averaged across counties; average it again across forecast windows).
 *
 * Complexity: O(n).
 * @param forecast forecast window totals, one per county (finite).
 * @param truth observed window totals, same length (finite).
 * @returns the mean absolute error.
 * @throws {EpikitError} E_INPUT_EMPTY (no county), E_INPUT_NAN (NaN or ±Infinity), E_INPUT_TYPE,
 *   E_INPUT_SHAPE (lengths differ).
 * @example
 * meanAbsoluteError([10, 0, 5], [12, 1, 5]); // (2 + 1 + 0) / 3 = 1
 */
export function meanAbsoluteError(forecast: ArrayLike<number>, truth: ArrayLike<number>): number {
  const f = finiteVector('forecast', forecast);
  const y = finiteVector('truth', truth);
  sameLength('forecast', f, 'truth', y);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(f[i] - y[i]);
  return s / y.length;
}

/**
 * Percentage error 100 · Σ |forecast_i − truth_i| / Σ truth_i, aggregated over the counties
 * given. The paper reports "percentage error" (Table S1) without a formula and the authors'
 * code has none (reference notes §1.9); a per-county ratio |f − y| / y is undefined for the many
 * counties with a zero window total, so the errors and the truths are summed first (this is
 * also MAE divided by the mean truth, in percent). Returns NaN when Σ truth = 0 (no event in
 * any county: no scale to compare against).
 *
 * Complexity: O(n).
 * @param forecast forecast window totals (finite).
 * @param truth observed window totals (finite, ≥ 0), same length.
 * @returns the percentage error in percent, or NaN when Σ truth = 0.
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN, E_INPUT_TYPE, E_INPUT_SHAPE (lengths differ),
 *   E_INPUT_RANGE (a negative truth).
 * @example
 * percentageError([10, 0, 5], [12, 1, 7]); // 100 · (2 + 1 + 2) / 20 = 25
 */
export function percentageError(forecast: ArrayLike<number>, truth: ArrayLike<number>): number {
  const f = finiteVector('forecast', forecast);
  const y = finiteVector('truth', truth);
  sameLength('forecast', f, 'truth', y);
  nonNegative('truth', y);
  let err = 0;
  let tot = 0;
  for (let i = 0; i < y.length; i++) {
    err += Math.abs(f[i] - y[i]);
    tot += y[i];
  }
  return tot > 0 ? (100 * err) / tot : Number.NaN;
}

/**
 * Normalised discounted cumulative gain of the ranking of the counties by `score` (the forecast)
 * against the relevance `truth` (observed totals) — scikit-learn's `ndcg_score([truth], [score])`
 * for one sample with its defaults, as the authors' evaluation code calls it (reference notes
 * §1.9): linear gain (the relevance itself), discount 1/log2(rank + 1), no cut-off, ties in the
 * score handled like ignore_ties=False (every county of a group of equal scores gets the group's
 * mean relevance — the expected DCG over the orders of the tie — at the group's discounts).
 * NDCG = DCG / IDCG with IDCG the DCG of the counties sorted by truth; 0 when IDCG = 0 (all
 * truths 0). For one county (which scikit-learn refuses) the same formula gives 1 if truth > 0
 * and 0 otherwise.
 *
 * Complexity: O(n log n) (two sorts).
 * @param truth observed window totals, the relevance (finite, ≥ 0).
 * @param score forecast window totals, the ranking score (finite), same length.
 * @returns NDCG in [0, 1].
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN, E_INPUT_TYPE, E_INPUT_SHAPE (lengths differ),
 *   E_INPUT_RANGE (a negative truth).
 * @example
 * ndcg([10, 5, 0], [3, 2, 1]); // 1: the forecast ranks the counties like the truth
 * ndcg([10, 5, 0], [1, 2, 3]); // (0 + 5/log2 3 + 10/2) / (10 + 5/log2 3) ≈ 0.6199
 */
export function ndcg(truth: ArrayLike<number>, score: ArrayLike<number>): number {
  const y = finiteVector('truth', truth);
  const s = finiteVector('score', score);
  sameLength('score', s, 'truth', y);
  nonNegative('truth', y);
  const n = y.length;
  // Ideal DCG: truths in decreasing order.
  const ideal = Float64Array.from(y).sort().reverse();
  let idcg = 0;
  for (let r = 0; r < n; r++) idcg += ideal[r] / Math.log2(r + 2);
  if (idcg === 0) return 0;
  // DCG in the order of decreasing score; a group of tied scores gets its mean gain.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b] - s[a]);
  let dcg = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && s[order[end]] === s[order[start]]) end++;
    if (end === start + 1) {
      dcg += y[order[start]] / Math.log2(start + 2); // same operations as the ideal DCG
    } else {
      let gain = 0;
      let discount = 0;
      for (let r = start; r < end; r++) {
        gain += y[order[r]];
        discount += 1 / Math.log2(r + 2);
      }
      dcg += (gain / (end - start)) * discount;
    }
    start = end;
  }
  // ≤ 1 mathematically; the min only removes a last-ulp excess of the tie averaging.
  return Math.min(1, dcg / idcg);
}

/**
 * Share of counties whose observed total lies in its interval: (1/n) Σ 1{lower_i ≤ truth_i ≤
 * upper_i} (closed interval). A calibrated central (1 − α) interval covers about 1 − α.
 *
 * Complexity: O(n).
 * @param truth observed window totals (finite).
 * @param lower lower bounds (finite), same length.
 * @param upper upper bounds (finite, ≥ lower), same length.
 * @returns the coverage in [0, 1].
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN, E_INPUT_TYPE, E_INPUT_SHAPE (lengths differ),
 *   E_INPUT_RANGE (lower > upper).
 * @example
 * intervalCoverage([5, 9, 2], [4, 4, 3], [6, 8, 5]); // 1/3: only the first county is covered
 */
export function intervalCoverage(truth: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  const y = finiteVector('truth', truth);
  const l = finiteVector('lower', lower);
  const u = finiteVector('upper', upper);
  sameLength('lower', l, 'truth', y);
  sameLength('upper', u, 'truth', y);
  orderedBounds('lower', l, 'upper', u);
  let covered = 0;
  for (let i = 0; i < y.length; i++) if (l[i] <= y[i] && y[i] <= u[i]) covered++;
  return covered / y.length;
}

/**
 * Interval score of a central (1 − α) interval per county (Gneiting & Raftery 2007; Bracher,
 * Ray, Gneiting & Reich 2021, PLOS Comput Biol 17:e1008618, eq. 1):
 * IS_α = (u − l) + (2/α)(l − y)·1{y < l} + (2/α)(y − u)·1{y > u}.
 *
 * Complexity: O(n).
 * @param truth observed window totals (finite).
 * @param lower lower bounds (finite), same length.
 * @param upper upper bounds (finite, ≥ lower), same length.
 * @param alpha the interval's level is 1 − alpha; alpha in (0, 1).
 * @returns IS_α per county.
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN, E_INPUT_TYPE, E_INPUT_SHAPE, E_INPUT_RANGE
 *   (lower > upper, alpha outside (0, 1)).
 * @example
 * intervalScores([10], [6], [9], 0.5); // Float64Array [3 + (2/0.5)·1] = [7]
 */
export function intervalScores(truth: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, alpha: number): Float64Array {
  const y = finiteVector('truth', truth);
  return intervalScoresOf(y, checkedInterval('', y, { alpha, lower, upper }));
}

interface CheckedInterval {
  alpha: number;
  lower: Float64Array;
  upper: Float64Array;
}

function checkedInterval(prefix: string, y: Float64Array, it: ForecastInterval): CheckedInterval {
  if (!it || typeof it !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `${prefix || 'interval'} must be an object { alpha, lower, upper }`, { argument: prefix || 'interval' });
  }
  const alpha = numberIn(`${prefix}alpha`, it.alpha, 0, 1);
  if (alpha === 0 || alpha === 1) {
    throw new EpikitError('E_INPUT_RANGE', `${prefix}alpha is ${alpha}: expected a number in (0, 1)`, { argument: `${prefix}alpha`, value: alpha });
  }
  const lower = finiteVector(`${prefix}lower`, it.lower);
  const upper = finiteVector(`${prefix}upper`, it.upper);
  sameLength(`${prefix}lower`, lower, 'truth', y);
  sameLength(`${prefix}upper`, upper, 'truth', y);
  orderedBounds(`${prefix}lower`, lower, `${prefix}upper`, upper);
  return { alpha, lower, upper };
}

function intervalScoresOf(y: Float64Array, { alpha, lower, upper }: CheckedInterval): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    let s = upper[i] - lower[i];
    if (y[i] < lower[i]) s += (2 / alpha) * (lower[i] - y[i]);
    else if (y[i] > upper[i]) s += (2 / alpha) * (y[i] - upper[i]);
    out[i] = s;
  }
  return out;
}

/**
 * Weighted interval score per county (Bracher, Ray, Gneiting & Reich 2021, PLOS Comput Biol
 * 17:e1008618, section "Weighted interval score"), with K central intervals and the median m,
 * weights w_0 = 1/2 and w_k = α_k/2:
 * WIS = (½·|y − m| + Σ_k (α_k/2)·IS_{α_k}) / (K + ½).
 * Equivalently WIS = (1/(2K + 1)) Σ_q QS_q over the 2K + 1 quantile levels with the quantile
 * score QS_q = 2·(1{y ≤ x_q} − q)(x_q − y) (the same paper; the tests check both forms). Lower
 * is better; in the units of the counts (it reduces to the absolute error of the median at K = 0).
 *
 * Complexity: O(n·K).
 * @param truth observed window totals (finite).
 * @param median predictive median per county (finite), same length.
 * @param intervals central intervals { alpha, lower, upper } (alpha in (0, 1); bounds as long as
 *   truth, lower ≤ upper); may be empty.
 * @returns WIS per county.
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN, E_INPUT_TYPE, E_INPUT_SHAPE (lengths differ),
 *   E_INPUT_RANGE (lower > upper, alpha outside (0, 1)).
 * @example
 * weightedIntervalScores([10], [8], [{ alpha: 0.5, lower: [6], upper: [9] }, { alpha: 0.2, lower: [4], upper: [12] }]);
 * // (0.5·2 + 0.25·7 + 0.1·8) / 2.5 = [1.42]
 */
export function weightedIntervalScores(truth: ArrayLike<number>, median: ArrayLike<number>, intervals: readonly ForecastInterval[]): Float64Array {
  const y = finiteVector('truth', truth);
  const m = finiteVector('median', median);
  sameLength('median', m, 'truth', y);
  if (!Array.isArray(intervals)) {
    throw new EpikitError('E_INPUT_TYPE', `intervals must be an array of { alpha, lower, upper }`, { argument: 'intervals' });
  }
  const checked = intervals.map((it, k) => checkedInterval(`intervals[${k}].`, y, it));
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = 0.5 * Math.abs(y[i] - m[i]);
  for (const it of checked) {
    const is = intervalScoresOf(y, it);
    for (let i = 0; i < y.length; i++) out[i] += (it.alpha / 2) * is[i];
  }
  const norm = checked.length + 0.5;
  for (let i = 0; i < y.length; i++) out[i] /= norm;
  return out;
}

/**
 * Mean over counties of the weighted interval score (see {@link weightedIntervalScores}).
 *
 * Complexity: O(n·K).
 * @returns (1/n) Σ_i WIS_i.
 * @throws {EpikitError} as weightedIntervalScores.
 * @example
 * const { median, intervals } = quantileIntervals(forecast.quantiles, counties);
 * weightedIntervalScore(observedTotals, median, intervals);
 */
export function weightedIntervalScore(truth: ArrayLike<number>, median: ArrayLike<number>, intervals: readonly ForecastInterval[]): number {
  const w = weightedIntervalScores(truth, median, intervals);
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i];
  return s / w.length;
}

/**
 * Splits quantiles stored county-major (`levels.length` values per county, in the order of
 * `levels`) into the median and the central intervals of the symmetric level pairs: for the
 * Hawkes levels [0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975] the intervals α = 0.05 (0.025–0.975),
 * 0.2 (0.1–0.9) and 0.5 (0.25–0.75), ready for {@link weightedIntervalScore} and
 * {@link intervalCoverage}. The quantiles must be those of the quantity scored (for window
 * totals: quantiles of each realisation's window total, not sums of daily quantiles).
 *
 * Complexity: O(counties · levels).
 * @param quantiles counties × levels.length values, county-major (finite).
 * @param counties number of counties (integer ≥ 1).
 * @param levels ascending levels in (0, 1), containing 0.5, symmetric (levels[k] + levels[L−1−k]
 *   = 1). Default FORECAST_QUANTILE_LEVELS.
 * @returns { median, intervals } with intervals widest first, alpha = 2·levels[k].
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN, E_INPUT_TYPE, E_INPUT_SHAPE (length ≠ counties
 *   × levels), E_INPUT_RANGE (levels not ascending, not symmetric, or without 0.5).
 * @example
 * quantileIntervals([1, 2, 3, 4, 5, 6, 7], 1);
 * // { median: [4], intervals: [{ alpha: 0.05, lower: [1], upper: [7] }, { alpha: 0.2, lower: [2], upper: [6] }, { alpha: 0.5, lower: [3], upper: [5] }] }
 */
export function quantileIntervals(quantiles: ArrayLike<number>, counties: number, levels: readonly number[] = FORECAST_QUANTILE_LEVELS): QuantileIntervals {
  const lv = finiteVector('levels', levels);
  const L = lv.length;
  for (let k = 0; k < L; k++) {
    if (!(lv[k] > 0 && lv[k] < 1)) {
      throw new EpikitError('E_INPUT_RANGE', `levels[${k}] is ${lv[k]}: expected a level in (0, 1)`, { argument: 'levels', index: k, value: lv[k] });
    }
    if (k > 0 && !(lv[k] > lv[k - 1])) {
      throw new EpikitError('E_INPUT_RANGE', `levels[${k}] is ${lv[k]} after ${lv[k - 1]}: expected strictly ascending levels`, { argument: 'levels', index: k, value: lv[k] });
    }
    if (Math.abs(lv[k] + lv[L - 1 - k] - 1) > 1e-12) {
      throw new EpikitError('E_INPUT_RANGE', `levels[${k}] is ${lv[k]} but levels[${L - 1 - k}] is ${lv[L - 1 - k]}: expected symmetric levels (q and 1 − q)`, { argument: 'levels', index: k, value: lv[k] });
    }
  }
  const mid = (L - 1) / 2;
  if (L % 2 === 0 || lv[mid] !== 0.5) {
    throw new EpikitError('E_INPUT_RANGE', `levels has no median: expected an odd number of levels with 0.5 in the middle`, { argument: 'levels' });
  }
  integerIn('counties', counties, 1, Number.MAX_SAFE_INTEGER);
  const q = finiteVector('quantiles', quantiles);
  if (q.length !== counties * L) {
    throw new EpikitError('E_INPUT_SHAPE', `quantiles has length ${q.length}: expected counties × levels = ${counties} × ${L} = ${counties * L}`, { argument: 'quantiles', length: q.length, expected: counties * L });
  }
  const median = new Float64Array(counties);
  for (let c = 0; c < counties; c++) median[c] = q[c * L + mid];
  const intervals: QuantileIntervals['intervals'] = [];
  for (let k = 0; k < mid; k++) {
    const lower = new Float64Array(counties);
    const upper = new Float64Array(counties);
    for (let c = 0; c < counties; c++) {
      lower[c] = q[c * L + k];
      upper[c] = q[c * L + L - 1 - k];
    }
    intervals.push({ alpha: 2 * lv[k], lower, upper });
  }
  return { median, intervals };
}
