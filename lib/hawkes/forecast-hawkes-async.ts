/**
 * forecastHawkes off the calling thread: the counties are split into contiguous chunks that a
 * worker pool (Node; inline in browsers or with concurrency 1) simulates with the same kernel;
 * with fewer counties than planned chunks, each county's realisations are split into ranges as
 * well (raw paths back, summarised here). Every (realisation, county) pair has its own random
 * stream, so the result is bit-identical to forecastHawkes whatever the concurrency. Browser-safe.
 */
import { EpikitError } from '../errors.js';
import { defaultTaskConcurrency, runTasks, taskModuleUrl } from '../parallel/run-tasks.js';
import { sharedArray, toShared } from '../parallel/to-shared.js';
import { integerIn } from '../validate.js';
import type { HawkesFit } from './fit-hawkes.js';
import { finishHawkesForecast, prepareHawkesForecast, type HawkesForecast, type HawkesForecastOptions } from './forecast-hawkes.js';
import type { HawkesPaths, HawkesPathsTask } from './forecast-hawkes-paths-task.js';
import type { HawkesForecastChunk, HawkesForecastTask } from './forecast-hawkes-task.js';
import type { HawkesInputs } from './hawkes-design.js';
import { summariseHawkesPaths } from './summarise-hawkes-paths.js';

const forecastTaskUrl = taskModuleUrl(import.meta.url, './forecast-hawkes-task');
const pathsTaskUrl = taskModuleUrl(import.meta.url, './forecast-hawkes-paths-task');

/** Chunks per worker: enough to balance counties of unequal cost, few enough to keep messages cheap. */
const CHUNKS_PER_WORKER = 4;

/**
 * Largest counties × realisations × horizon for which forecastHawkesAsync splits realisations:
 * 2^23 simulated counts, i.e. 64 MiB of float64 paths returned to the calling thread (plus one
 * county's paths, joined, while it is summarised). Above it the county chunks are used.
 */
export const HAWKES_PATHS_CAP = 1 << 23;

