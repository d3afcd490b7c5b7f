import '../lib/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendName } from '../lib/index.js';
import { INDEX_NAMES } from '../lib/cluster/validity-indices.js';
import { loadDefaultCountrySeries } from '../lib/data/load-country-series.js';
import type { CountrySeries } from '../lib/data/parse-country-series.js';
import type { Panel } from '../lib/data/panel.js';
import { EpikitError } from '../lib/errors.js';
import { countDistinct, dailyClusters, type DailyClustersResult } from '../lib/evolution/daily-clusters.js';
import { logCounts, type DayMatrix } from '../lib/evolution/log-counts.js';
import { seriesOffset } from '../lib/evolution/series-offset.js';
import { clusterDays, smoothK } from '../lib/evolution/smooth-k.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, maxRelDiff, parityBackends } from './helpers/backends.js';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof EpikitError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('expected an EpikitError');
}

/** T days × n regions with `planted[t]` groups per day: group g around 4g, jitter < 0.3. */
function plantedDays(planted: number[], n: number, seed: number): DayMatrix {
  const rng = new Xoshiro256(seed);
  const T = planted.length;
  const values = new Float64Array(T * n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) values[t * n + i] = 4 * (i % planted[t]) + 0.3 * rng.uniform();
  return { values, T, n };
}

// ---------------------------------------------------------------------------------------

describe('logCounts', () => {
  const panel: Panel = {
    quantity: 'total_cases',
    regions: ['A', 'B', 'C'],
    names: ['a', 'b', 'c'],
    dates: ['2020-01-01', '2020-01-02'],
    // regions × dates: A = [0, 10], B = [NaN, 100], C = [1, -3]
    values: new Float64Array([0, 10, NaN, 100, 1, -3]),
  };

  it('replaces empty (NaN), 0 and (by default) negative entries by 1 and transposes to days × regions', () => {
    const r = logCounts(panel);
    expect(r.T).toBe(2);
    expect(r.n).toBe(3);
    expect(Array.from(r.values)).toEqual([0, 0, 0, Math.log(10), Math.log(100), 0]);
    expect(r).toMatchObject({ empty: 1, zeros: 1, negatives: 1, dates: panel.dates, regions: panel.regions });
  });

  it('negative: "error" names the region, the day and the value', () => {
    const msg = code(() => logCounts(panel, { negative: 'error' }));
    expect(msg).toMatch(/^E_INPUT_RANGE: input.values\[5\] \(region 2 "C", day 1 2020-01-02\) is -3/);
    expect(code(() => logCounts(panel, { negative: 'zero' as never }))).toMatch(/^E_INPUT_RANGE: options.negative is "zero"/);
  });

  it('takes raw counts in either layout', () => {
    const byRegion = logCounts({ values: [0, 10, NaN, 100], T: 2, n: 2 });
    expect(Array.from(byRegion.values)).toEqual([0, 0, Math.log(10), Math.log(100)]);
    const byDay = logCounts({ values: [0, NaN, 10, 100], T: 2, n: 2, layout: 'days-by-regions' });
    expect(Array.from(byDay.values)).toEqual(Array.from(byRegion.values));
    expect(byRegion.dates).toBeUndefined();
  });

  it('rejects Infinity, bad shapes and bad types', () => {
    expect(code(() => logCounts({ values: [1, Infinity], T: 2, n: 1 }))).toMatch(/^E_INPUT_NAN: input.values\[1\] \(region 0, day 1\) is Infinity/);
    expect(code(() => logCounts({ values: [1, 2, 3], T: 2, n: 2 }))).toMatch(/^E_INPUT_SHAPE: input.values has length 3: expected T × n = 2 × 2 = 4/);
    expect(code(() => logCounts({ values: [1], T: 0, n: 1 }))).toMatch(/^E_INPUT_RANGE: input.T is 0/);
    expect(code(() => logCounts(null as never))).toMatch(/^E_INPUT_TYPE/);
    expect(code(() => logCounts({ values: 'abc' as never, T: 1, n: 3 }))).toMatch(/^E_INPUT_TYPE: input.values must be/);
    expect(code(() => logCounts({ values: [1, 2], T: 1, n: 2, layout: 'x' as never }))).toMatch(/^E_INPUT_RANGE: input.layout is "x"/);
    expect(code(() => logCounts({ ...panel, dates: ['2020-01-01'] }))).toMatch(/^E_INPUT_SHAPE/);
  });
});

// ---------------------------------------------------------------------------------------

