import { describe, expect, it } from 'vitest';
import { hawkesDesign, type HawkesInputs } from '../lib/hawkes/hawkes-design.js';

// 2 counties, T = 4 days d0..d3, mobility lead 3 (dates m0 m1 m2 d0 d1 d2 d3), K = 2 types, P = 1 covariate.
function inputs(): HawkesInputs {
  const T = 4;
  const lead = 3;
  const Tm = T + lead;
  const K = 2;
  const mobility = new Float64Array(2 * Tm * K);
  // type 0 of county c on mobility day tm = 100c + tm; type 1 = −(100c + tm)·2
  for (let c = 0; c < 2; c++) for (let tm = 0; tm < Tm; tm++) {
    mobility[(c * Tm + tm) * K] = 100 * c + tm;
    mobility[(c * Tm + tm) * K + 1] = -2 * (100 * c + tm);
  }
  return {
    fips: ['01001', '01003'],
    dates: ['d0', 'd1', 'd2', 'd3'],
    counts: new Float64Array(8),
    mobilityTypes: ['retail', 'parks'],
    mobilityDates: ['m0', 'm1', 'm2', 'd0', 'd1', 'd2', 'd3'],
    mobility,
    covariateNames: ['age'],
    covariates: Float64Array.of(-1, 1),
  };
}

describe('hawkesDesign', () => {
  it('x_c(t) = [1, z-scored mobility of day t − Δ, covariates]; mobility carried forward past its last date', () => {
    const inp = inputs();
    const d = hawkesDesign(inp, 'full', 2);
    expect(d.names).toEqual(['intercept', 'mobility:retail', 'mobility:parks', 'age']);
    const mob = inp.mobility as Float64Array;
    const vals0 = Array.from({ length: 14 }, (_, i) => mob[i * 2]);
    const mean0 = vals0.reduce((a, b) => a + b, 0) / 14;
    const sd0 = Math.sqrt(vals0.reduce((a, b) => a + (b - mean0) ** 2, 0) / 14);
    expect(d.mobilityMean[0]).toBeCloseTo(mean0, 12);
    expect(d.mobilitySd[0]).toBeCloseTo(sd0, 12);
    const x = new Float64Array(4);
    // county 1, day t = 1 (d1), Δ = 2 → mobility date index 1 + 3 − 2 = 2 (m2): raw 102
    d.row(1, 1, x);
    expect(x[0]).toBe(1);
    expect(x[1]).toBeCloseTo((102 - mean0) / sd0, 12);
    expect(x[2]).toBeCloseTo((-204 - d.mobilityMean[1]) / d.mobilitySd[1], 12);
    expect(x[3]).toBe(1);
    // forecast day t = 6 (beyond T): index min(6 + 1, 6) = 6, the last mobility date
    d.row(0, 6, x);
    expect(x[1]).toBeCloseTo((6 - mean0) / sd0, 12);
    expect(x[3]).toBe(-1);
  });
  it('the default lag is the whole lead; variants pick columns', () => {
    const inp = inputs();
    expect(hawkesDesign(inp, 'mobility', undefined).lag).toBe(3);
    expect(hawkesDesign(inp, 'mobility', undefined).names).toEqual(['intercept', 'mobility:retail', 'mobility:parks']);
    expect(hawkesDesign(inp, 'demographics', undefined).names).toEqual(['intercept', 'age']);
    expect(hawkesDesign(inp, 'constant', undefined).names).toEqual(['intercept']);
    const x = new Float64Array(2);
    hawkesDesign(inp, 'demographics', undefined).row(1, 0, x);
    expect(Array.from(x)).toEqual([1, 1]);
  });
  it('bad lag, missing data or misaligned mobility → EpikitError', () => {
    const inp = inputs();
    expect(() => hawkesDesign(inp, 'full', 4)).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/options\.lag/) }));
    expect(() => hawkesDesign(inp, 'full', -1)).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
    expect(() => hawkesDesign({ ...inp, covariates: undefined, covariateNames: [] }, 'demographics', 0)).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/no covariates/) }));
    expect(() => hawkesDesign({ ...inp, mobilityDates: ['m0', 'm1', 'd0', 'd1', 'd2', 'd3', 'x'] }, 'mobility', 0)).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/mobilityDates/) }));
    const nan = Float64Array.from(inp.mobility as Float64Array);
    nan[5] = NaN;
    expect(() => hawkesDesign({ ...inp, mobility: nan }, 'mobility', 0)).toThrow(expect.objectContaining({ code: 'E_INPUT_NAN', message: expect.stringMatching(/mobility\[5\]/) }));
    expect(() => hawkesDesign(inp, 'both' as never, 0)).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/options\.variant/) }));
  });
});
