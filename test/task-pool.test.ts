// The task runners (lib/parallel): worker-thread pool and inline, under vitest with TypeScript
// task modules (workers load them through tsx). Tiny tasks: other suites share the cores.
import '../lib/index.js';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpikitError } from '../lib/errors.js';
import { measureEventLoopLag } from '../lib/parallel/event-loop-lag.js';
import { runInline } from '../lib/parallel/run-inline.js';
import { defaultTaskConcurrency, runTasks, setTaskRunner, taskModuleUrl } from '../lib/parallel/run-tasks.js';
import { liveWorkerThreads, runTasksInWorkers, TaskPool } from '../lib/parallel/task-pool.js';
import { isShared, sharedArray, toShared } from '../lib/parallel/to-shared.js';
import { randomUniform } from '../lib/random/random-uniform.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest } from './helpers/backends.js';
import type { MisbehavingTask } from './helpers/tasks/misbehaving-task.js';
import type { SeededResult, SeededTask } from './helpers/tasks/seeded-task.js';
import type { SharedWriteTask } from './helpers/tasks/shared-write-task.js';

const seededUrl = new URL('./helpers/tasks/seeded-task.ts', import.meta.url);
const misbehavingUrl = new URL('./helpers/tasks/misbehaving-task.ts', import.meta.url);
const sharedWriteUrl = new URL('./helpers/tasks/shared-write-task.ts', import.meta.url);
const noDefaultUrl = new URL('./helpers/tasks/no-default-task.ts', import.meta.url);

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<EpikitError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EpikitError);
    return e as EpikitError;
  }
  throw new Error('expected a rejection');
}

/** OS threads of this process (Linux), else null. */
function osThreads(): number | null {
  try {
    return readdirSync('/proc/self/task').length;
  } catch {
    return null;
  }
}

