/**
 * Worker-thread task pools (Piscina) and the Node task runner. Node only: lib/index.ts
 * registers `runTasksInWorkers` as the runner behind `runTasks`; the browser entry never
 * reaches this file.
 *
 * Start-up cost (measured with `node test/helpers/tasks/measure-parallel.mjs` on the development
 * machine: 2 cores, Node 20): a 2-thread pool from the built package takes about 80–115 ms from
 * `new TaskPool` to the first two answers (each thread boots a V8 isolate, imports the task
 * module and loads the native addon or instantiates the WebAssembly module), and closes in a few
 * ms; a run on a pool already up costs about 0.3 ms. Under tsx (TypeScript sources, tests) each
 * thread also compiles the sources: about 0.8 s. Negligible next to NMFk restarts that run for
 * seconds; for many short runs keep one `TaskPool` open, call `run` repeatedly, then `close`.
 */
import { once, setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { EpikitError } from '../errors.js';
import { integerIn } from '../validate.js';
import { runInline } from './run-inline.js';
import { abortedError, failureToError, taskFailedError } from './task-errors.js';
import { checkRunArguments, moduleHref, type RunTasksOptions } from './task-options.js';
import type { TaskMessage, TaskReply } from './task-worker.js';

/** The worker entry next to this file: task-worker.ts under a TypeScript loader, task-worker.js when built. */
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './task-worker.ts' : './task-worker.js', import.meta.url);

/**
 * Worker execArgv that let TypeScript sources load in a worker thread (tests; the built package
 * needs none). On Node 20 `--import tsx` does not reach worker threads, so each worker
 * registers tsx's ESM hooks itself through a data: URL preload calling tsx's `register()`.
 */
function typeScriptLoaderArgs(): string[] {
  let api: string;
  try {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
    api = pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']?.import?.default ?? 'dist/esm/api/index.mjs')).href;
  } catch (e) {
    throw new EpikitError(
      'E_WORKER',
      `running a TypeScript task module in worker threads needs the tsx package (a devDependency), which did not resolve: ${(e as Error).message}. ` +
        'Build the package and use the compiled .js module, or run with { concurrency: 1 }.',
      {},
    );
  }
  return ['--import', `data:text/javascript,import { register } from ${JSON.stringify(api)}; register();`];
}

/**
 * execArgv without the tsx CLI's own flags (`--require …/tsx/…/preflight.cjs`, `--import …/tsx/…/loader.mjs`).
 * Under `tsx script.ts` they are in process.execArgv; a worker given both them and the register()
 * preload below resolved modules through two hook chains, and the worker entry and the task module
 * got separate copies of lib/backend/registry — the task's without a backend (E_BACKEND_UNAVAILABLE).
 * The preload alone is enough.
 */
