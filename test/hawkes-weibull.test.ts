import { describe, expect, it } from 'vitest';
import {
  discreteWeibullObjective,
  discreteWeibullSupport,
  discreteWeibullTail,
  discreteWeibullWeights,
  fitDiscreteWeibull,
} from '../lib/hawkes/discrete-weibull.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';

const F = (x: number, shape: number, scale: number) => 1 - Math.exp(-Math.pow(x / scale, shape));

describe('discreteWeibullWeights', () => {
  it('is F(d) − F(d − 1) and sums to F(L)', () => {
    for (const [shape, scale, L] of [[1, 1, 2], [2, 5, 30], [0.7, 3, 50], [4, 8, 12], [2.3, 6.5, 60]]) {
      const w = discreteWeibullWeights(shape, scale, L);
      let sum = 0;
      for (let d = 1; d <= L; d++) {
        expect(w[d - 1]).toBeCloseTo(F(d, shape, scale) - F(d - 1, shape, scale), 14);
        sum += w[d - 1];
      }
      expect(sum).toBeCloseTo(1 - discreteWeibullTail(shape, scale, L), 13);
    }
  });
  it('stays accurate in the far tail (relative), where F(d) − F(d − 1) cancels', () => {
    const w = discreteWeibullWeights(1, 2, 80); // exponential: w(d) = e^{−(d−1)/2}(1 − e^{−1/2})
    for (let d = 1; d <= 80; d++) expect(Math.abs(w[d - 1] / (Math.exp(-(d - 1) / 2) * -Math.expm1(-0.5)) - 1)).toBeLessThan(1e-13);
  });
  it('a very steep kernel (shape 10⁴, as a SQUAREM extrapolation can propose) puts all mass on one lag, no NaN beyond it', () => {
    const w = discreteWeibullWeights(1e4, 5.5, 60);
    expect(w.every(Number.isFinite)).toBe(true);
    expect(w[5]).toBeCloseTo(1, 12);
    expect(w.slice(6).every((v) => v === 0)).toBe(true);
  });
  it('support: the smallest L with tail < tol', () => {
    for (const [shape, scale] of [[2, 5], [1, 3], [0.8, 10], [3, 4]]) {
      const L = discreteWeibullSupport(shape, scale, 1e-8);
      expect(discreteWeibullTail(shape, scale, L)).toBeLessThan(1e-8);
      if (L > 1) expect(discreteWeibullTail(shape, scale, L - 1)).toBeGreaterThanOrEqual(1e-8);
    }
    expect(discreteWeibullSupport(0.5, 100, 1e-8, 40)).toBe(40);
  });
  it('bad parameters → EpikitError', () => {
    expect(() => discreteWeibullWeights(0, 1, 3)).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/shape/) }));
    expect(() => discreteWeibullWeights(1, NaN, 3)).toThrow(expect.objectContaining({ code: 'E_INPUT_NAN', message: expect.stringMatching(/scale/) }));
    expect(() => discreteWeibullWeights(1, 1, 0)).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/\bL\b/) }));
  });
});

describe('discreteWeibullObjective', () => {
  it('analytic gradient matches central finite differences at random points (with and without exposure)', () => {
    const rng = new Xoshiro256(11);
    for (let rep = 0; rep < 40; rep++) {
      const L = 2 + rng.below(40);
      const freq = Float64Array.from({ length: L }, () => (rng.uniform() < 0.2 ? 0 : 10 * rng.uniform()));
      freq[0] += 1;
      const exposure = rep % 2 ? Float64Array.from({ length: L }, () => 5 * rng.uniform()) : undefined;
      const a = Math.log(0.5 + 3 * rng.uniform());
      const b = Math.log(1 + 8 * rng.uniform());
      const { gradient } = discreteWeibullObjective(freq, a, b, exposure);
      const h = 1e-6;
      const fa = (discreteWeibullObjective(freq, a + h, b, exposure).value - discreteWeibullObjective(freq, a - h, b, exposure).value) / (2 * h);
      const fb = (discreteWeibullObjective(freq, a, b + h, exposure).value - discreteWeibullObjective(freq, a, b - h, exposure).value) / (2 * h);
      const scale = Math.max(1, Math.abs(fa), Math.abs(fb));
      expect(Math.abs(gradient[0] - fa) / scale).toBeLessThan(1e-6);
      expect(Math.abs(gradient[1] - fb) / scale).toBeLessThan(1e-6);
    }
  });
});

