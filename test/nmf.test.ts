import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../lib/backend/kernels.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { instantiateSync, simdSupported } from '../lib/backend/wasm/instance.js';
import { wasmKernels } from '../lib/backend/wasm-kernels.js';
import { EpikitError } from '../lib/errors.js';
import { nmf, nmfFitStatistics, nmfInitialFactors, nmfMatrix } from '../lib/nmfk/nmf.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, maxRelDiff, parityBackends, relDiff } from './helpers/backends.js';

const EPS32 = 2 ** -23;
const EPS64 = 2 ** -52;

// ---------------------------------------------------------------- seeded data

/** m×n nonnegative matrix, a share of exact zeros and of NaN (missing). */
function randomMatrix(rng: Xoshiro256, m: number, n: number, zeros = 0, missing = 0, scale = 1): Float64Array {
  const x = new Float64Array(m * n);
  for (let i = 0; i < x.length; i++) {
    const u = rng.uniform();
    x[i] = u < missing ? NaN : u < missing + zeros ? 0 : scale * rng.uniform();
  }
  return x;
}

/** Exact rank-k product W·H of random positive factors (row-major). */
function planted(rng: Xoshiro256, m: number, n: number, k: number): { x: Float64Array; w: Float64Array; h: Float64Array } {
  const w = Float64Array.from({ length: m * k }, () => 0.1 + rng.uniform());
  const h = Float64Array.from({ length: k * n }, () => 0.1 + rng.uniform());
  return { x: product(w, h, m, n, k), w, h };
}

function product(w: ArrayLike<number>, h: ArrayLike<number>, m: number, n: number, k: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let a = 0; a < k; a++) s += w[i * k + a] * h[a * n + j];
    out[i * n + j] = s;
  }
  return out;
}

// ---------------------------------------------------------------- plain TypeScript statement of the contract

/** Fit statistics of native/kernels/nmf.h by brute force: [KL, Σ(x − wh)², Σx², observed]. */
function referenceStats(x: Float64Array, m: number, n: number, k: number, w: Float64Array, h: Float64Array): number[] {
  const wh = product(w, h, m, n, k);
  let kl = 0, sse = 0, sumSq = 0, count = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    if (Number.isNaN(v)) continue;
    count++;
    sse += (v - wh[t]) ** 2;
    sumSq += v * v;
    kl += (v > 0 ? v * Math.log(v / (wh[t] === 0 ? EPS32 : wh[t])) : 0) - v + wh[t];
  }
  return [kl, sse, sumSq, count];
}

/**
 * scikit-learn's multiplicative updates (W, then H; its ε guards) with missing entries
 * imputed from the current W·H, written as plainly as possible (natural summation order).
 */
function referenceMu(x: Float64Array, m: number, n: number, k: number, w0: Float64Array, h0: Float64Array, kl: boolean, iterations: number) {
  const w = Float64Array.from(w0);
  const h = Float64Array.from(h0);
  const imputed = (wh: Float64Array) => x.map((v, t) => (Number.isNaN(v) ? wh[t] : v));
  const ratio = (wh: Float64Array) => x.map((v, t) => (Number.isNaN(v) ? 1 : v / (wh[t] === 0 ? EPS32 : wh[t])));
  for (let it = 0; it < iterations; it++) {
    // W
    let z = kl ? ratio(product(w, h, m, n, k)) : imputed(product(w, h, m, n, k));
    const nw = new Float64Array(m * k);
    for (let i = 0; i < m; i++) for (let a = 0; a < k; a++) {
      let num = 0;
      for (let j = 0; j < n; j++) num += z[i * n + j] * h[a * n + j];
      let den = 0;
      if (kl) for (let j = 0; j < n; j++) den += h[a * n + j];
      else for (let b = 0; b < k; b++) {
        let hh = 0;
        for (let j = 0; j < n; j++) hh += h[b * n + j] * h[a * n + j];
        den += w[i * k + b] * hh;
      }
      nw[i * k + a] = w[i * k + a] * (num / (den === 0 ? EPS32 : den));
    }
    w.set(nw);
    // H
    z = kl ? ratio(product(w, h, m, n, k)) : imputed(product(w, h, m, n, k));
    const nh = new Float64Array(k * n);
    for (let a = 0; a < k; a++) for (let j = 0; j < n; j++) {
      let num = 0;
      for (let i = 0; i < m; i++) num += w[i * k + a] * z[i * n + j];
      let den = 0;
      if (kl) {
        for (let i = 0; i < m; i++) den += w[i * k + a];
        if (den === 0) den = 1;
      } else {
        for (let b = 0; b < k; b++) {
          let ww = 0;
          for (let i = 0; i < m; i++) ww += w[i * k + a] * w[i * k + b];
          den += ww * h[b * n + j];
        }
        if (den === 0) den = EPS32;
      }
      const v = h[a * n + j] * (num / den);
      nh[a * n + j] = kl && v < EPS64 ? 0 : v;
    }
    h.set(nh);
  }
  return { w, h };
}

