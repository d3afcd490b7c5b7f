// k-means benchmark: epikit native and WebAssembly kernels vs ml-kmeans on seeded Gaussian
// blobs. Every task runs one restart (nInit = 1) with k-means++ seeding and a fixed
// iteration cap, so the comparison is per restart, and the same data for all.
import { Xoshiro256, kmeans } from '../dist/index.js';
import { kmeans as mlKmeans } from 'ml-kmeans';

export const title = 'k-means (k-means++ seeding + Lloyd), one restart';

/**
 * n points in d dimensions around k centres drawn in [0, 100)^d, with Box–Muller noise of
 * standard deviation `spread` (overlapping blobs, so that Lloyd runs many iterations).
 */
function blobs(n, d, k, seed, spread) {
  const rng = new Xoshiro256(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => 100 * rng.uniform()));
  const rows = [];
  for (let i = 0; i < n; i++) {
    const c = centres[i % k];
    const row = new Array(d);
    for (let j = 0; j < d; j++) {
      const u1 = 1 - rng.uniform();
      const u2 = rng.uniform();
      row[j] = c[j] + spread * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    rows.push(row);
  }
  return rows;
}

export function cases() {
  const out = [];
  // [n, d, k, maxIterations, spread]: overlapping blobs with a small iteration cap (no
  // implementation converges before it, so every task runs exactly maxIterations Lloyd
  // steps after its k-means++ seeding), and well-separated blobs run to convergence.
  for (const [n, d, k, maxIterations, spread] of [
    [100_000, 8, 10, 5, 12],
    [100_000, 8, 10, 300, 1],
    [10_000, 2, 5, 5, 12],
  ]) {
    const rows = blobs(n, d, k, 2024, spread);
    const packed = { data: Float64Array.from(rows.flat()), rows: n, cols: d };
    // tolerance 0: every implementation iterates until labels stop changing or maxIterations.
    const opts = { seed: 1, nInit: 1, maxIterations, tolerance: 0 };
    const shape = spread > 2 ? 'overlapping' : 'separated';
    out.push({
      name: `${shape} blobs n=${n} d=${d} k=${k} nInit=1 maxIter=${maxIterations} tol=0`,
      tasks: {
        native: () => kmeans(packed, k, { ...opts, backend: 'native' }),
        wasm: () => kmeans(packed, k, { ...opts, backend: 'wasm' }),
        'ml-kmeans': () => mlKmeans(rows, k, { seed: 1, initialization: 'kmeans++', maxIterations, tolerance: 0 }),
      },
    });
  }
  return out;
}
