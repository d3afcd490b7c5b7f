/** Shared types and argument checks of the task runners (inline and worker pool). Browser-safe. */
import { EpikitError, describeValue } from '../errors.js';
import { integerIn } from '../validate.js';
import { abortedError } from './task-errors.js';

/** What a task module's default export is: one task in, one result out. */
export type TaskFunction<T, R> = (task: T) => R | Promise<R>;

export interface RunTasksOptions {
  /**
   * How many tasks run at once. > 1: a pool of that many worker threads (Node); 1: inline, one
   * after another, in the calling thread. Default: os.availableParallelism() in Node (1 where
   * there are no worker threads), always capped by the number of tasks.
   */
  concurrency?: number;
  /**
   * Node: run in worker threads even when only one runs at a time (a pool of max(1,
   * concurrency) threads, even for a single task), so a long task never blocks the calling
   * thread's event loop. Ignored where there are no worker threads (browsers: inline). Default false.
   */
  offMainThread?: boolean;
  /** Aborts queued and running tasks; the run rejects with EpikitError E_ABORTED. */
  signal?: AbortSignal;
  /** Called in the calling thread after each task completes, with (tasks done, total tasks). */
  onProgress?: (done: number, total: number) => void;
}

/** A function that runs a task module over tasks: `runTasks` dispatches to one of these. */
export type TaskRunner = <T, R>(moduleUrl: string | URL, tasks: readonly T[], options?: RunTasksOptions) => Promise<R[]>;

/**
 * The module URL as a string: a URL, an absolute URL string, an absolute path (Node) or a bare
 * package specifier. Throws E_INPUT_TYPE for a relative specifier or a non-string.
 */
export function moduleHref(moduleUrl: unknown): string {
  if (moduleUrl instanceof URL) return moduleUrl.href;
  if (typeof moduleUrl === 'string' && /^\.\.?\//.test(moduleUrl)) {
    throw new EpikitError(
      'E_INPUT_TYPE',
      `moduleUrl is the relative specifier ${JSON.stringify(moduleUrl)}: it would resolve against epikit's own files, not yours. Pass new URL(${JSON.stringify(moduleUrl)}, import.meta.url)`,
      { argument: 'moduleUrl', value: moduleUrl },
    );
  }
  if (typeof moduleUrl === 'string' && moduleUrl !== '') return moduleUrl;
  throw new EpikitError('E_INPUT_TYPE', `moduleUrl must be a URL or a non-empty string, got ${describeValue(moduleUrl)}`, { argument: 'moduleUrl' });
}

/** Check the arguments every runner shares; returns the tasks as an array and the requested concurrency. */
export function checkRunArguments<T>(moduleUrl: unknown, tasks: unknown, options: RunTasksOptions | undefined): { href: string; tasks: readonly T[]; concurrency?: number } {
  const href = moduleHref(moduleUrl);
  if (!Array.isArray(tasks)) {
    throw new EpikitError('E_INPUT_TYPE', `tasks must be an array, got ${describeValue(tasks)}`, { argument: 'tasks' });
  }
  const o = options ?? {};
  const concurrency = o.concurrency === undefined ? undefined : integerIn('concurrency', o.concurrency, 1, 4096);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new EpikitError('E_INPUT_TYPE', `onProgress must be a function, got ${describeValue(o.onProgress)}`, { argument: 'onProgress' });
  }
  if (o.offMainThread !== undefined && typeof o.offMainThread !== 'boolean') {
    throw new EpikitError('E_INPUT_TYPE', `offMainThread must be a boolean, got ${describeValue(o.offMainThread)}`, { argument: 'offMainThread' });
  }
  if (o.signal !== undefined && !(typeof o.signal === 'object' && o.signal !== null && 'aborted' in o.signal)) {
    throw new EpikitError('E_INPUT_TYPE', `signal must be an AbortSignal, got ${describeValue(o.signal)}`, { argument: 'signal' });
  }
  if (o.signal?.aborted) throw abortedError(o.signal);
  return { href, tasks: tasks as readonly T[], concurrency };
}

/** The task function a module exports by default; E_INPUT_TYPE if there is none. */
export function taskFunctionOf<T, R>(module: unknown, href: string): TaskFunction<T, R> {
  const fn = (module as { default?: unknown } | null)?.default;
  if (typeof fn !== 'function') {
    throw new EpikitError('E_INPUT_TYPE', `the task module ${href} must export a function as default, its default export is ${describeValue(fn)}`, {
      argument: 'moduleUrl',
      value: href,
    });
  }
  return fn as TaskFunction<T, R>;
}

/**
 * Resolve after one full turn of the event loop, so due timers, I/O callbacks and abort events
 * run before the next task. Two setImmediate hops: the first may still land in the current
 * loop iteration's check phase; the second is then queued for the next iteration, after its
 * timers and poll phases. Browsers (no setImmediate): a macrotask via setTimeout(0).
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The URL of a task module next to the calling module, with the caller's own extension: `.ts`
 * when running from TypeScript sources (tests under vitest/tsx), `.js` from the built package.
 * A method module names its task module once, without an extension. O(1).
 *
 * @example
 * // in lib/nmfk/nmfk.ts, next to lib/nmfk/nmfk-restart-task.ts:
 * const url = taskModuleUrl(import.meta.url, './nmfk-restart-task');
 * @throws {EpikitError} E_INPUT_TYPE if `name` already has an extension or is not relative.
 */
export function taskModuleUrl(importMetaUrl: string, name: string): URL {
  if (!/^\.\.?\//.test(name) || /\.[cm]?[jt]s$/.test(name)) {
    throw new EpikitError('E_INPUT_TYPE', `task module name ${JSON.stringify(name)} must be relative ("./name") and have no extension`, { argument: 'name', value: name });
  }
  const ext = /\.([cm]?ts)$/.exec(new URL(importMetaUrl).pathname)?.[1] ?? 'js';
  return new URL(`${name}.${ext}`, importMetaUrl);
}
