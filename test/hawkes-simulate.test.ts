import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../lib/backend/kernels.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { instantiateSync, simdSupported } from '../lib/backend/wasm/instance.js';
import { wasmKernels } from '../lib/backend/wasm-kernels.js';
import type { HawkesInputs } from '../lib/hawkes/hawkes-design.js';
import { discreteWeibullWeights } from '../lib/hawkes/discrete-weibull.js';
import { fitHawkes } from '../lib/hawkes/fit-hawkes.js';
import { forecastHawkes } from '../lib/hawkes/forecast-hawkes.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, parityBackends } from './helpers/backends.js';
import type { SimCase } from './helpers/hawkes-sim-case.js';


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

function runSim(k: Kernels, x: SimCase, countyOffset = 0, cumulative = true) {
  const mean = new Float64Array(x.C * x.h);
  const quantiles = new Float64Array(x.C * x.h * 7);
  const cumulativeQuantiles = cumulative ? new Float64Array(x.C * x.h * 7) : null;
  k.hawkesSimulate(x.counts, x.r, x.mu, x.w, x.C, x.T, x.L, x.h, x.S, x.seed, countyOffset, mean, quantiles, cumulativeQuantiles);
  return { mean, quantiles, cumulativeQuantiles: cumulativeQuantiles ?? new Float64Array(0) };
}

