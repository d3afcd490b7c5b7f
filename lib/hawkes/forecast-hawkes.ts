/**
 * Forecast of a fitted Hawkes model by simulating its branching process (`hawkesSimulate`
 * kernel): per county and realisation an independent seeded stream; exact Poisson counts; per
 * county and forecast day the mean and the quantiles over realisations, and the same for the
 * running totals over the first k forecast days. The input checks and R over the horizon
 * (`prepareHawkesForecast`) and the assembly of the result (`finishHawkesForecast`) are shared
 * with the worker-pool version, forecast-hawkes-async.ts, so both give identical numbers.
 */
import type { BackendChoice, BackendOption } from '../backend/kernels.js';
import { EpikitError, describeValue } from '../errors.js';
import { integerIn, numberIn, oneOf, seedValue } from '../validate.js';
import type { HawkesFit } from './fit-hawkes.js';
import { runHawkesForecastChunk, type HawkesForecastChunk } from './forecast-hawkes-task.js';
import type { HawkesInputs } from './hawkes-design.js';

/** The quantile levels of every forecast, in output order. */
export const HAWKES_QUANTILES = [0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975] as const;

export interface HawkesForecastOptions extends BackendOption {
  /** Days to forecast. Default 7. */
  horizon?: number;
  /** Realisations. Default 100. */
  realisations?: number;
  /** Seed (integer in [0, 2^53 − 1]). Default 0. */
  seed?: number;
  /** Cap on R_c(t) over the horizon (HawkPR capped at 4). Default Infinity (no cap). */
  rCap?: number;
  /**
   * What to do when the horizon needs mobility after the inputs' last mobility date (R on
   * forecast day T + k uses mobility Δ days earlier, so a horizon longer than Δ reaches past
   * the data; mobility ends with the counts). `'error'` (default): throw E_INPUT_RANGE.
   * `'carry-forward'`: use the last mobility value of each county and type for every later day
   * (an assumption that mobility stays where it was, not data). Models without mobility
   * ('constant', 'demographics') have no such limit.
   */
  beyondMobility?: 'error' | 'carry-forward';
}

export interface HawkesForecast {
  horizon: number;
  realisations: number;
  /** Mean over realisations, C × horizon: `mean[c * horizon + k]` is day T + k (k = 0 the first forecast day). */
  mean: Float64Array;
  /** C × horizon × 7 at HAWKES_QUANTILES (linear interpolation between order statistics). */
  quantiles: Float64Array;
  /** Running sums of `mean` per county, C × horizon: entry k is the expected total over forecast days 0..k. */
  cumulativeMean: Float64Array;
  /**
   * C × horizon × 7: the HAWKES_QUANTILES of each realisation's total over forecast days 0..k
   * (entry (c · horizon + k) · 7 + i), so the window total over the first k + 1 days has
   * quantiles for every k from one simulation (not the sum of the daily quantiles).
   */
  cumulativeQuantiles: Float64Array;
  /** R_c(t) used over the horizon, C × horizon. */
  r: Float64Array;
}

/**
 * Everything one forecast simulation needs, checked: sizes, seed, backend, and R over history and
 * horizon. Produced by {@link prepareHawkesForecast}; internal to forecastHawkes / forecastHawkesAsync.
 */
export interface HawkesForecastPlan {
  /** Counties, observed days, kernel lags, horizon, realisations. */
  C: number;
  T: number;
  L: number;
  h: number;
  S: number;
  seed: number;
  backend: BackendChoice | undefined;
  /** Observed counts, C × T (the inputs' array, not copied). */
  counts: Float64Array;
  /** R_c(t) over history and horizon, C × (T + h). */
  r: Float64Array;
  /** R_c(t) over the horizon only, C × h. */
  rHorizon: Float64Array;
  mu: Float64Array;
  w: Float64Array;
}

function requireObject(name: string, v: unknown): void {
  if (v === null || typeof v !== 'object') throw new EpikitError('E_INPUT_TYPE', `${name} must be an object, got ${describeValue(v)}`, { argument: name });
}

