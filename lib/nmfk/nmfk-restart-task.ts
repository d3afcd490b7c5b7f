/**
 * One NMFk restart, as a task module for lib/parallel's runTasks (its default export runs in
 * a worker thread, or inline). Browser-safe: imports only facades and the kernel registry.
 * Reference: /work/shared/reference/nmfk-and-ensemble.md §1.1 (restarts), §1.9 (perturbed
 * copies of X).
 */
import type { BackendChoice } from '../backend/kernels.js';
import { moveResult, type MovedResult } from '../parallel/move-result.js';
import { deriveSeed } from '../random/derive-seed.js';
import { randomUniform } from '../random/random-uniform.js';
import { nmf, nmfFitStatistics, type NmfObjectiveName } from './nmf.js';

export interface NmfkRestartTask {
  /** X, rows × cols row-major, NaN = missing; SharedArrayBuffer-backed so workers share it. */
  x: Float64Array;
  rows: number;
  cols: number;
  k: number;
  /** The restart's own seed ({@link nmfkRestartSeed}): initial factors and noise come from it only. */
  seed: number;
  objective: NmfObjectiveName;
  maxIterations: number;
  tolerance: number;
  checkEvery: number;
  /** ε: multiply every observed entry by a factor drawn uniformly from (1 − ε, 1 + ε); 0 = off. */
  perturbation: number;
  backend?: BackendChoice;
}

export interface NmfkRestartResult {
  /** W (rows × k) and H (k × cols) as the solver returned them (not normalised). */
  w: Float64Array;
  h: Float64Array;
  /** The objective (KL or ½‖X − WH‖²_F) of these factors on the unperturbed X. */
  objective: number;
  iterations: number;
}

/**
 * Runs restart `seed` at `k`: optionally perturbs X (each observed entry times 1 − ε + 2ε·u,
 * u ~ U[0, 1) from xoshiro256** stream 1 of the restart seed — the interval the pyDNMFk
 * docstring states; pyDNMFk's code draws from [1 + ε, 1 + 3ε), a bug not copied, §1.9), then
 * factorises with {@link nmf} seeded by the restart seed (stream 0), and scores the factors on
 * the unperturbed X. O(iterations · rows · cols · k).
 *
 * @example
 * // normally called by nmfk() through runTasks
 * const r = runNmfkRestart({ x, rows: 150, cols: 40, k: 3, seed: nmfkRestartSeed(0, 3, 0), objective: 'kl',
 *   maxIterations: 500, tolerance: 1e-5, checkEvery: 10, perturbation: 0 });
 */
export function runNmfkRestart(task: NmfkRestartTask): NmfkRestartResult {
  const { rows, cols, k } = task;
  let data = task.x;
  if (task.perturbation > 0) data = perturbMatrix(data, task.perturbation, task.seed, task.backend);
  const fit = nmf({ data, rows, cols }, k, {
    objective: task.objective,
    maxIterations: task.maxIterations,
    tolerance: task.tolerance,
    checkEvery: task.checkEvery,
    seed: task.seed,
    backend: task.backend,
  });
  let objective = fit.objective;
  if (task.perturbation > 0) {
    const s = nmfFitStatistics({ data: task.x, rows, cols }, fit.w, fit.h, k, { backend: task.backend });
    objective = task.objective === 'kl' ? s.kl : s.frobeniusObjective;
  }
  return { w: fit.w, h: fit.h, objective, iterations: fit.iterations };
}

/**
 * A noisy copy of X: every entry times 1 − ε + 2ε·u, u ~ U[0, 1) from xoshiro256** stream 1 of
 * `seed` (the kernel generator, the same on every backend), so each factor lies in
 * [1 − ε, 1 + ε) — the interval pyDNMFk documents; its code draws 1 + ε + 2ε·u, i.e.
 * [1 + ε, 1 + 3ε), which is not copied (§1.9). NaN (missing) stays NaN. O(length).
 *
 * @example
 * perturbMatrix(Float64Array.of(1, 2, NaN), 0.1, 7); // ≈ [1.03, 1.96, NaN]
 */
export function perturbMatrix(x: Float64Array, epsilon: number, seed: number, backend?: BackendChoice): Float64Array {
  const u = randomUniform(x.length, { seed, stream: 1, backend });
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] * (1 - epsilon + 2 * epsilon * u[i]);
  return out;
}

/**
 * The task function runTasks calls: {@link runNmfkRestart}, its factor buffers moved (not
 * copied) to the caller. Same cost as runNmfkRestart.
 *
 * @example
 * await runTasks(new URL('./nmfk-restart-task.js', import.meta.url), tasks, { concurrency: 4 });
 */
export default function nmfkRestartTask(task: NmfkRestartTask): MovedResult<NmfkRestartResult> {
  return moveResult(runNmfkRestart(task));
}

/**
 * The seed of restart r at k, a function of (seed, k, r) only (so results do not depend on how
 * many workers run or in which order tasks finish): SplitMix64 applied three times, mixing in
 * seed, k and r, cut to 53 bits (a valid epikit seed).
 *
 * @example
 * nmfkRestartSeed(0, 3, 0) !== nmfkRestartSeed(0, 3, 1); // true
 */
export function nmfkRestartSeed(seed: number, k: number, restart: number): number {
  return deriveSeed(seed, k, restart);
}
