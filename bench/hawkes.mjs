// Hawkes EM and forecast at the size (HawkPR HEAD: 2,824 counties × 297 days):
// - the E-step (λ, background, children per event, lag weights, log-likelihood; L = 60 lags)
//   on the native backend, WebAssembly, and a plain JavaScript implementation of the same loops;
// - a full EM fit to convergence (constant-R model; E-step kernel + Poisson IRLS + Weibull Newton
//   + μ per step, SQUAREM, then the standard errors) on native and WebAssembly;
// - a 1,000-realisation 14-day forecast of every county (hawkesSimulate) on native and WebAssembly.
// Data: seeded synthetic counts with county levels spread like US counties (log-uniform 0.05–500
// per day), R ≈ 0.9, Weibull(shape 2, scale 5). The slow tasks are timed by one run (`once`).
import { Xoshiro256 } from '../dist/random/xoshiro256.js';
import '../dist/index.js';
import { kernelsFor } from '../dist/backend/registry.js';
import { discreteWeibullWeights } from '../dist/hawkes/discrete-weibull.js';
import { fitHawkes } from '../dist/hawkes/fit-hawkes.js';
import { forecastHawkes } from '../dist/hawkes/forecast-hawkes.js';

export const title = 'Hawkes EM E-step, EM fit and forecast simulation';

const C = 2824;
const T = 297;
const L = 60;

/** The E-step in plain JavaScript (same loops as the kernels). */
function eStepJs(counts, r, mu, w, c, t, l, psi, lambda, q, background, freq) {
  freq.fill(0);
  const a = new Float64Array(t);
  const ratio = new Float64Array(t);
  let loglik = 0;
  for (let cc = 0; cc < c; cc++) {
    const base = cc * t;
    for (let j = 0; j < t; j++) a[j] = r[base + j] * counts[base + j];
    for (let i = 0; i < t; i++) {
      const dmax = Math.min(i, l);
      let s = 0;
      for (let d = 1; d <= dmax; d++) s += w[d - 1] * a[i - d];
      const lam = mu[cc] + s;
      lambda[base + i] = lam;
      const ni = counts[base + i];
      const rt = lam > 0 ? ni / lam : 0;
      loglik += ni > 0 ? ni * Math.log(lam) - lam : -lam;
      ratio[i] = rt;
      background[base + i] = mu[cc] * rt;
    }
    for (let j = 0; j < t; j++) {
      const dmax = Math.min(t - 1 - j, l);
      let g = 0;
      for (let d = 1; d <= dmax; d++) g += w[d - 1] * ratio[j + d];
      q[base + j] = r[base + j] * g;
      if (j < t - psi && a[j] > 0) for (let d = 1; d <= dmax; d++) freq[d - 1] += a[j] * w[d - 1] * ratio[j + d];
    }
  }
  return loglik;
}

function synthetic() {
  const rng = new Xoshiro256(2824);
  const w = discreteWeibullWeights(2, 5, L);
  const mu = new Float64Array(C);
  const counts = new Float64Array(C * T);
  const r = new Float64Array(C * T).fill(0.9);
  // simulate with the kernel: one realisation per county from an empty day
  for (let c = 0; c < C; c++) mu[c] = 0.05 * Math.exp(Math.log(1e4) * rng.uniform()) * 0.1;
  const rr = new Float64Array(C * (T + 1)).fill(0.9);
  const mean = new Float64Array(C * T);
  kernelsFor('native').hawkesSimulate(new Float64Array(C), rr, mu, w, C, 1, L, T, 1, 7, 0, mean, new Float64Array(C * T * 7), null);
  counts.set(mean);
  return { counts, r, mu, w };
}

export function cases() {
  const d = synthetic();
  const out = () => ({ lambda: new Float64Array(C * T), q: new Float64Array(C * T), bg: new Float64Array(C * T), freq: new Float64Array(L) });
  const o = out();
  const native = kernelsFor('native');
  const wasm = kernelsFor('wasm');
  const eTask = (k) => () => k.hawkesEStep(d.counts, d.r, d.mu, d.w, C, T, L, 0, o.lambda, o.q, o.bg, o.freq);
  const inputs = { fips: Array.from({ length: C }, (_, c) => String(c)), dates: Array.from({ length: T }, (_, t) => String(t)), counts: d.counts };
  // EM to convergence (default tolerance 1e-6, SQUAREM), plus the observed-information standard errors
  const fitOptions = { variant: 'constant', maxIter: 1000 };
  const fitted = fitHawkes(inputs, { ...fitOptions, backend: 'native' });
  // The forecast is timed by one run: warm both kernels first, or the WebAssembly run pays V8's
  // first-call tier-up (Liftoff → TurboFan), which doubled the wasm time of a cold 2,824-county run.
  const warmCounties = 200;
  const warm = { fips: inputs.fips.slice(0, warmCounties), dates: inputs.dates, counts: d.counts.subarray(0, warmCounties * T) };
  const warmFit = { ...fitted, mu: fitted.mu.subarray(0, warmCounties), r: fitted.r.subarray(0, warmCounties * T) };
  for (const backend of ['native', 'wasm']) for (let i = 0; i < 2; i++) forecastHawkes(warmFit, warm, { backend, horizon: 14, realisations: 1000, seed: 1 });
  return [
    {
      name: `E-step C=${C} T=${T} L=${L}`,
      tasks: {
        native: eTask(native),
        wasm: eTask(wasm),
        'plain JS': () => eStepJs(d.counts, d.r, d.mu, d.w, C, T, L, 0, o.lambda, o.q, o.bg, o.freq),
      },
    },
    {
      name: `EM fit to convergence, constant R, C=${C} T=${T}`,
      once: ['native', 'wasm'],
      tasks: {
        native: () => fitHawkes(inputs, { ...fitOptions, backend: 'native' }),
        wasm: () => fitHawkes(inputs, { ...fitOptions, backend: 'wasm' }),
      },
    },
    {
      name: `forecast 14 days × 1,000 realisations, C=${C}`,
      once: ['native', 'wasm'],
      tasks: {
        native: () => forecastHawkes(fitted, inputs, { backend: 'native', horizon: 14, realisations: 1000, seed: 1 }),
        wasm: () => forecastHawkes(fitted, inputs, { backend: 'wasm', horizon: 14, realisations: 1000, seed: 1 }),
      },
    },
  ];
}
