// Measures what the lib/parallel JSDoc quotes, against the built package (npx tsc -p tsconfig.build.json):
//   node test/helpers/tasks/measure-parallel.mjs [--backend native|wasm] [--ms 2000]
// 1. Worker pool start-up: new TaskPool + a first run of 2 trivial tasks + close, median of 7.
// 2. Event-loop lag in the main thread while 2 workers run a CPU-bound kernel for ~ms, versus
//    the same tasks inline (concurrency 1), measured with perf_hooks.monitorEventLoopDelay.
import '../../../dist/index.js';
import { availableParallelism } from 'node:os';
import { measureEventLoopLag } from '../../../dist/parallel/event-loop-lag.js';
import { runTasksInWorkers, TaskPool } from '../../../dist/parallel/task-pool.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const backend = arg('backend', undefined);
const ms = Number(arg('ms', '2000'));
const trivial = new URL('./seeded-task.js', import.meta.url);
const spin = new URL('./kernel-spin-task.js', import.meta.url);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const startups = [];
const firstTasks = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const pool = new TaskPool(trivial, { concurrency: 2 });
  await pool.run([{ seed: 1, n: 1, backend }, { seed: 2, n: 1, backend }]);
  const t1 = performance.now();
  await pool.close();
  startups.push(performance.now() - t0);
  firstTasks.push(t1 - t0);
}
const warm = new TaskPool(trivial, { concurrency: 2 });
await warm.run([{ seed: 1, n: 1, backend }, { seed: 2, n: 1, backend }]);
const r0 = performance.now();
for (let i = 0; i < 20; i++) await warm.run([{ seed: i, n: 1, backend }, { seed: i + 1, n: 1, backend }]);
const reuse = (performance.now() - r0) / 20;
await warm.close();

console.log(`machine: ${availableParallelism()} cores, Node ${process.version}, backend ${backend ?? 'auto'}`);
console.log(`pool start-up (2 threads, create + first 2 tasks): median ${median(firstTasks).toFixed(1)} ms; with close: ${median(startups).toFixed(1)} ms`);
console.log(`reused pool, 2 trivial tasks per run: ${reuse.toFixed(2)} ms per run`);

const tasks = [{ ms, seed: 1, backend }, { ms, seed: 2, backend }];
for (const concurrency of [2, 1]) {
  const { lag } = await measureEventLoopLag(() => runTasksInWorkers(spin, tasks, { concurrency }));
  console.log(
    `concurrency ${concurrency} (${concurrency > 1 ? 'worker threads' : 'inline'}): wall ${lag.durationMs.toFixed(0)} ms, ` +
      `event-loop delay mean ${lag.meanMs.toFixed(1)} ms, p50 ${lag.p50Ms.toFixed(1)} ms, p99 ${lag.p99Ms.toFixed(1)} ms, max ${lag.maxMs.toFixed(1)} ms (${lag.samples} samples)`,
  );
}
