/**
 * The forecast simulation of a contiguous chunk of counties, as a task module for
 * lib/parallel's runTasks (its default export runs in a worker thread, or inline). Each county
 * keeps its own random streams (the kernel derives them from seed, realisation and
 * countyOffset + c), so any split of the counties gives the same numbers. Browser-safe: imports
 * only the kernel registry.
 */
import type { BackendChoice } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { moveResult, type MovedResult } from '../parallel/move-result.js';

export interface HawkesForecastTask {
  /** Observed counts of the chunk's counties, counties × days (may be a view on shared memory). */
  counts: Float64Array;
  /** R over history and horizon, counties × (days + horizon). */
  r: Float64Array;
  /** Background rates of the chunk's counties. */
  mu: Float64Array;
  /** Kernel w(1..lags). */
  w: Float64Array;
  counties: number;
  days: number;
  lags: number;
  horizon: number;
  realisations: number;
  seed: number;
  /** Index of the chunk's first county among all counties (selects its random streams). */
  countyOffset: number;
  backend?: BackendChoice;
}

export interface HawkesForecastChunk {
  /** counties × horizon. */
  mean: Float64Array;
  /** counties × horizon × 7 (HAWKES_QUANTILES). */
  quantiles: Float64Array;
  /** counties × horizon × 7: quantiles of the running totals over the first k + 1 forecast days. */
  cumulativeQuantiles: Float64Array;
}

/**
 * Runs the `hawkesSimulate` kernel on one chunk of counties, with daily and running-total
 * quantiles. O(counties · realisations · horizon · lags) plus sorting.
 *
 * @example
 * const out = runHawkesForecastChunk({ counts, r, mu, w, counties: 2, days: 30, lags: 20, horizon: 7,
 *   realisations: 500, seed: 1, countyOffset: 10 });
 * out.mean.length; // 14
 * @throws EpikitError from the kernel: E_INPUT_SHAPE (lengths), E_INPUT_RANGE / E_INPUT_NAN (values).
 */
export function runHawkesForecastChunk(task: HawkesForecastTask): HawkesForecastChunk {
  const { counties, days, lags, horizon, realisations } = task;
  const mean = new Float64Array(counties * horizon);
  const quantiles = new Float64Array(counties * horizon * 7);
  const cumulativeQuantiles = new Float64Array(counties * horizon * 7);
  kernelsFor(task.backend).hawkesSimulate(task.counts, task.r, task.mu, task.w, counties, days, lags, horizon, realisations, task.seed, task.countyOffset, mean, quantiles, cumulativeQuantiles);
  return { mean, quantiles, cumulativeQuantiles };
}

/**
 * The task function runTasks calls: {@link runHawkesForecastChunk}, its output buffers moved
 * (not copied) to the caller. Same cost.
 *
 * @example
 * await runTasks(taskModuleUrl(import.meta.url, './forecast-hawkes-task'), tasks, { concurrency: 4 });
 */
export default function hawkesForecastTask(task: HawkesForecastTask): MovedResult<HawkesForecastChunk> {
  return moveResult(runHawkesForecastChunk(task));
}
