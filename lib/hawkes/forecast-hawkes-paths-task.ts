/**
 * The forecast simulation of a range of realisations of a few counties, returning the raw paths,
 * as a task module for lib/parallel's runTasks (its default export runs in a worker thread, or
 * inline). forecastHawkesAsync uses it when there are too few counties to keep the workers busy:
 * realisation s of county c has its own stream whatever range it is simulated in, so the ranges,
 * joined in order and summarised by summariseHawkesPaths, give forecastHawkes' numbers exactly.
 * Browser-safe: imports only the kernel registry.
 */
import { kernelsFor } from '../backend/registry.js';
import { moveResult, type MovedResult } from '../parallel/move-result.js';
import type { HawkesForecastTask } from './forecast-hawkes-task.js';

/** A forecast task over the realisations firstRealisation … firstRealisation + realisations − 1. */
export interface HawkesPathsTask extends HawkesForecastTask {
  /** First realisation of the range (selects its random streams). */
  firstRealisation: number;
}

export interface HawkesPaths {
  /** counties × realisations × horizon: `paths[(c · realisations + s) · horizon + k]`. */
  paths: Float64Array;
}

/**
 * Runs the `hawkesSimulatePaths` kernel on one task. O(counties · realisations · horizon · lags)
 * time, O(counties · realisations · horizon) memory for the result.
 *
 * @example
 * const { paths } = runHawkesPathsTask({ counts, r, mu, w, counties: 1, days: 30, lags: 20, horizon: 7,
 *   firstRealisation: 500, realisations: 500, seed: 1, countyOffset: 0 });
 * paths.length; // 3500
 * @throws EpikitError from the kernel: E_INPUT_SHAPE (lengths), E_INPUT_RANGE / E_INPUT_NAN (values).
 */
export function runHawkesPathsTask(task: HawkesPathsTask): HawkesPaths {
  const { counties, days, lags, horizon, firstRealisation, realisations } = task;
  const paths = new Float64Array(counties * realisations * horizon);
  kernelsFor(task.backend).hawkesSimulatePaths(task.counts, task.r, task.mu, task.w, counties, days, lags, horizon, firstRealisation, realisations, task.seed, task.countyOffset, paths);
  return { paths };
}

/**
 * The task function runTasks calls: {@link runHawkesPathsTask}, the paths moved (not copied) to
 * the caller. Same cost.
 *
 * @example
 * await runTasks(taskModuleUrl(import.meta.url, './forecast-hawkes-paths-task'), tasks, { concurrency: 4 });
 */
export default function hawkesPathsTask(task: HawkesPathsTask): MovedResult<HawkesPaths> {
  return moveResult(runHawkesPathsTask(task));
}
