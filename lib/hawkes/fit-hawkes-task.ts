/**
 * One Hawkes fit as a task module for lib/parallel's runTasks (its default export runs in a
 * worker thread, or inline). The fit's design (a closure over the inputs) does not cross
 * threads: the caller rebuilds it with `hawkesDesign` (fit-hawkes-async.ts). Browser-safe.
 */
import { moveResult, type MovedResult } from '../parallel/move-result.js';
import { fitHawkes, type HawkesFit, type HawkesFitOptions } from './fit-hawkes.js';
import type { HawkesInputs } from './hawkes-design.js';

export interface FitHawkesTask {
  /** Plain data only (fips, dates, counts, mobility…): it is structured-cloned to the worker. */
  inputs: HawkesInputs;
  options: HawkesFitOptions;
}

/** A HawkesFit without its design. */
export type HawkesFitData = Omit<HawkesFit, 'design'>;

/** The plain inputs a fit reads (drops any other field of CountyHawkesInputs, e.g. its report). */
export function fitInputsOnly(inputs: HawkesInputs): HawkesInputs {
  const { fips, dates, counts, mobilityTypes, mobilityDates, mobility, covariateNames, covariates } = inputs;
  return { fips, dates, counts, mobilityTypes, mobilityDates, mobility, covariateNames, covariates };
}

/**
 * Runs {@link fitHawkes} and returns the fit without its design, its arrays moved (not copied)
 * to the caller. Same cost as fitHawkes.
 *
 * @example
 * // normally called by fitHawkesAsync through runTasks
 * const [fit] = await runTasks(new URL('./fit-hawkes-task.js', import.meta.url), [{ inputs, options: { lag: 14 } }]);
 */
export default function fitHawkesTask(task: FitHawkesTask): MovedResult<HawkesFitData> {
  const { design: _design, ...fit } = fitHawkes(task.inputs, task.options);
  return moveResult(fit);
}