// ---- TypeScript reference of the simulation kernel (native/kernels/hawkes.cc), draw for draw ----
const MASK64 = (1n << 64n) - 1n;
function mix64(z: bigint): bigint {
  z = (z + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}
/** hawkesStreamSeed: SplitMix64 mixing of seed, realisation, county. */
const streamSeed = (seed: number, s: number, county: number) => mix64(mix64(mix64(BigInt(seed)) ^ BigInt(s)) ^ BigInt(county));

const LG_B = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400, 43867 / 244188, -174611 / 125400];
function logGammaRef(x: number): number {
  if (x === 1 || x === 2) return 0;
  let x0 = x;
  let n = 0;
  if (x < 7) {
    n = Math.trunc(7 - x);
    x0 = x + n;
  }
  const x2 = 1 / (x0 * x0);
  let s = LG_B[9];
  for (let i = 8; i >= 0; i--) s = s * x2 + LG_B[i];
  let g = s / x0 + 0.91893853320467274178 + (x0 - 0.5) * Math.log(x0) - x0;
  for (let i = 0; i < n; i++) {
    x0 -= 1;
    g -= Math.log(x0);
  }
  return g;
}
/** The kernel's Poisson sampler: inversion below 10, PTRS (Hörmann 1993) above. */
function poissonDrawRef(rng: Xoshiro256, lam: number): number {
  if (!(lam > 0)) return 0;
  if (lam >= 1e15) return Math.floor(lam + 0.5);
  if (lam < 10) {
    const u = rng.uniform();
    let p = Math.exp(-lam);
    let f = p;
    let k = 0;
    while (u > f && k < 1000) {
      k += 1;
      p = (p * lam) / k;
      f += p;
    }
    return k;
  }
  const slam = Math.sqrt(lam);
  const loglam = Math.log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const lhs = Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b);
    const rhs = -lam + k * loglam - logGammaRef(k + 1);
    if (lhs <= rhs) return k;
  }
}
/** Every realisation's simulated counts of county c: draws[s][k] = n(T + k). */
function referenceDraws(x: SimCase, c: number, countyOffset = 0): number[][] {
  const TH = x.T + x.h;
  const out: number[][] = [];
  for (let s = 0; s < x.S; s++) {
    const rng = new Xoshiro256(streamSeed(x.seed, s, countyOffset + c));
    const a = new Float64Array(TH);
    for (let j = 0; j < x.T; j++) a[j] = x.r[c * TH + j] * x.counts[c * x.T + j];
    const row: number[] = [];
    for (let i = x.T; i < TH; i++) {
      let acc = 0;
      for (let d = 1; d <= Math.min(i, x.L); d++) acc += x.w[d - 1] * a[i - d];
      const v = poissonDrawRef(rng, x.mu[c] + acc);
      a[i] = x.r[c * TH + i] * v;
      row.push(v);
    }
    out.push(row);
  }
  return out;
}
/** Type-7 quantiles at the 7 levels, with the kernel's formula. */
function quantiles7(values: number[]): number[] {
  const col = [...values].sort((p, q) => p - q);
  const S = col.length;
  return [0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975].map((p) => {
    const pos = (S - 1) * p;
    const lo = Math.floor(pos);
    const i1 = lo + 1 < S ? lo + 1 : S - 1;
    return col[lo] + (pos - lo) * (col[i1] - col[lo]);
  });
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
      expect(Array.from(all.cumulativeQuantiles)).toEqual([...a.cumulativeQuantiles, ...b.cumulativeQuantiles]);
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
    expect(() => k.hawkesSimulate(x.counts, x.r, x.mu, x.w, 2, 3, 2, 4, 5, 1, 0, new Float64Array(7), new Float64Array(56), null)).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE', message: expect.stringMatching(/mean/) }));
    expect(() => k.hawkesSimulate(x.counts, x.r, x.mu, x.w, 2, 3, 2, 4, 5, 1, 0, new Float64Array(8), new Float64Array(55), null)).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE', message: expect.stringMatching(/quantiles/) }));
    // cumulativeQuantiles: wrong length → E_INPUT_SHAPE naming it; wrong type → E_INPUT_TYPE; null / undefined / empty → not computed
    const sim = (cq: unknown) => k.hawkesSimulate(x.counts, x.r, x.mu, x.w, 2, 3, 2, 4, 5, 1, 0, new Float64Array(8), new Float64Array(56), cq as Float64Array);
    for (const len of [1, 55, 57, 8]) expect(() => sim(new Float64Array(len))).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE', message: expect.stringMatching(new RegExp(`cumulativeQuantiles has length ${len}`)) }));
    expect(() => sim(new Float32Array(56))).toThrow(expect.objectContaining({ code: 'E_INPUT_TYPE', message: expect.stringMatching(/cumulativeQuantiles/) }));
    expect(() => sim([0, 1])).toThrow(expect.objectContaining({ code: 'E_INPUT_TYPE' }));
    for (const absent of [null, undefined, new Float64Array(0)]) expect(() => sim(absent)).not.toThrow();
    expect(() => sim(new Float64Array(56))).not.toThrow();
    expect(() => k.hawkesPoissonSample(-1, 0, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
    expect(() => k.hawkesPoissonSample(NaN, 0, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_INPUT_NAN' }));
  });

  it('cumulativeQuantiles: absent changes nothing else; h = 1 equals the daily quantiles; day 0 always does; nondecreasing in k', () => {
    const rng = new Xoshiro256(808);
    for (let rep = 0; rep < 60; rep++) {
      const x = randomSimCase(rng);
      if (rep % 3 === 0) {
        x.h = 1;
        x.r = x.r.slice(0, x.C * (x.T + 1));
      }
      const withC = runSim(k, x);
      const without = runSim(k, x, 0, false);
      expect(Array.from(without.mean)).toEqual(Array.from(withC.mean));
      expect(Array.from(without.quantiles)).toEqual(Array.from(withC.quantiles));
      for (let c = 0; c < x.C; c++) {
        const o = c * x.h * 7;
        expect(Array.from(withC.cumulativeQuantiles.subarray(o, o + 7))).toEqual(Array.from(withC.quantiles.subarray(o, o + 7)));
        for (let kk = 1; kk < x.h; kk++) {
          for (let i = 0; i < 7; i++) expect(withC.cumulativeQuantiles[o + kk * 7 + i]).toBeGreaterThanOrEqual(withC.cumulativeQuantiles[o + (kk - 1) * 7 + i]);
        }
      }
      if (x.h === 1) expect(Array.from(withC.cumulativeQuantiles)).toEqual(Array.from(withC.quantiles));
    }
  });

  it('cumulativeQuantiles = type-7 quantiles of the running totals of every realisation (brute force, draws reproduced in TypeScript)', () => {
    const rng = new Xoshiro256(909);
    for (let rep = 0; rep < 12; rep++) {
      const x = randomSimCase(rng);
      x.S = 5 + rng.below(40);
      const offset = rng.below(5);
      const got = runSim(k, x, offset);
      for (let c = 0; c < x.C; c++) {
        const draws = referenceDraws(x, c, offset);
        const totals = new Array<number>(x.S).fill(0);
        for (let kk = 0; kk < x.h; kk++) {
          const day = draws.map((row) => row[kk]);
          const o = c * x.h + kk;
          // the reference reproduces the kernel draw for draw: its daily mean and quantiles match exactly
          expect(got.mean[o], `case ${rep} county ${c} day ${kk}`).toBe(day.reduce((p, q) => p + q, 0) / x.S);
          expect(Array.from(got.quantiles.subarray(o * 7, o * 7 + 7))).toEqual(quantiles7(day));
          for (let s = 0; s < x.S; s++) totals[s] += day[s];
          expect(Array.from(got.cumulativeQuantiles.subarray(o * 7, o * 7 + 7)), `case ${rep} county ${c} window ${kk + 1}`).toEqual(quantiles7(totals));
        }
      }
    }
  });

  it('μ only (R = 0): the running total over k days is Poisson(kμ); its quantiles match (±1)', () => {
    const h = 6;
    const mu = 2.5;
    const x: SimCase = { C: 1, T: 2, L: 2, h, S: 4001, seed: 17, counts: Float64Array.of(9, 4), r: new Float64Array(2 + h), mu: Float64Array.of(mu), w: Float64Array.of(0.6, 0.4) };
    const { cumulativeQuantiles, quantiles } = runSim(k, x);
    const levels = [0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975];
    for (let kk = 0; kk < h; kk++) {
      levels.forEach((p, i) => {
        expect(Math.abs(cumulativeQuantiles[kk * 7 + i] - poissonQuantile((kk + 1) * mu, p))).toBeLessThanOrEqual(1);
        expect(Math.abs(quantiles[kk * 7 + i] - poissonQuantile(mu, p))).toBeLessThanOrEqual(1);
      });
    }
    // the 6-day total's median is near 15, far from 6 × the daily median (a sum of quantiles would be wrong)
    expect(Math.abs(cumulativeQuantiles[5 * 7 + 3] - 15)).toBeLessThanOrEqual(1);
    expect(Math.abs(cumulativeQuantiles[5 * 7 + 0] - 6 * quantiles[5 * 7 + 0])).toBeGreaterThan(1);
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
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let d = 0; d < 5; d++) {
        s += f.mean[c * 5 + d];
        expect(f.cumulativeMean[c * 5 + d]).toBe(s);
      }
    }
    expect(f.cumulativeQuantiles.length).toBe(C * 5 * 7);
    // constant R has no mobility: any horizon
    expect(forecastHawkes(fit, inputs, { backend, horizon: 40, realisations: 2 }).mean.length).toBe(C * 40);
    expect(() => forecastHawkes(fit, inputs, { backend, horizon: 0 })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/horizon/) }));
    expect(() => forecastHawkes(fit, { ...inputs, fips: ['a'] }, { backend })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
  });
});

