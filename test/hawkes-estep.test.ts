import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../lib/backend/kernels.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { eStepByBlocks } from '../lib/backend/wasm/hawkes-e-step.js';
import { instantiateSync, simdSupported, type WasmInstance } from '../lib/backend/wasm/instance.js';
import { wasmKernels } from '../lib/backend/wasm-kernels.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, maxRelDiff, parityBackends, relDiff } from './helpers/backends.js';

interface Case {
  C: number;
  T: number;
  L: number;
  psi: number;
  counts: Float64Array;
  r: Float64Array;
  mu: Float64Array;
  w: Float64Array;
}

function randomCase(rng: Xoshiro256, opts: { zeroMu?: boolean } = {}): Case {
  const C = 1 + rng.below(4);
  const T = 1 + rng.below(40);
  const L = 1 + rng.below(T);
  const psi = rng.below(T);
  const counts = new Float64Array(C * T);
  const level = [0, 1, 5, 50][rng.below(4)];
  for (let i = 0; i < counts.length; i++) counts[i] = rng.uniform() < 0.3 ? 0 : Math.floor(rng.uniform() * (level + 1));
  if (rng.uniform() < 0.2) for (let i = 0; i < counts.length; i += 3) counts[i] = counts[0]; // duplicates
  const r = new Float64Array(C * T);
  for (let i = 0; i < r.length; i++) r[i] = rng.uniform() < 0.1 ? 0 : 3 * rng.uniform();
  const mu = new Float64Array(C);
  for (let c = 0; c < C; c++) mu[c] = opts.zeroMu && rng.uniform() < 0.5 ? 0 : 0.01 + 4 * rng.uniform();
  const w = new Float64Array(L);
  for (let d = 0; d < L; d++) w[d] = rng.uniform() < 0.1 ? 0 : rng.uniform() / L;
  return { C, T, L, psi, counts, r, mu, w };
}

/**
 * Long series (T up to 420, L up to 60) with many zeros: sparse counties, runs of zero days
 * longer than L, all-zero counties, R = 0 stretches, μ = 0 counties (λ = 0 < n possible), so
 * the kernels' block skipping and block tails are all exercised.
 */
function longSparseCase(rng: Xoshiro256): Case {
  const C = 1 + rng.below(6);
  const T = 1 + rng.below(420);
  const L = 1 + rng.below(Math.min(T, 60));
  const psi = rng.below(Math.min(T, 20));
  const counts = new Float64Array(C * T);
  const r = new Float64Array(C * T);
  const mu = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const kind = rng.below(5); // 0: all zero, 1: a few events, 2: bursts, 3: dense, 4: mixed levels
    const pEvent = [0, 0.01, 0.05, 0.9, 0.5][kind];
    const level = [1, 3, 40, 200, 8][kind];
    let inBurst = false;
    for (let t = 0; t < T; t++) {
      if (kind === 2 && rng.uniform() < 0.05) inBurst = !inBurst;
      const p = kind === 2 ? (inBurst ? 0.8 : 0) : pEvent;
      counts[c * T + t] = rng.uniform() < p ? 1 + Math.floor(rng.uniform() * level) : 0;
      r[c * T + t] = rng.uniform() < 0.05 ? 0 : 2 * rng.uniform();
    }
    if (rng.uniform() < 0.2) r.fill(0, c * T + rng.below(T), c * T + T); // R = 0 tail
    mu[c] = rng.uniform() < 0.15 ? 0 : 1e-3 + 2 * rng.uniform();
  }
  const w = new Float64Array(L);
  for (let d = 0; d < L; d++) w[d] = rng.uniform() < 0.05 ? 0 : rng.uniform() / L;
  return { C, T, L, psi, counts, r, mu, w };
}

function run(k: Kernels, x: Case) {
  const { C, T, L } = x;
  const lambda = new Float64Array(C * T);
  const q = new Float64Array(C * T);
  const background = new Float64Array(C * T);
  const freq = new Float64Array(L);
  const loglik = k.hawkesEStep(x.counts, x.r, x.mu, x.w, C, T, L, x.psi, lambda, q, background, freq);
  return { lambda, q, background, freq, loglik };
}

