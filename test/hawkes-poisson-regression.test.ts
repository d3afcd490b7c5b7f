import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../lib/backend/kernels.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { poissonRegression } from '../lib/hawkes/poisson-regression.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, maxRelDiff, parityBackends, relDiff } from './helpers/backends.js';

interface FixtureCase {
  name: string;
  rows: number;
  p: number;
  x: number[];
  y: number[];
  weight: number[];
  offset: number[] | null;
  beta: number[];
  standardErrors: number[];
  deviance: number;
  sklearnBeta?: number[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/poisson-regression-scipy.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };

/** Plain-TS accumulation (the kernel's contract written out). */
function accumulateTs(x: Float64Array, rows: number, p: number, y: Float64Array, w: Float64Array, off: Float64Array | null, b: Float64Array) {
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  let dev = 0;
  for (let i = 0; i < rows; i++) {
    if (!(w[i] > 0)) continue;
    let lin = 0;
    for (let k = 0; k < p; k++) lin += x[i * p + k] * b[k];
    const m = Math.exp((off ? off[i] : 0) + lin);
    const z = lin + (y[i] - m) / m;
    for (let a = 0; a < p; a++) {
      xtwz[a] += w[i] * m * z * x[i * p + a];
      for (let c = 0; c < p; c++) xtwx[a * p + c] += w[i] * m * x[i * p + a] * x[i * p + c];
    }
    dev += w[i] * (y[i] > 0 ? y[i] * Math.log(y[i] / m) - (y[i] - m) : m);
  }
  return { xtwx, xtwz, dev: 2 * dev };
}

function randomProblem(rng: Xoshiro256) {
  const rows = rng.below(60);
  const p = 1 + rng.below(6);
  const x = new Float64Array(rows * p);
  for (let i = 0; i < x.length; i++) x[i] = i % p === 0 ? 1 : rng.uniform() * 2 - 1;
  const y = new Float64Array(rows);
  const w = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = rng.uniform() < 0.3 ? 0 : 3 * rng.uniform();
    w[i] = rng.uniform() < 0.2 ? 0 : rng.below(5);
  }
  const off = rng.uniform() < 0.5 ? null : Float64Array.from({ length: rows }, () => rng.uniform() - 0.5);
  const b = Float64Array.from({ length: p }, () => rng.uniform() - 0.5);
  return { rows, p, x, y, w, off, b };
}

function runKernel(k: Kernels, q: ReturnType<typeof randomProblem>) {
  const xtwx = new Float64Array(q.p * q.p);
  const xtwz = new Float64Array(q.p);
  const dev = k.hawkesPoissonAccumulate(q.x, q.rows, q.p, q.y, q.w, q.off, q.b, xtwx, xtwz);
  return { xtwx, xtwz, dev };
}

