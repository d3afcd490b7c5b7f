// Hierarchical clustering benchmark: epikit native and WebAssembly kernels vs ml-hclust
// (agnes) on seeded random points in the unit square, plus pairwise distances (native vs wasm).
// Distances are computed once per case, outside the timed tasks, for every implementation:
// epikit gets the condensed Float64Array, ml-hclust the full n × n number[][] with
// isDistanceMatrix: true (so its time does NOT include computing distances either).
import { Xoshiro256, hclust, pairwiseDistances } from '../dist/index.js';
import { agnes } from 'ml-hclust';

export const title = 'Hierarchical clustering (linkage on precomputed distances) and pairwise distances';

export const description =
  'epikit: nearest-neighbour chain, O(n²), SciPy-identical linkage; ml-hclust agnes: O(n³) (closest pair ' +
  'search and a rebuilt matrix per merge). ml-hclust Ward uses its `ward2` method, the same Euclidean ' +
  'Lance–Williams update as epikit/SciPy (its `ward` applies the update to unsquared distances; same cost). ' +
  'At n = 4000 one ml-hclust run takes minutes, so it is timed by a single run there.';

function unitSquare(n, d, seed) {
  const rng = new Xoshiro256(seed);
  return { data: Float64Array.from({ length: n * d }, () => rng.uniform()), rows: n, cols: d };
}

function squareMatrix(condensed, n) {
  const m = Array.from({ length: n }, () => new Array(n).fill(0));
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      m[i][j] = condensed[p];
      m[j][i] = condensed[p++];
    }
  }
  return m;
}

export function cases() {
  const out = [];
  for (const n of [1000, 4000]) {
    const condensed = pairwiseDistances(unitSquare(n, 2, 7 + n), { backend: 'native' });
    const square = squareMatrix(condensed, n);
    for (const method of ['average', 'ward']) {
      out.push({
        name: `${method} n=${n} d=2`,
        note: 'distances precomputed for all; ml-hclust gets the full matrix (isDistanceMatrix)',
        ...(n >= 4000 ? { once: ['ml-hclust'] } : {}),
        tasks: {
          native: () => hclust(condensed, { method, backend: 'native' }),
          wasm: () => hclust(condensed, { method, backend: 'wasm' }),
          'ml-hclust': () => agnes(square, { method: method === 'ward' ? 'ward2' : method, isDistanceMatrix: true }),
        },
      });
    }
  }
  const points = unitSquare(4000, 8, 99);
  out.push({
    name: 'pairwiseDistances euclidean n=4000 d=8',
    tasks: {
      native: () => pairwiseDistances(points, { backend: 'native' }),
      wasm: () => pairwiseDistances(points, { backend: 'wasm' }),
    },
  });
  return out;
}
