import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import { kernelsFor } from '../lib/backend/registry.js';
import { discreteWeibullWeights } from '../lib/hawkes/discrete-weibull.js';
import { hawkesDesign, type HawkesInputs } from '../lib/hawkes/hawkes-design.js';
import { selectHawkesLag } from '../lib/hawkes/select-lag.js';
import { wallingaTeunis } from '../lib/hawkes/wallinga-teunis.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, maxRelDiff } from './helpers/backends.js';

describe.each(backendsUnderTest())('wallingaTeunis on %s', (backend) => {
  it('hand example and brute force R(j) = Σ_i w(i−j) n(i) / Σ_k w(i−k) n(k)', () => {
    expect(Array.from(wallingaTeunis([1, 2, 4], 1, 3, [1], { backend }))).toEqual([2, 2, 0]);
    const rng = new Xoshiro256(9);
    for (let rep = 0; rep < 50; rep++) {
      const C = 1 + rng.below(3);
      const T = 2 + rng.below(30);
      const L = 1 + rng.below(T - 1);
      const n = Float64Array.from({ length: C * T }, () => (rng.uniform() < 0.3 ? 0 : rng.below(20)));
      const w = discreteWeibullWeights(1 + 2 * rng.uniform(), 1 + 4 * rng.uniform(), L);
      const got = wallingaTeunis(n, C, T, w, { backend });
      const want = new Float64Array(C * T);
      for (let c = 0; c < C; c++) for (let j = 0; j < T; j++) {
        for (let i = j + 1; i < T && i - j <= L; i++) {
          let den = 0;
          for (let k = Math.max(0, i - L); k < i; k++) den += w[i - k - 1] * n[c * T + k];
          if (den > 0) want[c * T + j] += (w[i - j - 1] * n[c * T + i]) / den;
        }
      }
      expect(maxRelDiff(got, want)).toBeLessThan(1e-12);
    }
  });
  it('bad input → EpikitError', () => {
    expect(() => wallingaTeunis([1, -1], 1, 2, [1], { backend })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/counts\[1\]/) }));
    expect(() => wallingaTeunis([1, 1, 1], 1, 2, [1], { backend })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
    expect(() => wallingaTeunis([1, 1], 1, 2, [NaN], { backend })).toThrow(expect.objectContaining({ code: 'E_INPUT_NAN' }));
  });
});

describe('selectHawkesLag', () => {
  it('picks the lag the data were simulated with', () => {
    const C = 40;
    const T = 100;
    const lead = 6;
    const rng = new Xoshiro256(12);
    const mobility = new Float64Array(C * (T + lead));
    for (let c = 0; c < C; c++) {
      const phase = 6 * rng.uniform();
      for (let t = 0; t < T + lead; t++) mobility[c * (T + lead) + t] = 25 * Math.sin(t / 4 + phase) + 10 * (rng.uniform() - 0.5);
    }
    const inputs: HawkesInputs = {
      fips: Array.from({ length: C }, (_, c) => `c${c}`),
      dates: Array.from({ length: T }, (_, t) => `d${t}`),
      counts: new Float64Array(C * T),
      mobilityTypes: ['retail'],
      mobilityDates: Array.from({ length: T + lead }, (_, t) => (t < lead ? `m${t}` : `d${t - lead}`)),
      mobility,
    };
    const design = hawkesDesign(inputs, 'mobility', 3);
    const x = new Float64Array(2);
    const r = new Float64Array(C * (T + 1));
    for (let c = 0; c < C; c++) for (let t = 0; t < T; t++) {
      design.row(c, t, x);
      r[c * (T + 1) + 1 + t] = Math.exp(-0.3 + 0.5 * x[1]);
    }
    const L = 60;
    kernelsFor().hawkesSimulate(new Float64Array(C), r, new Float64Array(C).fill(2), discreteWeibullWeights(2, 4, L), C, 1, L, T, 1, 5, 0, inputs.counts, new Float64Array(C * T * 7), null);
    const sel = selectHawkesLag(inputs, [0, 1, 2, 3, 4, 5, 6], { variant: 'mobility' });
    expect(sel.lag).toBe(3);
    expect(sel.candidates.map((c) => c.lag)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sel.fit.logLikelihood).toBe(Math.max(...sel.candidates.map((c) => c.logLikelihood)));
    expect(() => selectHawkesLag(inputs, [], {})).toThrow(expect.objectContaining({ code: 'E_INPUT_EMPTY' }));
    expect(() => selectHawkesLag(inputs, [7], { variant: 'mobility' })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/options\.lag/) }));
    expect(() => selectHawkesLag(inputs, [1], { variant: 'constant' })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/variant/) }));
  });
});