describe('fitDiscreteWeibull', () => {
  it('recovers (shape, scale) from exact expected weights, truncated support (no exposure)', () => {
    for (const [shape, scale, L] of [[2, 5, 40], [1, 3, 60], [3.5, 7, 20], [0.8, 4, 25], [1.6, 10, 15]]) {
      const w = discreteWeibullWeights(shape, scale, L);
      const fit = fitDiscreteWeibull(w.map((v) => 1234 * v), { start: { shape: 1, scale: 1 } });
      expect(fit.converged).toBe(true);
      expect(fit.shape).toBeCloseTo(shape, 7);
      expect(fit.scale).toBeCloseTo(scale, 7);
      expect(Math.hypot(...fit.gradient)).toBeLessThan(1e-6);
    }
  });
  it('recovers them under right-censoring with the exposure term: f_d = w_d · Σ_{m ≥ d} e_m', () => {
    const rng = new Xoshiro256(3);
    for (const [shape, scale, L] of [[2, 5, 25], [1.2, 4, 30], [3, 9, 20]]) {
      const e = Float64Array.from({ length: L }, () => 100 * rng.uniform());
      const w = discreteWeibullWeights(shape, scale, L);
      const f = new Float64Array(L);
      let tail = 0;
      for (let d = L; d >= 1; d--) {
        tail += e[d - 1];
        f[d - 1] = w[d - 1] * tail;
      }
      const fit = fitDiscreteWeibull(f, { exposure: e });
      expect(fit.converged).toBe(true);
      expect(fit.shape).toBeCloseTo(shape, 7);
      expect(fit.scale).toBeCloseTo(scale, 7);
      // the gradient is zero at the optimum, checked against finite differences of the objective
      const h = 1e-6;
      const a = Math.log(fit.shape);
      const b = Math.log(fit.scale);
      const fa = (discreteWeibullObjective(f, a + h, b, e).value - discreteWeibullObjective(f, a - h, b, e).value) / (2 * h);
      const fb = (discreteWeibullObjective(f, a, b + h, e).value - discreteWeibullObjective(f, a, b - h, e).value) / (2 * h);
      expect(Math.abs(fa)).toBeLessThan(1e-5);
      expect(Math.abs(fb)).toBeLessThan(1e-5);
    }
  });
  it('the optimum beats its neighbours on sampled (noisy) lag counts', () => {
    const rng = new Xoshiro256(8);
    const w = discreteWeibullWeights(2.2, 6, 30);
    const f = w.map((v) => Math.round(500 * v * (0.8 + 0.4 * rng.uniform())));
    const fit = fitDiscreteWeibull(f);
    const a = Math.log(fit.shape);
    const b = Math.log(fit.scale);
    for (const [da, db] of [[1e-3, 0], [-1e-3, 0], [0, 1e-3], [0, -1e-3], [1e-3, 1e-3]]) {
      expect(discreteWeibullObjective(f, a + da, b + db).value).toBeLessThan(fit.objective);
    }
  });
  it('bad input → EpikitError', () => {
    expect(() => fitDiscreteWeibull([0, 0, 0])).toThrow(expect.objectContaining({ code: 'E_INPUT_EMPTY' }));
    expect(() => fitDiscreteWeibull([1, -1])).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/freq\[1\]/) }));
    expect(() => fitDiscreteWeibull([1, NaN])).toThrow(expect.objectContaining({ code: 'E_INPUT_NAN' }));
    expect(() => fitDiscreteWeibull([1, 2], { exposure: [1] })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE', message: expect.stringMatching(/exposure/) }));
  });
});