/** Wait until no pool thread is alive and the OS thread count is back to `baseline` (bounded wait). */
async function expectNoPoolThreads(baseline: number | null): Promise<void> {
  expect(liveWorkerThreads()).toBe(0);
  if (baseline === null) return;
  for (let i = 0; i < 40 && osThreads()! > baseline; i++) await new Promise((r) => setTimeout(r, 50));
  expect(osThreads()).toBeLessThanOrEqual(baseline);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runTasks: results', () => {
  const backends = backendsUnderTest();
  const tasks: SeededTask[] = Array.from({ length: 7 }, (_, i) => ({ seed: 1000 + 37 * i, n: 5 + i, backend: backends[i % backends.length] }));

  it('are in task order and identical for concurrency 1, 2 and 3 (seeded TS generator + kernel per task)', async () => {
    const byConcurrency = new Map<number, SeededResult[]>();
    for (const concurrency of [1, 2, 3]) {
      byConcurrency.set(concurrency, await runTasksInWorkers<SeededTask, SeededResult>(seededUrl, tasks, { concurrency }));
    }
    const expected = tasks.map((t) => {
      const rng = new Xoshiro256(t.seed);
      return { ts: Array.from({ length: t.n }, () => rng.uniform()), kernel: randomUniform(t.n, { seed: t.seed, stream: 1, backend: t.backend }) };
    });
    for (const [concurrency, results] of byConcurrency) {
      expect(results.map((r) => r.seed)).toEqual(tasks.map((t) => t.seed));
      results.forEach((r, i) => {
        expect(r.ts).toEqual(expected[i].ts);
        expect(r.kernel).toBeInstanceOf(Float64Array);
        expect(Array.from(r.kernel)).toEqual(Array.from(expected[i].kernel));
        expect(r.backend).toBe(tasks[i].backend);
        expect(r.mainThread).toBe(concurrency === 1);
      });
      if (concurrency > 1) expect(new Set(results.map((r) => r.threadId)).size).toBeGreaterThan(1);
    }
    expect(liveWorkerThreads()).toBe(0);
  });

  it('moveResult transfers typed-array results; the values arrive intact', async () => {
    const moved = tasks.slice(0, 3).map((t) => ({ ...t, move: true }));
    const [inWorkers, inline] = [
      await runTasksInWorkers<SeededTask, SeededResult>(seededUrl, moved, { concurrency: 2 }),
      await runInline<SeededTask, SeededResult>(seededUrl, moved),
    ];
    expect(inWorkers.map((r) => Array.from(r.kernel))).toEqual(inline.map((r) => Array.from(r.kernel)));
    expect(inWorkers.every((r) => r.kernel instanceof Float64Array && r.kernel.length > 0)).toBe(true);
  });

  it('workers follow EPIKIT_BACKEND and an explicit { backend } inside the task', async () => {
    const saved = process.env.EPIKIT_BACKEND;
    process.env.EPIKIT_BACKEND = 'wasm'; // workers copy the environment when they start
    try {
      const explicit = backends.includes('native') ? 'native' : 'wasm';
      const results = await runTasksInWorkers<SeededTask, SeededResult>(
        seededUrl,
        [{ seed: 1, n: 3 }, { seed: 2, n: 3, backend: explicit }],
        { concurrency: 2 },
      );
      expect(results.map((r) => r.env)).toEqual(['wasm', 'wasm']);
      expect(results.map((r) => r.backend)).toEqual(['wasm', explicit]);
      expect(results.every((r) => !r.mainThread)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.EPIKIT_BACKEND;
      else process.env.EPIKIT_BACKEND = saved;
    }
  });

  it('report progress after each task, in the calling thread', async () => {
    for (const concurrency of [1, 2]) {
      const seen: [number, number][] = [];
      const ok = Array.from({ length: 5 }, (_, i): MisbehavingTask => ({ kind: 'ok', value: i * i }));
      const results = await runTasksInWorkers<MisbehavingTask, number>(misbehavingUrl, ok, { concurrency, onProgress: (d, n) => seen.push([d, n]) });
      expect(results).toEqual([0, 1, 4, 9, 16]);
      expect(seen).toEqual([1, 2, 3, 4, 5].map((d) => [d, 5]));
    }
  });

  it('many queued tasks raise no MaxListenersExceededWarning (one abort listener per queued task is expected)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const ok = Array.from({ length: 30 }, (_, i): MisbehavingTask => ({ kind: 'ok', value: i }));
      const results = await runTasksInWorkers<MisbehavingTask, number>(misbehavingUrl, ok, { concurrency: 2 });
      expect(results).toEqual(ok.map((_, i) => i));
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('pass SharedArrayBuffer inputs and outputs without copying: the caller sees the workers\u2019 writes', async () => {
    const rows = 6;
    const cols = 4;
    const input = toShared(Float64Array.from({ length: rows * cols }, (_, i) => i + 0.5));
    expect(isShared(input)).toBe(true);
    expect(toShared(input)).toBe(input);
    const output = sharedArray(Float64Array, rows * cols);
    const tasks = Array.from({ length: rows }, (_, row): SharedWriteTask => ({ input, output, row, cols }));
    const replies = await runTasksInWorkers<SharedWriteTask, { threadId: number; shared: boolean }>(sharedWriteUrl, tasks, { concurrency: 2 });
    expect(replies.every((r) => r.shared && r.threadId !== 0)).toBe(true);
    expect(Array.from(output)).toEqual(Array.from(input, (v) => 2 * v));
  });

  it('offMainThread runs even one task at concurrency 1 in a worker thread; without it, inline', async () => {
    const input = toShared(Float64Array.of(1, 2));
    const output = sharedArray(Float64Array, 2);
    const task: SharedWriteTask = { input, output, row: 0, cols: 2 };
    const [off] = await runTasksInWorkers<SharedWriteTask, { threadId: number }>(sharedWriteUrl, [task], { concurrency: 1, offMainThread: true });
    expect(off.threadId).not.toBe(0);
    const [inline] = await runTasksInWorkers<SharedWriteTask, { threadId: number }>(sharedWriteUrl, [task], { concurrency: 1 });
    expect(inline.threadId).toBe(0);
    expect(liveWorkerThreads()).toBe(0);
    await expect(runTasksInWorkers(sharedWriteUrl, [task], { offMainThread: 'yes' as unknown as boolean })).rejects.toMatchObject({ code: 'E_INPUT_TYPE', message: expect.stringContaining('offMainThread') });
  });

  it('an empty task list resolves to [] without starting anything', async () => {
    expect(await runTasksInWorkers(seededUrl, [], { concurrency: 4 })).toEqual([]);
    expect(await runInline(seededUrl, [])).toEqual([]);
    expect(liveWorkerThreads()).toBe(0);
  });
});

describe('runTasks: errors', () => {
  let pool: TaskPool;
  beforeAll(() => {
    pool = new TaskPool(misbehavingUrl, { concurrency: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });

  const EPIKIT_TASK: MisbehavingTask = { kind: 'epikit', code: 'E_INPUT_RANGE', message: 'k is 99: expected an integer in [1, 10]', details: { argument: 'k', value: 99, nested: { list: [1, 2] } } };

  it('an EpikitError keeps its class, code, message and details across the thread boundary (and inline)', async () => {
    const tasks: MisbehavingTask[] = [{ kind: 'ok', value: 1 }, EPIKIT_TASK, { kind: 'ok', value: 2 }];
    for (const e of [await rejection(pool.run(tasks)), await rejection(runInline(misbehavingUrl, tasks))]) {
      expect(e.code).toBe('E_INPUT_RANGE');
      expect(e.message).toBe('k is 99: expected an integer in [1, 10]');
      expect(e.details).toEqual({ argument: 'k', value: 99, nested: { list: [1, 2] } });
    }
  });

  it('any other error becomes E_WORKER naming the task index and the original message', async () => {
    const tasks: MisbehavingTask[] = [{ kind: 'ok', value: 1 }, { kind: 'ok', value: 2 }, { kind: 'plain', message: 'index out of bounds' }];
    for (const e of [await rejection(pool.run(tasks)), await rejection(runInline(misbehavingUrl, tasks))]) {
      expect(e.code).toBe('E_WORKER');
      expect(e.message).toMatch(/task 2/);
      expect(e.message).toMatch(/RangeError: index out of bounds/);
      expect(e.details.task).toBe(2);
    }
    const thrownString = await rejection(pool.run<MisbehavingTask, number>([{ kind: 'string' }]));
    expect(thrownString.code).toBe('E_WORKER');
    expect(thrownString.message).toMatch(/task 0 failed: .*not an error object/);
  });

  it('a worker that exits is E_WORKER naming the task; the pool replaces it and keeps working', async () => {
    const e = await rejection(pool.run<MisbehavingTask, number>([{ kind: 'ok', value: 1 }, { kind: 'exit' }]));
    expect(e.code).toBe('E_WORKER');
    expect(e.message).toMatch(/task 1 failed: .*worker exited with code: 3/);
    expect(await pool.run<MisbehavingTask, number>([{ kind: 'ok', value: 7 }, { kind: 'ok', value: 8 }])).toEqual([7, 8]);
  });

  it('after the first failure the remaining tasks are cancelled (queued ones never start, running ones are stopped)', async () => {
    const marks = sharedArray(Int32Array, 8);
    const tasks: MisbehavingTask[] = [EPIKIT_TASK, ...Array.from({ length: 7 }, (_, i): MisbehavingTask => ({ kind: 'mark', ms: 400, marks, index: i + 1 }))];
    const progress: number[] = [];
    const e = await rejection(pool.run(tasks, { onProgress: (d) => progress.push(d) }));
    expect(e.code).toBe('E_INPUT_RANGE');
    await sleep(600);
    expect(Array.from(marks)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(progress).toEqual([]);
  });

  it('bad arguments are refused with the argument named', async () => {
    expect((await rejection(runTasksInWorkers(42 as never, []))).code).toBe('E_INPUT_TYPE');
    const relative = await rejection(runTasksInWorkers('./helpers/tasks/seeded-task.ts', [{}], { concurrency: 2 }));
    expect(relative.code).toBe('E_INPUT_TYPE');
    expect(relative.message).toMatch(/new URL\("\.\/helpers\/tasks\/seeded-task\.ts", import\.meta\.url\)/);
    // An absolute path works as well as a URL.
    expect(await runTasksInWorkers<MisbehavingTask, number>(fileURLToPath(misbehavingUrl), [{ kind: 'ok', value: 4 }, { kind: 'ok', value: 5 }], { concurrency: 2 })).toEqual([4, 5]);
    expect((await rejection(runTasksInWorkers(seededUrl, 'abc' as never))).code).toBe('E_INPUT_TYPE');
    const c0 = await rejection(runTasksInWorkers(seededUrl, [{}], { concurrency: 0 }));
    expect(c0.code).toBe('E_INPUT_RANGE');
    expect(c0.message).toMatch(/concurrency is 0/);
    for (const concurrency of [1, 2]) {
      const e = await rejection(runTasksInWorkers(noDefaultUrl, [1, 2], { concurrency }));
      expect(e.code).toBe('E_INPUT_TYPE');
      expect(e.message).toMatch(/no-default-task\.ts must export a function as default/);
    }
  });

  it('a closed TaskPool refuses to run', async () => {
    const p = new TaskPool(misbehavingUrl, { concurrency: 2 });
    await p.close();
    expect(p.closed).toBe(true);
    expect(p.threads).toBe(0);
    expect((await rejection(p.run([{ kind: 'ok', value: 1 }]))).code).toBe('E_WORKER');
  });
});

describe('runTasks: a dying worker', () => {
  it('runTasks destroys its pool when a worker dies: no thread is left', async () => {
    await runTasksInWorkers<MisbehavingTask, number>(misbehavingUrl, [{ kind: 'ok', value: 1 }, { kind: 'ok', value: 2 }], { concurrency: 2 }); // warm-up
    const baseline = osThreads();
    const e = await rejection(runTasksInWorkers<MisbehavingTask, number>(misbehavingUrl, [{ kind: 'exit' }, { kind: 'sleep', ms: 50, value: 1 }, { kind: 'ok', value: 2 }], { concurrency: 2 }));
    expect(e.code).toBe('E_WORKER');
    expect(e.details.task).toBe(0);
    await expectNoPoolThreads(baseline);
  });
});

describe('runTasks: AbortSignal', () => {
  it('a signal aborted before the call rejects with E_ABORTED at once, whatever the concurrency', async () => {
    const controller = new AbortController();
    controller.abort();
    for (const concurrency of [1, 2]) {
      const e = await rejection(runTasksInWorkers(misbehavingUrl, [{ kind: 'ok', value: 1 }, { kind: 'ok', value: 2 }], { concurrency, signal: controller.signal }));
      expect(e.code).toBe('E_ABORTED');
    }
    expect(liveWorkerThreads()).toBe(0);
    const reason = AbortSignal.abort('user pressed stop');
    expect((await rejection(runInline(misbehavingUrl, [{ kind: 'ok', value: 1 }], { signal: reason }))).message).toMatch(/user pressed stop/);
  });

  it('aborting during a run stops CPU-bound tasks in workers: E_ABORTED, no thread left', async () => {
    const baseline = osThreads();
    const controller = new AbortController();
    const spin: MisbehavingTask[] = Array.from({ length: 4 }, (_, i) => ({ kind: 'spin', ms: 30_000, value: i }));
    const run = runTasksInWorkers(misbehavingUrl, [{ kind: 'ok', value: -1 }, ...spin], {
      concurrency: 2,
      signal: controller.signal,
      onProgress: () => setTimeout(() => controller.abort(), 100), // workers are up and spinning by then
    });
    const e = await rejection(run);
    expect(e.code).toBe('E_ABORTED');
    await expectNoPoolThreads(baseline);
  });

  it('aborting during an inline run stops before the next task; timers still fire between tasks', async () => {
    const controller = new AbortController();
    const done: number[] = [];
    const tasks: MisbehavingTask[] = Array.from({ length: 50 }, (_, i) => ({ kind: 'spin', ms: 5, value: i }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const e = await rejection(
      runInline(misbehavingUrl, tasks, {
        signal: controller.signal,
        onProgress: (d) => {
          done.push(d);
          if (d === 10) setTimeout(() => controller.abort(), 0); // fires only if the runner yields
        },
      }),
    );
    clearInterval(timer);
    expect(e.code).toBe('E_ABORTED');
    expect(done.length).toBeGreaterThanOrEqual(10);
    expect(done.length).toBeLessThan(50);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('runTasks from a script started by the tsx CLI', () => {
  it('TypeScript task modules run in workers and reach the kernels (tsx\u2019s own loader flags are not passed on)', () => {
    const script = fileURLToPath(new URL('./helpers/scripts/tasks-under-tsx.mts', import.meta.url));
    const tsx = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'tsx');
    const run = spawnSync(tsx, [script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/E_BACKEND_UNAVAILABLE|Error/);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '[]') as { seed: number; ts: number[]; kernel: number[]; mainThread: boolean }[];
    expect(out.map((r) => r.seed)).toEqual([1, 2]);
    for (const r of out) {
      expect(r.mainThread).toBe(false);
      const rng = new Xoshiro256(r.seed);
      expect(r.ts).toEqual([rng.uniform(), rng.uniform(), rng.uniform()]);
      expect(r.kernel).toEqual(Array.from(randomUniform(3, { seed: r.seed, stream: 1 })));
    }
  }, 60_000);
});

describe('runTasks dispatch and helpers', () => {
  it('runTasks uses the registered runner: inline by default (browser), the pool once registered (Node)', async () => {
    const tasks: SeededTask[] = [{ seed: 5, n: 2 }, { seed: 6, n: 2 }];
    try {
      setTaskRunner(runInline);
      const inline = await runTasks<SeededTask, SeededResult>(seededUrl, tasks, { concurrency: 2 });
      expect(inline.map((r) => r.mainThread)).toEqual([true, true]);
      setTaskRunner(runTasksInWorkers);
      const pooled = await runTasks<SeededTask, SeededResult>(seededUrl, tasks, { concurrency: 2 });
      expect(pooled.map((r) => r.mainThread)).toEqual([false, false]);
      expect(pooled.map((r) => r.ts)).toEqual(inline.map((r) => r.ts));
    } finally {
      setTaskRunner(runTasksInWorkers);
    }
  });
  it('defaultTaskConcurrency: the registered runner\u2019s worker count (lib/index.ts: os.availableParallelism())', () => {
    expect(defaultTaskConcurrency()).toBe(availableParallelism());
    try {
      setTaskRunner(runInline, () => 1);
      expect(defaultTaskConcurrency()).toBe(1);
    } finally {
      setTaskRunner(runTasksInWorkers, availableParallelism);
    }
    expect(defaultTaskConcurrency()).toBe(availableParallelism());
  });

  it('taskModuleUrl keeps the caller\u2019s extension (.ts from sources, .js from dist)', () => {
    expect(taskModuleUrl('file:///p/lib/nmfk/nmfk.ts', './restart-task').href).toBe('file:///p/lib/nmfk/restart-task.ts');
    expect(taskModuleUrl('file:///p/dist/nmfk/nmfk.js', './restart-task').href).toBe('file:///p/dist/nmfk/restart-task.js');
    expect(taskModuleUrl('https://cdn.example/epikit/dist/nmfk/nmfk.js', '../parallel/t').href).toBe('https://cdn.example/epikit/dist/parallel/t.js');
    expect(taskModuleUrl(import.meta.url, './helpers/tasks/seeded-task').href).toBe(seededUrl.href);
    expect(() => taskModuleUrl(import.meta.url, './x.js')).toThrow(EpikitError);
    expect(() => taskModuleUrl(import.meta.url, 'x')).toThrow(/must be relative/);
  });

  it('measureEventLoopLag sees a blocked loop and an idle one', async () => {
    const blocked = await measureEventLoopLag(() => {
      const end = Date.now() + 150;
      while (Date.now() < end);
    });
    expect(blocked.lag.maxMs).toBeGreaterThanOrEqual(100);
    const idle = await measureEventLoopLag(() => sleep(60), { resolutionMs: 5 });
    expect(idle.lag.samples).toBeGreaterThan(0);
    expect(idle.lag.durationMs).toBeGreaterThanOrEqual(50);
  });
});

/** Relative modules and bare specifiers reachable from `entry` through static and dynamic imports. */
function importGraph(entry: string): { files: string[]; bare: string[] } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const src = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of src.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else bare.add(spec);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => f.slice(f.indexOf('/lib/') + 1)), bare: [...bare] };
}

describe('browser safety', () => {
  it('runTasks, runInline, moveResult and toShared reach no Node built-in, no piscina and not the pool', () => {
    const lib = fileURLToPath(new URL('../lib/parallel/', import.meta.url));
    for (const entry of ['run-tasks.ts', 'run-inline.ts', 'move-result.ts', 'to-shared.ts']) {
      const graph = importGraph(lib + entry);
      expect(graph.bare, entry).toEqual([]);
      expect(graph.files.filter((f) => /task-pool|task-worker|event-loop-lag|backend\/(select|native|wasm)\.ts/.test(f)), entry).toEqual([]);
    }
    // ...while the pool itself does use them (the check above can fail).
    expect(importGraph(lib + 'task-pool.ts').bare).toEqual(expect.arrayContaining(['piscina', 'node:os']));
  });
});
