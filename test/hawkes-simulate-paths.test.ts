import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../lib/backend/kernels.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { instantiateSync, simdSupported } from '../lib/backend/wasm/instance.js';
import { wasmKernels } from '../lib/backend/wasm-kernels.js';
import { discreteWeibullWeights } from '../lib/hawkes/discrete-weibull.js';
import { summariseHawkesPaths } from '../lib/hawkes/summarise-hawkes-paths.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, parityBackends } from './helpers/backends.js';
import type { SimCase } from './helpers/hawkes-sim-case.js';


/** Random cases over every sampler branch: no history, small and large intensities (inversion and PTRS), μ = 0. */
function randomSimCase(rng: Xoshiro256, maxS = 60): SimCase {
  const C = 1 + rng.below(4);
  const T = 1 + rng.below(30);
  const L = 1 + rng.below(25);
  const h = 1 + rng.below(10);
  const S = 1 + rng.below(maxS);
  // 1e5: counts whose daily spread exceeds 4S + 1024, so the summariser sorts instead of counting
  const level = [0, 2, 20, 400, 1e5][rng.below(5)];
  const counts = Float64Array.from({ length: C * T }, () => Math.floor(rng.uniform() * (level + 1)));
  const r = Float64Array.from({ length: C * (T + h) }, () => 1.6 * rng.uniform());
  const mu = Float64Array.from({ length: C }, () => (rng.uniform() < 0.1 ? 0 : 30 * rng.uniform()));
  const w = discreteWeibullWeights(0.8 + 2 * rng.uniform(), 1 + 5 * rng.uniform(), L);
  return { C, T, L, h, S, seed: rng.below(1e9), counts, r, mu, w };
}

/** Paths of realisations [first, first + count) of every county: C × count × h. */
function runPaths(k: Kernels, x: SimCase, first = 0, count = x.S, countyOffset = 0): Float64Array {
  const paths = new Float64Array(x.C * count * x.h);
  k.hawkesSimulatePaths(x.counts, x.r, x.mu, x.w, x.C, x.T, x.L, x.h, first, count, x.seed, countyOffset, paths);
  return paths;
}

function runSim(k: Kernels, x: SimCase) {
  const mean = new Float64Array(x.C * x.h);
  const quantiles = new Float64Array(x.C * x.h * 7);
  const cumulativeQuantiles = new Float64Array(x.C * x.h * 7);
  k.hawkesSimulate(x.counts, x.r, x.mu, x.w, x.C, x.T, x.L, x.h, x.S, x.seed, 0, mean, quantiles, cumulativeQuantiles);
  return { mean, quantiles, cumulativeQuantiles };
}

/** Rows [a, b) of county c of C × S × h paths. */
const rowsOf = (paths: Float64Array, S: number, h: number, c: number, a: number, b: number) => Array.from(paths.subarray((c * S + a) * h, (c * S + b) * h));

const code = (c: string, message: RegExp) => expect.objectContaining({ code: c, message: expect.stringMatching(message) });