describe.each(backendsUnderTest())('dailyClusters (%s)', (backend: BackendName) => {
  it('recovers planted, well-separated groups (3 on some days, 5 on others) per index', () => {
    const planted = [3, 5, 3, 4, 2, 6, 5];
    const r = dailyClusters(plantedDays(planted, 60, 7), { backend });
    expect(r.days.map((d) => d.t)).toEqual(planted.map((_, t) => t));
    r.days.forEach((d, t) => {
      expect(d.nUnique).toBe(60);
      expect(Array.from(d.ks)).toEqual(Array.from({ length: 19 }, (_, j) => j + 2));
      // Silhouette, KL and Dunn recover every planted k.
      expect(d.kByIndex.silhouette, `silhouette, day ${t}`).toBe(planted[t]);
      expect(d.kByIndex.kl, `kl, day ${t}`).toBe(planted[t]);
      expect(d.kByIndex.dunn, `dunn, day ${t}`).toBe(planted[t]);
      // Point-biserial recovers 2 and 3 groups only (it prefers k = 2 over 4+ equal groups).
      if (planted[t] <= 3) expect(d.kByIndex.ptbiserial, `ptbiserial, day ${t}`).toBe(planted[t]);
      // NbClust's McClain (S_w/N_w²)/(S_b/N_b²) recovers up to 5 groups here; its C-index
      // (singleton placeholders 1) runs to kMax.
      if (planted[t] <= 5) expect(d.kByIndex.mcclain, `mcclain, day ${t}`).toBe(planted[t]);
      expect(d.kByIndex.cindex).toBe(20);
      const ks = INDEX_NAMES.map((name) => d.kByIndex[name] as number);
      expect(d.kAv).toBeCloseTo(ks.reduce((a, b) => a + b, 0) / 6, 12);
      expect(d.used).toBe(6);
    });
    // With the textbook C-index it recovers the planted k too.
    const tb = dailyClusters(plantedDays(planted, 60, 7), { backend, variant: { cindex: 'textbook' } });
    tb.days.forEach((d, t) => expect(d.kByIndex.cindex, `textbook cindex, day ${t}`).toBe(planted[t]));
    // Restricted to the three indices that always recover, k_av is the planted k.
    const three = dailyClusters(plantedDays(planted, 60, 7), { backend, indices: ['silhouette', 'kl', 'dunn'] });
    expect(Array.from(three.kAv)).toEqual(planted);
    expect(three.days[0].kByIndex.ptbiserial).toBeNull();
    expect(three.days[0].indexValues.ptbiserial.every(Number.isFinite)).toBe(true); // reported anyway
  });

  it('caps k at the number of distinct values (KL at nUnique − 1) and falls back to k = 1', () => {
    // day 0: one value; day 1: two values; day 2: three values; day 3: all equal but one.
    const n = 8;
    const rows = [
      [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 3, 3],
      [0, 0, 0, 0, 1, 1, 5, 5],
      [0, 0, 0, 0, 0, 0, 0, 9],
    ];
    const X = { values: Float64Array.from(rows.flat()), T: rows.length, n };
    const r = dailyClusters(X, { backend });
    const [d0, d1, d2, d3] = r.days;
    expect(d0.nUnique).toBe(1);
    expect(d0.kAv).toBe(1);
    expect(d0.used).toBe(0);
    expect(d0.ks.length).toBe(0);
    expect(Object.values(d0.kByIndex).every((k) => k === null)).toBe(true);

    expect(d1.nUnique).toBe(2);
    expect(Array.from(d1.ks)).toEqual([2]);
    expect(d1.kByIndex.kl).toBeNull(); // needs a 3-cluster partition of 2 distinct values
    expect(Number.isNaN(d1.indexValues.kl[0])).toBe(true);
    // C-index: both clusters have duplicated points and diameter 0 → D_min = D_max → NA, dropped.
    expect(d1.kByIndex.cindex).toBeNull();
    expect(d1.kByIndex).toMatchObject({ ptbiserial: 2, silhouette: 2, mcclain: 2, dunn: 2 });
    expect(d1.kAv).toBe(2);
    expect(d1.used).toBe(4);

    expect(d2.nUnique).toBe(3);
    expect(Array.from(d2.ks)).toEqual([2, 3]);
    expect(Number.isFinite(d2.indexValues.kl[0])).toBe(true); // k = 2 uses the 3-partition
    expect(Number.isNaN(d2.indexValues.kl[1])).toBe(true); // k = 3 = nUnique: no 4-partition
    expect(d2.kByIndex.kl).toBe(2);
    expect(d2.kByIndex.silhouette).toBe(3);
    expect(d3.nUnique).toBe(2);
    expect(d3.kByIndex.silhouette).toBe(2);
    expect(Array.from(r.nUnique)).toEqual([1, 2, 3, 2]);
  });

  it('kMax caps the candidates; days selects rows; one row and a single region work', () => {
    const X = plantedDays([6, 6, 6], 30, 3);
    const r = dailyClusters(X, { backend, kMax: 4, days: [2, 0] });
    expect(r.days.map((d) => d.t)).toEqual([2, 0]);
    expect(Array.from(r.days[0].ks)).toEqual([2, 3, 4]);
    for (const d of r.days) for (const name of INDEX_NAMES) expect(d.kByIndex[name]! <= 4).toBe(true);
    const single = dailyClusters({ values: new Float64Array([3]), T: 1, n: 1 }, { backend });
    expect(single.days[0]).toMatchObject({ nUnique: 1, kAv: 1 });
  });

  it('rejects bad options with the argument and value named', () => {
    const X = plantedDays([3], 9, 1);
    expect(code(() => dailyClusters(X, { kMin: 1 }))).toMatch(/^E_INPUT_RANGE: options.kMin is 1: expected an integer in \[2,/);
    expect(code(() => dailyClusters(X, { kMin: 5, kMax: 4 }))).toMatch(/^E_INPUT_RANGE: options.kMax is 4: expected an integer in \[5,/);
    expect(code(() => dailyClusters(X, { indices: ['dunn', 'gap' as never] }))).toMatch(/^E_INPUT_RANGE: options.indices\[1\] is "gap"/);
    expect(code(() => dailyClusters(X, { indices: ['dunn', 'dunn'] }))).toMatch(/^E_INPUT_RANGE: options.indices\[1\] is "dunn", which appears twice/);
    expect(code(() => dailyClusters(X, { indices: [] }))).toMatch(/^E_INPUT_RANGE: options.indices is empty/);
    expect(code(() => dailyClusters(X, { days: [1] }))).toMatch(/^E_INPUT_RANGE: options.days\[0\] is 1: expected an integer in \[0, 0\]/);
    expect(code(() => dailyClusters(X, { variant: 'weird' as never }))).toMatch(/^E_INPUT_RANGE: options.variant is "weird"/);
    expect(code(() => dailyClusters({ values: new Float64Array([0, NaN]), T: 1, n: 2 }))).toMatch(/^E_INPUT_NAN: logX.values\[1\] \(day 0, region 1\) is NaN/);
    expect(code(() => dailyClusters({ values: new Float64Array(3), T: 2, n: 2 }))).toMatch(/^E_INPUT_SHAPE: logX.values has length 3/);
    expect(code(() => dailyClusters(null as never))).toMatch(/^E_INPUT_TYPE: logX must be/);
  });

  it('clusterDays: Ckmeans labels by ascending centre and display labels with 1 = the highest cluster', () => {
    const X = { values: new Float64Array([0, 0, 5, 0, 3, 6, 9, 9, 9]), T: 3, n: 3 };
    const r = clusterDays(X, [2, 3, 1], { backend });
    expect(Array.from(r.labels)).toEqual([0, 0, 1, 0, 1, 2, 0, 0, 0]);
    expect(Array.from(r.display)).toEqual([2, 2, 1, 3, 2, 1, 1, 1, 1]);
    expect(Array.from(r.k)).toEqual([2, 3, 1]);
    expect(Array.from(r.centers[1])).toEqual([0, 3, 6]);
    expect(code(() => clusterDays(X, [2, 3, 2], { backend }))).toMatch(/^E_INPUT_RANGE: kHat\[2\] is 2: day 2 has only 1 distinct value/);
    expect(code(() => clusterDays(X, [2, 0, 1]))).toMatch(/^E_INPUT_RANGE: kHat\[1\] is 0: expected an integer >= 1/);
    expect(code(() => clusterDays(X, [2, 1.5, 1]))).toMatch(/^E_INPUT_RANGE: kHat\[1\] is 1.5/);
    expect(code(() => clusterDays(X, [2, 2]))).toMatch(/^E_INPUT_SHAPE: kHat has length 2: expected T = 3/);
  });
});

// ---------------------------------------------------------------------------------------

describe('smoothK', () => {
  it('matches a hand computation of simple exponential smoothing', () => {
    // α = 0.5: s = 2, 3, 3.5, 2.25, 2.125
    const r = smoothK([2, 4, 4, 1, 2], { alpha: 0.5 });
    expect(Array.from(r.smoothed)).toEqual([2, 3, 3.5, 2.25, 2.125]);
    expect(Array.from(r.kHat)).toEqual([2, 3, 4, 2, 2]);
    expect(Array.from(smoothK([2, 4, 4, 1, 2], { alpha: 0.5, rounding: 'floor' }).kHat)).toEqual([2, 3, 3, 2, 2]);
    expect(Array.from(smoothK([2, 4, 4, 1, 2], { alpha: 0.5, rounding: 'ceil' }).kHat)).toEqual([2, 3, 4, 3, 3]);
    // α = 0.25 on k_av = [1, 5, 5]: s = 1, 2, 2.75
    expect(Array.from(smoothK([1, 5, 5], { alpha: 0.25 }).smoothed)).toEqual([1, 2, 2.75]);
    // α = 1: no smoothing, just rounding (halves up)
    expect(Array.from(smoothK([1.5, 2.49, 7], { alpha: 1 }).kHat)).toEqual([2, 2, 7]);
    // default α = 0.5
    expect(smoothK([1, 2]).alpha).toBe(0.5);
  });

  it('bounds k̂ below by min and above by nUnique(t) without feeding back into s', () => {
    const r = smoothK([4, 4, 0.2, 0.2], { alpha: 0.5, nUnique: [2, 9, 9, 9] });
    expect(Array.from(r.smoothed)).toEqual([4, 4, 0.5 * 0.2 + 0.5 * 4, 0.5 * 0.2 + 0.5 * (0.5 * 0.2 + 0.5 * 4)]); // 4, 4, 2.1, 1.15
    expect(Array.from(r.kHat)).toEqual([2, 4, 2, 1]);
    expect(Array.from(smoothK([0.2, 0.2], { alpha: 1, min: 2 }).kHat)).toEqual([2, 2]);
  });

  it('rejects bad input', () => {
    expect(code(() => smoothK([], {}))).toMatch(/^E_INPUT_EMPTY: kAv is empty/);
    expect(code(() => smoothK([1, NaN]))).toMatch(/^E_INPUT_NAN: kAv\[1\] is NaN/);
    expect(code(() => smoothK([1], { alpha: 0 }))).toMatch(/^E_INPUT_RANGE: options.alpha is 0/);
    expect(code(() => smoothK([1], { alpha: 1.5 }))).toMatch(/^E_INPUT_RANGE: options.alpha is 1.5: expected a number in \[0, 1\]/);
    expect(code(() => smoothK([1], { rounding: 'up' as never }))).toMatch(/^E_INPUT_RANGE: options.rounding is "up"/);
    expect(code(() => smoothK([1], { min: 0 }))).toMatch(/^E_INPUT_RANGE: options.min is 0/);
    expect(code(() => smoothK([1, 2], { nUnique: [3] }))).toMatch(/^E_INPUT_SHAPE: options.nUnique has length 1: expected 2/);
    expect(code(() => smoothK([1, 2], { nUnique: [3, 0] }))).toMatch(/^E_INPUT_RANGE: options.nUnique\[1\] is 0/);
  });
});

// ---------------------------------------------------------------------------------------

describe('seriesOffset', () => {
  /** Step curve: level 1 before `at`, rising by 1 every 5 days to 10. */
  const steps = (T: number, at: number) => Array.from({ length: T }, (_, t) => Math.min(10, Math.max(1, 1 + Math.floor((t - at) / 5) + (t >= at ? 1 : 0))));

  it('recovers a planted lag of 7 days (deaths shifted: positive = Y lags X) and returns the curve', () => {
    const x = steps(100, 20);
    const y = steps(100, 27);
    const r = seriesOffset(x, y);
    expect(r.delta).toBe(7);
    expect(r.value).toBe(0);
    expect(r.deltas.length).toBe(121);
    expect(r.deltas[0]).toBe(-60);
    expect(r.objective[60 + 7]).toBe(0);
    expect(r.overlap[60 + 7]).toBe(93);
    expect(r.overlap[60 - 7]).toBe(93);
    // Swapping the curves flips the sign.
    expect(seriesOffset(y, x).delta).toBe(-7);
    // Hand check of one objective value: δ = 0 compares the same days.
    let s = 0;
    for (let t = 0; t < 100; t++) s += Math.abs(x[t] - y[t]);
    expect(r.objective[60]).toBe(s / 100);
    expect(seriesOffset(x, y, { normalise: false }).objective[60]).toBe(s);
  });

  it('ties go to the smallest |δ|, then to the negative δ', () => {
    // Constant curves: every shift gives 0.
    expect(seriesOffset([3, 3, 3, 3], [3, 3, 3, 3], { range: [-2, 2] }).delta).toBe(0);
    expect(seriesOffset([3, 3, 3, 3], [3, 3, 3, 3], { range: [1, 3] }).delta).toBe(1);
    // Alternating curves: δ = −1 and +1 both give 0, δ = 0 and ±2 give 1.
    const x = [1, 2, 1, 2, 1, 2, 1, 2];
    const y = [2, 1, 2, 1, 2, 1, 2, 1];
    const r = seriesOffset(x, y, { range: [-2, 2] });
    expect(Array.from(r.objective)).toEqual([1, 0, 1, 0, 1]);
    expect(r.delta).toBe(-1);
    expect(seriesOffset(x, y, { range: [-2, 2], minOverlap: 8 }).delta).toBe(0);
    // Normalised ties are compared exactly: 1/3 vs 2/6.
    expect(seriesOffset([0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 1], { range: [-3, 3] }).delta).toBe(-1);
  });

  it('handles curves of different lengths and rejects bad input', () => {
    expect(seriesOffset([1, 2, 3], [0, 0, 1, 2, 3, 4], { range: [-5, 5] }).delta).toBe(2);
    expect(code(() => seriesOffset([], [1]))).toMatch(/^E_INPUT_EMPTY: kX is empty/);
    expect(code(() => seriesOffset([1], [NaN]))).toMatch(/^E_INPUT_NAN: kY\[0\] is NaN/);
    expect(code(() => seriesOffset([1], [1], { range: [3, 1] }))).toMatch(/^E_INPUT_RANGE: options.range is \[3, 1\]: δmin must not exceed δmax/);
    expect(code(() => seriesOffset([1], [1], { range: [0.5, 1] }))).toMatch(/^E_INPUT_TYPE: options.range\[0\] must be an integer, got 0.5/);
    expect(code(() => seriesOffset([1], [1], { range: 3 as never }))).toMatch(/^E_INPUT_TYPE: options.range must be \[δmin, δmax\]/);
    expect(code(() => seriesOffset([1, 2], [1, 2], { range: [5, 9] }))).toMatch(/^E_INPUT_RANGE: options.range \[5, 9\] has no shift with at least 1 overlapping day/);
    expect(code(() => seriesOffset([1], [1], { normalise: 1 as never }))).toMatch(/^E_INPUT_TYPE: options.normalise must be true or false/);
    expect(code(() => seriesOffset([1], [1], { minOverlap: 0 }))).toMatch(/^E_INPUT_RANGE: options.minOverlap is 0/);
  });
});

// ---------------------------------------------------------------------------------------

describe('parity: the daily pipeline gives identical results on every backend', () => {
  const backends = parityBackends();
  it.runIf(backends.length >= 2)(`${backends.join(' vs ')}`, () => {
    const rng = new Xoshiro256(2020);
    const T = 12;
    const n = 40;
    const counts = new Float64Array(n * T);
    for (let i = 0; i < n; i++) {
      // cumulative-looking counts with many zeros early and repeated values
      let c = 0;
      for (let t = 0; t < T; t++) {
        if (rng.uniform() < 0.4) c += Math.floor(rng.uniform() ** 4 * 1000);
        counts[i * T + t] = c;
      }
    }
    const X = logCounts({ values: counts, T, n });
    const runs = backends.map((backend) => {
      const d = dailyClusters(X, { backend });
      const s = smoothK(d.kAv, { nUnique: d.nUnique });
      return { d, s, c: clusterDays(X, s.kHat, { backend }) };
    });
    const [a, b] = runs;
    expect(Array.from(a.d.nUnique)).toEqual(Array.from(b.d.nUnique));
    expect(Array.from(a.d.kAv)).toEqual(Array.from(b.d.kAv));
    for (let t = 0; t < T; t++) {
      expect(a.d.days[t].kByIndex).toEqual(b.d.days[t].kByIndex);
      for (const name of INDEX_NAMES) expect(maxRelDiff(a.d.days[t].indexValues[name], b.d.days[t].indexValues[name]), `${name} day ${t}`).toBeLessThanOrEqual(1e-9);
    }
    expect(Array.from(a.s.kHat)).toEqual(Array.from(b.s.kHat));
    expect(Array.from(a.c.labels)).toEqual(Array.from(b.c.labels));
    expect(Math.max(...a.s.kHat)).toBeGreaterThan(2); // the set is not trivial
  });
});

// ---------------------------------------------------------------------------------------

describe.each(backendsUnderTest())('embedded data 2019-12-31..2020-04-30 (%s)', (backend: BackendName) => {
  let series: CountrySeries;
  let cases: DailyClustersResult;
  let deaths: DailyClustersResult;
  beforeAll(async () => {
    series = await loadDefaultCountrySeries();
    cases = dailyClusters(logCounts(series.cases), { backend });
    deaths = dailyClusters(logCounts(series.deaths), { backend });
  });

  it('the distinct-value counts of the reference (section 1.4), after 0 → 1', () => {
    const at = (r: DailyClustersResult, date: string) => r.days.find((d) => d.date === date)!.nUnique;
    const raw = (p: Panel, date: string) => {
      const t = p.dates.indexOf(date);
      return countDistinct(p.regions.map((_, i) => p.values[i * p.dates.length + t]));
    };
    const dates = ['2020-01-15', '2020-02-15', '2020-03-01', '2020-04-30'];
    // The reference's table counts raw values: cases 3, 17, 33, 183; deaths 2, 3, 9, 101.
    expect(dates.map((d) => raw(series.cases, d))).toEqual([3, 17, 33, 183]);
    expect(dates.map((d) => raw(series.deaths, d))).toEqual([2, 3, 9, 101]);
    // Replacing 0 by 1 merges the zeros with the countries at exactly 1 case.
    expect(dates.map((d) => at(cases, d))).toEqual([2, 16, 32, 183]);
    expect(dates.map((d) => at(deaths, d))).toEqual([2, 2, 8, 100]);
  });

  it('k̂ for cases: 2 while China is alone (to 2020-01-16), never above 17; deaths reach k̂ = 1', () => {
    const sc = smoothK(cases.kAv, { nUnique: cases.nUnique });
    const sd = smoothK(deaths.kAv, { nUnique: deaths.nUnique });
    const dates = series.cases.dates;
    const lastTwo = dates.indexOf('2020-01-16');
    for (let t = 0; t <= lastTwo; t++) expect(sc.kHat[t], dates[t]).toBe(2);
    // China alone in the top (display 1) cluster on those days.
    const c = clusterDays(logCounts(series.cases), sc.kHat, { backend });
    const chn = series.cases.regions.indexOf('CHN');
    for (let t = 0; t <= lastTwo; t++) {
      const top: number[] = [];
      for (let i = 0; i < c.n; i++) if (c.display[t * c.n + i] === 1) top.push(i);
      expect(top, dates[t]).toEqual([chn]);
    }
    const kc = Array.from(sc.kHat);
    const kd = Array.from(sd.kHat);
    expect(Math.min(...kc)).toBe(2);
    expect(Math.max(...kc)).toBeGreaterThanOrEqual(14);
    expect(Math.max(...kc)).toBeLessThanOrEqual(17);
    expect(Math.min(...kd)).toBe(1);
    expect(Math.max(...kd)).toBeLessThanOrEqual(17);
    // Deaths: one distinct value (no deaths anywhere) until 2020-01-14, so k̂ = 1.
    for (let t = 0; t <= dates.indexOf('2020-01-14'); t++) expect(kd[t], dates[t]).toBe(1);
    expect(kd[dates.indexOf('2020-01-15')]).toBe(2);
    // The deaths curve lags the cases curve: positive δ, about a month.
    const off = seriesOffset(kc, kd);
    expect(off.delta).toBeGreaterThanOrEqual(25);
    expect(off.delta).toBeLessThanOrEqual(40);
    console.log(`[${backend}] k̂ cases ${Math.min(...kc)}..${Math.max(...kc)}, deaths ${Math.min(...kd)}..${Math.max(...kd)}, δ = ${off.delta} (α = 0.5)`);
  });

  it('every day k̂ ≤ nUnique and the indices never choose k above the cap', () => {
    for (const r of [cases, deaths]) {
      for (const d of r.days) {
        for (const name of INDEX_NAMES) {
          const k = d.kByIndex[name];
          if (k !== null) expect(k).toBeLessThanOrEqual(Math.min(20, name === 'kl' ? d.nUnique - 1 : d.nUnique));
        }
        expect(d.kAv).toBeGreaterThanOrEqual(1);
        expect(d.kAv).toBeLessThanOrEqual(20);
        expect(countDistinct(d.ks)).toBe(d.ks.length);
      }
    }
  });
});
