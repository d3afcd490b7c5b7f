// Cluster-evolution benchmark (James & Menzies 2020): the lag objective over per-day
// n × n matrices (offsetObjective, τ = 0..60) and the adjacency distances between all pairs
// of days (adjacencyDistances), native vs WebAssembly, at the paper's size (208 countries,
// 122 days) and a larger panel (400 entities, 1000 days). Inputs are seeded log-count
// random walks with staggered onsets; labels bin each day's values into about 15 clusters.
import { Xoshiro256, adjacencyDistances, offsetObjective } from '../dist/index.js';

export const title = 'Cluster evolution: lag objective (τ ≤ 60) and adjacency date distances';

function logWalks(T, n, seed) {
  const rng = new Xoshiro256(seed);
  const onset = Array.from({ length: n }, () => rng.below(Math.floor(T / 2)));
  const level = new Float64Array(n);
  const data = new Float64Array(T * n);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) {
      if (t >= onset[i]) level[i] += 0.25 * rng.uniform();
      data[t * n + i] = level[i];
    }
  }
  return { data, T, n };
}

/** About 15 clusters per day: equal-width bins of the day's range. */
function binLabels(series) {
  const { data, T, n } = series;
  const out = new Int32Array(T * n);
  for (let t = 0; t < T; t++) {
    const row = data.subarray(t * n, (t + 1) * n);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of row) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const w = (hi - lo) / 15 || 1;
    for (let i = 0; i < n; i++) out[t * n + i] = Math.min(14, Math.floor((row[i] - lo) / w));
  }
  return { data: out, T, n };
}

export function cases() {
  const out = [];
  for (const [T, n] of [
    [122, 208],
    [1000, 400],
  ]) {
    const x = logWalks(T, n, 2020);
    const y = logWalks(T, n, 2021);
    const lx = binLabels(x);
    const ly = binLabels(y);
    for (const matrix of ['aff', 'gaussian', 'adj']) {
      const opts = { matrix, m: 2, norm: 'l1', tauMax: 60, labelsX: lx, labelsY: ly };
      out.push({
        name: `offsetObjective ${matrix} T=${T} n=${n} tauMax=60`,
        tasks: {
          native: () => offsetObjective(x, y, { ...opts, backend: 'native' }),
          wasm: () => offsetObjective(x, y, { ...opts, backend: 'wasm' }),
        },
      });
    }
    out.push({
      name: `adjacencyDistances T=${T} n=${n} (${(T * (T - 1)) / 2} day pairs)`,
      tasks: {
        native: () => adjacencyDistances(lx, { backend: 'native' }),
        wasm: () => adjacencyDistances(lx, { backend: 'wasm' }),
      },
    });
  }
  return out;
}
