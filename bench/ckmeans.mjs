// Optimal 1-D k-means: the ckmeans kernel (SMAWK, O(k·n) after an O(n) radix sort) on both
// backends against simple-statistics' ckmeans (divide and conquer, O(k·n·log n), plain JS).
// Inputs: a seeded mixture of k well-spread normal-ish groups, unsorted.
import { Xoshiro256 } from '../dist/index.js'; // also registers the backends
import { ckmeans } from '../dist/cluster/ckmeans.js';
import { ckmeans as ssCkmeans } from 'simple-statistics';

export const title = 'Optimal 1-D k-means (Ckmeans.1d.dp; linear method)';

function mixture(n, k, seed) {
  const rng = new Xoshiro256(seed);
  // A uniform stream through the kernel generator would be faster, but BigInt is fine once per case.
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = rng.below(k);
    x[i] = g * 10 + (rng.uniform() + rng.uniform() + rng.uniform() - 1.5) * 3;
  }
  return x;
}

// simple-statistics at n = 10^6 takes more than 10 s per call on the reference machine
// (about 1.2 s at n = 10^5, k = 10 scaled by n·log n), so it is left out there.
const SS_MAX_N = 100_000;

export function cases() {
  const out = [];
  for (const n of [1_000, 100_000, 1_000_000]) {
    for (const k of [3, 10]) {
      const x = mixture(n, k, 1000 + n + k);
      const xs = Array.from(x);
      const tasks = {
        native: () => ckmeans(x, k, { backend: 'native' }),
        wasm: () => ckmeans(x, k, { backend: 'wasm' }),
      };
      let name = `n=${n.toLocaleString('en')} k=${k}`;
      if (n <= SS_MAX_N) tasks['simple-statistics'] = () => ssCkmeans(xs, k);
      else name += ' (simple-statistics skipped: > 10 s per call)';
      out.push({ name, tasks, ...(n >= 1_000_000 ? { time: 3000, iterations: 3 } : {}) });
    }
  }
  return out;
}
