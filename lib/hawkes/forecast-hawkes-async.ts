/**
 * forecastHawkes off the calling thread: the counties are split into contiguous chunks that a
 * worker pool (Node; inline in browsers or with concurrency 1) simulates with the same kernel.
 * Every (realisation, county) pair has its own random stream, so the result is bit-identical to
 * forecastHawkes whatever the concurrency. Browser-safe.
 */
import { EpikitError } from '../errors.js';
import { runTasks, taskModuleUrl } from '../parallel/run-tasks.js';
import { sharedArray, toShared } from '../parallel/to-shared.js';
import { integerIn } from '../validate.js';
import type { HawkesFit } from './fit-hawkes.js';
import { finishHawkesForecast, prepareHawkesForecast, type HawkesForecast, type HawkesForecastOptions } from './forecast-hawkes.js';
import type { HawkesForecastChunk, HawkesForecastTask } from './forecast-hawkes-task.js';
import type { HawkesInputs } from './hawkes-design.js';

const forecastTaskUrl = taskModuleUrl(import.meta.url, './forecast-hawkes-task');

/** Chunks per worker: enough to balance counties of unequal cost, few enough to keep messages cheap. */
const CHUNKS_PER_WORKER = 4;

export interface HawkesForecastAsyncOptions extends HawkesForecastOptions {
  /**
   * Worker threads (Node). 1 runs the chunks inline in this thread (yielding to the event loop
   * between chunks). Default: runTasks' default (os.availableParallelism() in Node).
   */
  concurrency?: number;
  /** Cancels the forecast: queued chunks are dropped, running ones terminated; rejects with E_ABORTED. */
  signal?: AbortSignal;
  /** Called on the calling thread after each chunk, with (chunks done, total chunks). */
  onProgress?: (doneChunks: number, totalChunks: number) => void;
}

/** Workers to plan chunks for when `concurrency` is not given (browser-safe: no node:os). */
function defaultWorkers(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: unknown } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 4;
}

/**
 * County ranges [start, end) of `chunks` contiguous, non-empty chunks covering C counties
 * (1 ≤ chunks ≤ C): chunk i is [⌊iC/n⌋, ⌊(i+1)C/n⌋). O(chunks).
 *
 * @example
 * hawkesCountyChunks(10, 3); // [[0, 3], [3, 6], [6, 10]]
 * @throws EpikitError E_INPUT_RANGE if chunks is not an integer in [1, max(1, C)].
 */
export function hawkesCountyChunks(C: number, chunks: number): [number, number][] {
  integerIn('chunks', chunks, 1, Math.max(1, C));
  const out: [number, number][] = [];
  for (let i = 0; i < chunks; i++) out.push([Math.floor((i * C) / chunks), Math.floor(((i + 1) * C) / chunks)]);
  return out;
}

/**
 * The same forecast as {@link forecastHawkes} (bit-identical for every concurrency and chunking),
 * simulated in worker threads: the counties are split into about 4 contiguous chunks per worker
 * (at least one county each); each chunk runs the kernel with its first county as
 * `countyOffset`, so every (realisation, county) keeps its own stream. R over the horizon and
 * every check are computed on the calling thread, exactly as forecastHawkes does; counts and R
 * go to the workers in shared memory, the outputs come back by transfer.
 *
 * Complexity: as forecastHawkes, divided over the workers, plus O(C · (T + h)) to copy the inputs
 * to shared memory and a pool start-up (≈ 0.1 s from the built package).
 * @example
 * const controller = new AbortController();
 * const f = await forecastHawkesAsync(fit, inputs, { horizon: 7, realisations: 1000, seed: 1, concurrency: 4,
 *   signal: controller.signal, onProgress: (done, total) => bar.update(done / total) });
 * @throws EpikitError as forecastHawkes (thrown as a rejection); E_INPUT_TYPE / E_INPUT_RANGE for a
 *   bad concurrency, signal or onProgress; E_ABORTED when `signal` aborts (before or during the
 *   run); E_WORKER if a worker thread dies.
 */
export async function forecastHawkesAsync(fit: HawkesFit, inputs: HawkesInputs, options: HawkesForecastAsyncOptions = {}): Promise<HawkesForecast> {
  const canShare = typeof SharedArrayBuffer !== 'undefined';
  const plan = prepareHawkesForecast(fit, inputs, options, (n) => (canShare ? sharedArray(Float64Array, n) : new Float64Array(n)));
  const concurrency = options.concurrency === undefined ? undefined : integerIn('options.concurrency', options.concurrency, 1, 4096);
  const { C, T, h } = plan;
  const nChunks = Math.max(1, Math.min(C, CHUNKS_PER_WORKER * (concurrency ?? defaultWorkers())));
  const counts = canShare ? toShared(plan.counts) : plan.counts;
  // views on shared memory cross threads without copying; plain arrays (no SharedArrayBuffer:
  // browsers, where tasks run inline) are sliced
  const rows = (a: Float64Array, from: number, to: number) => (canShare ? a.subarray(from, to) : a.slice(from, to));
  const tasks: HawkesForecastTask[] = hawkesCountyChunks(C, nChunks).map(([c0, c1]) => ({
    counts: rows(counts, c0 * T, c1 * T),
    r: rows(plan.r, c0 * (T + h), c1 * (T + h)),
    mu: plan.mu.slice(c0, c1),
    w: plan.w,
    counties: c1 - c0,
    days: T,
    lags: plan.L,
    horizon: h,
    realisations: plan.S,
    seed: plan.seed,
    countyOffset: c0,
    backend: plan.backend,
  }));
  const chunks = await runTasks<HawkesForecastTask, HawkesForecastChunk>(forecastTaskUrl, tasks, {
    concurrency,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  if (chunks.length !== tasks.length) throw new EpikitError('E_WORKER', `the forecast returned ${chunks.length} chunks: expected ${tasks.length}`, {});
  return finishHawkesForecast(plan, chunks);
}
