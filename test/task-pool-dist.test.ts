// The compiled pool (dist/parallel, built by `npx tsc -p tsconfig.build.json`) with a plain .js
// task module: workers start with no TypeScript loader, the kernels load in each worker, and the
// answers match the TypeScript generator and the kernels in this process.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import '../lib/index.js';
import { randomUniform } from '../lib/random/random-uniform.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest } from './helpers/backends.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function requireBuilt(): void {
  if (!existsSync(join(root, 'dist', 'parallel', 'task-pool.js'))) {
    throw new Error('dist/parallel/task-pool.js is missing: run `npm run build:ts` (npx tsc -p tsconfig.build.json) before this test');
  }
}

/** Run an ES module script with plain node (no loader) in the repository root; returns its JSON output. */
function runScript(script: string, env: Record<string, string> = {}): any {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return JSON.parse(out);
}

const script = (tasks: unknown) => `
  import './dist/index.js'; // registers the kernel provider for the inline path (concurrency 1)
  import { runTasksInWorkers, liveWorkerThreads } from './dist/parallel/task-pool.js';
  const url = new URL('./test/helpers/tasks/seeded-task.js', 'file://' + process.cwd() + '/');
  const tasks = ${JSON.stringify(tasks)};
  const out = {};
  for (const concurrency of [1, 2, 3]) out[concurrency] = await runTasksInWorkers(url, tasks, { concurrency });
  let error = null;
  try {
    await runTasksInWorkers(url, [{ seed: 1, n: 1 }, { seed: 2, n: 1, backend: 'quantum' }], { concurrency: 2 });
  } catch (e) {
    error = { name: e.name, code: e.code, message: e.message, details: e.details };
  }
  out.error = error;
  out.live = liveWorkerThreads();
  console.log(JSON.stringify(out));`;

describe('compiled pool (dist) with a .js task module', () => {
  it('runs without a TypeScript loader; same answers for concurrency 1, 2, 3; EpikitError codes survive', () => {
    requireBuilt();
    const backends = backendsUnderTest();
    const tasks = Array.from({ length: 5 }, (_, i) => ({ seed: 77 + i, n: 4, backend: backends[i % backends.length] }));
    const out = runScript(script(tasks));
    for (const concurrency of ['1', '2', '3']) {
      const results = out[concurrency];
      results.forEach((r: any, i: number) => {
        const rng = new Xoshiro256(tasks[i].seed);
        expect(r.seed).toBe(tasks[i].seed);
        expect(r.ts).toEqual(Array.from({ length: 4 }, () => rng.uniform()));
        expect(r.kernel).toEqual(Array.from(randomUniform(4, { seed: tasks[i].seed, stream: 1, backend: tasks[i].backend })));
        expect(r.backend).toBe(tasks[i].backend);
        expect(r.mainThread).toBe(concurrency === '1');
        expect(r.execArgv.join(' ')).not.toMatch(/tsx|--import/);
      });
    }
    expect(out.error).toMatchObject({ name: 'EpikitError', code: 'E_BACKEND_UNKNOWN', details: { value: 'quantum' } });
    expect(out.error.message).toMatch(/backend is "quantum"/);
    expect(out.live).toBe(0);
  });

  it('workers follow EPIKIT_BACKEND from the environment', () => {
    requireBuilt();
    const out = runScript(script([{ seed: 3, n: 2 }, { seed: 4, n: 2 }]), { EPIKIT_BACKEND: 'wasm' });
    expect(out['2'].map((r: any) => [r.backend, r.mainThread])).toEqual([
      ['wasm', false],
      ['wasm', false],
    ]);
  });
});
