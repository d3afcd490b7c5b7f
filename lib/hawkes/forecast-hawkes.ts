/**
 * Forecast of a fitted Hawkes model by simulating its branching process (`hawkesSimulate`
 * kernel): per county and realisation an independent seeded stream; exact Poisson counts; per
 * county and forecast day the mean and the quantiles over realisations.
 */
import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError } from '../errors.js';
import { integerIn, numberIn, seedValue } from '../validate.js';
import type { HawkesFit } from './fit-hawkes.js';
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
}

export interface HawkesForecast {
  horizon: number;
  realisations: number;
  /** Mean over realisations, C × horizon. */
  mean: Float64Array;
  /** C × horizon × 7 at HAWKES_QUANTILES (linear interpolation between order statistics). */
  quantiles: Float64Array;
  /** R_c(t) used over the horizon, C × horizon. */
  r: Float64Array;
}

/**
 * Simulates `realisations` continuations of the fitted model for `horizon` days after the
 * inputs' last day: n(t) ~ Poisson(μ_c + Σ_d w(d) R_c(t − d) n(t − d)) over observed and
 * simulated days, R over the horizon from the fit's covariates (mobility Δ days earlier; beyond
 * the last mobility date, the last value is carried forward).
 *
 * Complexity: O(C · realisations · horizon · L) plus the sorting of the realisations.
 * @example
 * const fit = fitHawkes(inputs, { variant: 'constant' });
 * const f = forecastHawkes(fit, inputs, { horizon: 7, realisations: 1000, seed: 1 });
 * f.mean[c * 7 + 6]; // expected count of county c on the 7th day
 * @throws EpikitError E_INPUT_RANGE / E_INPUT_TYPE for a bad horizon, realisations, seed or rCap, E_INPUT_SHAPE when inputs do not match the fit.
 */
export function forecastHawkes(fit: HawkesFit, inputs: HawkesInputs, options: HawkesForecastOptions = {}): HawkesForecast {
  const C = inputs.fips.length;
  const T = inputs.dates.length;
  if (fit.mu.length !== C || fit.r.length !== C * T || inputs.counts.length !== C * T) {
    throw new EpikitError('E_INPUT_SHAPE', `inputs (${C} counties × ${T} days) do not match the fit (${fit.mu.length} counties, ${fit.r.length / Math.max(1, fit.mu.length)} days)`, { argument: 'inputs' });
  }
  const h = options.horizon === undefined ? 7 : integerIn('options.horizon', options.horizon, 1, 3650);
  const S = options.realisations === undefined ? 100 : integerIn('options.realisations', options.realisations, 1, 1 << 24);
  const seed = seedValue('options.seed', options.seed);
  const rCap = options.rCap === undefined ? Infinity : numberIn('options.rCap', options.rCap, 0, Infinity);
  const P = fit.theta.length;
  const x = new Float64Array(P);
  const r = new Float64Array(C * (T + h));
  const rHorizon = new Float64Array(C * h);
  for (let c = 0; c < C; c++) {
    r.set(fit.r.subarray(c * T, (c + 1) * T), c * (T + h));
    for (let k = 0; k < h; k++) {
      fit.design.row(c, T + k, x);
      let eta = 0;
      for (let p = 0; p < P; p++) eta += x[p] * fit.theta[p];
      const v = Math.min(Math.exp(eta), rCap);
      r[c * (T + h) + T + k] = v;
      rHorizon[c * h + k] = v;
    }
  }
  const mean = new Float64Array(C * h);
  const quantiles = new Float64Array(C * h * 7);
  kernelsFor(options.backend).hawkesSimulate(inputs.counts, r, fit.mu, fit.w, C, T, fit.L, h, S, seed, 0, mean, quantiles);
  return { horizon: h, realisations: S, mean, quantiles, r: rHorizon };
}
