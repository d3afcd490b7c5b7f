// Standard errors of the Hawkes fit against the sampling spread of θ̂ over replicated
// simulations from known parameters (one backend: this checks the statistics, the kernels are
// covered by their own parity tests).
import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import { kernelsFor } from '../lib/backend/registry.js';
import { discreteWeibullWeights } from '../lib/hawkes/discrete-weibull.js';
import { fitHawkes } from '../lib/hawkes/fit-hawkes.js';
import { hawkesDesign, type HawkesInputs } from '../lib/hawkes/hawkes-design.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';

describe('fitHawkes standard errors', () => {
  it('observed-data Fisher SEs match the spread of θ̂ over 12 replicates; complete-data SEs are too small', () => {
    const C = 15;
    const T = 80;
    const lead = 2;
    const rng = new Xoshiro256(3);
    const mobility = new Float64Array(C * (T + lead));
    for (let c = 0; c < C; c++) {
      const phase = 6 * rng.uniform();
      for (let t = 0; t < T + lead; t++) mobility[c * (T + lead) + t] = -30 + 20 * Math.sin(t / 9 + phase) + 5 * (rng.uniform() - 0.5);
    }
    const inputs: HawkesInputs = {
      fips: Array.from({ length: C }, (_, c) => `c${c}`),
      dates: Array.from({ length: T }, (_, t) => `d${t}`),
      counts: new Float64Array(C * T),
      mobilityTypes: ['retail'],
      mobilityDates: Array.from({ length: T + lead }, (_, t) => (t < lead ? `m${t}` : `d${t - lead}`)),
      mobility,
      covariateNames: ['a', 'b'],
      covariates: Float64Array.from({ length: C * 2 }, () => rng.uniform() * 2 - 1),
    };
    const theta = [-0.4, 0.25, 0.2, -0.2];
    const design = hawkesDesign(inputs, 'full', 1);
    const x = new Float64Array(4);
    const r = new Float64Array(C * (T + 1));
    for (let c = 0; c < C; c++) for (let t = 0; t < T; t++) {
      design.row(c, t, x);
      r[c * (T + 1) + 1 + t] = Math.exp(x.reduce((s, v, p) => s + v * theta[p], 0));
    }
    const L = T - 1 < 60 ? T - 1 : 60;
    const w = discreteWeibullWeights(2, 4, L);
    const k = kernelsFor();
    const est: number[][] = [];
    const se: number[][] = [];
    const seComplete: number[][] = [];
    for (let rep = 0; rep < 12; rep++) {
      const sim = new Float64Array(C * T);
      k.hawkesSimulate(new Float64Array(C), r, new Float64Array(C).fill(1.5), w, C, 1, L, T, 1, 1000 + rep, 0, sim, new Float64Array(C * T * 7), null);
      inputs.counts.set(sim);
      const fit = fitHawkes(inputs, { variant: 'full', lag: 1, maxIter: 3000 });
      est.push(Array.from(fit.theta));
      se.push(Array.from(fit.standardErrors));
      seComplete.push(Array.from(fit.standardErrorsCompleteData));
    }
    let ratio2 = 0;
    let ratioComplete2 = 0;
    for (let p = 0; p < 4; p++) {
      const v = est.map((e) => e[p]);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
      const meanSe = se.reduce((a, s) => a + s[p], 0) / se.length;
      const meanSeComplete = seComplete.reduce((a, s) => a + s[p], 0) / se.length;
      ratio2 += (sd / meanSe) ** 2 / 4;
      ratioComplete2 += (sd / meanSeComplete) ** 2 / 4;
      // θ̂ is centred on θ within the Monte-Carlo error of the mean (plus a small-sample bias allowance)
      expect(Math.abs(m - theta[p])).toBeLessThan(4 * (sd / Math.sqrt(v.length)) + 0.03);
    }
    expect(Math.sqrt(ratio2)).toBeGreaterThan(0.65);
    expect(Math.sqrt(ratio2)).toBeLessThan(1.45);
    expect(Math.sqrt(ratioComplete2)).toBeGreaterThan(1.5);
  }, 60000);
});
