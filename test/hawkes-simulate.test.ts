import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../lib/backend/kernels.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { discreteWeibullWeights } from '../lib/hawkes/discrete-weibull.js';
import { fitHawkes } from '../lib/hawkes/fit-hawkes.js';
import { forecastHawkes } from '../lib/hawkes/forecast-hawkes.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, parityBackends } from './helpers/backends.js';

interface SimCase {
  C: number;
  T: number;
  L: number;
  h: number;
  S: number;
  seed: number;
  counts: Float64Array;
  r: Float64Array;
  mu: Float64Array;
  w: Float64Array;
}

function randomSimCase(rng: Xoshiro256): SimCase {
  const C = 1 + rng.below(4);
  const T = 1 + rng.below(30);
  const L = 1 + rng.below(25);
  const h = 1 + rng.below(10);
  const S = 1 + rng.below(60);
  const level = [0, 2, 20, 400][rng.below(4)];
  const counts = Float64Array.from({ length: C * T }, () => Math.floor(rng.uniform() * (level + 1)));
  const r = Float64Array.from({ length: C * (T + h) }, () => 1.6 * rng.uniform());
  const mu = Float64Array.from({ length: C }, () => (rng.uniform() < 0.1 ? 0 : 30 * rng.uniform()));
  const w = discreteWeibullWeights(0.8 + 2 * rng.uniform(), 1 + 5 * rng.uniform(), L);
  return { C, T, L, h, S, seed: rng.below(1e9), counts, r, mu, w };
}

function runSim(k: Kernels, x: SimCase, countyOffset = 0) {
  const mean = new Float64Array(x.C * x.h);
  const quantiles = new Float64Array(x.C * x.h * 7);
  k.hawkesSimulate(x.counts, x.r, x.mu, x.w, x.C, x.T, x.L, x.h, x.S, x.seed, countyOffset, mean, quantiles);
  return { mean, quantiles };
}

/** Expected counts by the renewal equation m(t) = μ + Σ_d w(d) R(t − d) m(t − d), m = n on observed days. */
function renewalMean(x: SimCase, c: number): number[] {
  const TH = x.T + x.h;
  const m = new Array<number>(TH).fill(0);
  for (let t = 0; t < x.T; t++) m[t] = x.counts[c * x.T + t];
  for (let t = x.T; t < TH; t++) {
    let s = x.mu[c];
    for (let d = 1; d <= Math.min(x.L, t); d++) s += x.w[d - 1] * x.r[c * TH + t - d] * m[t - d];
    m[t] = s;
  }
  return m.slice(x.T);
}

function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}
const poissonPmf = (lam: number, k: number) => Math.exp(k * Math.log(lam) - lam - logFactorial(k));

/** Poisson quantile: smallest k with P(X ≤ k) ≥ p. */
function poissonQuantile(lam: number, p: number): number {
  let F = 0;
  for (let k = 0; ; k++) {
    F += poissonPmf(lam, k);
    if (F >= p) return k;
  }
}

/** Upper 0.1% point of χ²(df), Wilson–Hilferty. */
const chi2Crit = (df: number) => df * (1 - 2 / (9 * df) + 3.09 * Math.sqrt(2 / (9 * df))) ** 3;

