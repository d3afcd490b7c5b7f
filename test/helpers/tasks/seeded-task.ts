// A seeded task for the pool tests: a TypeScript generator stream and a kernel stream from the
// task's own seed, on the backend the task names (or EPIKIT_BACKEND / auto inside the worker).
import { isMainThread, threadId } from 'node:worker_threads';
import type { BackendChoice } from '../../../lib/backend/kernels.js';
import { resolveBackend } from '../../../lib/backend/select.js';
import { moveResult } from '../../../lib/parallel/move-result.js';
import { randomUniform } from '../../../lib/random/random-uniform.js';
import { Xoshiro256 } from '../../../lib/random/xoshiro256.js';

export interface SeededTask {
  seed: number;
  n: number;
  backend?: BackendChoice;
  move?: boolean;
}

export interface SeededResult {
  seed: number;
  ts: number[];
  kernel: Float64Array;
  backend: string;
  env: string | null;
  mainThread: boolean;
  threadId: number;
}

export default function seededTask(task: SeededTask) {
  const rng = new Xoshiro256(task.seed);
  const ts = Array.from({ length: task.n }, () => rng.uniform());
  const kernel = randomUniform(task.n, { seed: task.seed, stream: 1, backend: task.backend });
  const result: SeededResult = {
    seed: task.seed,
    ts,
    kernel,
    backend: resolveBackend(task.backend),
    env: process.env.EPIKIT_BACKEND ?? null,
    mainThread: isMainThread,
    threadId,
  };
  return task.move ? moveResult(result) : result;
}
