/**
 * The mobility lag Δ of a Hawkes model chosen by likelihood: one fit per candidate Δ on the same
 * counts (the inputs' mobility must lead the counts by at least the largest Δ), the largest
 * log-likelihood wins (every candidate has the same number of parameters).
 */
import { EpikitError } from '../errors.js';
import { fitHawkes, type HawkesFit, type HawkesFitOptions } from './fit-hawkes.js';
import type { HawkesInputs } from './hawkes-design.js';

export interface HawkesLagSelection {
  /** The chosen Δ. */
  lag: number;
  /** The fit at the chosen Δ. */
  fit: HawkesFit;
  /** Every candidate's log-likelihood and convergence, in the order given. */
  candidates: { lag: number; logLikelihood: number; iterations: number; converged: boolean }[];
}

/**
 * Fits the model (variant 'mobility' or 'full') at every Δ in `lags` and keeps the most likely.
 * Complexity: one fitHawkes per candidate.
 * @example
 * const inputs = buildCountyHawkesInputs({ ..., mobilityLead: 21 });
 * const { lag, fit } = selectHawkesLag(inputs, [0, 7, 14, 21], { variant: 'full' });
 * @throws EpikitError E_INPUT_EMPTY (no candidate), E_INPUT_RANGE (a Δ beyond the mobility lead, a variant without mobility), and fitHawkes' errors.
 */
export function selectHawkesLag(inputs: HawkesInputs, lags: readonly number[], options: Omit<HawkesFitOptions, 'lag'> = {}): HawkesLagSelection {
  if (!Array.isArray(lags) || lags.length === 0) throw new EpikitError('E_INPUT_EMPTY', `lags is empty: give at least one candidate Δ`, { argument: 'lags' });
  const variant = options.variant ?? 'full';
  if (variant !== 'mobility' && variant !== 'full') {
    throw new EpikitError('E_INPUT_RANGE', `options.variant is "${variant}": the lag only matters for "mobility" and "full"`, { argument: 'options.variant', value: variant });
  }
  let best: HawkesFit | undefined;
  const candidates: HawkesLagSelection['candidates'] = [];
  for (const lag of lags) {
    const fit = fitHawkes(inputs, { ...options, variant, lag });
    candidates.push({ lag, logLikelihood: fit.logLikelihood, iterations: fit.iterations, converged: fit.converged });
    if (!best || fit.logLikelihood > best.logLikelihood) best = fit;
  }
  const fit = best as HawkesFit;
  return { lag: fit.lag, fit, candidates };
}
