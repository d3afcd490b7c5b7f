import { describe, expect, it } from 'vitest';
import '../lib/index.js';
import { interpretSignals, shortFeatureName } from '../lib/nmfk/interpret-signals.js';
import {
  normalizeSignalScale,
  permuteSignals,
  reconstructionStatistics,
  signalContributions,
  signalOrderByContribution,
} from '../lib/nmfk/signal-factors.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';

function product(w: Float64Array, h: Float64Array, m: number, n: number, k: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let a = 0; a < k; a++) out[i * n + j] += w[i * k + a] * h[a * n + j];
  return out;
}

function randomFactors(seed: number, m: number, n: number, k: number) {
  const rng = new Xoshiro256(seed);
  return {
    w: Float64Array.from({ length: m * k }, () => rng.uniform() * 3),
    h: Float64Array.from({ length: k * n }, () => rng.uniform() * 2),
  };
}

describe('signal factors', () => {
  it('normalizeSignalScale: H rows sum to 1, W·H unchanged, zero rows untouched', () => {
    const { w, h } = randomFactors(1, 7, 5, 3);
    h.fill(0, 5, 10); // signal 1 is all zero
    const before = product(w, h, 7, 5, 3);
    const r = normalizeSignalScale(w, h, 7, 5, 3);
    for (const a of [0, 2]) expect(r.h.subarray(a * 5, a * 5 + 5).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 14);
    expect(Array.from(r.h.subarray(5, 10))).toEqual([0, 0, 0, 0, 0]);
    const after = product(r.w, r.h, 7, 5, 3);
    for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i], 12);
  });

  it('contributions equal the plain double sum and order the signals largest first', () => {
    const { w, h } = randomFactors(2, 6, 4, 4);
    const c = signalContributions(w, h, 6, 4, 4);
    for (let a = 0; a < 4; a++) {
      let s = 0;
      for (let i = 0; i < 6; i++) for (let j = 0; j < 4; j++) s += w[i * 4 + a] * h[a * 4 + j];
      expect(c[a]).toBeCloseTo(s, 12);
    }
    const order = signalOrderByContribution(c);
    const p = permuteSignals(w, h, 6, 4, 4, order);
    const cp = signalContributions(p.w, p.h, 6, 4, 4);
    for (let a = 1; a < 4; a++) expect(cp[a - 1]).toBeGreaterThanOrEqual(cp[a]);
    const before = product(w, h, 6, 4, 4);
    const after = product(p.w, p.h, 6, 4, 4);
    for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i], 12);
    expect(Array.from(signalOrderByContribution(Float64Array.of(2, 12, 5, 12)))).toEqual([1, 3, 2, 0]);
  });

  it('reconstructionStatistics over observed entries: SSE, relative error, AIC, column errors', () => {
    const { w, h } = randomFactors(3, 5, 4, 2);
    const rng = new Xoshiro256(4);
    const x = Float64Array.from(product(w, h, 5, 4, 2), (v) => v + rng.uniform() - 0.5);
    x[3] = NaN;
    x[9] = NaN;
    const s = reconstructionStatistics(x, w, h, 5, 4, 2);
    const wh = product(w, h, 5, 4, 2);
    let sse = 0;
    let sx = 0;
    let nObs = 0;
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(x[i])) continue;
      sse += (x[i] - wh[i]) ** 2;
      sx += x[i] ** 2;
      nObs++;
    }
    expect(s.observed).toBe(18);
    expect(s.sumOfSquares).toBeCloseTo(sse, 12);
    expect(s.frobeniusError).toBeCloseTo(Math.sqrt(sse), 12);
    expect(s.relativeError).toBeCloseTo(Math.sqrt(sse / sx), 12);
    expect(s.aic).toBeCloseTo(2 * (5 * 2 + 2 * 4) + nObs * Math.log(sse / nObs), 9);
    for (let j = 0; j < 4; j++) {
      let num = 0;
      let den = 0;
      for (let i = 0; i < 5; i++) {
        const v = x[i * 4 + j];
        if (Number.isNaN(v)) continue;
        num += (v - wh[i * 4 + j]) ** 2;
        den += v * v;
      }
      expect(s.columnErrors[j]).toBeCloseTo(Math.sqrt(num / den), 12);
    }
    const exact = reconstructionStatistics(product(w, h, 5, 4, 2), w, h, 5, 4, 2);
    expect(exact.frobeniusError).toBeLessThan(1e-12);
  });
});