/** Brute force: explicit double sums over (parent day j, child day i) pairs. */
function bruteForce(x: Case) {
  const { C, T, L, psi, counts, r, mu, w } = x;
  const lambda = new Float64Array(C * T);
  const q = new Float64Array(C * T);
  const background = new Float64Array(C * T);
  const freq = new Float64Array(L);
  let loglik = 0;
  const kern = (lag: number) => (lag >= 1 && lag <= L ? w[lag - 1] : 0);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < T; i++) {
      let lam = mu[c];
      for (let j = 0; j < i; j++) lam += r[c * T + j] * kern(i - j) * counts[c * T + j];
      lambda[c * T + i] = lam;
    }
    const ratio = (i: number) => (lambda[c * T + i] > 0 ? counts[c * T + i] / lambda[c * T + i] : 0);
    for (let i = 0; i < T; i++) {
      const n = counts[c * T + i];
      const lam = lambda[c * T + i];
      background[c * T + i] = mu[c] * ratio(i);
      loglik += n > 0 ? (lam > 0 ? n * Math.log(lam) - lam : -Infinity) : -lam;
    }
    for (let j = 0; j < T; j++) {
      for (let i = j + 1; i < T; i++) {
        const p = r[c * T + j] * kern(i - j) * ratio(i); // one event of day i from one event of day j
        q[c * T + j] += p;
        if (j < T - psi && i - j <= L) freq[i - j - 1] += counts[c * T + j] * p;
      }
    }
  }
  return { lambda, q, background, freq, loglik };
}

describe.each(backendsUnderTest())('hawkesEStep on %s', (backend) => {
  const k = kernelsFor(backend);

  it('matches the brute-force pair sums on 300 random cases', () => {
    const rng = new Xoshiro256(404);
    for (let rep = 0; rep < 300; rep++) {
      const x = randomCase(rng, { zeroMu: rep % 10 === 0 });
      const got = run(k, x);
      const want = bruteForce(x);
      expect(maxRelDiff(got.lambda, want.lambda)).toBeLessThan(1e-12);
      expect(maxRelDiff(got.q, want.q)).toBeLessThan(1e-12);
      expect(maxRelDiff(got.background, want.background)).toBeLessThan(1e-12);
      expect(maxRelDiff(got.freq, want.freq)).toBeLessThan(1e-12);
      if (Number.isFinite(want.loglik)) expect(relDiff(got.loglik, want.loglik)).toBeLessThan(1e-12);
      else expect(got.loglik).toBe(-Infinity);
    }
  });

  it('splits every event into background and offspring: Σ background + Σ n·Q = Σ n (when λ > 0)', () => {
    const rng = new Xoshiro256(7);
    for (let rep = 0; rep < 50; rep++) {
      const x = randomCase(rng);
      // Full support within the window, so every child day is observed.
      const got = run(k, x);
      let total = 0;
      let split = 0;
      for (let i = 0; i < x.C * x.T; i++) {
        total += x.counts[i];
        split += got.background[i] + x.counts[i] * got.q[i];
      }
      expect(Math.abs(split - total)).toBeLessThan(1e-9 * Math.max(1, total));
    }
  });

  it('a hand example: one county, T = 3, L = 2', () => {
    // n = [2, 1, 3], R = [1, 0.5, 2], μ = 0.5, w = [0.6, 0.3], ψ = 1
    const x: Case = { C: 1, T: 3, L: 2, psi: 1, counts: Float64Array.of(2, 1, 3), r: Float64Array.of(1, 0.5, 2), mu: Float64Array.of(0.5), w: Float64Array.of(0.6, 0.3) };
    const got = run(k, x);
    // λ = [0.5, 0.5 + 0.6·2 = 1.7, 0.5 + 0.6·0.5 + 0.3·2 = 1.4]
    expect(Array.from(got.lambda).map((v) => +v.toFixed(12))).toEqual([0.5, 1.7, 1.4]);
    // Q(0) = 1·(0.6·1/1.7 + 0.3·3/1.4), Q(1) = 0.5·0.6·3/1.4, Q(2) = 0
    expect(got.q[0]).toBeCloseTo(0.6 / 1.7 + 0.9 / 1.4, 14);
    expect(got.q[1]).toBeCloseTo((0.5 * 1.8) / 1.4, 14);
    expect(got.q[2]).toBe(0);
    // parents j < 2: freq(1) = 2·0.6/1.7 + 1·0.5·0.6·3/1.4, freq(2) = 2·0.3·3/1.4
    expect(got.freq[0]).toBeCloseTo(1.2 / 1.7 + 0.9 / 1.4, 14);
    expect(got.freq[1]).toBeCloseTo(1.8 / 1.4, 14);
    expect(got.loglik).toBeCloseTo(2 * Math.log(0.5) - 0.5 + Math.log(1.7) - 1.7 + 3 * Math.log(1.4) - 1.4, 12);
  });
});

