// Cluster validity indices benchmark: one call computes all six indices (point-biserial,
// silhouette, KL, C-index, McClain–Rao, Dunn) of a k-cluster partition, with the k − 1 and
// k + 1 partitions for KL. NbClust forms by default; the textbook forms add the selection of
// the r smallest / largest pair distances for the C-index. No JavaScript peer computes these.
import { Xoshiro256, validityIndices } from '../dist/index.js';

export const title = 'Cluster validity indices (all six, one k)';

/** n log-count-like values (d = 1), cut into k contiguous groups by rank (what Ckmeans returns). */
function logCounts(n, seed) {
  const rng = new Xoshiro256(seed);
  return Array.from({ length: n }, () => Math.floor(Math.log1p(Math.exp(12 * rng.uniform())) * 1000) / 1000);
}

function rankCut(x, k) {
  const order = x.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const labels = new Array(x.length);
  order.forEach(([, i], r) => (labels[i] = Math.floor((r * k) / x.length)));
  return labels;
}

/** n points in d dimensions around k centres; labels = generating centre, k − 1 merges the last two, k + 1 splits cluster 0. */
function blobs(n, d, k, seed) {
  const rng = new Xoshiro256(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => 100 * rng.uniform()));
  const rows = [];
  const labels = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    rows.push(centres[c].map((v) => v + 10 * (rng.uniform() - 0.5)));
    labels.push(c);
  }
  const prev = labels.map((c) => (c === k - 1 ? k - 2 : c));
  const next = labels.map((c, i) => (c === 0 && i % (2 * k) === 0 ? k : c));
  return { data: { data: Float64Array.from(rows.flat()), rows: n, cols: d }, prev, labels, next };
}

export function cases() {
  const out = [];
  {
    const x = logCounts(208, 2020);
    const parts = { prev: rankCut(x, 9), labels: rankCut(x, 10), next: rankCut(x, 11) };
    out.push({ name: 'n=208 d=1 k=10 (one day of the paper)', tasks: tasksFor(x, parts) });
  }
  {
    const { data, prev, labels, next } = blobs(2000, 8, 10, 2024);
    out.push({ name: 'n=2000 d=8 k=10', tasks: tasksFor(data, { prev, labels, next }) });
  }
  return out;
}

function tasksFor(points, partitions) {
  return {
    native: () => validityIndices(points, partitions, { backend: 'native' }),
    wasm: () => validityIndices(points, partitions, { backend: 'wasm' }),
    'native (textbook forms)': () => validityIndices(points, partitions, { backend: 'native', variant: 'textbook' }),
    'wasm (textbook forms)': () => validityIndices(points, partitions, { backend: 'wasm', variant: 'textbook' }),
  };
}
