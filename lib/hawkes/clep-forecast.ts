/**
 * A baseline "in the spirit of" Berkeley's CLEP — Combined Linear and Exponential Predictors
 * (Altieri et al. 2020, "Curating a COVID-19 data repository and forecasting county-level death
 * counts in the United States", arXiv:2005.07882; Harvard Data Science Review 2021; code
 * github.com/Yu-Group/covid19-severity-prediction, modeling/exponential_modeling.py and
 * modeling/pmdl_weight.py), the CLEP row of Chiang, Liu & Mohler 2022, section 3.2.
 *
 * What is taken from CLEP:
 * - the two county-specific predictors on CUMULATIVE counts: (a) exponential — a Poisson GLM
 *   (log link) of the cumulative count on the day index over the last 5 days, fitted on the
 *   days after the last zero, flat (last value) when fewer than 3 such days, when the series is
 *   constant there, or — here — when the cumulative count is below 1; (b) linear — least squares
 *   of the cumulative count on the day index over the last 4 days (CLEP's `active_day = 4`);
 * - the ensemble weights of CLEP's eq. for the combination, w_m ∝ exp(−c(1 − μ) Σ_i μ^{t−i}
 *   ℓ(ŷ_{m,i}, y_i)) with μ = 0.5 and c = 1 by default (the (1 − μ) factor as in the authors'
 *   pmdl_weight), where ŷ_{m,i} is predictor m's forecast of an already observed day i.
 *
 * What differs or is left out (so "CLEP" in our tables means this baseline, not the original):
 * - no shared-county exponential predictors (pooled Poisson GLM across counties, the expanded
 *   one with neighbouring counties, the demographics one): only the two county-specific ones;
 * - no demographics, no MEPI prediction intervals (point forecast only);
 * - weights from the ONE-day-ahead predictions of the last `weightDays` (default 4) observed
 *   days, each made from the data ending the day before, with the loss
 *   ℓ = |log(1 + ŷ) − log(1 + y)| (arXiv v1's log scale; the authors' later code used 3-day-ahead
 *   predictions of the last 7 days and |√ŷ − √y|: `loss: 'sqrt'` selects the square root);
 * - the linear slope is clipped at ≥ 0 (a safeguard: the least-squares slope of a
 *   non-decreasing cumulative series is never negative);
 * - the combined cumulative forecast is made non-decreasing and never below the last observed
 *   cumulative count, and the output is the DAILY forecast (its differences, ≥ 0), to be scored
 *   like the Hawkes forecasts.
 *
 * The cumulative count is the running sum of the daily counts given (plus `initialCumulative`):
 * pass the whole history, as the exponential fit depends on the level, not only on the changes.
 */
import { EpikitError } from '../errors.js';
import { finiteVector, integerIn, numberIn, oneOf } from '../validate.js';
import { checkedDailyCounts } from './persistence-forecast.js';

export interface ClepForecastOptions {
  /** Days of the exponential (Poisson) fit, integer in [3, 3650]. Default 5 (CLEP). */
  exponentialWindow?: number;
  /** Days of the linear fit, integer in [2, 3650]. Default 4 (CLEP). */
  linearWindow?: number;
  /** Observed days whose one-day-ahead predictions set the weights, integer in [0, 3650]. Default 4. 0: equal weights. */
  weightDays?: number;
  /** Decay μ of the older days' losses, in [0, 1). Default 0.5 (CLEP). */
  mu?: number;
  /** Inverse temperature c ≥ 0 of the weights (0: equal weights). Default 1 (CLEP). */
  c?: number;
  /** Scale of the loss |f(ŷ) − f(y)|: 'log1p' (f = log(1 + ·), default) or 'sqrt'. */
  loss?: 'log1p' | 'sqrt';
  /** Cumulative count of each county before the first day of `counts` (length C, ≥ 0). Default 0. */
  initialCumulative?: ArrayLike<number>;
}

export interface ClepForecastDetails {
  /** Daily forecast, C×horizon row-major, ≥ 0 (differences of `cumulative`). */
  daily: Float64Array;
  /** Combined cumulative forecast, C×horizon, non-decreasing and ≥ the last observed cumulative count. */
  cumulative: Float64Array;
  /** The exponential predictor's cumulative forecast, C×horizon. */
  exponential: Float64Array;
  /** The linear predictor's cumulative forecast, C×horizon. */
  linear: Float64Array;
  /** Weights C×2 row-major: [exponential, linear] per county, summing to 1. */
  weights: Float64Array;
}

/** A fitted curve: cumulative count k ≥ 1 days after the last day of the fit. */
type Curve = (k: number) => number;

const flat = (level: number): Curve => () => level;

/**
 * Poisson GLM, log link, of y on the (centred) day index over the trailing positive run of
 * y[hi − window .. hi − 1]; Newton's method with step halving on the concave log-likelihood
 * Σ (y η − e^η), started from least squares on log y (exact for an exact exponential).
 */
