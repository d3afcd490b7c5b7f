import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../lib/index.js';
import { chooseKByPyDnmfk, chooseKByRobustness } from '../lib/nmfk/choose-k.js';
import { erfc, wilcoxonSignedRank } from '../lib/nmfk/wilcoxon-signed-rank.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/wilcoxon-scipy.json', import.meta.url), 'utf8')) as {
  cases: { x: number[]; y: number[]; statistic: number; pvalue: number }[];
};

describe('wilcoxonSignedRank', () => {
  it(`matches scipy.stats.wilcoxon (approx, tie correction) on ${fixture.cases.length} stored cases`, () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(90);
    let withTies = 0;
    for (const c of fixture.cases) {
      const r = wilcoxonSignedRank(c.x, c.y);
      expect(r.statistic).toBe(c.statistic);
      expect(Math.abs(r.pValue - c.pvalue) / Math.max(c.pvalue, 1e-300)).toBeLessThan(1e-9);
      const abs = c.x.map((v, i) => Math.abs(v - c.y[i])).filter((d) => d !== 0);
      if (new Set(abs).size < abs.length) withTies++;
    }
    expect(withTies).toBeGreaterThan(20);
  });

  it('the documented example and edge cases', () => {
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 5, 7, 9, 8, 12, 15]).pValue).toBeCloseTo(0.020550301646476254, 12);
    expect(wilcoxonSignedRank([1, 2, 3], [1, 2, 3])).toEqual({ statistic: 0, pValue: 1, z: 0, n: 0 });
    expect(wilcoxonSignedRank([1, 2], [2, 1]).pValue).toBe(1); // R⁺ = R⁻
  });

  it('erfc agrees with scipy.special.erfc over its range (values printed by scipy 1.17)', () => {
    const known: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028516],
      [1.9999, 0.00467980209297061],
      [2, 0.004677734981047266],
      [3, 2.2090496998585445e-5],
      [5, 1.5374597944280347e-12],
      [10, 2.0884875837625446e-45],
      [-1, 1.8427007929497148],
    ];
    for (const [x, v] of known) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1e-12);
  });
});

describe('chooseKByRobustness (NMFk.jl getk)', () => {
  it('takes the largest k above the threshold (NMFk.jl README and the LANL COVID-19 run)', () => {
    expect(chooseKByRobustness([2, 3, 4, 5], [0.998, 0.854, -0.578, -0.676], 0.5)).toBe(3);
    expect(chooseKByRobustness([2, 3, 4, 5], [0.8122, 0.2526, 0.4442, 0.6172], 0.5)).toBe(5);
    expect(chooseKByRobustness([2, 3], [0.5, 0.4], 0.5)).toBeNull(); // strictly above
  });

  it('strict mode returns null, non-strict the k of maximum robustness (smallest on ties)', () => {
    expect(chooseKByRobustness([2, 3, 4], [0.1, 0.3, 0.2], 0.5)).toBeNull();
    expect(chooseKByRobustness([2, 3, 4], [0.1, 0.3, 0.2], 0.5, false)).toBe(3);
    expect(chooseKByRobustness([2, 3, 4], [0.3, 0.1, 0.3], 0.5, false)).toBe(2);
    expect(chooseKByRobustness([2, 3, 4], [NaN, 0.9, NaN], 0.5)).toBe(3);
  });
});

describe('chooseKByPyDnmfk (pvalueAnalysis)', () => {
  const e2 = [0.5, 0.4, 0.6, 0.5, 0.45, 0.55, 0.5, 0.4, 0.6, 0.5, 0.52, 0.48];
  const e3 = e2.map((e) => e / 2);
  const e4 = e3.map((e) => e * 0.98);
  const e5 = e4.map((e, i) => e * (i % 2 ? 1.01 : 0.99)); // no consistent change

  it('follows pyDNMFk step by step, including its ks[nopt − 1] indexing', () => {
    expect(chooseKByPyDnmfk([2, 3, 4], [0.95, 0.9, 0.3], [e2, e3, e4], 0.6).k).toBe(3);
    // k = 3 unstable: the test at k = 4 is not run, the accepted step stays at i = 1 → ks[0]
    expect(chooseKByPyDnmfk([2, 3, 4], [0.95, 0.3, 0.3], [e2, e3, e4], 0.6).k).toBe(2);
    // nothing accepted → ks[0]
    expect(chooseKByPyDnmfk([2, 3, 4], [0.2, 0.2, 0.2], [e2, e3, e4], 0.6).k).toBe(2);
    // the last test (k = 5 against k = 4) is not significant: nopt stays 2 → ks[1] = 3
    const r = chooseKByPyDnmfk([2, 3, 4, 5], [0.99, 0.95, 0.9, 0.9], [e2, e3, e4, e5], 0.6);
    expect(r.k).toBe(3);
    expect(r.pValues[0]).toBe(1);
    expect(r.pValues[1]).toBeLessThan(0.05);
    expect(r.pValues[2]).toBeLessThan(0.05);
    expect(r.pValues[3]).toBeGreaterThan(0.05);
    expect(chooseKByPyDnmfk([4], [0.1], [e2], 0.6).k).toBe(4);
  });

  it('rounds the silhouettes to 2 decimals before comparing, as pyDNMFk', () => {
    // 0.604 rounds to 0.6, which is not > 0.6
    expect(chooseKByPyDnmfk([2, 3, 4], [0.604, 0.9, 0.3], [e2, e3, e4], 0.6).k).toBe(3);
    expect(chooseKByPyDnmfk([2, 3, 4], [0.99, 0.604, 0.3], [e2, e3, e4], 0.6).k).toBe(2);
  });
});