/**
 * Checks the fit, the inputs and the options (the one place both forecast paths validate), and
 * computes R_c(t) = min(exp(θ · x_c(t − Δ)), rCap) over the horizon from the fit's design.
 * `allocate` creates the C × (T + h) R array (forecastHawkesAsync puts it in shared memory).
 * O(C · (T + h) + C · h · P).
 *
 * @example
 * const plan = prepareHawkesForecast(fit, inputs, { horizon: 7 });
 * plan.r.length === inputs.fips.length * (inputs.dates.length + 7); // true
 * @throws EpikitError E_INPUT_TYPE (fit, inputs or options not objects; non-integer options),
 *   E_INPUT_SHAPE (inputs do not match the fit), E_INPUT_RANGE (horizon, realisations, seed,
 *   rCap, backend or beyondMobility out of range; a horizon that needs mobility after the last
 *   mobility date without beyondMobility: 'carry-forward').
 */
export function prepareHawkesForecast(
  fit: HawkesFit,
  inputs: HawkesInputs,
  options: HawkesForecastOptions,
  allocate: (length: number) => Float64Array = (n) => new Float64Array(n),
): HawkesForecastPlan {
  requireObject('fit', fit);
  requireObject('inputs', inputs);
  requireObject('options', options);
  if (!(inputs.counts instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', `inputs.counts must be a Float64Array, got ${describeValue(inputs.counts)}`, { argument: 'inputs.counts' });
  const C = inputs.fips.length;
  const T = inputs.dates.length;
  if (fit.mu.length !== C || fit.r.length !== C * T || inputs.counts.length !== C * T) {
    throw new EpikitError('E_INPUT_SHAPE', `inputs (${C} counties × ${T} days) do not match the fit (${fit.mu.length} counties, ${fit.r.length / Math.max(1, fit.mu.length)} days)`, { argument: 'inputs' });
  }
  const h = options.horizon === undefined ? 7 : integerIn('options.horizon', options.horizon, 1, 3650);
  const S = options.realisations === undefined ? 100 : integerIn('options.realisations', options.realisations, 1, 1 << 24);
  const seed = seedValue('options.seed', options.seed);
  const rCap = options.rCap === undefined ? Infinity : numberIn('options.rCap', options.rCap, 0, Infinity);
  const backend = options.backend === undefined ? undefined : oneOf('options.backend', options.backend, ['native', 'wasm', 'auto'] as const);
  const beyond = options.beyondMobility === undefined ? 'error' : oneOf('options.beyondMobility', options.beyondMobility, ['error', 'carry-forward'] as const);
  const usesMobility = fit.variant === 'mobility' || fit.variant === 'full';
  // Mobility ends with the counts (hawkesDesign checks it): forecast day T + k (k = 0..h−1) reads
  // the mobility of day T + k − Δ, which exists iff k < Δ, i.e. the whole horizon iff h ≤ Δ.
  if (usesMobility && h > fit.lag && beyond === 'error') {
    const md = inputs.mobilityDates;
    const lastMobility = md && md.length > 0 ? md[md.length - 1] : inputs.dates[T - 1];
    throw new EpikitError(
      'E_INPUT_RANGE',
      `options.horizon is ${h}: R on forecast day k uses mobility Δ = ${fit.lag} days earlier, so days k > ${fit.lag} need mobility after the last mobility date ${lastMobility}. ` +
        `Use options.horizon ≤ ${fit.lag}, or pass options.beyondMobility: 'carry-forward' to carry the last mobility value forward`,
      { argument: 'options.horizon', value: h, lag: fit.lag, lastMobilityDate: lastMobility },
    );
  }
  const P = fit.theta.length;
  const x = new Float64Array(P);
  const TH = T + h;
  const r = allocate(C * TH);
  const rHorizon = new Float64Array(C * h);
  for (let c = 0; c < C; c++) {
    r.set(fit.r.subarray(c * T, (c + 1) * T), c * TH);
    for (let k = 0; k < h; k++) {
      // hawkesDesign carries the last mobility value forward beyond the data (allowed above)
      fit.design.row(c, T + k, x);
      let eta = 0;
      for (let p = 0; p < P; p++) eta += x[p] * fit.theta[p];
      const v = Math.min(Math.exp(eta), rCap);
      r[c * TH + T + k] = v;
      rHorizon[c * h + k] = v;
    }
  }
  return { C, T, L: fit.L, h, S, seed, backend, counts: inputs.counts, r, rHorizon, mu: fit.mu, w: fit.w };
}

/**
 * Joins the kernel outputs of consecutive county chunks (in county order, covering all C
 * counties) into a HawkesForecast and adds the running sums of the mean. O(C · h).
 *
 * @example
 * const f = finishHawkesForecast(plan, [runHawkesForecastChunk(wholeTask)]);
 * @throws EpikitError E_INPUT_SHAPE if the chunks do not cover C × h.
 */
export function finishHawkesForecast(plan: HawkesForecastPlan, chunks: readonly HawkesForecastChunk[]): HawkesForecast {
  const { C, h } = plan;
  let mean: Float64Array;
  let quantiles: Float64Array;
  let cumulativeQuantiles: Float64Array;
  if (chunks.length === 1) {
    ({ mean, quantiles, cumulativeQuantiles } = chunks[0]);
  } else {
    mean = new Float64Array(C * h);
    quantiles = new Float64Array(C * h * 7);
    cumulativeQuantiles = new Float64Array(C * h * 7);
    let o = 0;
    for (const chunk of chunks) {
      if (o + chunk.mean.length > C * h) break;
      mean.set(chunk.mean, o);
      quantiles.set(chunk.quantiles, o * 7);
      cumulativeQuantiles.set(chunk.cumulativeQuantiles, o * 7);
      o += chunk.mean.length;
    }
    if (o !== C * h) throw new EpikitError('E_INPUT_SHAPE', `the forecast chunks cover ${o} county-days: expected ${C} × ${h}`, { argument: 'chunks' });
  }
  if (mean.length !== C * h || quantiles.length !== C * h * 7 || cumulativeQuantiles.length !== C * h * 7) {
    throw new EpikitError('E_INPUT_SHAPE', `the forecast outputs have lengths ${mean.length}, ${quantiles.length}, ${cumulativeQuantiles.length}: expected C × h = ${C * h} and 7 × that`, { argument: 'chunks' });
  }
  const cumulativeMean = new Float64Array(C * h);
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let k = 0; k < h; k++) {
      s += mean[c * h + k];
      cumulativeMean[c * h + k] = s;
    }
  }
  return { horizon: h, realisations: plan.S, mean, quantiles, cumulativeMean, cumulativeQuantiles, r: plan.rHorizon };
}

