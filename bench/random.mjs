// The kernel random generator against Math.random-free JS peers (none fit exactly: the
// TypeScript Xoshiro256 reference is the only same-stream peer).
import { randomUniform, Xoshiro256 } from '../dist/index.js';

export const title = 'Random generator (xoshiro256**, uniform doubles)';

export function cases() {
  const n = 1_000_000;
  return [
    {
      name: `n=${n.toLocaleString('en')}`,
      tasks: {
        native: () => randomUniform(n, { seed: 1, backend: 'native' }),
        wasm: () => randomUniform(n, { seed: 1, backend: 'wasm' }),
        'TypeScript (BigInt)': () => {
          const rng = new Xoshiro256(1);
          const out = new Float64Array(n);
          for (let i = 0; i < n; i++) out[i] = rng.uniform();
          return out;
        },
      },
    },
  ];
}