function withoutTsxLoader(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if ((flag === '--require' || flag === '-r' || flag === '--import' || flag === '--loader') && /[\\/]tsx[\\/]/.test(argv[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (/^--(require|import|loader)=.*[\\/]tsx[\\/]/.test(flag)) continue;
    out.push(flag);
  }
  return out;
}

/** A module URL as an absolute URL string (an absolute file path becomes a file: URL). */
function absoluteModuleHref(moduleUrl: string | URL): string {
  const href = moduleHref(moduleUrl);
  return isAbsolute(href) ? pathToFileURL(href).href : href;
}

let liveThreads = 0;

/**
 * Worker threads started by any TaskPool in this thread that have not exited yet (0 once every
 * pool is closed). For tests and diagnostics.
 */
export function liveWorkerThreads(): number {
  return liveThreads;
}

export interface TaskPoolOptions {
  /** Number of worker threads (default: os.availableParallelism()). */
  concurrency?: number;
}

export interface TaskPoolRunOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * A reusable pool of worker threads running one task module. Each thread imports the module
 * once and runs many tasks. `run` may be called many times (not necessarily one at a time);
 * `close` terminates the threads and waits until they have exited.
 *
 * @example
 * const pool = new TaskPool(new URL('./restart-task.js', import.meta.url), { concurrency: 4 });
 * try {
 *   for (const k of [2, 3, 4]) results.push(await pool.run(seeds.map((seed) => ({ k, seed, x }))));
 * } finally {
 *   await pool.close();
 * }
 * @throws {EpikitError} E_INPUT_TYPE / E_INPUT_RANGE for a bad module URL or concurrency.
 */
export class TaskPool {
  readonly moduleUrl: string;
  readonly concurrency: number;
  private readonly piscina: Piscina;
  private readonly exits: Promise<unknown>[] = [];
  private closing: Promise<void> | undefined;
  private live = 0;
  private readonly active = new Set<(error: unknown) => void>();

  constructor(moduleUrl: string | URL, options: TaskPoolOptions = {}) {
    this.moduleUrl = absoluteModuleHref(moduleUrl);
    this.concurrency = options.concurrency === undefined ? availableParallelism() : integerIn('concurrency', options.concurrency, 1, 4096);
    const needsLoader = workerUrl.pathname.endsWith('.ts') || /\.[mc]?ts$/.test(new URL(this.moduleUrl).pathname);
    this.piscina = new Piscina({
      filename: fileURLToPath(workerUrl),
      minThreads: this.concurrency,
      maxThreads: this.concurrency,
      idleTimeout: Infinity,
      ...(needsLoader ? { execArgv: [...withoutTsxLoader(process.execArgv), ...typeScriptLoaderArgs()] } : {}),
    });
    // Keep every thread's exit so close() can wait for all of them, including threads
    // Piscina terminated on its own (an aborted running task) and no longer lists.
    this.piscina.on('workerCreate', (info: { id: number }) => {
      const thread = (this.piscina.threads as Worker[]).find((t) => t.threadId === info.id);
      if (!thread) return;
      liveThreads++;
      this.live++;
      const exited = () => {
        liveThreads--;
        this.live--;
      };
      this.exits.push(once(thread, 'exit').then(exited, exited));
    });
    // A thread that fails while running a task rejects that task. One that fails with no task
    // (while starting, or from a callback a finished task left behind) surfaces here: fail the
    // runs in progress rather than leave their queued tasks waiting for a thread that may never come.
    this.piscina.on('error', (error: Error) => {
      for (const fail of this.active) fail(new EpikitError('E_WORKER', `a worker thread of the pool failed: ${error?.message ?? String(error)}`, { reason: error?.message }));
    });
  }

  /** Worker threads currently alive in the pool. */
  get threads(): number {
    return this.piscina.threads.length;
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /**
   * Run the module's default export on every task in the pool; resolves to the results in task
   * order. The first failure (or an abort) cancels this run's queued tasks and terminates the
   * threads still running its tasks (Piscina replaces them); the pool stays usable.
   *
   * @throws {EpikitError} E_ABORTED, the task's EpikitError, E_WORKER (other errors, a worker that died, a closed pool).
   */
  run<T, R>(tasks: readonly T[], options: TaskPoolRunOptions = {}): Promise<R[]> {
    let checked: { tasks: readonly T[] };
    try {
      checked = checkRunArguments<T>(this.moduleUrl, tasks, options);
      if (this.closing) throw new EpikitError('E_WORKER', 'the TaskPool is closed: create a new one to run more tasks', {});
    } catch (e) {
      return Promise.reject(e);
    }
    const { signal, onProgress } = options;
    const total = checked.tasks.length;
    if (total === 0) return Promise.resolve([]);
    const results = new Array<R>(total);
    const cancel = new AbortController();
    // piscina adds one abort listener per queued task to this internal signal: not a leak.
    setMaxListeners(total + 1, cancel.signal);
    return new Promise<R[]>((resolve, reject) => {
      let settled = false;
      let done = 0;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        this.active.delete(finish);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) return resolve(results);
        cancel.abort(); // drop this run's queued tasks, terminate threads running its tasks
        reject(error);
      };
      const onAbort = () => finish(abortedError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.active.add(finish);
      checked.tasks.forEach((task, index) => {
        const message: TaskMessage<T> = { moduleUrl: this.moduleUrl, index, task };
        this.piscina.run(message, { signal: cancel.signal }).then(
          (reply: TaskReply<R>) => {
            if (settled) return;
            if (!reply.ok) return finish(failureToError(reply.failure, index));
            results[index] = reply.value;
            done++;
            try {
              onProgress?.(done, total);
            } catch (e) {
              return finish(e);
            }
            if (done === total) finish();
          },
          (error: Error) => {
            if (settled) return;
            if (signal?.aborted) return finish(abortedError(signal));
            finish(taskFailedError(index, `the worker thread running it failed: ${error?.message ?? String(error)}`, { reason: error?.message }));
          },
        );
      });
    });
  }

  /** Terminate every thread (running tasks are cancelled) and wait until all have exited. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // Piscina replaces a thread that exits while the pool is not being destroyed, which
      // includes threads it terminated itself for an aborted task and that exit late, after
      // destroy() returned. So: destroy, wait for every thread this pool ever started, and
      // repeat until no thread is left.
      for (let round = 0; round < 100; round++) {
        await this.piscina.destroy();
        await Promise.all(this.exits);
        if (this.piscina.threads.length === 0 && this.live === 0) return;
      }
    })();
    return this.closing;
  }
}

/**
 * The Node runner behind `runTasks`: `concurrency` (default os.availableParallelism(), capped
 * by the number of tasks) > 1 runs the tasks in a fresh `TaskPool` that is closed before the
 * promise settles, so no thread outlives the call; 1 runs them inline (`runInline`) unless
 * `offMainThread` is set (then one worker thread runs them).
 * Pool start-up costs tens of milliseconds from the built package (see the file comment);
 * for many short runs use a `TaskPool` directly.
 *
 * @example
 * const results = await runTasksInWorkers(new URL('./task.js', import.meta.url), tasks, { concurrency: 2 });
 * @throws {EpikitError} as `runTasks`.
 */
export async function runTasksInWorkers<T, R>(moduleUrl: string | URL, tasks: readonly T[], options: RunTasksOptions = {}): Promise<R[]> {
  const checked = checkRunArguments<T>(moduleUrl, tasks, options);
  const concurrency = Math.max(1, Math.min(checked.concurrency ?? availableParallelism(), checked.tasks.length));
  if (concurrency === 1 && !(options.offMainThread && checked.tasks.length > 0)) return runInline<T, R>(absoluteModuleHref(moduleUrl), checked.tasks, options);
  const pool = new TaskPool(moduleUrl, { concurrency });
  try {
    return await pool.run<T, R>(checked.tasks, options);
  } finally {
    await pool.close();
  }
}