/**
 * Simulates `realisations` continuations of the fitted model for `horizon` days after the
 * inputs' last day: n(t) ~ Poisson(μ_c + Σ_d w(d) R_c(t − d) n(t − d)) over observed and
 * simulated days, R over the horizon from the fit's covariates (mobility Δ days earlier; a
 * horizon beyond Δ needs mobility the inputs do not have: an error unless
 * `beyondMobility: 'carry-forward'`). Returns per county and forecast day the mean and 7
 * quantiles of the daily count, and of the running total over the first k days (so 3-, 5- and
 * 7-day window totals come from one 7-day simulation). Results depend only on the seed, not on
 * the backend or on how counties are split (see forecastHawkesAsync).
 *
 * Complexity: O(C · realisations · horizon · L) plus the sorting of the realisations
 * (O(C · horizon · realisations · log realisations), twice: daily and running totals).
 * Memory O(realisations · horizon) besides the outputs.
 * @example
 * const fit = fitHawkes(inputs, { variant: 'constant' });
 * const f = forecastHawkes(fit, inputs, { horizon: 7, realisations: 1000, seed: 1 });
 * f.mean[c * 7 + 6];                       // expected count of county c on the 7th day
 * f.cumulativeQuantiles[(c * 7 + 4) * 7 + 3]; // median of county c's 5-day total
 * @throws EpikitError E_INPUT_RANGE / E_INPUT_TYPE for a bad horizon, realisations, seed, rCap,
 *   backend or beyondMobility; E_INPUT_RANGE for a horizon needing mobility after the last
 *   mobility date (message names options.horizon, Δ and that date); E_INPUT_SHAPE when inputs
 *   do not match the fit.
 */
export function forecastHawkes(fit: HawkesFit, inputs: HawkesInputs, options: HawkesForecastOptions = {}): HawkesForecast {
  const plan = prepareHawkesForecast(fit, inputs, options);
  const chunk = runHawkesForecastChunk({
    counts: plan.counts,
    r: plan.r,
    mu: plan.mu,
    w: plan.w,
    counties: plan.C,
    days: plan.T,
    lags: plan.L,
    horizon: plan.h,
    realisations: plan.S,
    seed: plan.seed,
    countyOffset: 0,
    backend: plan.backend,
  });
  return finishHawkesForecast(plan, [chunk]);
}
