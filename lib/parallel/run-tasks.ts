/**
 * `runTasks`: the one entry point method modules call to fan work out. It dispatches to the
 * runner the package entry registered: lib/index.ts (Node) registers the worker-thread pool
 * (lib/parallel/task-pool.ts), lib/browser.ts keeps the inline runner (the default here). Like
 * lib/backend/registry.ts, this file imports nothing Node-specific, so a method module that
 * uses it stays browser-safe. Browser-safe.
 */
import { runInline } from './run-inline.js';
import type { RunTasksOptions, TaskRunner } from './task-options.js';

let runner: TaskRunner = runInline;
let defaultConcurrency = (): number => 1;

/**
 * Register the runner `runTasks` uses (lib/index.ts: the worker pool; default: inline) and, with
 * it, the number of workers it uses when `concurrency` is not given (default: 1).
 */
export function setTaskRunner(r: TaskRunner, concurrency?: () => number): void {
  runner = r;
  if (concurrency) defaultConcurrency = concurrency;
}

/**
 * The workers `runTasks` runs on when `concurrency` is not given — os.availableParallelism() with
 * the Node pool, 1 inline — for callers that plan how to split their work. Browser-safe.
 *
 * @example
 * const chunks = 4 * (options.concurrency ?? defaultTaskConcurrency());
 */
export function defaultTaskConcurrency(): number {
  return defaultConcurrency();
}

/**
 * Run the default export of the ES module at `moduleUrl` on every task; resolves to the results
 * in task order. In Node, `concurrency` > 1 runs the tasks in that many worker threads (each
 * imports the module once and runs many tasks), 1 runs them inline; in browsers they always
 * run inline. Tasks must carry everything they need, seeds included, so the results are the
 * same whatever the concurrency. Arguments and results cross threads by structured clone:
 * put big inputs in shared memory once with `toShared`, return big outputs with `moveResult`.
 *
 * @example
 * // restart-task.ts: export default ({ seed, x }) => nmf(x, 4, { seed }).objective;
 * const objectives = await runTasks<RestartTask, number>(new URL('./restart-task.js', import.meta.url),
 *   seeds.map((seed) => ({ seed, x: sharedX })), { concurrency: 4, signal, onProgress: (d, n) => bar.update(d / n) });
 * @throws {EpikitError} E_ABORTED (signal aborted, before or during), the task's own EpikitError
 *   (same code, message, details), E_WORKER (any other error, or a worker thread that died,
 *   naming the task index), E_INPUT_TYPE / E_INPUT_RANGE for bad arguments. After the first
 *   failure the remaining tasks are cancelled.
 */
export function runTasks<T, R>(moduleUrl: string | URL, tasks: readonly T[], options?: RunTasksOptions): Promise<R[]> {
  return runner<T, R>(moduleUrl, tasks, options);
}

export { taskModuleUrl, type RunTasksOptions, type TaskFunction, type TaskRunner } from './task-options.js';