/** C counties × T days with one mobility type over a lead of `lead` days (mobility ends with the counts). */
function mobilityInputs(C: number, T: number, lead: number): HawkesInputs {
  const rng = new Xoshiro256(31);
  const Tm = T + lead;
  return {
    fips: Array.from({ length: C }, (_, c) => String(1001 + c)),
    dates: Array.from({ length: T }, (_, t) => `2020-04-${String(t + 1).padStart(2, '0')}`),
    counts: Float64Array.from({ length: C * T }, (_, i) => Math.floor(3 + 8 * rng.uniform() + (i % T) / 4)),
    mobilityTypes: ['retail'],
    mobilityDates: Array.from({ length: Tm }, (_, t) => (t < lead ? `m${t}` : `2020-04-${String(t - lead + 1).padStart(2, '0')}`)),
    mobility: Float64Array.from({ length: C * Tm }, (_, i) => -20 + 15 * Math.sin(i / 5) + 3 * rng.uniform()),
  };
}

describe.each(backendsUnderTest())('forecastHawkes beyond the mobility data on %s', (backend) => {
  const inputs = mobilityInputs(3, 25, 4);
  const fit = fitHawkes(inputs, { backend, variant: 'mobility', lag: 3, maxIter: 20 });

  it('a horizon ≤ Δ is covered; a longer one throws E_INPUT_RANGE naming options.horizon, its value, Δ and the last mobility date', () => {
    expect(forecastHawkes(fit, inputs, { backend, horizon: 3, realisations: 5 }).mean.length).toBe(9);
    for (const horizon of [4, 7, 30]) {
      expect(() => forecastHawkes(fit, inputs, { backend, horizon, realisations: 5 })).toThrow(
        expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(new RegExp(`options\\.horizon is ${horizon}\\b.*Δ = 3.*2020-04-25.*beyondMobility`)) }),
      );
    }
    expect(() => forecastHawkes(fit, inputs, { backend, horizon: 7, beyondMobility: 'error' })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
    expect(() => forecastHawkes(fit, inputs, { backend, horizon: 7, beyondMobility: 'last' as never })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/options\.beyondMobility/) }));
  });

  it("beyondMobility: 'carry-forward' holds R at the value of the last mobility day; the covered days are unchanged", () => {
    const h = 7;
    const f = forecastHawkes(fit, inputs, { backend, horizon: h, realisations: 50, seed: 3, beyondMobility: 'carry-forward' });
    const short = forecastHawkes(fit, inputs, { backend, horizon: 3, realisations: 50, seed: 3 });
    for (let c = 0; c < 3; c++) {
      // forecast day k reads mobility of count day T + k − Δ: k = 2 reads the last one, later days carry it
      for (let kk = 3; kk < h; kk++) expect(f.r[c * h + kk]).toBe(f.r[c * h + 2]);
      for (let kk = 0; kk < 3; kk++) {
        expect(f.r[c * h + kk]).toBe(short.r[c * 3 + kk]);
        // same streams: the first 3 days are the same simulation
        expect(f.mean[c * h + kk]).toBe(short.mean[c * 3 + kk]);
        expect(Array.from(f.cumulativeQuantiles.subarray((c * h + kk) * 7, (c * h + kk + 1) * 7))).toEqual(Array.from(short.cumulativeQuantiles.subarray((c * 3 + kk) * 7, (c * 3 + kk + 1) * 7)));
      }
    }
  });
});

