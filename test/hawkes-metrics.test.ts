import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectEpikitError } from './helpers/errors.js';
import { HAWKES_QUANTILES } from '../lib/hawkes/forecast-hawkes.js';
import {
  FORECAST_QUANTILE_LEVELS,
  intervalCoverage,
  intervalScores,
  meanAbsoluteError,
  ndcg,
  percentageError,
  quantileIntervals,
  weightedIntervalScore,
  weightedIntervalScores,
} from '../lib/hawkes/forecast-metrics.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';

interface NdcgCase {
  name: string;
  truth: number[];
  score: number[];
  ndcg?: number;
  sklearnError?: string;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn-ndcg.json', import.meta.url), 'utf8')) as { sklearn: string; cases: NdcgCase[] };


/** All orders of 0..n−1 (n ≤ 7 here). */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  return out;
}

/**
 * Brute-force NDCG with ties: the expected DCG over every order that sorts the scores
 * decreasingly (uniform over the orders within tied groups), divided by the ideal DCG.
 */
function bruteNdcg(truth: number[], score: number[]): number {
  const n = truth.length;
  const dcgOf = (order: number[]) => order.reduce((s, idx, r) => s + truth[idx] / Math.log2(r + 2), 0);
  const idcg = dcgOf(Array.from({ length: n }, (_, i) => i).sort((a, b) => truth[b] - truth[a]));
  if (idcg === 0) return 0;
  let total = 0;
  let count = 0;
  for (const p of permutations(n)) {
    let sorted = true;
    for (let r = 1; r < n; r++) if (score[p[r - 1]] < score[p[r]]) sorted = false;
    if (!sorted) continue;
    total += dcgOf(p);
    count++;
  }
  return total / count / idcg;
}

describe('meanAbsoluteError and percentageError', () => {
  it('computes a hand case', () => {
    expect(meanAbsoluteError([10, 0, 5], [12, 1, 5])).toBe(1);
    expect(meanAbsoluteError(new Float64Array([2.5]), new Float64Array([0]))).toBe(2.5);
    expect(percentageError([10, 0, 5], [12, 1, 7])).toBeCloseTo(25, 12);
    // aggregate, not the mean of per-county ratios (which would be undefined at truth 0):
    expect(percentageError([3, 1], [2, 0])).toBeCloseTo(100, 12);
  });

  it('is NaN when every truth is 0', () => {
    expect(percentageError([1, 2], [0, 0])).toBeNaN();
    expect(percentageError([0, 0], [0, 0])).toBeNaN();
  });

  it('rejects bad input with code and argument', () => {
    expectEpikitError(() => meanAbsoluteError([], []), 'E_INPUT_EMPTY', /forecast is empty/);
    expectEpikitError(() => meanAbsoluteError([1, 2], [1]), 'E_INPUT_SHAPE', /forecast has length 2 but truth has length 1/);
    expectEpikitError(() => meanAbsoluteError([1, NaN], [1, 2]), 'E_INPUT_NAN', /forecast\[1\] is NaN/);
    expectEpikitError(() => meanAbsoluteError([1, 2], [1, Infinity]), 'E_INPUT_NAN', /truth\[1\] is Infinity/);
    expectEpikitError(() => percentageError([1, 2], [1, -3]), 'E_INPUT_RANGE', /truth\[1\] is -3/);
    expectEpikitError(() => meanAbsoluteError('12' as unknown as number[], [1, 2]), 'E_INPUT_TYPE', /forecast must be an array/);
  });
});