describe('hawkesEStep parity', () => {
  const backends = parityBackends();
  it.runIf(backends.length === 2)('native and wasm agree on 400 random cases', () => {
    const [a, b] = backends.map((name) => kernelsFor(name));
    const rng = new Xoshiro256(2024);
    for (let rep = 0; rep < 400; rep++) {
      const x = randomCase(rng, { zeroMu: rep % 7 === 0 });
      const ra = run(a, x);
      const rb = run(b, x);
      expect(maxRelDiff(ra.lambda, rb.lambda)).toBe(0);
      expect(maxRelDiff(ra.q, rb.q)).toBe(0);
      expect(maxRelDiff(ra.background, rb.background)).toBe(0);
      expect(maxRelDiff(ra.freq, rb.freq)).toBe(0);
      expect(relDiff(ra.loglik, rb.loglik)).toBeLessThan(1e-12);
    }
  });
});

describe('hawkesEStep parity across native and both WebAssembly builds', () => {
  // whatever EPIKIT_BACKEND / EPIKIT_WASM_SIMD say: every build that loads
  const all: [string, Kernels][] = parityBackends()
    .filter((name) => name === 'native')
    .map((name) => [name, kernelsFor(name)]);
  for (const file of ['epikit.wasm', 'epikit-simd.wasm']) {
    if (file.includes('simd') && !simdSupported()) continue;
    all.push([`wasm:${file}`, wasmKernels(instantiateSync(readFileSync(new URL(`../wasm/${file}`, import.meta.url))))]);
  }
  it(`${all.map((k) => k[0]).join(', ')} give bit-identical λ, Q, background, freq and log-likelihood on 150 long sparse series`, () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    const rng = new Xoshiro256(4242);
    for (let rep = 0; rep < 150; rep++) {
      const x = longSparseCase(rng);
      const [ra, ...others] = all.map(([, k]) => run(k, x));
      others.forEach((rb, o) => {
        const where = `case ${rep} (C=${x.C} T=${x.T} L=${x.L}), ${all[o + 1][0]} vs ${all[0][0]}`;
        expect(Array.from(rb.lambda), where).toEqual(Array.from(ra.lambda));
        expect(Array.from(rb.q), where).toEqual(Array.from(ra.q));
        expect(Array.from(rb.background), where).toEqual(Array.from(ra.background));
        expect(Array.from(rb.freq), where).toEqual(Array.from(ra.freq));
        expect(rb.loglik, where).toBe(ra.loglik); // the kernels' own log: identical everywhere
      });
    }
  });
  it('agree on subnormal, zero and huge λ (the log-likelihood log takes its scalar path there)', () => {
    // county 0: μ subnormal, R = 0 → λ subnormal; county 1: μ = 1e300 → λ near the top of the range;
    // county 2: μ = 0 and no parents before the first event → λ = 0 < n, log-likelihood −∞
    const T = 13;
    const mk = (mu: number[], first: number) => {
      const C = mu.length;
      const counts = new Float64Array(C * T);
      for (let i = first; i < C * T; i++) counts[i] = (i * 7) % 3;
      return { C, T, L: 3, psi: 0, counts, r: new Float64Array(C * T), mu: Float64Array.from(mu), w: Float64Array.of(0.3, 0.2, 0.1) };
    };
    for (const x of [mk([1e-310, 5e-324, 3e-300], 0), mk([1e300, 2.5e-308], 0), mk([1e-310, 1e300, 0], 0)]) {
      const want = bruteForce(x);
      const [ra, ...others] = all.map(([, k]) => run(k, x));
      if (Number.isFinite(want.loglik)) expect(relDiff(ra.loglik, want.loglik)).toBeLessThan(1e-12);
      else expect(ra.loglik).toBe(-Infinity);
      for (const rb of others) {
        expect(rb.loglik).toBe(ra.loglik);
        expect(Array.from(rb.background)).toEqual(Array.from(ra.background));
      }
    }
  });
  it('and match the brute-force pair sums on 40 long sparse series', () => {
    const rng = new Xoshiro256(77);
    for (let rep = 0; rep < 40; rep++) {
      const x = longSparseCase(rng);
      const want = bruteForce(x);
      for (const [name, k] of all) {
        const got = run(k, x);
        const where = `case ${rep} on ${name}`;
        expect(maxRelDiff(got.lambda, want.lambda), where).toBeLessThan(1e-12);
        expect(maxRelDiff(got.q, want.q), where).toBeLessThan(1e-12);
        expect(maxRelDiff(got.background, want.background), where).toBeLessThan(1e-12);
        expect(maxRelDiff(got.freq, want.freq), where).toBeLessThan(1e-12);
        if (Number.isFinite(want.loglik)) expect(relDiff(got.loglik, want.loglik), where).toBeLessThan(1e-12);
        else expect(got.loglik, where).toBe(-Infinity);
      }
    }
  });
});

