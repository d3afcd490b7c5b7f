// The seeded task as plain JavaScript against the built package (dist/), for the test that
// runs the compiled pool with no TypeScript loader.
import { isMainThread } from 'node:worker_threads';
import { resolveBackend } from '../../../dist/backend/select.js';
import { randomUniform } from '../../../dist/random/random-uniform.js';
import { Xoshiro256 } from '../../../dist/random/xoshiro256.js';

export default function seededTask(task) {
  const rng = new Xoshiro256(task.seed);
  const ts = Array.from({ length: task.n }, () => rng.uniform());
  const kernel = Array.from(randomUniform(task.n, { seed: task.seed, stream: 1, backend: task.backend }));
  return { seed: task.seed, ts, kernel, backend: resolveBackend(task.backend), mainThread: isMainThread, execArgv: process.execArgv };
}