function fitExponential(y: Float64Array, base: number, hi: number, window: number): Curve {
  const last = y[base + hi - 1];
  if (!(last >= 1)) return flat(last);
  const start = Math.max(0, hi - window);
  let a0 = hi;
  while (a0 > start && y[base + a0 - 1] > 0) a0--;
  const n = hi - a0;
  if (n < 3 || y[base + a0] === last) return flat(last);
  const xc = (n - 1) / 2;
  let sxx = 0;
  let sly = 0;
  let sxly = 0;
  for (let j = 0; j < n; j++) {
    const x = j - xc;
    const ly = Math.log(y[base + a0 + j]);
    sxx += x * x;
    sly += ly;
    sxly += x * ly;
  }
  let a = sly / n;
  let b = sxly / sxx;
  const logLik = (aa: number, bb: number): number => {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const eta = aa + bb * (j - xc);
      s += y[base + a0 + j] * eta - Math.exp(eta);
    }
    return s;
  };
  let ll = logLik(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    for (let j = 0; j < n; j++) {
      const x = j - xc;
      const m = Math.exp(a + b * x);
      const r = y[base + a0 + j] - m;
      g0 += r;
      g1 += x * r;
      h00 += m;
      h01 += x * m;
      h11 += x * x * m;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) break;
    let da = (h11 * g0 - h01 * g1) / det;
    let db = (h00 * g1 - h01 * g0) / det;
    let llNew = logLik(a + da, b + db);
    for (let halvings = 0; halvings < 40 && !(llNew >= ll); halvings++) {
      da /= 2;
      db /= 2;
      llNew = logLik(a + da, b + db);
    }
    if (!(llNew >= ll)) break;
    a += da;
    b += db;
    ll = llNew;
    if (Math.abs(da) <= 1e-13 * (1 + Math.abs(a)) && Math.abs(db) <= 1e-13 * (1 + Math.abs(b))) break;
  }
  return (k) => Math.min(Math.exp(a + b * (xc + k)), Number.MAX_VALUE);
}

/** Least squares of y on the day index over y[hi − window .. hi − 1], slope clipped at ≥ 0. */
function fitLinear(y: Float64Array, base: number, hi: number, window: number): Curve {
  const start = Math.max(0, hi - window);
  const n = hi - start;
  if (n < 2) return flat(y[base + hi - 1]);
  const xc = (n - 1) / 2;
  let my = 0;
  for (let j = 0; j < n; j++) my += y[base + start + j];
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let j = 0; j < n; j++) {
    const x = j - xc;
    sxx += x * x;
    sxy += x * (y[base + start + j] - my);
  }
  const b = Math.max(0, sxy / sxx);
  return (k) => my + b * (xc + k);
}

/**
 * CLEP-style forecast with its parts: per county, the exponential and the linear predictors'
 * cumulative forecasts, their weights, the combined cumulative forecast (made non-decreasing,
 * starting from the last observed cumulative count) and its daily differences. See the module
 * comment for exactly what is and is not CLEP.
 *
 * Complexity: O(C·(weightDays + 1)·(exponentialWindow·I + linearWindow) + C·horizon), I ≤ 100
 * Newton iterations (a handful in practice).
 * @param counts daily counts, C×T row-major (finite, ≥ 0).
 * @param counties C (integer ≥ 1).
 * @param days T (integer ≥ 1).
 * @param horizon forecast days (integer in [1, 3650]).
 * @param options windows, weighting (mu, c, loss, weightDays) and initialCumulative.
 * @returns { daily, cumulative, exponential, linear, weights }.
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN, E_INPUT_TYPE, E_INPUT_SHAPE (length ≠ C·T,
 *   initialCumulative length ≠ C), E_INPUT_RANGE (negative count, horizon, windows, mu, c out
 *   of range).
 * @example
 * const d = clepForecastDetails(daily, 1, daily.length, 7);
 * d.weights; // [w_exponential, w_linear]
 */
