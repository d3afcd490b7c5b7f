// Optimal 1-D k-means: the ckmeans kernel (SMAWK, O(k·n) after an O(n) radix sort) on both
// backends against simple-statistics' ckmeans (divide and conquer, O(k·n·log n), plain JS).
// Inputs: a seeded, unsorted mixture of k overlapping groups (centres 10 apart, spread ±4.5).
import { ckmeans, randomUniform } from '../dist/index.js';
import { ckmeans as ssCkmeans } from 'simple-statistics';

export const title = 'Optimal 1-D k-means (Ckmeans.1d.dp, linear method) vs simple-statistics';

function mixture(n, k, seed) {
  const u = randomUniform(4 * n, { seed });
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = Math.floor(u[4 * i] * k);
    x[i] = g * 10 + (u[4 * i + 1] + u[4 * i + 2] + u[4 * i + 3] - 1.5) * 3;
  }
  return x;
}

// The brief for this suite: leave simple-statistics out of a case where one call takes more
// than 10 s (measured once while building the case; about 0.6 s / 1.6 s at n = 10^6 here).
const SS_LIMIT_MS = 10_000;

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
      let note;
      let ssMs = 0;
      if (n >= 1_000_000) {
        const t = performance.now();
        ssCkmeans(xs, k);
        ssMs = performance.now() - t;
      }
      if (ssMs <= SS_LIMIT_MS) {
        tasks['simple-statistics'] = () => ssCkmeans(xs, k);
      } else {
        note = `simple-statistics skipped: one call took ${(ssMs / 1000).toFixed(1)} s (> 10 s)`;
        name += ' (simple-statistics skipped: > 10 s per call)';
      }
      out.push({ name, tasks, ...(note ? { note } : {}), ...(n >= 1_000_000 ? { time: 3000, iterations: 3 } : {}) });
    }
  }
  return out;
}