describe.each(backendsUnderTest())('hawkesEStep bad input on %s', (backend) => {
  const k = kernelsFor(backend);
  const ok = (): Case => ({ C: 2, T: 4, L: 2, psi: 1, counts: new Float64Array(8).fill(1), r: new Float64Array(8).fill(1), mu: Float64Array.of(1, 1), w: Float64Array.of(0.5, 0.2) });
  const call = (x: Case, o: Partial<{ lambda: number; q: number; background: number; freq: number }> = {}) =>
    k.hawkesEStep(x.counts, x.r, x.mu, x.w, x.C, x.T, x.L, x.psi, new Float64Array(o.lambda ?? x.C * x.T), new Float64Array(o.q ?? x.C * x.T), new Float64Array(o.background ?? x.C * x.T), new Float64Array(o.freq ?? x.L));

  it('accepts the base case', () => {
    expect(Number.isFinite(call(ok()))).toBe(true);
  });
  it.each([
    ['counts too short', (x: Case) => ({ ...x, counts: new Float64Array(7) }), 'E_INPUT_SHAPE', /counts/],
    ['r too long', (x: Case) => ({ ...x, r: new Float64Array(9) }), 'E_INPUT_SHAPE', /\br\b/],
    ['mu wrong length', (x: Case) => ({ ...x, mu: new Float64Array(3) }), 'E_INPUT_SHAPE', /mu/],
    ['w shorter than L', (x: Case) => ({ ...x, L: 3 }), 'E_INPUT_SHAPE', /w/],
    ['L > T', (x: Case) => ({ ...x, L: 5, w: new Float64Array(5) }), 'E_INPUT_RANGE', /\bl\b/],
    ['L = 0', (x: Case) => ({ ...x, L: 0, w: new Float64Array(0) }), 'E_INPUT_RANGE', /\bl\b/],
    ['psi = T', (x: Case) => ({ ...x, psi: 4 }), 'E_INPUT_RANGE', /psi/],
    ['psi < 0', (x: Case) => ({ ...x, psi: -1 }), 'E_INPUT_RANGE', /psi/],
    ['psi not an integer', (x: Case) => ({ ...x, psi: 1.5 }), 'E_INPUT_RANGE', /psi/],
    ['negative count', (x: Case) => ({ ...x, counts: Float64Array.of(1, 1, -1, 1, 1, 1, 1, 1) }), 'E_INPUT_RANGE', /counts\[2\]/],
    ['NaN count', (x: Case) => ({ ...x, counts: Float64Array.of(1, 1, 1, NaN, 1, 1, 1, 1) }), 'E_INPUT_NAN', /counts\[3\]/],
    ['infinite R', (x: Case) => ({ ...x, r: Float64Array.of(1, 1, 1, 1, 1, Infinity, 1, 1) }), 'E_INPUT_NAN', /r\[5\]/],
    ['negative mu', (x: Case) => ({ ...x, mu: Float64Array.of(1, -0.5) }), 'E_INPUT_RANGE', /mu\[1\]/],
    ['negative w', (x: Case) => ({ ...x, w: Float64Array.of(-0.1, 0.2) }), 'E_INPUT_RANGE', /w\[0\]/],
    ['C = 0', (x: Case) => ({ ...x, C: 0 }), 'E_INPUT_RANGE', /\bc\b/],
    ['NaN T', (x: Case) => ({ ...x, T: NaN }), 'E_INPUT_NAN', /\bt\b/],
  ])('%s → throws', (_name, mutate, code, message) => {
    expect(() => call(mutate(ok()))).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });
  it('wrong output lengths → E_INPUT_SHAPE', () => {
    for (const o of [{ lambda: 7 }, { q: 9 }, { background: 0 }, { freq: 3 }]) {
      expect(() => call(ok(), o)).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
    }
  });
  it('a non-Float64Array argument → E_INPUT_TYPE', () => {
    const x = ok();
    expect(() => k.hawkesEStep(Array.from(x.counts) as unknown as Float64Array, x.r, x.mu, x.w, 2, 4, 2, 1, new Float64Array(8), new Float64Array(8), new Float64Array(8), new Float64Array(2))).toThrow(expect.objectContaining({ code: 'E_INPUT_TYPE' }));
  });
});