describe.each(backendsUnderTest())('hawkesSimulatePaths on %s', (backend) => {
  const k = kernelsFor(backend);

  it('summariseHawkesPaths of all S paths = hawkesSimulate (mean, quantiles, cumulative quantiles) bit for bit, 150 random cases', () => {
    const rng = new Xoshiro256(4242);
    let distinctQuantiles = 0;
    for (let rep = 0; rep < 150; rep++) {
      const x = randomSimCase(rng);
      const sim = runSim(k, x);
      const sum = summariseHawkesPaths(runPaths(k, x), x.C, x.S, x.h);
      const where = `case ${rep}`;
      expect(Array.from(sum.mean), where).toEqual(Array.from(sim.mean));
      expect(Array.from(sum.quantiles), where).toEqual(Array.from(sim.quantiles));
      expect(Array.from(sum.cumulativeQuantiles), where).toEqual(Array.from(sim.cumulativeQuantiles));
      if (new Set(sim.quantiles).size > 7) distinctQuantiles++;
    }
    // the cases exercise interpolation between distinct order statistics, not just constant columns
    expect(distinctQuantiles).toBeGreaterThan(50);
  });

  it('the same with thousands of realisations (counted order statistics) and with huge counts (sorted)', () => {
    const rng = new Xoshiro256(777);
    for (let rep = 0; rep < 6; rep++) {
      const x = { ...randomSimCase(rng), S: 1000 + rng.below(3000) };
      // λ ≈ 1e7: daily spread (sd ≈ 3000) beyond 4S + 1024 values
      if (rep >= 4) x.counts = x.counts.map(() => 1e7);
      const sim = runSim(k, x);
      const sum = summariseHawkesPaths(runPaths(k, x), x.C, x.S, x.h);
      expect(Array.from(sum.mean), `case ${rep}`).toEqual(Array.from(sim.mean));
      expect(Array.from(sum.quantiles), `case ${rep}`).toEqual(Array.from(sim.quantiles));
      expect(Array.from(sum.cumulativeQuantiles), `case ${rep}`).toEqual(Array.from(sim.cumulativeQuantiles));
    }
  });

  it('paths of realisations [a, b) are rows a..b−1 of the run over [0, S); counties chunked by countyOffset likewise', () => {
    const rng = new Xoshiro256(99);
    for (let rep = 0; rep < 80; rep++) {
      const x = randomSimCase(rng);
      const all = runPaths(k, x);
      const a = rng.below(x.S);
      const b = a + 1 + rng.below(x.S - a);
      const part = runPaths(k, x, a, b - a);
      for (let c = 0; c < x.C; c++) expect(rowsOf(part, b - a, x.h, c, 0, b - a), `case ${rep}, county ${c}, [${a}, ${b})`).toEqual(rowsOf(all, x.S, x.h, c, a, b));
      // the last county alone, with its global index as countyOffset
      const c = x.C - 1;
      const one: SimCase = { ...x, C: 1, counts: x.counts.slice(c * x.T, (c + 1) * x.T), r: x.r.slice(c * (x.T + x.h), (c + 1) * (x.T + x.h)), mu: x.mu.slice(c, c + 1) };
      expect(Array.from(runPaths(k, one, a, b - a, c)), `case ${rep}, county ${c} alone`).toEqual(rowsOf(part, b - a, x.h, c, 0, b - a));
    }
  });

  it('streams depend on the realisation index: different ranges give different paths; a path is integer counts ≥ 0', () => {
    const x: SimCase = { C: 1, T: 5, L: 3, h: 6, S: 40, seed: 7, counts: Float64Array.of(5, 8, 13, 9, 11), r: new Float64Array(11).fill(0.9), mu: Float64Array.of(6), w: Float64Array.of(0.5, 0.3, 0.2) };
    const p = runPaths(k, x);
    const rows = Array.from({ length: x.S }, (_, s) => rowsOf(p, x.S, x.h, 0, s, s + 1).join(','));
    expect(new Set(rows).size).toBeGreaterThan(35);
    expect(p.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    // realisation 20 simulated alone equals row 20, and differs from row 0 (what a reused stream would give)
    expect(Array.from(runPaths(k, x, 20, 1))).toEqual(rowsOf(p, x.S, x.h, 0, 20, 21));
    expect(rows[20]).not.toBe(rows[0]);
    // the last admissible range [2^24 − 1, 2^24) runs
    expect(() => runPaths(k, x, (1 << 24) - 1, 1)).not.toThrow();
  });

  it('raw kernel: wrong lengths and bad values throw, never crash', () => {
    const x: SimCase = { C: 2, T: 3, L: 2, h: 4, S: 5, seed: 1, counts: new Float64Array(6).fill(1), r: new Float64Array(14).fill(1), mu: Float64Array.of(1, 1), w: Float64Array.of(0.5, 0.5) };
    const call = (patch: Partial<SimCase> & { first?: number; paths?: unknown; offset?: number } = {}) => {
      const y = { ...x, ...patch };
      const paths = 'paths' in patch ? patch.paths : new Float64Array(y.C * y.S * y.h);
      return () => k.hawkesSimulatePaths(y.counts, y.r, y.mu, y.w, y.C, y.T, y.L, y.h, patch.first ?? 0, y.S, y.seed, patch.offset ?? 0, paths as Float64Array);
    };
    expect(call()).not.toThrow();
    expect(call({ first: 3 })).not.toThrow();
    expect(call({ counts: new Float64Array(5) })).toThrow(code('E_INPUT_SHAPE', /counts has length 5/));
    expect(call({ r: new Float64Array(12) })).toThrow(code('E_INPUT_SHAPE', /\br has length 12/));
    expect(call({ mu: new Float64Array(1) })).toThrow(code('E_INPUT_SHAPE', /mu/));
    expect(call({ L: 3 })).toThrow(code('E_INPUT_SHAPE', /\bw\b/));
    for (const len of [0, 39, 41, 8]) expect(call({ paths: new Float64Array(len) })).toThrow(code('E_INPUT_SHAPE', new RegExp(`paths has length ${len}: expected c·realisations·h = 40`)));
    expect(call({ paths: new Float32Array(40) })).toThrow(code('E_INPUT_TYPE', /paths/));
    expect(call({ paths: null })).toThrow(expect.objectContaining({ code: 'E_INPUT_TYPE' }));
    expect(call({ first: -1 })).toThrow(code('E_INPUT_RANGE', /firstRealisation is -1/));
    expect(call({ first: 1.5 })).toThrow(code('E_INPUT_RANGE', /firstRealisation is 1\.5/));
    expect(call({ first: NaN })).toThrow(code('E_INPUT_NAN', /firstRealisation/));
    // firstRealisation + realisations ≤ 2^24
    expect(call({ first: (1 << 24) - 4 })).toThrow(code('E_INPUT_RANGE', /firstRealisation is 16777212: expected an integer in \[0, 16777211\]/));
    expect(call({ S: 0 })).toThrow(code('E_INPUT_RANGE', /realisations is 0/));
    expect(call({ S: (1 << 24) + 1 })).toThrow(code('E_INPUT_RANGE', /realisations/));
    expect(call({ h: 0 })).toThrow(code('E_INPUT_RANGE', /\bh is 0/));
    expect(call({ seed: -1 })).toThrow(code('E_INPUT_RANGE', /seed/));
    expect(call({ offset: 2 ** 31 - 2 })).toThrow(code('E_INPUT_RANGE', /countyOffset/));
    expect(call({ counts: Float64Array.of(1, 1, -3, 1, 1, 1) })).toThrow(code('E_INPUT_RANGE', /counts\[2\]/));
    expect(call({ r: Float64Array.from({ length: 14 }, (_, i) => (i === 9 ? NaN : 1)) })).toThrow(code('E_INPUT_NAN', /r\[9\]/));
    expect(call({ mu: Float64Array.of(1, Infinity) })).toThrow(code('E_INPUT_NAN', /mu\[1\]/));
    expect(call({ w: Float64Array.of(0.5, -0.5) })).toThrow(code('E_INPUT_RANGE', /w\[1\]/));
    // a huge c · realisations · h (beyond 2^64 in size_t) is a shape error, not an overflow
    expect(() => k.hawkesSimulatePaths(x.counts, x.r, x.mu, x.w, 2 ** 31 - 1, 3, 2, 1 << 24, 0, 1 << 24, 1, 0, new Float64Array(0))).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
    expect(() => (k.hawkesSimulatePaths as (...a: unknown[]) => void)(x.counts, x.r)).toThrow();
  });
});

describe('summariseHawkesPaths', () => {
  it('type-7 quantiles, mean and running totals on a hand-checked case', () => {
    // one county, S = 5 realisations, h = 2 days
    const paths = Float64Array.of(3, 1, 0, 4, 10, 0, 2, 2, 1, 1);
    const out = summariseHawkesPaths(paths, 1, 5, 2);
    expect(Array.from(out.mean)).toEqual([16 / 5, 8 / 5]);
    // type 7 with pos = 4p: between order statistics ⌊pos⌋ and ⌊pos⌋ + 1, fraction pos − ⌊pos⌋
    const between = (lo: number, hi: number, p: number) => lo + (4 * p - Math.floor(4 * p)) * (hi - lo);
    // day 0 sorted: 0 1 2 3 10; pos = 0.1, 0.4, 1, 2, 3, 3.6, 3.9
    expect(Array.from(out.quantiles.subarray(0, 7))).toEqual([between(0, 1, 0.025), between(0, 1, 0.1), 1, 2, 3, between(3, 10, 0.9), between(3, 10, 0.975)]);
    expect(out.quantiles[5]).toBeCloseTo(7.2, 12);
    // running totals: 4, 4, 10, 4, 2 → sorted 2 4 4 4 10
    expect(Array.from(out.cumulativeQuantiles.subarray(7, 14))).toEqual([between(2, 4, 0.025), between(2, 4, 0.1), 4, 4, 4, between(4, 10, 0.9), between(4, 10, 0.975)]);
    expect(Array.from(out.cumulativeQuantiles.subarray(0, 7))).toEqual(Array.from(out.quantiles.subarray(0, 7)));
    // the input is not modified
    expect(Array.from(paths)).toEqual([3, 1, 0, 4, 10, 0, 2, 2, 1, 1]);
  });

  it('equals a sort-based type-7 reference on integers of narrow and wide span, ties, fractions and S = 1', () => {
    const rng = new Xoshiro256(31);
    const probs = [0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975];
    const type7 = (v: number[], p: number) => {
      const x = [...v].sort((a, b) => a - b);
      const pos = (x.length - 1) * p;
      const lo = Math.floor(pos);
      const i1 = Math.min(lo + 1, x.length - 1);
      return x[lo] + (pos - lo) * (x[i1] - x[lo]);
    };
    for (let rep = 0; rep < 300; rep++) {
      const S = 1 + rng.below(rep % 3 === 0 ? 3000 : 40);
      const h = 1 + rng.below(4);
      const kind = rep % 4;
      const draw = () => (kind === 0 ? rng.below(4) : kind === 1 ? rng.below(50) * 1000 : kind === 2 ? rng.below(1e9) : rng.below(20) + 0.5 * rng.below(2));
      const paths = Float64Array.from({ length: S * h }, draw);
      const out = summariseHawkesPaths(paths, 1, S, h);
      const totals = new Array<number>(S).fill(0);
      for (let k = 0; k < h; k++) {
        const day = Array.from({ length: S }, (_, s) => paths[s * h + k]);
        day.forEach((v, s) => (totals[s] += v));
        let sum = 0;
        for (const v of day) sum += v;
        expect(out.mean[k]).toBe(sum / S);
        expect(Array.from(out.quantiles.subarray(k * 7, k * 7 + 7)), `case ${rep} day ${k}`).toEqual(probs.map((p) => type7(day, p)));
        expect(Array.from(out.cumulativeQuantiles.subarray(k * 7, k * 7 + 7)), `case ${rep} day ${k} totals`).toEqual(probs.map((p) => type7(totals, p)));
      }
    }
  });

  it('bad arguments throw EpikitError naming them', () => {
    expect(() => summariseHawkesPaths(new Float64Array(9), 1, 5, 2)).toThrow(code('E_INPUT_SHAPE', /paths has length 9/));
    expect(() => summariseHawkesPaths([1, 2] as never, 1, 1, 2)).toThrow(code('E_INPUT_TYPE', /paths/));
    expect(() => summariseHawkesPaths(new Float64Array(0), 1, 0, 2)).toThrow(code('E_INPUT_RANGE', /realisations/));
    expect(() => summariseHawkesPaths(new Float64Array(2), 1, 1, 1.5)).toThrow(code('E_INPUT_TYPE', /horizon/));
    expect(() => summariseHawkesPaths(new Float64Array(2), 0, 1, 2)).toThrow(code('E_INPUT_RANGE', /counties/));
  });
});

describe('hawkesSimulatePaths parity', () => {
  const backends = parityBackends();
  // both WebAssembly builds as well, whatever EPIKIT_WASM_SIMD says
  const all: [string, Kernels][] = backends.map((name) => [name, kernelsFor(name)]);
  for (const file of ['epikit.wasm', 'epikit-simd.wasm']) {
    if (file.includes('simd') && !simdSupported()) continue;
    all.push([`wasm:${file}`, wasmKernels(instantiateSync(readFileSync(new URL(`../wasm/${file}`, import.meta.url))))]);
  }
  it(`${all.map((k) => k[0]).join(', ')} give identical paths on 200 random cases and ranges`, () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    const rng = new Xoshiro256(2024);
    for (let rep = 0; rep < 200; rep++) {
      const x = randomSimCase(rng);
      const first = rng.uniform() < 0.5 ? 0 : rng.below(1 << 20);
      const offset = rng.below(1000);
      const [pa, ...others] = all.map(([, k]) => runPaths(k, x, first, x.S, offset));
      others.forEach((pb, o) => expect(Array.from(pb), `case ${rep}, ${all[o + 1][0]} vs ${all[0][0]}`).toEqual(Array.from(pa)));
    }
  });
});
