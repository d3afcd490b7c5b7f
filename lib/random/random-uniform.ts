import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { integerIn, seedValue } from '../validate.js';

export interface RandomUniformOptions extends BackendOption {
  /** Integer seed in [0, 2^53 − 1]; default 0. */
  seed?: number;
  /** Stream number: the generator jumps 2^128 steps this many times (parallel tasks use 0, 1, 2, …). */
  stream?: number;
}

/**
 * `count` uniform [0, 1) doubles from the kernel generator (xoshiro256**); identical on every
 * backend and to `new Xoshiro256(seed)` in TypeScript. O(count).
 *
 * @example randomUniform(3, { seed: 42 }) // Float64Array [0.0838…, 0.3789…, 0.6800…]
 */
export function randomUniform(count: number, options: RandomUniformOptions = {}): Float64Array {
  integerIn('count', count, 0, 2 ** 31 - 1);
  const seed = seedValue('seed', options.seed);
  const stream = options.stream === undefined ? 0 : integerIn('stream', options.stream, 0, 1 << 20);
  const out = new Float64Array(count);
  kernelsFor(options.backend).randomUniform(seed, stream, out);
  return out;
}