describe('WebAssembly hawkesEStep by blocks of counties', () => {
  // The adapter streams counties through linear memory in blocks (lib/backend/wasm/hawkes-e-step.ts);
  // F(d) and the log-likelihood carry across blocks. Small blocks here, so every case spans several.
  const builds: [string, WasmInstance][] = ['epikit.wasm', 'epikit-simd.wasm']
    .filter((file) => !file.includes('simd') || simdSupported())
    .map((file) => [file, instantiateSync(readFileSync(new URL(`../wasm/${file}`, import.meta.url)))]);
  const reference = kernelsFor(parityBackends()[0]);
  const byBlocks = (inst: WasmInstance, x: Case, blockEntries: number) => {
    const out = { lambda: new Float64Array(x.C * x.T), q: new Float64Array(x.C * x.T), background: new Float64Array(x.C * x.T), freq: new Float64Array(x.L) };
    const loglik = eStepByBlocks(inst, { ...x, ...out }, x.C, x.T, x.L, x.psi, blockEntries);
    return { ...out, loglik };
  };
  const manyCounties = (rng: Xoshiro256): Case => {
    const parts = Array.from({ length: 3 + rng.below(6) }, () => longSparseCase(rng));
    const T = parts[0].T;
    const L = parts[0].L;
    // counties of the other cases cut or zero-padded to the first case's T
    const rows: [Float64Array, Float64Array, number][] = [];
    for (const p of parts) for (let c = 0; c < p.C; c++) {
      const counts = new Float64Array(T);
      const r = new Float64Array(T);
      counts.set(p.counts.subarray(c * p.T, c * p.T + Math.min(T, p.T)));
      r.set(p.r.subarray(c * p.T, c * p.T + Math.min(T, p.T)));
      rows.push([counts, r, p.mu[c]]);
    }
    const C = rows.length;
    const counts = new Float64Array(C * T);
    const r = new Float64Array(C * T);
    rows.forEach(([n, rr], c) => { counts.set(n, c * T); r.set(rr, c * T); });
    return { C, T, L, psi: parts[0].psi, counts, r, mu: Float64Array.from(rows, (row) => row[2]), w: parts[0].w };
  };

  it.each(builds)('%s: blocks of 1, 2, 3 … counties give bit for bit the single call and the reference backend', (_file, inst) => {
    const rng = new Xoshiro256(2718);
    for (let rep = 0; rep < 60; rep++) {
      const x = manyCounties(rng);
      const want = run(reference, x);
      for (const perBlock of [1, 2, 3, 7, x.C]) {
        const got = byBlocks(inst, x, perBlock * x.T);
        const where = `case ${rep} (C=${x.C} T=${x.T} L=${x.L}), ${perBlock} counties per block`;
        expect(Array.from(got.lambda), where).toEqual(Array.from(want.lambda));
        expect(Array.from(got.q), where).toEqual(Array.from(want.q));
        expect(Array.from(got.background), where).toEqual(Array.from(want.background));
        expect(Array.from(got.freq), where).toEqual(Array.from(want.freq));
        expect(got.loglik, where).toBe(want.loglik);
      }
    }
  });

  it.each(builds)('%s: a bad count or R in a later block is named as the native glue names it', (_file, inst) => {
    const k = wasmKernels(inst);
    const C = 9;
    const T = 5;
    const base = () => ({ counts: new Float64Array(C * T).fill(1), r: new Float64Array(C * T).fill(0.5), mu: new Float64Array(C).fill(1), w: Float64Array.of(0.5, 0.2) });
    const call = (x: ReturnType<typeof base>) => k.hawkesEStep(x.counts, x.r, x.mu, x.w, C, T, 2, 0, new Float64Array(C * T), new Float64Array(C * T), new Float64Array(C * T), new Float64Array(2));
    const callBlocks = (x: ReturnType<typeof base>) => eStepByBlocks(inst, { ...x, lambda: new Float64Array(C * T), q: new Float64Array(C * T), background: new Float64Array(C * T), freq: new Float64Array(2) }, C, T, 2, 0, 2 * T);
    const cases: [string, (x: ReturnType<typeof base>) => void, string, RegExp][] = [
      ['NaN count in the last county', (x) => { x.counts[C * T - 1] = NaN; }, 'E_INPUT_NAN', /counts\[44\]/],
      ['negative R in county 6', (x) => { x.r[31] = -2; }, 'E_INPUT_RANGE', /r\[31\]/],
      ['infinite count in county 4 and negative R in county 1: counts first, as native', (x) => { x.counts[22] = Infinity; x.r[7] = -1; }, 'E_INPUT_NAN', /counts\[22\]/],
      ['negative μ and a NaN R: r before mu, as native', (x) => { x.mu[8] = -1; x.r[40] = NaN; }, 'E_INPUT_NAN', /r\[40\]/],
      ['negative μ alone', (x) => { x.mu[8] = -1; }, 'E_INPUT_RANGE', /mu\[8\]/],
    ];
    for (const [name, spoil, code, message] of cases) {
      const x = base();
      spoil(x);
      for (const f of [call, callBlocks]) expect(() => f(x), name).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
    }
  });

  it.each(builds)('%s: firstInvalid finds the first non-finite (or negative) entry at any position', (_file, inst) => {
    const firstInvalid = inst.kernel('firstInvalid');
    const rng = new Xoshiro256(31);
    const spoilers = [NaN, Infinity, -Infinity, -1e-300, -5];
    for (let rep = 0; rep < 300; rep++) {
      const n = rng.below(40);
      const a = Float64Array.from({ length: n }, () => (rng.uniform() < 0.1 ? 0 : rng.uniform() * 10));
      if (rng.uniform() < 0.3) a.fill(-0, 0, Math.min(n, 3)); // −0 passes the ≥ 0 test
      for (let s = rng.below(3); s > 0 && n > 0; s--) a[rng.below(n)] = spoilers[rng.below(spoilers.length)];
      const want = (nonNegative: boolean) => a.findIndex((v) => !(Number.isFinite(v) && (!nonNegative || v >= 0)));
      inst.exports.reset();
      const p = inst.exports.alloc(Math.max(8, n * 8));
      inst.f64View(p, n).set(a);
      expect(firstInvalid(p, n, 1), `case ${rep}`).toBe(want(true));
      expect(firstInvalid(p, n, 0), `case ${rep}`).toBe(want(false));
    }
    inst.exports.reset();
  });
});