describe.each(backendsUnderTest())('hawkesPoissonAccumulate and poissonRegression on %s', (backend) => {
  const k = kernelsFor(backend);

  it('the kernel matches a plain accumulation on 200 random problems', () => {
    const rng = new Xoshiro256(31);
    for (let rep = 0; rep < 200; rep++) {
      const q = randomProblem(rng);
      const got = runKernel(k, q);
      const want = accumulateTs(q.x, q.rows, q.p, q.y, q.w, q.off, q.b);
      expect(maxRelDiff(got.xtwx, want.xtwx)).toBeLessThan(1e-12);
      expect(maxRelDiff(got.xtwz, want.xtwz)).toBeLessThan(1e-12);
      expect(relDiff(got.dev, want.dev)).toBeLessThan(1e-12);
    }
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('matches scipy (and scikit-learn) on "%s"', (_name, c) => {
    const fit = poissonRegression(c.x, c.rows, c.p, c.y, c.weight, { backend, offset: c.offset ?? undefined });
    expect(fit.converged).toBe(true);
    expect(maxRelDiff(fit.beta, c.beta)).toBeLessThan(1e-9);
    expect(maxRelDiff(fit.standardErrors, c.standardErrors)).toBeLessThan(1e-8);
    expect(relDiff(fit.deviance, c.deviance)).toBeLessThan(1e-9);
    if (c.sklearnBeta) expect(maxRelDiff(fit.beta, c.sklearnBeta)).toBeLessThan(1e-8);
  });

  it('intercept only: β0 = log(Σ w y / Σ w) and se = 1 / sqrt(Σ w m)', () => {
    const rng = new Xoshiro256(5);
    for (let rep = 0; rep < 20; rep++) {
      const rows = 1 + rng.below(50);
      const y = Array.from({ length: rows }, () => (rng.uniform() < 0.3 ? 0 : 5 * rng.uniform()));
      const w = Array.from({ length: rows }, () => rng.below(4));
      w[0] = 1;
      y[0] = 1;
      const sw = w.reduce((a, b) => a + b, 0);
      const swy = w.reduce((a, b, i) => a + b * y[i], 0);
      // start away from the answer so that IRLS has to iterate
      const fit = poissonRegression(new Float64Array(rows).fill(1), rows, 1, y, w, { backend, start: [-1] });
      expect(fit.converged).toBe(true);
      expect(fit.beta[0]).toBeCloseTo(Math.log(swy / sw), 9); // R-style deviance rule: error ~δ² after the last step
      expect(fit.standardErrors[0]).toBeCloseTo(1 / Math.sqrt(swy), 8);
    }
  });

  it('offset: intercept-only with offset gives β0 = log(Σ w y / Σ w e^offset)', () => {
    const fit = poissonRegression([1, 1, 1, 1], 4, 1, [1, 2, 0, 5], [1, 2, 3, 1], { backend, offset: [0, Math.log(2), 0.3, -1] });
    const want = Math.log((1 + 4 + 0 + 5) / (1 + 2 * 2 + 3 * Math.exp(0.3) + Math.exp(-1)));
    expect(fit.beta[0]).toBeCloseTo(want, 10);
  });

  it('collinear columns → E_INPUT_RANGE naming x', () => {
    const x = [1, 2, 4, 1, 3, 6, 1, 4, 8]; // columns 1, v, 2v
    expect(() => poissonRegression(x, 3, 3, [1, 2, 1], [1, 1, 1], { backend })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/singular/) }));
  });

  it('bad facade input → EpikitError', () => {
    expect(() => poissonRegression([1, 1], 2, 1, [1, -1], [1, 1], { backend })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/y\[1\]/) }));
    expect(() => poissonRegression([1, 1], 2, 1, [1, 1], [1, NaN], { backend })).toThrow(expect.objectContaining({ code: 'E_INPUT_NAN', message: expect.stringMatching(/weight\[1\]/) }));
    expect(() => poissonRegression([1, 1, 1], 2, 1, [1, 1], [1, 1], { backend })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE', message: expect.stringMatching(/x has length 3/) }));
    expect(() => poissonRegression([1, 1], 2, 1, [1, 1], [1, 1], { backend, offset: [0] })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE', message: expect.stringMatching(/offset/) }));
    expect(() => poissonRegression([1, 1], 2, 1, [1, 1], [1, 1], { backend, maxIter: 0 })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/maxIter/) }));
  });

  it('raw kernel: wrong lengths and bad values throw, never crash', () => {
    const ok = { x: new Float64Array(6).fill(1), y: new Float64Array(3).fill(1), w: new Float64Array(3).fill(1), b: new Float64Array(2), xtwx: new Float64Array(4), xtwz: new Float64Array(2) };
    const call = (o: Partial<typeof ok> & { rows?: number; p?: number; off?: Float64Array | null }) => {
      const a = { ...ok, ...o };
      return k.hawkesPoissonAccumulate(a.x, o.rows ?? 3, o.p ?? 2, a.y, a.w, o.off ?? null, a.b, a.xtwx, a.xtwz);
    };
    expect(Number.isFinite(call({}))).toBe(true);
    expect(() => call({ x: new Float64Array(5) })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
    expect(() => call({ y: new Float64Array(4) })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
    expect(() => call({ off: new Float64Array(2) })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
    expect(() => call({ xtwx: new Float64Array(3) })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
    expect(() => call({ b: new Float64Array(3) })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
    expect(() => call({ p: 0 })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
    expect(() => call({ rows: -1 })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
    expect(() => call({ y: Float64Array.of(1, -1, 1) })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/y\[1\]/) }));
    expect(() => call({ w: Float64Array.of(1, 1, -2) })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/weight\[2\]/) }));
    expect(() => call({ x: Float64Array.of(1, 1, 1, NaN, 1, 1) })).toThrow(expect.objectContaining({ code: 'E_INPUT_NAN', message: expect.stringMatching(/x\[3\]/) }));
  });
});

describe('hawkesPoissonAccumulate parity', () => {
  const backends = parityBackends();
  it.runIf(backends.length === 2)('native and wasm agree on 300 random problems', () => {
    const [a, b] = backends.map((name) => kernelsFor(name));
    const rng = new Xoshiro256(77);
    for (let rep = 0; rep < 300; rep++) {
      const q = randomProblem(rng);
      const ra = runKernel(a, q);
      const rb = runKernel(b, q);
      expect(maxRelDiff(ra.xtwx, rb.xtwx)).toBeLessThan(1e-12);
      expect(maxRelDiff(ra.xtwz, rb.xtwz)).toBeLessThan(1e-12);
      expect(relDiff(ra.dev, rb.dev)).toBeLessThan(1e-12);
    }
  });
  it.runIf(backends.length === 2)('fits agree across backends on the fixture', () => {
    for (const c of fixture.cases) {
      const [fa, fb] = backends.map((backend) => poissonRegression(c.x, c.rows, c.p, c.y, c.weight, { backend, offset: c.offset ?? undefined }));
      expect(maxRelDiff(fa.beta, fb.beta)).toBeLessThan(1e-9);
      expect(fa.iterations).toBe(fb.iterations);
    }
  });
});