function expectCode(f: () => unknown, code: string, message?: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EpikitError);
    expect((e as EpikitError).code).toBe(code);
    if (message) expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected an EpikitError ${code}`);
}

// ---------------------------------------------------------------- per backend

describe.each(backendsUnderTest())('nmf on %s', (backend) => {
  it.each([
    ['kl', 0],
    ['kl', 0.15],
    ['fro', 0],
    ['fro', 0.15],
  ] as const)('%s objective (missing share %s) never increases, checked at every iteration', (objective, missing) => {
    const rng = new Xoshiro256(objective === 'kl' ? 11 : 12);
    for (const [m, n, k] of [[30, 20, 3], [9, 41, 5], [25, 25, 1]]) {
      const x = randomMatrix(rng, m, n, 0.1, missing, 5);
      const r = nmf(x, k, { rows: m, cols: n, objective, backend, maxIterations: 300, checkEvery: 1, tolerance: 0, seed: m });
      expect(r.iterations).toBe(300);
      expect(r.history.length).toBe(301);
      // Multiplicative updates (and the EM imputation of missing entries) cannot increase the
      // objective; allow only rounding, 1e-12 relative.
      for (let t = 1; t < r.history.length; t++) {
        expect(r.history[t], `${m}×${n} k=${k} iteration ${t}`).toBeLessThanOrEqual(r.history[t - 1] * (1 + 1e-12));
      }
      expect(r.history[300]).toBeLessThan(r.history[0] * 0.9);
      expect(r.objective).toBe(r.history[300]);
    }
  });

  it('fit statistics equal a brute-force evaluation (with zeros and missing values)', () => {
    const rng = new Xoshiro256(21);
    for (let t = 0; t < 40; t++) {
      const m = 1 + rng.below(15), n = 1 + rng.below(15), k = 1 + rng.below(5);
      const x = randomMatrix(rng, m, n, 0.2, 0.2, 3);
      const w = randomMatrix(rng, m, k, 0.1, 0, 2);
      const h = randomMatrix(rng, k, n, 0.1, 0, 2);
      if (t % 7 === 0) h.fill(0); // W·H = 0: the ε32 guard of the logarithm
      const out = new Float64Array(4);
      kernelsFor(backend).nmfObjective(x, m, n, k, w, h, out);
      const ref = referenceStats(x, m, n, k, w, h);
      for (let s = 0; s < 4; s++) expect(relDiff(out[s], ref[s]), `case ${t} stat ${s}`).toBeLessThanOrEqual(1e-12);
    }
    // ratios x/wh outside the normal range take the platform logarithm instead of the kernels' own
    const x2 = Float64Array.from([1e-300, 1e300, 3, 0, 5e-324, 2]);
    const w2 = Float64Array.from([1e10, 1e-20, 1]);
    const h2 = Float64Array.from([1, 1]);
    const out2 = new Float64Array(4);
    kernelsFor(backend).nmfObjective(x2, 3, 2, 1, w2, h2, out2);
    const ref2 = referenceStats(x2, 3, 2, 1, w2, h2);
    for (let s = 0; s < 4; s++) expect(relDiff(out2[s], ref2[s]), `extreme stat ${s}`).toBeLessThanOrEqual(1e-12);
    // and through the facade (needs every row and column observed)
    const x = randomMatrix(rng, 12, 9, 0.1, 0, 4);
    const w = randomMatrix(rng, 12, 3, 0, 0, 1);
    const h = randomMatrix(rng, 3, 9, 0, 0, 1);
    const f = nmfFitStatistics(x, w, h, 3, { rows: 12, cols: 9, backend });
    const ref = referenceStats(x, 12, 9, 3, w, h);
    expect(relDiff(f.kl, ref[0])).toBeLessThanOrEqual(1e-12);
    expect(relDiff(f.frobeniusObjective, ref[1] / 2)).toBeLessThanOrEqual(1e-12);
    expect(relDiff(f.frobeniusError, Math.sqrt(ref[1]))).toBeLessThanOrEqual(1e-12);
    expect(relDiff(f.relativeError, Math.sqrt(ref[1] / ref[2]))).toBeLessThanOrEqual(1e-12);
    expect(f.observed).toBe(108);
  });

  it('iterations equal a plain TypeScript statement of the updates (guards, zeros, missing values)', () => {
    const rng = new Xoshiro256(31);
    for (let t = 0; t < 24; t++) {
      const m = 2 + rng.below(9), n = 2 + rng.below(9), k = 1 + rng.below(Math.min(m, n));
      const x = randomMatrix(rng, m, n, 0.25, t % 2 ? 0.2 : 0, 3);
      const w0 = randomMatrix(rng, m, k, t % 3 === 0 ? 0.2 : 0, 0, 1);
      const h0 = randomMatrix(rng, k, n, t % 3 === 1 ? 0.2 : 0, 0, 1);
      const kl = t % 4 < 2;
      const iterations = 1 + rng.below(12);
      const w = Float64Array.from(w0), h = Float64Array.from(h0);
      const history = new Float64Array(iterations + 1);
      const done = kernelsFor(backend).nmfMultiplicative(x, m, n, k, w, h, kl ? 1 : 0, iterations, 0, 1, history);
      expect(done).toBe(iterations);
      const ref = referenceMu(x, m, n, k, w0, h0, kl, iterations);
      const where = `case ${t}: ${m}×${n} k=${k} ${kl ? 'kl' : 'fro'} ${iterations} iterations`;
      expect(maxRelDiff(w, ref.w), where).toBeLessThanOrEqual(1e-9);
      expect(maxRelDiff(h, ref.h), where).toBeLessThanOrEqual(1e-9);
      const stats = referenceStats(x, m, n, k, ref.w, ref.h);
      expect(relDiff(history[iterations], kl ? stats[0] : stats[1] / 2), where).toBeLessThanOrEqual(1e-9);
    }
  });

  it.each(['kl', 'fro'] as const)('reconstructs exact planted low-rank data (%s)', (objective) => {
    const rng = new Xoshiro256(41);
    const { x } = planted(rng, 40, 30, 3);
    const r = nmf(x, 3, { rows: 40, cols: 30, objective, backend, maxIterations: 5000, tolerance: 0, seed: 7 });
    const f = nmfFitStatistics(x, r.w, r.h, 3, { rows: 40, cols: 30, backend });
    expect(f.relativeError).toBeLessThan(2e-3);
    expect(f.relativeError).toBeGreaterThanOrEqual(0);
  });

  it('masked entries of consistent low-rank data do not change the fit: they are recovered', () => {
    const rng = new Xoshiro256(51);
    const { x } = planted(rng, 40, 30, 3);
    const masked = Float64Array.from(x);
    const hidden: number[] = [];
    for (let t = 0; t < masked.length; t++) if (rng.uniform() < 0.1) { masked[t] = NaN; hidden.push(t); }
    expect(hidden.length).toBeGreaterThan(50);
    for (const objective of ['kl', 'fro'] as const) {
      const full = nmf(x, 3, { rows: 40, cols: 30, objective, backend, maxIterations: 5000, tolerance: 0, seed: 3 });
      const part = nmf(masked, 3, { rows: 40, cols: 30, objective, backend, maxIterations: 5000, tolerance: 0, seed: 3 });
      const whFull = product(full.w, full.h, 40, 30, 3);
      const whPart = product(part.w, part.h, 40, 30, 3);
      // the masked run reconstructs the hidden entries as well as the full run fits them
      let err = 0, errFull = 0, norm = 0;
      for (const t of hidden) {
        err += (whPart[t] - x[t]) ** 2;
        errFull += (whFull[t] - x[t]) ** 2;
        norm += x[t] ** 2;
      }
      expect(Math.sqrt(err / norm), objective).toBeLessThan(5e-3);
      expect(Math.sqrt(errFull / norm), objective).toBeLessThan(5e-3);
      // and the two reconstructions agree everywhere
      expect(maxRelDiff(whPart, whFull), objective).toBeLessThan(2e-2);
    }
  });

  it('stops by the relative rule and reports convergence; tolerance 0 runs every iteration', () => {
    const rng = new Xoshiro256(61);
    const x = randomMatrix(rng, 30, 20, 0, 0.05, 1);
    const r = nmf(x, 4, { rows: 30, cols: 20, backend, maxIterations: 10000, tolerance: 1e-3, seed: 2 });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(10000);
    expect(r.iterations % 10).toBe(0);
    const c = r.history.length - 1;
    const e = (v: number) => Math.sqrt(2 * v);
    expect((e(r.history[c - 1]) - e(r.history[c])) / e(r.history[0])).toBeLessThan(1e-3);
    for (let t = 1; t < c; t++) expect((e(r.history[t - 1]) - e(r.history[t])) / e(r.history[0])).toBeGreaterThanOrEqual(1e-3);
    const all = nmf(x, 4, { rows: 30, cols: 20, backend, maxIterations: 37, tolerance: 0, checkEvery: 5, seed: 2 });
    expect(all.iterations).toBe(37);
    expect(all.converged).toBe(false);
    expect(all.history.length).toBe(1 + 8); // start, 7 checks, and the last iteration
    const zero = nmf(x, 4, { rows: 30, cols: 20, backend, maxIterations: 0, seed: 2 });
    expect(zero.iterations).toBe(0);
    expect(zero.history.length).toBe(1);
    expect(Array.from(zero.w)).toEqual(Array.from(nmfInitialFactors(nmfMatrix(x, { rows: 30, cols: 20 }), 4, 2).w));
  });

  it('same seed, same answer; another seed, another start; explicit init is used and not modified', () => {
    const rng = new Xoshiro256(71);
    const x = randomMatrix(rng, 20, 15, 0.1, 0.1, 2);
    const opts = { rows: 20, cols: 15, backend, maxIterations: 60, seed: 99 };
    const a = nmf(x, 3, opts);
    const b = nmf(x, 3, opts);
    expect(Array.from(b.w)).toEqual(Array.from(a.w));
    expect(Array.from(b.h)).toEqual(Array.from(a.h));
    expect(Array.from(b.history)).toEqual(Array.from(a.history));
    const c = nmf(x, 3, { ...opts, seed: 100 });
    expect(Array.from(c.w)).not.toEqual(Array.from(a.w));
    // the seeded start is the xoshiro256** stream scaled by sqrt(mean(X)/k)
    const init = nmfInitialFactors(nmfMatrix(x, opts), 3, 99);
    const g = new Xoshiro256(99);
    let sum = 0, count = 0;
    for (const v of x) if (!Number.isNaN(v)) { sum += v; count++; }
    const scale = Math.sqrt(sum / count / 3);
    for (let t = 0; t < 20 * 3; t++) expect(init.w[t]).toBe(g.uniform() * scale);
    for (let t = 0; t < 3 * 15; t++) expect(init.h[t]).toBe(g.uniform() * scale);
    const w0 = Array.from(init.w), h0 = Array.from(init.h);
    const d = nmf(x, 3, { ...opts, seed: 5, init: { w: w0, h: h0 } });
    expect(Array.from(d.w)).toEqual(Array.from(a.w));
    expect(w0).toEqual(Array.from(init.w));
  });

  it('accepts rows of numbers, a Matrix, { data, rows, cols } and a shared Float64Array alike', () => {
    const rng = new Xoshiro256(81);
    const x = randomMatrix(rng, 8, 6, 0.1, 0.1, 1);
    const rows = Array.from({ length: 8 }, (_, i) => Array.from(x.subarray(i * 6, i * 6 + 6)));
    const shared = new Float64Array(new SharedArrayBuffer(x.byteLength));
    shared.set(x);
    const opts = { backend, maxIterations: 20, seed: 4 };
    const ref = nmf(x, 2, { ...opts, rows: 8, cols: 6 });
    for (const input of [rows, new Matrix(rows), { data: x, rows: 8, cols: 6 }, { data: Array.from(x), rows: 8, cols: 6 }]) {
      expect(Array.from(nmf(input, 2, opts).h)).toEqual(Array.from(ref.h));
    }
    expect(Array.from(nmf(shared, 2, { ...opts, rows: 8, cols: 6 }).h)).toEqual(Array.from(ref.h));
    // a consistent shape in the options is fine with any input; an inconsistent one is an error
    expect(Array.from(nmf(rows, 2, { ...opts, rows: 8, cols: 6 }).h)).toEqual(Array.from(ref.h));
    expectCode(() => nmf(rows, 2, { ...opts, rows: 6, cols: 8 }), 'E_INPUT_SHAPE', /options.rows is 6 but x has 8 rows/);
    expect(nmfMatrix(shared, { rows: 8, cols: 6 }).data).toBe(shared); // no copy
    expect(nmfMatrix({ data: x, rows: 8, cols: 6 }).data).toBe(x);
  });

  it('rejects bad input with EpikitError codes that name the problem', () => {
    const ok = [[1, 2, 3], [4, 5, 6]];
    expectCode(() => nmf([[1, -2, 3], [4, 5, 6]], 1, { backend }), 'E_INPUT_RANGE', /negative value -2 at row 0, column 1/);
    expectCode(() => nmf([[1, 2, 3], [NaN, NaN, NaN]], 1, { backend }), 'E_INPUT_NAN', /row 1 .*all NaN/);
    expectCode(() => nmf([[1, NaN, 3], [4, NaN, 6]], 1, { backend }), 'E_INPUT_NAN', /column 1 .*all NaN/);
    expectCode(() => nmf([[1, Infinity, 3], [4, 5, 6]], 1, { backend }), 'E_INPUT_NAN', /Infinity at row 0, column 1/);
    expectCode(() => nmf([[1, 2, 3], [4, -Infinity, 6]], 1, { backend }), 'E_INPUT_NAN', /-Infinity at row 1, column 1/);
    expectCode(() => nmf(ok, 3, { backend }), 'E_INPUT_RANGE', /k is 3.*min\(rows, cols\) = 2/);
    expectCode(() => nmf(ok, 0, { backend }), 'E_INPUT_RANGE', /k is 0/);
    expectCode(() => nmf(ok, 1.5, { backend }), 'E_INPUT_TYPE', /k must be an integer/);
    expectCode(() => nmf([], 1, { backend }), 'E_INPUT_EMPTY');
    expectCode(() => nmf([[]], 1, { backend }), 'E_INPUT_EMPTY');
    expectCode(() => nmf([[1, 2], [3]], 1, { backend }), 'E_INPUT_SHAPE', /x\[1\] has length 1/);
    expectCode(() => nmf([[1, '2' as unknown as number]], 1, { backend }), 'E_INPUT_TYPE', /x\[0\]\[1\]/);
    expectCode(() => nmf(new Float64Array(6), 1, { backend }), 'E_INPUT_SHAPE', /rows and options.cols/);
    expectCode(() => nmf(new Float64Array(6), 1, { backend, rows: 4, cols: 2 }), 'E_INPUT_SHAPE', /length 6/);
    expectCode(() => nmf({ data: [1, 2, 3], rows: 2, cols: 2 }, 1, { backend }), 'E_INPUT_SHAPE');
    expectCode(() => nmf('x' as never, 1, { backend }), 'E_INPUT_TYPE');
    expectCode(() => nmf(ok, 1, { backend, objective: 'beta' as never }), 'E_INPUT_RANGE', /objective/);
    expectCode(() => nmf(ok, 1, { backend, maxIterations: -1 }), 'E_INPUT_RANGE', /maxIterations/);
    expectCode(() => nmf(ok, 1, { backend, tolerance: -1 }), 'E_INPUT_RANGE', /tolerance/);
    expectCode(() => nmf(ok, 1, { backend, tolerance: NaN }), 'E_INPUT_NAN', /tolerance/);
    expectCode(() => nmf(ok, 1, { backend, checkEvery: 0 }), 'E_INPUT_RANGE', /checkEvery/);
    expectCode(() => nmf(ok, 1, { backend, maxIterations: 2 ** 31 - 1, checkEvery: 1 }), 'E_INPUT_RANGE', /raise checkEvery/);
    expectCode(() => nmf(ok, 1, { backend, seed: -3 }), 'E_INPUT_RANGE', /seed/);
    expectCode(() => nmf(ok, 1, { backend, init: { w: [1], h: [1, 1, 1] } }), 'E_INPUT_SHAPE', /init.w has length 1/);
    expectCode(() => nmf(ok, 1, { backend, init: { w: [1, 1], h: [1, -1, 1] } }), 'E_INPUT_RANGE', /init.h\[1\] is -1/);
    expectCode(() => nmf(ok, 1, { backend, init: { w: [1, NaN], h: [1, 1, 1] } }), 'E_INPUT_NAN', /init.w\[1\]/);
    expectCode(() => nmf(ok, 1, { backend, init: null as never }), 'E_INPUT_TYPE', /init/);
    expectCode(() => nmfFitStatistics(ok, [1], [1, 1, 1], 1, { backend }), 'E_INPUT_SHAPE', /w has length 1/);
  });

  it('the raw kernels refuse wrong lengths and out-of-range arguments (throw, never crash)', () => {
    const K = kernelsFor(backend);
    const x = new Float64Array(6).fill(1);
    const w = new Float64Array(2).fill(1);
    const h = new Float64Array(3).fill(1);
    const hist = new Float64Array(11);
    const call = (over: Partial<Record<string, unknown>>) => () => {
      const a = { x, m: 2, n: 3, k: 1, w, h, objective: 1, maxIter: 10, tol: 0, checkEvery: 1, history: hist, ...over };
      return K.nmfMultiplicative(a.x as never, a.m as never, a.n as never, a.k as never, a.w as never, a.h as never, a.objective as never, a.maxIter as never, a.tol as never, a.checkEvery as never, a.history as never);
    };
    expect(call({})()).toBe(10);
    expectCode(call({ x: new Float64Array(5) }), 'E_INPUT_SHAPE', /x has length 5/);
    expectCode(call({ w: new Float64Array(3) }), 'E_INPUT_SHAPE', /w has length 3/);
    expectCode(call({ h: new Float64Array(2) }), 'E_INPUT_SHAPE', /h has length 2/);
    expectCode(call({ k: 2 }), 'E_INPUT_SHAPE');
    expectCode(call({ history: new Float64Array(10) }), 'E_INPUT_SHAPE', /history/);
    expectCode(call({ m: 0 }), 'E_INPUT_RANGE', /m is 0/);
    expectCode(call({ n: -1 }), 'E_INPUT_RANGE');
    expectCode(call({ k: 0 }), 'E_INPUT_RANGE', /k is 0/);
    expectCode(call({ m: 2 ** 31 }), 'E_INPUT_RANGE');
    expectCode(call({ m: 1e9, n: 1e9 }), 'E_INPUT_SHAPE');
    expectCode(call({ objective: 2 }), 'E_INPUT_RANGE', /objective/);
    expectCode(call({ maxIter: -1 }), 'E_INPUT_RANGE', /maxIter/);
    expectCode(call({ checkEvery: 0 }), 'E_INPUT_RANGE', /checkEvery/);
    expectCode(call({ tol: NaN }), 'E_INPUT_NAN', /tol/);
    expectCode(call({ m: 1.5 }), 'E_INPUT_RANGE');
    expectCode(call({ x: new Float32Array(6) }), 'E_INPUT_TYPE', /x must be a Float64Array/);
    expectCode(call({ history: [0] }), 'E_INPUT_TYPE', /history/);
    const out = new Float64Array(4);
    K.nmfObjective(x, 2, 3, 1, w, h, out);
    expect(Array.from(out)).toEqual(referenceStats(x, 2, 3, 1, w, h));
    expectCode(() => K.nmfObjective(x, 2, 3, 1, w, h, new Float64Array(3)), 'E_INPUT_SHAPE', /out/);
    expectCode(() => K.nmfObjective(x, 3, 3, 1, w, h, out), 'E_INPUT_SHAPE', /x has length 6/);
    expectCode(() => K.nmfObjective(x, 2, 3, 1, w, new Float64Array(4), out), 'E_INPUT_SHAPE', /h has length 4/);
    expectCode(() => K.nmfObjective(x, 2, 3, 0, w, h, out), 'E_INPUT_RANGE');
  });
});

// ---------------------------------------------------------------- parity

describe('nmf parity across backends and both WebAssembly builds', () => {
  const kernels: [string, Kernels][] = parityBackends().map((b) => [b, kernelsFor(b)]);
  // Both WebAssembly builds as well (whatever EPIKIT_WASM_SIMD says): the f64x2 lanes must not
  // change a single bit.
  for (const file of ['epikit.wasm', 'epikit-simd.wasm']) {
    if (file.includes('simd') && !simdSupported()) continue;
    kernels.push([`wasm:${file}`, wasmKernels(instantiateSync(readFileSync(new URL(`../wasm/${file}`, import.meta.url))))]);
  }

  // Parity contract: W, H, the history and the fit statistics agree within 1e-9 relative
  // (|a − b| / max(1, |a|, |b|)). The kernels share the summation order and their own logarithm
  // (no platform log), so they are in fact bit-identical, which is asserted too.
  it(`${kernels.map((k) => k[0]).join(', ')} agree on 300 random cases with zeros and missing values`, () => {
    const rng = new Xoshiro256(2026);
    let identical = 0;
    for (let t = 0; t < 300; t++) {
      const m = 1 + rng.below(13), n = 1 + rng.below(13), k = 1 + rng.below(Math.min(m, n) + 1);
      const scale = [1, 1e-6, 1e3][rng.below(3)];
      const x = randomMatrix(rng, m, n, [0, 0.3][rng.below(2)], [0, 0.15, 0.5][rng.below(3)], scale);
      const w0 = randomMatrix(rng, m, k, rng.below(4) === 0 ? 0.3 : 0, 0, 1);
      const h0 = randomMatrix(rng, k, n, rng.below(4) === 0 ? 0.3 : 0, 0, 1);
      const objective = rng.below(2);
      const maxIter = rng.below(30);
      const checkEvery = 1 + rng.below(5);
      const tol = [0, 1e-3, 0.1][rng.below(3)];
      const runs = kernels.map(([, K]) => {
        const w = Float64Array.from(w0), h = Float64Array.from(h0);
        const history = new Float64Array(1 + Math.ceil(maxIter / checkEvery));
        const done = K.nmfMultiplicative(x, m, n, k, w, h, objective, maxIter, tol, checkEvery, history);
        const stats = new Float64Array(4);
        K.nmfObjective(x, m, n, k, w, h, stats);
        return { w, h, history: history.subarray(0, 1 + Math.ceil(done / checkEvery)), done, stats };
      });
      const [ref, ...others] = runs;
      others.forEach((r, o) => {
        const where = `case ${t} (${kernels[o + 1][0]} vs ${kernels[0][0]}): ${m}×${n} k=${k} objective=${objective} maxIter=${maxIter} checkEvery=${checkEvery} tol=${tol}`;
        expect(r.done, where).toBe(ref.done);
        expect(maxRelDiff(r.w, ref.w), where).toBeLessThanOrEqual(1e-9);
        expect(maxRelDiff(r.h, ref.h), where).toBeLessThanOrEqual(1e-9);
        expect(maxRelDiff(r.history, ref.history), where).toBeLessThanOrEqual(1e-9);
        expect(maxRelDiff(r.stats, ref.stats), where).toBeLessThanOrEqual(1e-9);
        const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
        if (same(r.w, ref.w) && same(r.h, ref.h) && same(r.history, ref.history) && same(r.stats, ref.stats)) identical++;
      });
    }
    expect(identical).toBe(300 * (kernels.length - 1));
  });

  it('facade results agree across backends on a medium case (KL and Frobenius, missing values)', () => {
    const rng = new Xoshiro256(7);
    const x = randomMatrix(rng, 120, 57, 0.05, 0.05, 10);
    for (const objective of ['kl', 'fro'] as const) {
      const rs = kernels.map(([name]) => name).filter((n) => n === 'native' || n === 'wasm')
        .map((backend) => nmf(x, 6, { rows: 120, cols: 57, objective, maxIterations: 150, tolerance: 0, backend: backend as 'native' | 'wasm', seed: 1 }));
      for (const r of rs.slice(1)) {
        expect(maxRelDiff(r.w, rs[0].w)).toBeLessThanOrEqual(1e-9);
        expect(maxRelDiff(r.h, rs[0].h)).toBeLessThanOrEqual(1e-9);
        expect(relDiff(r.objective, rs[0].objective)).toBeLessThanOrEqual(1e-9);
      }
    }
  });
});
