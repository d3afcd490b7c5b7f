import type { RandomKernels } from '../kernels/random.js';
import { output, type WasmInstance } from './instance.js';

export function randomWasm(w: WasmInstance): RandomKernels {
  return {
    randomUniform(seed, jumps, out) {
      w.call('randomUniform', [seed, jumps, output(out), out.length]);
    },
    randomBits(seed, jumps, out) {
      w.call('randomBits', [seed, jumps, output(out), out.length >>> 1]);
    },
  };
}
