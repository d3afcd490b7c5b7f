// Run by test/task-pool.test.ts with the tsx CLI (`tsx tasks-under-tsx.mts`): TypeScript task
// modules in worker threads of a script started by tsx itself, whose own loader flags are in
// process.execArgv. Prints the tasks' results as JSON.
import '../../../lib/index.js';
import { runTasks } from '../../../lib/parallel/run-tasks.js';
import type { SeededResult, SeededTask } from '../tasks/seeded-task.js';

const url = new URL('../tasks/seeded-task.ts', import.meta.url);
const tasks: SeededTask[] = [{ seed: 1, n: 3 }, { seed: 2, n: 3 }];
const out = await runTasks<SeededTask, SeededResult>(url, tasks, { concurrency: 2 });
console.log(JSON.stringify(out.map((r) => ({ seed: r.seed, ts: r.ts, kernel: Array.from(r.kernel), mainThread: r.mainThread }))));