export function clepForecastDetails(
  counts: ArrayLike<number>,
  counties: number,
  days: number,
  horizon: number,
  options: ClepForecastOptions = {},
): ClepForecastDetails {
  const n = checkedDailyCounts(counts, counties, days);
  integerIn('horizon', horizon, 1, 3650);
  const expWindow = options.exponentialWindow === undefined ? 5 : integerIn('options.exponentialWindow', options.exponentialWindow, 3, 3650);
  const linWindow = options.linearWindow === undefined ? 4 : integerIn('options.linearWindow', options.linearWindow, 2, 3650);
  const weightDays = options.weightDays === undefined ? 4 : integerIn('options.weightDays', options.weightDays, 0, 3650);
  const mu = options.mu === undefined ? 0.5 : numberIn('options.mu', options.mu, 0, 1);
  if (mu === 1) {
    throw new EpikitError('E_INPUT_RANGE', `options.mu is 1: expected a number in [0, 1) (the weights scale with 1 − mu)`, { argument: 'options.mu', value: mu });
  }
  const c = options.c === undefined ? 1 : numberIn('options.c', options.c, 0, Number.MAX_VALUE);
  const loss = options.loss === undefined ? 'log1p' : oneOf('options.loss', options.loss, ['log1p', 'sqrt'] as const);
  const scale = loss === 'sqrt' ? Math.sqrt : Math.log1p;
  let initial: Float64Array | null = null;
  if (options.initialCumulative !== undefined) {
    initial = finiteVector('options.initialCumulative', options.initialCumulative);
    if (initial.length !== counties) {
      throw new EpikitError('E_INPUT_SHAPE', `options.initialCumulative has length ${initial.length}: expected one value per county (${counties})`, {
        argument: 'options.initialCumulative',
        length: initial.length,
        expected: counties,
      });
    }
    for (let i = 0; i < initial.length; i++) {
      if (initial[i] < 0) {
        throw new EpikitError('E_INPUT_RANGE', `options.initialCumulative[${i}] is ${initial[i]}: expected a count >= 0`, { argument: 'options.initialCumulative', index: i, value: initial[i] });
      }
    }
  }

  const cum = new Float64Array(counties * days);
  for (let k = 0; k < counties; k++) {
    let s = initial ? initial[k] : 0;
    for (let t = 0; t < days; t++) {
      s += n[k * days + t];
      cum[k * days + t] = s;
    }
  }

  const daily = new Float64Array(counties * horizon);
  const cumulative = new Float64Array(counties * horizon);
  const exponential = new Float64Array(counties * horizon);
  const linear = new Float64Array(counties * horizon);
  const weights = new Float64Array(counties * 2);
  for (let k = 0; k < counties; k++) {
    const base = k * days;
    // Recency-weighted losses of each predictor's one-day-ahead forecasts of observed days i,
    // each fitted on days 0..i−1 (CLEP's weight equation).
    let lossExp = 0;
    let lossLin = 0;
    for (let i = Math.max(1, days - weightDays); i < days; i++) {
      const decay = mu ** (days - 1 - i);
      const yi = scale(cum[base + i]);
      lossExp += decay * Math.abs(scale(Math.max(0, fitExponential(cum, base, i, expWindow)(1))) - yi);
      lossLin += decay * Math.abs(scale(Math.max(0, fitLinear(cum, base, i, linWindow)(1))) - yi);
    }
    const lowest = Math.min(lossExp, lossLin);
    const we = Math.exp(-c * (1 - mu) * (lossExp - lowest));
    const wl = Math.exp(-c * (1 - mu) * (lossLin - lowest));
    const wExp = we / (we + wl);
    const wLin = wl / (we + wl);
    weights[2 * k] = wExp;
    weights[2 * k + 1] = wLin;

    const expCurve = fitExponential(cum, base, days, expWindow);
    const linCurve = fitLinear(cum, base, days, linWindow);
    let previous = cum[base + days - 1];
    for (let h = 0; h < horizon; h++) {
      const e = expCurve(h + 1);
      const l = linCurve(h + 1);
      exponential[k * horizon + h] = e;
      linear[k * horizon + h] = l;
      const next = Math.max(previous, Math.min(wExp * e + wLin * l, Number.MAX_VALUE));
      cumulative[k * horizon + h] = next;
      daily[k * horizon + h] = next - previous;
      previous = next;
    }
  }
  return { daily, cumulative, exponential, linear, weights };
}

/**
 * CLEP-style daily forecast (combined linear and exponential predictors on cumulative counts,
 * recency-weighted by their recent one-day-ahead errors; see the module comment for exactly what
 * is and is not CLEP): C×horizon daily counts ≥ 0 whose running sum added to the last observed
 * cumulative count is the combined cumulative forecast, made non-decreasing.
 *
 * Complexity: as {@link clepForecastDetails}: O(C·(weightDays + 1)·window·I + C·horizon).
 * @param counts daily counts, C×T row-major (finite, ≥ 0).
 * @param counties C (integer ≥ 1).
 * @param days T (integer ≥ 1).
 * @param horizon forecast days (integer in [1, 3650]).
 * @param options exponentialWindow (5), linearWindow (4), weightDays (4), mu (0.5), c (1),
 *   loss ('log1p'), initialCumulative (0).
 * @returns the daily forecast, C×horizon row-major.
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN, E_INPUT_TYPE, E_INPUT_SHAPE, E_INPUT_RANGE
 *   (see clepForecastDetails).
 * @example
 * // One county whose cumulative count doubles every day (1, 2, 4, …, 256):
 * const daily = [1, 1, 2, 4, 8, 16, 32, 64, 128];
 * clepForecast(daily, 1, 9, 3);
 * // ≈ [176.7, 344.8, 661.5]: weights 0.62 (exponential: 256, 512, 1024 a day) and 0.38
 * // (linear, last 4 days: cumulative 304, 377.6, 451.2)
 */
export function clepForecast(counts: ArrayLike<number>, counties: number, days: number, horizon: number, options: ClepForecastOptions = {}): Float64Array {
  return clepForecastDetails(counts, counties, days, horizon, options).daily;
}