describe('ndcg', () => {
  it(`matches scikit-learn ${fixture.sklearn} ndcg_score on ${fixture.cases.length} cases within 1e-12`, () => {
    let compared = 0;
    for (const c of fixture.cases) {
      if (c.ndcg === undefined) continue;
      expect(Math.abs(ndcg(c.truth, c.score) - c.ndcg), c.name).toBeLessThan(1e-12);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(30);
    // the fixture has ties in the score and in the truth, zeros and an all-zero truth
    expect(fixture.cases.some((c) => new Set(c.score).size < c.score.length)).toBe(true);
    expect(fixture.cases.some((c) => new Set(c.truth).size < c.truth.length)).toBe(true);
    expect(fixture.cases.some((c) => c.ndcg === 0 && c.truth.every((v) => v === 0))).toBe(true);
  });

  it('gives the formula value for one county (scikit-learn refuses n = 1)', () => {
    const ones = fixture.cases.filter((c) => c.truth.length === 1);
    expect(ones.length).toBe(2);
    for (const c of ones) {
      expect(c.sklearnError).toBeTypeOf('string');
      expect(ndcg(c.truth, c.score)).toBe(c.truth[0] > 0 ? 1 : 0);
    }
  });

  it('equals the expected DCG over the orders of tied scores (brute force)', () => {
    const rng = new Xoshiro256(4);
    for (let trial = 0; trial < 150; trial++) {
      const n = 1 + rng.below(7);
      const truth = Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 0 : rng.below(6)));
      const score = Array.from({ length: n }, () => rng.below(4));
      expect(Math.abs(ndcg(truth, score) - bruteNdcg(truth, score))).toBeLessThan(1e-12);
    }
  });

  it('computes the documented examples', () => {
    expect(ndcg([10, 5, 0], [3, 2, 1])).toBe(1);
    expect(ndcg([10, 5, 0], [1, 2, 3])).toBeCloseTo((5 / Math.log2(3) + 10 / 2) / (10 + 5 / Math.log2(3)), 14);
  });

  it('rejects bad input', () => {
    expectEpikitError(() => ndcg([], []), 'E_INPUT_EMPTY', /truth is empty/);
    expectEpikitError(() => ndcg([1, 2], [1]), 'E_INPUT_SHAPE', /score has length 1 but truth has length 2/);
    expectEpikitError(() => ndcg([1, -2], [1, 2]), 'E_INPUT_RANGE', /truth\[1\] is -2/);
    expectEpikitError(() => ndcg([1, 2], [NaN, 2]), 'E_INPUT_NAN', /score\[0\] is NaN/);
  });
});

describe('interval scores', () => {
  it('computes coverage and interval scores on a hand case', () => {
    expect(intervalCoverage([5, 9, 2], [4, 4, 3], [6, 8, 5])).toBeCloseTo(1 / 3, 15);
    expect(intervalCoverage([4, 8], [4, 4], [6, 8])).toBe(1); // closed interval
    expect(Array.from(intervalScores([10, 3, 7], [6, 6, 6], [9, 9, 9], 0.5))).toEqual([3 + 4 * 1, 3 + 4 * 3, 3]);
  });

  it('computes the hand-worked WIS (both forms give 1.42)', () => {
    const intervals = [
      { alpha: 0.5, lower: [6], upper: [9] },
      { alpha: 0.2, lower: [4], upper: [12] },
    ];
    // IS form: (0.5·|10 − 8| + 0.25·(3 + 4·1) + 0.1·8) / 2.5
    // quantile form: (1.2 + 2 + 2 + 1.5 + 0.4) / 5
    expect(weightedIntervalScore([10], [8], intervals)).toBeCloseTo(1.42, 14);
    // K = 0: the absolute error of the median
    expect(weightedIntervalScore([10, 2], [8, 3], [])).toBeCloseTo(1.5, 15);
  });

  it('matches brute force of the interval form and of the quantile-score form on random data', () => {
    const rng = new Xoshiro256(20210218);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.below(20);
      const K = rng.below(5);
      // K distinct alphas, widest interval first; quantiles nested around the median
      const alphas = Array.from({ length: K }, (_, k) => (k + 1) / (K + 1) - rng.uniform() * 0.5 / (K + 1)).sort((a, b) => a - b);
      const truth: number[] = [];
      const median: number[] = [];
      const lower = alphas.map(() => [] as number[]);
      const upper = alphas.map(() => [] as number[]);
      for (let i = 0; i < n; i++) {
        const m = 50 * rng.uniform();
        median.push(m);
        truth.push(rng.uniform() < 0.2 ? m : Math.round(100 * rng.uniform()));
        let lo = m;
        let hi = m;
        for (let k = K - 1; k >= 0; k--) {
          lo -= 10 * rng.uniform();
          hi += 10 * rng.uniform();
          lower[k][i] = lo;
          upper[k][i] = hi;
        }
      }
      const intervals = alphas.map((alpha, k) => ({ alpha, lower: lower[k], upper: upper[k] }));
      const got = weightedIntervalScores(truth, median, intervals);
      for (let i = 0; i < n; i++) {
        const y = truth[i];
        // (1) Bracher et al. 2021 WIS from interval scores
        let num = 0.5 * Math.abs(y - median[i]);
        for (let k = 0; k < K; k++) {
          const [l, u, a] = [lower[k][i], upper[k][i], alphas[k]];
          const is = u - l + (y < l ? (2 / a) * (l - y) : 0) + (y > u ? (2 / a) * (y - u) : 0);
          num += (a / 2) * is;
        }
        const wisIntervals = num / (K + 0.5);
        // (2) the same from the 2K + 1 quantile scores QS_q = 2(1{y ≤ x_q} − q)(x_q − y)
        const levels: [number, number][] = [[0.5, median[i]]];
        for (let k = 0; k < K; k++) levels.push([alphas[k] / 2, lower[k][i]], [1 - alphas[k] / 2, upper[k][i]]);
        let qs = 0;
        for (const [q, x] of levels) qs += 2 * ((y <= x ? 1 : 0) - q) * (x - y);
        const wisQuantiles = qs / (2 * K + 1);
        const scale = Math.max(1, Math.abs(wisIntervals));
        expect(Math.abs(got[i] - wisIntervals) / scale).toBeLessThan(1e-12);
        expect(Math.abs(got[i] - wisQuantiles) / scale).toBeLessThan(1e-12);
      }
      const mean = Array.from(got).reduce((s, v) => s + v, 0) / n;
      expect(Math.abs(weightedIntervalScore(truth, median, intervals) - mean)).toBeLessThan(1e-12 * Math.max(1, mean));
    }
  });

  it('rejects bad intervals', () => {
    expectEpikitError(() => intervalCoverage([1, 2], [0, 3], [2, 2]), 'E_INPUT_RANGE', /lower\[1\] is 3 but upper\[1\] is 2/);
    expectEpikitError(() => intervalCoverage([1, 2], [0], [2, 2]), 'E_INPUT_SHAPE', /lower has length 1 but truth has length 2/);
    expectEpikitError(() => intervalScores([1], [0], [2], 0), 'E_INPUT_RANGE', /alpha is 0/);
    expectEpikitError(() => intervalScores([1], [0], [2], 1.5), 'E_INPUT_RANGE', /alpha is 1.5/);
    expectEpikitError(() => weightedIntervalScore([1], [1], [{ alpha: 0.2, lower: [0], upper: [NaN] }]), 'E_INPUT_NAN', /intervals\[0\]\.upper\[0\] is NaN/);
    expectEpikitError(() => weightedIntervalScore([1, 2], [1, 2], [{ alpha: 0.2, lower: [0], upper: [3] }]), 'E_INPUT_SHAPE', /intervals\[0\]\.lower has length 1/);
    expectEpikitError(() => weightedIntervalScore([1], [1, 2], []), 'E_INPUT_SHAPE', /median has length 2 but truth has length 1/);
    expectEpikitError(() => weightedIntervalScore([], [], []), 'E_INPUT_EMPTY', /truth is empty/);
  });
});

