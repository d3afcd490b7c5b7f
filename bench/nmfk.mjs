// A whole NMFk sweep (issue 5: k = 2..8, 20 restarts per k) of a 3,142 × 800 matrix, on all
// cores and on one worker, to show that the restarts scale with cores. The matrix is a planted
// rank-5 product W·H (sparse uniform factors) times multiplicative noise in [0.95, 1.05).
// Each restart runs 100 KL iterations (not NMFk's default 1,000): the full default sweep is
// 140,000 iterations ≈ 14 core-minutes, too long for a suite that runs every case once per
// task; the restarts are independent, so the ratio between the rows is what the sweep shows.
// Task names: `native` / `wasm` use one worker thread per core; `native, 1 worker` runs the
// same sweep with concurrency 1, so its ratio to native is the speed-up from the extra cores.
import { cpus } from 'node:os';
import { nmfk, randomUniform } from '../dist/index.js';

const M = 3142;
const N = 800;
const PLANTED = 5;

export const title = `NMFk sweep (k = 2..8, 20 restarts, 100 KL iterations each) of a ${M} × ${N} matrix: all ${cpus().length} cores vs one`;

function plantedMatrix(seed) {
  const u = randomUniform(M * PLANTED + PLANTED * N + M * N, { seed });
  const w = u.subarray(0, M * PLANTED).map((v) => (v < 0.6 ? 0 : v));
  const h = u.subarray(M * PLANTED, M * PLANTED + PLANTED * N).map((v) => (v < 0.7 ? 0 : v));
  const noise = u.subarray(M * PLANTED + PLANTED * N);
  const x = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0.01;
      for (let a = 0; a < PLANTED; a++) s += w[i * PLANTED + a] * h[a * N + j];
      x[i * N + j] = s * (0.95 + 0.1 * noise[i * N + j]);
    }
  }
  return x;
}

export function cases() {
  const x = plantedMatrix(5);
  const options = { rows: M, cols: N, k: [2, 8], restarts: 20, maxIterations: 100, tolerance: 0, seed: 1 };
  return [
    {
      name: `${M} × ${N}, planted k = ${PLANTED}, 7 × 20 restarts`,
      once: ['native', 'wasm', 'native, 1 worker'],
      tasks: {
        native: async () => {
          await nmfk(x, { ...options, backend: 'native' });
        },
        wasm: async () => {
          await nmfk(x, { ...options, backend: 'wasm' });
        },
        'native, 1 worker': async () => {
          await nmfk(x, { ...options, backend: 'native', concurrency: 1 });
        },
      },
    },
  ];
}
