/**
 * One Hawkes model at one backtest cut-off, as a task module for lib/parallel's runTasks: fit
 * on the data before the cut-off, simulate the forecast, return the running totals' mean and
 * quantiles (the window totals of every horizon up to the simulated one). Browser-safe.
 */
import { EpikitError } from '../errors.js';
import { moveResult, type MovedResult } from '../parallel/move-result.js';
import { fitHawkes, type HawkesFitOptions } from './fit-hawkes.js';
import { forecastHawkes } from './forecast-hawkes.js';
import type { HawkesInputs } from './hawkes-design.js';

export interface HawkesBacktestTask {
  /** The training window (plain data: structured-cloned to the worker). */
  inputs: HawkesInputs;
  fit: HawkesFitOptions;
  /** Days simulated (the longest horizon scored at this cut-off). */
  horizon: number;
  realisations: number;
  /** See forecastHawkes. Default 'error'. */
  beyondMobility?: 'error' | 'carry-forward';
  seed: number;
  /** Names the task in errors, e.g. "cases, cut-off 2020-04-15, hawkes-full". */
  label: string;
}

export interface HawkesBacktestTaskResult {
  /** Mean of the running total over the first k forecast days, C × horizon (k = 1..horizon). */
  cumulativeMean: Float64Array;
  /** Its 7 quantiles (HAWKES_QUANTILES), C × horizon × 7. */
  cumulativeQuantiles: Float64Array;
  coefficientNames: string[];
  theta: Float64Array;
  standardErrors: Float64Array;
  shape: number;
  scale: number;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/**
 * Fits and forecasts (fitHawkes, forecastHawkes). Errors keep their code; the message is
 * prefixed with the task's label. O(fit + simulation).
 *
 * @example
 * // normally called by backtestHawkes through runTasks
 * const r = runHawkesBacktestTask({ inputs, fit: { variant: 'constant' }, horizon: 7, realisations: 100, seed: 1, label: 'cases 2020-04-15' });
 */
export function runHawkesBacktestTask(task: HawkesBacktestTask): HawkesBacktestTaskResult {
  try {
    const fit = fitHawkes(task.inputs, task.fit);
    const f = forecastHawkes(fit, task.inputs, { horizon: task.horizon, realisations: task.realisations, seed: task.seed, beyondMobility: task.beyondMobility, backend: task.fit.backend });
    return {
      cumulativeMean: f.cumulativeMean,
      cumulativeQuantiles: f.cumulativeQuantiles,
      coefficientNames: fit.coefficientNames,
      theta: fit.theta,
      standardErrors: fit.standardErrors,
      shape: fit.shape,
      scale: fit.scale,
      logLikelihood: fit.logLikelihood,
      iterations: fit.iterations,
      converged: fit.converged,
    };
  } catch (e) {
    if (e instanceof EpikitError) throw new EpikitError(e.code, `${task.label}: ${e.message}`, { ...e.details, task: task.label });
    throw e;
  }
}

/** The task function runTasks calls: {@link runHawkesBacktestTask}, arrays moved to the caller. */
export default function hawkesBacktestTask(task: HawkesBacktestTask): MovedResult<HawkesBacktestTaskResult> {
  return moveResult(runHawkesBacktestTask(task));
}
