/**
 * The inline task runner: imports the task module in the calling thread and runs the tasks one
 * after another, yielding to the event loop between tasks so timers, I/O and an AbortSignal
 * still get their turn. This is what `concurrency: 1` means, and the only runner in browsers.
 * Browser-safe.
 */
import { EpikitError } from '../errors.js';
import { unwrapResult } from './move-result.js';
import { abortedError, describeFailure, failureToError } from './task-errors.js';
import { checkRunArguments, taskFunctionOf, yieldToEventLoop, type RunTasksOptions } from './task-options.js';

/**
 * Run the default export of the module at `moduleUrl` on every task, in order, in this thread.
 * Resolves to the results in task order. Errors are reported exactly as the worker pool
 * reports them: an EpikitError as it was thrown, anything else as E_WORKER naming the task.
 * A running task is not interrupted by `signal`; the run stops before the next one.
 * O(sum of the task costs).
 *
 * @example
 * const sums = await runInline(new URL('./sum-task.js', import.meta.url), [[1, 2], [3, 4]]); // [3, 7]
 * @throws {EpikitError} E_ABORTED when `signal` aborts; the task's own EpikitError; E_WORKER for other errors;
 *   E_INPUT_TYPE for a module without a default function export.
 */
export async function runInline<T, R>(moduleUrl: string | URL, tasks: readonly T[], options: RunTasksOptions = {}): Promise<R[]> {
  const checked = checkRunArguments<T>(moduleUrl, tasks, options);
  const { signal, onProgress } = options;
  const total = checked.tasks.length;
  if (total === 0) return [];
  const run = taskFunctionOf<T, R>(await import(/* @vite-ignore */ checked.href), checked.href);
  const results = new Array<R>(total);
  for (let i = 0; i < total; i++) {
    if (signal?.aborted) throw abortedError(signal);
    try {
      results[i] = unwrapResult(await run(checked.tasks[i])).value;
    } catch (e) {
      throw e instanceof EpikitError ? e : failureToError(describeFailure(e), i);
    }
    onProgress?.(i + 1, total);
    if (i + 1 < total) await yieldToEventLoop();
  }
  if (signal?.aborted) throw abortedError(signal);
  return results;
}