describe('interpretSignals', () => {
  const features = ['poverty_rate', 'unemployment', 'disability', 'covid_cases_aug', 'covid_deaths_aug', 'median_age'];
  const regions = ['01001', '01003', '01005', '01007'];
  const names = ['Autauga, AL', 'Baldwin, AL', 'Barbour, AL', 'Bibb, AL'];
  // signal 0 loads poverty, unemployment, disability; signal 1 COVID columns
  const h = Float64Array.of(0.4, 0.3, 0.2, 0.02, 0.0, 0.08, 0.0, 0.05, 0.0, 0.5, 0.35, 0.1);
  const w = Float64Array.of(1, 0, 5, 1, 2, 8, 0.5, 4);

  it('lists variables above the max-normalised cutoff, regions by W, label and contribution share', () => {
    const s = interpretSignals(w, h, 4, 6, 2, { features, regions, names });
    expect(s[0].topVariables.map((v) => v.feature)).toEqual(['poverty_rate', 'unemployment', 'disability']);
    expect(s[0].topVariables[0].weight).toBe(1);
    expect(s[0].topVariables[2].weight).toBeCloseTo(0.5, 12);
    expect(s[0].label).toBe('poverty rate / unemployment / disability');
    expect(s[1].topVariables.map((v) => v.feature)).toEqual(['covid_cases_aug', 'covid_deaths_aug']); // 0.1/0.5 = 0.2 < 0.25
    expect(s[1].label).toBe('covid cases aug / covid deaths aug');
    expect(s[0].topRegions.map((r) => r.region)).toEqual(['01003', '01005', '01001', '01007']);
    expect(s[0].topRegions[0]).toEqual({ region: '01003', name: 'Baldwin, AL', weight: 1 });
    expect(s[1].topRegions[0].name).toBe('Barbour, AL');
    expect(s[0].contribution + s[1].contribution).toBeCloseTo(1, 12);
    expect(s[0].contribution).toBeCloseTo(8.5 / (8.5 + 13), 12); // Σ_i W_i0 = 8.5, Σ_i W_i1 = 13, H rows sum to 1
    const two = interpretSignals(w, h, 4, 6, 2, { features, regions, topRegions: 2, variableCutoff: 0.6 });
    expect(two[0].topRegions.length).toBe(2);
    expect(two[0].topVariables.map((v) => v.feature)).toEqual(['poverty_rate', 'unemployment']);
  });

  it('empty signals get empty lists', () => {
    const s = interpretSignals(new Float64Array(4), new Float64Array(6), 4, 6, 1, { features, regions });
    expect(s[0]).toEqual({ index: 0, label: '(empty signal)', contribution: 0, topVariables: [], topRegions: [] });
  });

  it('shortFeatureName shortens LANL labels and long names', () => {
    expect(shortFeatureName("COLUMN: 998 | CATEGORY: 'COVID-19 (05-07-2020)' | VARIABLE: 'Case rate (per million)' | SOURCE: x")).toBe(
      'Case rate (per million)…',
    );
    expect(shortFeatureName("COLUMN: 998 | CATEGORY: 'COVID-19 (05-07-2020)' | VARIABLE: 'Case rate' | SOURCE: x")).toBe('Case rate 05-07-2020');
    expect(shortFeatureName('pct_households_without_vehicle_access_2019')).toBe('pct households without…');
    expect(shortFeatureName('short')).toBe('short');
    expect(shortFeatureName('a'.repeat(40)).length).toBe(28);
  });
});