describe('hawkes simulation parity', () => {
  const backends = parityBackends();
  // both WebAssembly builds as well, whatever EPIKIT_WASM_SIMD says
  const all: [string, Kernels][] = backends.map((name) => [name, kernelsFor(name)]);
  for (const file of ['epikit.wasm', 'epikit-simd.wasm']) {
    if (file.includes('simd') && !simdSupported()) continue;
    all.push([`wasm:${file}`, wasmKernels(instantiateSync(readFileSync(new URL(`../wasm/${file}`, import.meta.url))))]);
  }
  it(`${all.map((k) => k[0]).join(', ')} draw identical integers: identical means, quantiles and cumulative quantiles on 300 random cases`, () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    const rng = new Xoshiro256(606);
    for (let rep = 0; rep < 300; rep++) {
      const x = randomSimCase(rng);
      const [ra, ...others] = all.map(([, k]) => runSim(k, x));
      others.forEach((rb, o) => {
        const where = `case ${rep}, ${all[o + 1][0]} vs ${all[0][0]}`;
        expect(Array.from(rb.mean), where).toEqual(Array.from(ra.mean));
        expect(Array.from(rb.quantiles), where).toEqual(Array.from(ra.quantiles));
        expect(Array.from(rb.cumulativeQuantiles), where).toEqual(Array.from(ra.cumulativeQuantiles));
      });
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