describe.each(backendsUnderTest())('hawkes simulation on %s', (backend) => {
  const k = kernelsFor(backend);

  it.each([0.3, 2.5, 9.99, 10, 27.5, 300, 1e5])('Poisson sampler, mean %s: sample mean and variance', (lam) => {
    const n = 100000;
    const out = new Float64Array(n);
    k.hawkesPoissonSample(lam, 12345, out);
    let s = 0;
    let notCount = 0;
    for (const v of out) {
      if (!(Number.isInteger(v) && v >= 0)) notCount++;
      s += v;
    }
    expect(notCount).toBe(0);
    const mean = s / n;
    let ss = 0;
    for (const v of out) ss += (v - mean) ** 2;
    const variance = ss / (n - 1);
    expect(Math.abs(mean - lam)).toBeLessThan(5 * Math.sqrt(lam / n));
    expect(Math.abs(variance - lam)).toBeLessThan(5 * Math.sqrt((lam + 2 * lam * lam) / n));
  });

  it.each([3, 9.5, 14, 60])('Poisson sampler, mean %s: χ² goodness of fit (seeded, 0.1% level)', (lam) => {
    const n = 50000;
    const out = new Float64Array(n);
    k.hawkesPoissonSample(lam, 777, out);
    // bins: every k with expected count ≥ 5, tails pooled
    const lo = Math.max(0, poissonQuantile(lam, 5 / n));
    const hi = poissonQuantile(lam, 1 - 5 / n);
    const observed = new Array<number>(hi - lo + 1).fill(0);
    for (const v of out) observed[Math.min(Math.max(v, lo), hi) - lo]++;
    let chi2 = 0;
    let cdf = 0;
    for (let kk = 0; kk < lo; kk++) cdf += poissonPmf(lam, kk);
    for (let b = 0; b <= hi - lo; b++) {
      const kk = lo + b;
      let p = poissonPmf(lam, kk);
      if (b === 0) p += cdf;
      if (kk === hi) p = 1 - (cdf + Array.from({ length: hi - lo }, (_, i) => poissonPmf(lam, lo + i)).reduce((a, v) => a + v, 0));
      chi2 += (observed[b] - n * p) ** 2 / (n * p);
    }
    expect(chi2).toBeLessThan(chi2Crit(hi - lo));
  });

  it('mean forecast matches the renewal-equation expectation within Monte-Carlo error', () => {
    // 40 identical counties (independent streams) × 500 realisations each
    const C = 40;
    const T = 20;
    const h = 8;
    const L = 12;
    const rng = new Xoshiro256(21);
    const n1 = Float64Array.from({ length: T }, () => Math.floor(30 * rng.uniform()));
    const r1 = Float64Array.from({ length: T + h }, () => 0.5 + rng.uniform());
    const x: SimCase = { C, T, L, h, S: 500, seed: 9, counts: new Float64Array(C * T), r: new Float64Array(C * (T + h)), mu: new Float64Array(C).fill(3), w: discreteWeibullWeights(2, 4, L) };
    for (let c = 0; c < C; c++) {
      x.counts.set(n1, c * T);
      x.r.set(r1, c * (T + h));
    }
    const { mean } = runSim(k, x);
    const want = renewalMean(x, 0);
    for (let d = 0; d < h; d++) {
      const ms = Array.from({ length: C }, (_, c) => mean[c * h + d]);
      const grand = ms.reduce((a, b) => a + b, 0) / C;
      const sd = Math.sqrt(ms.reduce((a, b) => a + (b - grand) ** 2, 0) / (C - 1));
      expect(Math.abs(grand - want[d])).toBeLessThan(5 * (sd / Math.sqrt(C)) + 1e-9);
    }
  });

  it('one forecast day: quantiles are those of Poisson(λ) (±1) and ordered', () => {
    const x: SimCase = { C: 1, T: 5, L: 3, h: 1, S: 4001, seed: 3, counts: Float64Array.of(4, 0, 7, 2, 5), r: Float64Array.of(1, 1, 0.5, 2, 1.5, 1), mu: Float64Array.of(6), w: Float64Array.of(0.5, 0.3, 0.1) };
    const lam = 6 + 0.5 * 1.5 * 5 + 0.3 * 2 * 2 + 0.1 * 0.5 * 7;
    const { mean, quantiles } = runSim(k, x);
    expect(Math.abs(mean[0] - lam)).toBeLessThan(5 * Math.sqrt(lam / 4001));
    const levels = [0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975];
    levels.forEach((p, i) => {
      expect(Math.abs(quantiles[i] - poissonQuantile(lam, p))).toBeLessThanOrEqual(1);
      if (i > 0) expect(quantiles[i]).toBeGreaterThanOrEqual(quantiles[i - 1]);
    });
  });

  it('no background, no history → all zero; one realisation → quantiles equal the draw', () => {
    const z: SimCase = { C: 2, T: 3, L: 2, h: 4, S: 7, seed: 1, counts: new Float64Array(6), r: new Float64Array(14).fill(1), mu: new Float64Array(2), w: Float64Array.of(0.5, 0.5) };
    const a = runSim(k, z);
    expect(Array.from(a.mean).every((v) => v === 0)).toBe(true);
    expect(Array.from(a.quantiles).every((v) => v === 0)).toBe(true);
    const one = runSim(k, { ...z, S: 1, mu: Float64Array.of(5, 50) });
    for (let o = 0; o < 8; o++) for (let i = 0; i < 7; i++) expect(one.quantiles[o * 7 + i]).toBe(one.mean[o]);
  });

  it('counties are independent streams: chunking with countyOffset gives the same results', () => {
    const rng = new Xoshiro256(55);
    for (let rep = 0; rep < 20; rep++) {
      const x = randomSimCase(rng);
      if (x.C < 2) continue;
      const all = runSim(k, x);
      const split = 1 + rng.below(x.C - 1);
      const part = (from: number, to: number) => ({ ...x, C: to - from, counts: x.counts.slice(from * x.T, to * x.T), r: x.r.slice(from * (x.T + x.h), to * (x.T + x.h)), mu: x.mu.slice(from, to) });
      const a = runSim(k, part(0, split), 0);
      const b = runSim(k, part(split, x.C), split);
      expect(Array.from(all.mean)).toEqual([...a.mean, ...b.mean]);
      expect(Array.from(all.quantiles)).toEqual([...a.quantiles, ...b.quantiles]);
    }
  });

  it('raw kernel: wrong lengths and bad values throw, never crash', () => {
    const x: SimCase = { C: 2, T: 3, L: 2, h: 4, S: 5, seed: 1, counts: new Float64Array(6).fill(1), r: new Float64Array(14).fill(1), mu: Float64Array.of(1, 1), w: Float64Array.of(0.5, 0.5) };
    expect(() => runSim(k, x)).not.toThrow();
    const bad = (patch: Partial<SimCase>, code: string, msg: RegExp) => expect(() => runSim(k, { ...x, ...patch })).toThrow(expect.objectContaining({ code, message: expect.stringMatching(msg) }));
    bad({ counts: new Float64Array(5) }, 'E_INPUT_SHAPE', /counts/);
    bad({ r: new Float64Array(12) }, 'E_INPUT_SHAPE', /\br\b/);
    bad({ mu: new Float64Array(1) }, 'E_INPUT_SHAPE', /mu/);
    bad({ L: 3 }, 'E_INPUT_SHAPE', /\bw\b/);
    bad({ h: 0 }, 'E_INPUT_RANGE', /\bh\b/);
    bad({ S: 0 }, 'E_INPUT_RANGE', /realisations/);
    bad({ seed: -1 }, 'E_INPUT_RANGE', /seed/);
    bad({ counts: Float64Array.of(1, 1, -3, 1, 1, 1) }, 'E_INPUT_RANGE', /counts\[2\]/);
    bad({ r: Float64Array.from({ length: 14 }, (_, i) => (i === 9 ? NaN : 1)) }, 'E_INPUT_NAN', /r\[9\]/);
    bad({ mu: Float64Array.of(1, Infinity) }, 'E_INPUT_NAN', /mu\[1\]/);
    bad({ w: Float64Array.of(0.5, -0.5) }, 'E_INPUT_RANGE', /w\[1\]/);
    expect(() => k.hawkesSimulate(x.counts, x.r, x.mu, x.w, 2, 3, 2, 4, 5, 1, 0, new Float64Array(7), new Float64Array(56))).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE', message: expect.stringMatching(/mean/) }));
    expect(() => k.hawkesSimulate(x.counts, x.r, x.mu, x.w, 2, 3, 2, 4, 5, 1, 0, new Float64Array(8), new Float64Array(55))).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE', message: expect.stringMatching(/quantiles/) }));
    expect(() => k.hawkesPoissonSample(-1, 0, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
    expect(() => k.hawkesPoissonSample(NaN, 0, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_INPUT_NAN' }));
  });

  it('forecastHawkes: a fitted constant-R model forecasts its renewal mean', () => {
    const C = 3;
    const T = 60;
    const rng = new Xoshiro256(4);
    const counts = Float64Array.from({ length: C * T }, (_, i) => Math.floor(5 + 10 * rng.uniform() + (i % T) / 6));
    const inputs = { fips: ['a', 'b', 'c'], dates: Array.from({ length: T }, (_, t) => `d${t}`), counts };
    const fit = fitHawkes(inputs, { backend, maxIter: 300 });
    const f = forecastHawkes(fit, inputs, { backend, horizon: 5, realisations: 4000, seed: 2 });
    for (let c = 0; c < C; c++) {
      const x: SimCase = { C: 1, T, L: fit.L, h: 5, S: 1, seed: 0, counts: counts.slice(c * T, (c + 1) * T), r: new Float64Array(T + 5), mu: fit.mu.slice(c, c + 1), w: fit.w };
      x.r.set(fit.r.subarray(c * T, (c + 1) * T));
      x.r.fill(Math.exp(fit.theta[0]), T);
      const want = renewalMean(x, 0);
      for (let d = 0; d < 5; d++) {
        // Var n(t) ≤ a few × E n(t) for these subcritical cases: a loose 6σ band
        expect(Math.abs(f.mean[c * 5 + d] - want[d])).toBeLessThan(6 * Math.sqrt((3 * want[d]) / 4000));
        expect(f.quantiles[(c * 5 + d) * 7]).toBeLessThanOrEqual(f.quantiles[(c * 5 + d) * 7 + 6]);
      }
    }
    expect(() => forecastHawkes(fit, inputs, { backend, horizon: 0 })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/horizon/) }));
    expect(() => forecastHawkes(fit, { ...inputs, fips: ['a'] }, { backend })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
  });
});

describe('hawkes simulation parity', () => {
  const backends = parityBackends();
  it.runIf(backends.length === 2)('native and wasm draw identical integers: identical means and quantiles on 300 random cases', () => {
    const [a, b] = backends.map((name) => kernelsFor(name));
    const rng = new Xoshiro256(606);
    for (let rep = 0; rep < 300; rep++) {
      const x = randomSimCase(rng);
      const ra = runSim(a, x);
      const rb = runSim(b, x);
      expect(Array.from(ra.mean)).toEqual(Array.from(rb.mean));
      expect(Array.from(ra.quantiles)).toEqual(Array.from(rb.quantiles));
    }
  });
  it.runIf(backends.length === 2)('the Poisson sampler is identical across backends (inversion and PTRS)', () => {
    const [a, b] = backends.map((name) => kernelsFor(name));
    for (const lam of [0.01, 1, 9.999, 10, 10.5, 77, 1234.5, 1e7, 2e15]) {
      const oa = new Float64Array(5000);
      const ob = new Float64Array(5000);
      a.hawkesPoissonSample(lam, 42, oa);
      b.hawkesPoissonSample(lam, 42, ob);
      expect(Array.from(oa)).toEqual(Array.from(ob));
    }
  });
});