describe('quantileIntervals', () => {
  it('uses the Hawkes forecast levels', () => {
    expect([...FORECAST_QUANTILE_LEVELS]).toEqual([...HAWKES_QUANTILES]);
  });

  it('splits county-major quantiles into the median and the α = 0.05, 0.2, 0.5 intervals', () => {
    const q = [1, 2, 3, 4, 5, 6, 7, 10, 20, 30, 40, 50, 60, 70];
    const { median, intervals } = quantileIntervals(q, 2);
    expect(Array.from(median)).toEqual([4, 40]);
    expect(intervals.map((it) => it.alpha)).toEqual([0.05, 0.2, 0.5]);
    expect(intervals.map((it) => [Array.from(it.lower), Array.from(it.upper)])).toEqual([
      [[1, 10], [7, 70]],
      [[2, 20], [6, 60]],
      [[3, 30], [5, 50]],
    ]);
    // feeds the WIS: truth at the median of both counties → only the widths count
    const w = weightedIntervalScores([4, 40], median, intervals);
    expect(w[0]).toBeCloseTo((0.025 * 6 + 0.1 * 4 + 0.25 * 2) / 3.5, 14);
    expect(w[1]).toBeCloseTo(10 * w[0], 12);
  });

  it('accepts other symmetric levels and rejects bad ones', () => {
    const { median, intervals } = quantileIntervals([1, 2, 3], 1, [0.1, 0.5, 0.9]);
    expect(Array.from(median)).toEqual([2]);
    expect(intervals.length).toBe(1);
    expect(intervals[0].alpha).toBeCloseTo(0.2, 15);
    expectEpikitError(() => quantileIntervals([1, 2, 3, 4, 5, 6], 1), 'E_INPUT_SHAPE', /quantiles has length 6: expected counties × levels = 1 × 7 = 7/);
    expectEpikitError(() => quantileIntervals([1, 2, 3], 1, [0.1, 0.5, 0.8]), 'E_INPUT_RANGE', /levels\[0\] is 0.1 but levels\[2\] is 0.8/);
    expectEpikitError(() => quantileIntervals([1, 2], 1, [0.25, 0.75]), 'E_INPUT_RANGE', /levels has no median/);
    expectEpikitError(() => quantileIntervals([1, 2, 3], 1, [0.5, 0.5, 0.5]), 'E_INPUT_RANGE', /strictly ascending/);
    expectEpikitError(() => quantileIntervals([1, 2, 3, 4, 5, 6, 7], 0), 'E_INPUT_RANGE', /counties is 0/);
    expectEpikitError(() => quantileIntervals([1, 2, 3, 4, 5, 6, NaN], 1), 'E_INPUT_NAN', /quantiles\[6\] is NaN/);
  });
});