export interface HawkesForecastAsyncOptions extends HawkesForecastOptions {
  /**
   * Worker threads (Node). 1 runs the tasks inline in this thread (yielding to the event loop
   * between tasks). Default: runTasks' default (os.availableParallelism() in Node). The work is
   * planned as about 4 tasks per worker: contiguous chunks of counties; or, with fewer counties
   * than that (and counties × realisations × horizon ≤ HAWKES_PATHS_CAP = 2^23), contiguous
   * ranges of each county's realisations. Either way the result does not depend on it.
   */
  concurrency?: number;
  /** Cancels the forecast: queued chunks are dropped, running ones terminated; rejects with E_ABORTED. */
  signal?: AbortSignal;
  /**
   * Called on the calling thread after each task, with (tasks done, total tasks): a task is a
   * chunk of counties, or a range of one county's realisations when those are split.
   */
  onProgress?: (doneChunks: number, totalChunks: number) => void;
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
 * The tasks [county, first, end) that split the realisations 0..S−1 of each of C counties into
 * contiguous ranges, about `chunks` in all: county c gets ⌊(c+1)·chunks/C⌋ − ⌊c·chunks/C⌋ ranges
 * (at most S), range i of n being [⌊iS/n⌋, ⌊(i+1)S/n⌋) — non-empty, in ascending order, covering
 * 0..S−1. Listed county by county, ranges in order. O(result).
 *
 * @example
 * hawkesRealisationRanges(1, 10, 3); // [[0, 0, 3], [0, 3, 6], [0, 6, 10]]
 * hawkesRealisationRanges(2, 2, 8);  // [[0, 0, 1], [0, 1, 2], [1, 0, 1], [1, 1, 2]]
 * @throws EpikitError E_INPUT_RANGE / E_INPUT_TYPE unless C, S ≥ 1 and C ≤ chunks are integers.
 */
export function hawkesRealisationRanges(C: number, S: number, chunks: number): [number, number, number][] {
  integerIn('C', C, 1, 2 ** 31 - 1);
  integerIn('S', S, 1, 1 << 24);
  integerIn('chunks', chunks, C, 2 ** 31 - 1);
  const out: [number, number, number][] = [];
  for (let c = 0; c < C; c++) {
    const n = Math.min(S, Math.floor(((c + 1) * chunks) / C) - Math.floor((c * chunks) / C));
    for (let i = 0; i < n; i++) out.push([c, Math.floor((i * S) / n), Math.floor(((i + 1) * S) / n)]);
  }
  return out;
}

/**
 * County `county`'s S × h paths (realisation-major, as hawkesSimulatePaths writes them) from the
 * results of the range tasks `ranges` (hawkesRealisationRanges: [county, first, end), one result
 * of (end − first) × h counts each, in the same order): each range is copied to rows first..end−1.
 * O(S · h + ranges).
 *
 * @example
 * const ranges = hawkesRealisationRanges(1, 1000, 8);
 * const paths = joinHawkesPaths(ranges, results, 0, 1000, 7); // = hawkesSimulatePaths over 0..999
 * @throws EpikitError E_WORKER if a result has the wrong length or the county's ranges do not
 *   cover 0..S−1 contiguously in order.
 */
export function joinHawkesPaths(ranges: readonly (readonly [number, number, number])[], parts: readonly HawkesPaths[], county: number, S: number, h: number): Float64Array {
  if (parts.length !== ranges.length) throw new EpikitError('E_WORKER', `the forecast returned ${parts.length} ranges: expected ${ranges.length}`, {});
  const paths = new Float64Array(S * h);
  let next = 0;
  for (let i = 0; i < ranges.length; i++) {
    const [c, first, end] = ranges[i];
    if (c !== county) continue;
    const part = parts[i].paths;
    if (first !== next || part.length !== (end - first) * h) {
      throw new EpikitError('E_WORKER', `forecast range ${i} (county ${c}, realisations [${first}, ${end})) returned ${part.length} counts after realisation ${next}: expected ${(end - first) * h} from realisation ${first}`, {});
    }
    paths.set(part, first * h);
    next = end;
  }
  if (next !== S) throw new EpikitError('E_WORKER', `the forecast ranges of county ${county} cover realisations [0, ${next}): expected [0, ${S})`, {});
  return paths;
}

/**
 * Whether forecastHawkesAsync splits realisations for C counties, S realisations, horizon h and
 * `planned` tasks (about 4 per worker): when there are fewer counties than planned tasks, more
 * than one realisation, and the paths fit HAWKES_PATHS_CAP (C · S · h ≤ 2^23). O(1).
 *
 * @example
 * hawkesSplitsRealisations(1, 200000, 7, 8);  // true
 * hawkesSplitsRealisations(50, 1000, 7, 8);   // false: enough counties to fill the tasks
 * hawkesSplitsRealisations(2, 1 << 22, 7, 8); // false: 2^23 · 7 paths exceed the cap
 */
export function hawkesSplitsRealisations(C: number, S: number, h: number, planned: number): boolean {
  return C < planned && S > 1 && C * S * h <= HAWKES_PATHS_CAP;
}

/**
 * The same forecast as {@link forecastHawkes} (bit-identical for every concurrency and split),
 * simulated in worker threads, as about 4 tasks per worker (`concurrency`, or the machine's):
 * - C at least that: the counties are split into that many contiguous chunks; each chunk runs
 *   the hawkesSimulate kernel with its first county as `countyOffset`, so every (realisation,
 *   county) keeps its own stream, and returns its mean and quantiles.
 * - fewer counties (e.g. 1 county × 200,000 realisations), if C · realisations · horizon ≤
 *   HAWKES_PATHS_CAP (2^23): each county's realisations are split into contiguous ranges
 *   (hawkesRealisationRanges); each range runs the hawkesSimulatePaths kernel (realisation s
 *   keeps stream s whatever its range) and returns its raw paths; this thread joins a county's
 *   ranges in order and summarises them with summariseHawkesPaths, the kernel's own arithmetic.
 *   Above the cap: one chunk per county.
 * R over the horizon and every check are computed on the calling thread, exactly as
 * forecastHawkes does; counts and R go to the workers in shared memory, the outputs come back by
 * transfer.
 *
 * Complexity: as forecastHawkes, divided over the workers, plus O(C · (T + h)) to copy the inputs
 * to shared memory and a pool start-up (≈ 0.1 s from the built package). When realisations are
 * split, the sorting (O(C · h · S log S)) runs on this thread and the paths take
 * 8 · C · S · h bytes (≤ 64 MiB) here.
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
  const { C, T, h, S } = plan;
  const planned = CHUNKS_PER_WORKER * (concurrency ?? defaultTaskConcurrency());
  const counts = canShare ? toShared(plan.counts) : plan.counts;
  // views on shared memory cross threads without copying; plain arrays (no SharedArrayBuffer:
  // browsers, where tasks run inline) are sliced
  const rows = (a: Float64Array, from: number, to: number) => (canShare ? a.subarray(from, to) : a.slice(from, to));
  const run = { concurrency, signal: options.signal, onProgress: options.onProgress };
  if (hawkesSplitsRealisations(C, S, h, planned)) {
    const ranges = hawkesRealisationRanges(C, S, planned);
    const tasks: HawkesPathsTask[] = ranges.map(([c, first, end]) => ({
      counts: rows(counts, c * T, (c + 1) * T),
      r: rows(plan.r, c * (T + h), (c + 1) * (T + h)),
      mu: plan.mu.slice(c, c + 1),
      w: plan.w,
      counties: 1,
      days: T,
      lags: plan.L,
      horizon: h,
      firstRealisation: first,
      realisations: end - first,
      seed: plan.seed,
      countyOffset: c,
      backend: plan.backend,
    }));
    const parts = await runTasks<HawkesPathsTask, HawkesPaths>(pathsTaskUrl, tasks, run);
    if (parts.length !== tasks.length) throw new EpikitError('E_WORKER', `the forecast returned ${parts.length} ranges: expected ${tasks.length}`, {});
    const chunks: HawkesForecastChunk[] = [];
    for (let c = 0; c < C; c++) chunks.push(summariseHawkesPaths(joinHawkesPaths(ranges, parts, c, S, h), 1, S, h));
    return finishHawkesForecast(plan, chunks);
  }
  const nChunks = Math.max(1, Math.min(C, planned));
  const tasks: HawkesForecastTask[] = hawkesCountyChunks(C, nChunks).map(([c0, c1]) => ({
    counts: rows(counts, c0 * T, c1 * T),
    r: rows(plan.r, c0 * (T + h), c1 * (T + h)),
    mu: plan.mu.slice(c0, c1),
    w: plan.w,
    counties: c1 - c0,
    days: T,
    lags: plan.L,
    horizon: h,
    realisations: S,
    seed: plan.seed,
    countyOffset: c0,
    backend: plan.backend,
  }));
  const chunks = await runTasks<HawkesForecastTask, HawkesForecastChunk>(forecastTaskUrl, tasks, run);
  if (chunks.length !== tasks.length) throw new EpikitError('E_WORKER', `the forecast returned ${chunks.length} chunks: expected ${tasks.length}`, {});
  return finishHawkesForecast(plan, chunks);
}
