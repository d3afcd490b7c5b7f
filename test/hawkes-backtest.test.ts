// The walk-forward backtest (lib/hawkes/backtest-*.ts, county-subsets.ts): the paper's schedule,
// subsets by rank, pooled scores, and the driver on real paper-era data (60 large counties, a
// short protocol) — truths and persistence against the raw panel, no leakage of data after a
// cut-off, the same result at any concurrency, on both backends.
import '../lib/index.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCountyTable } from '../lib/data/load-county-table.js';
import { loadGoogleMobility, type CountyMobility } from '../lib/data/load-google-mobility.js';
import { loadWideCountySeries } from '../lib/data/load-wide-county-series.js';
import type { Panel } from '../lib/data/panel.js';
import type { Table } from '../lib/data/table.js';
import { backtestCutoffs } from '../lib/hawkes/backtest-cutoffs.js';
import { backtestHawkes, type HawkesBacktestOptions, type HawkesBacktestResult } from '../lib/hawkes/backtest-hawkes.js';
import { scoreBacktest } from '../lib/hawkes/backtest-scores.js';
import { countySubsets } from '../lib/hawkes/county-subsets.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, parityBackends } from './helpers/backends.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('backtestCutoffs', () => {
  it("the paper's protocol: 7-day windows from 2020-04-15 through 2020-05-19; 3- and 5-day windows the same way", () => {
    expect(backtestCutoffs('2020-04-15', '2020-05-19', 7)).toEqual(['2020-04-15', '2020-04-22', '2020-04-29', '2020-05-06', '2020-05-13']);
    const three = backtestCutoffs('2020-04-15', '2020-05-19', 3);
    expect(three.length).toBe(11);
    expect(three[10]).toBe('2020-05-15');
    expect(backtestCutoffs('2020-04-15', '2020-05-19', 5)).toEqual(['2020-04-15', '2020-04-20', '2020-04-25', '2020-04-30', '2020-05-05', '2020-05-10', '2020-05-15']);
    expect(backtestCutoffs('2020-12-30', '2021-01-05', 7)).toEqual(['2020-12-30']);
  });
  it('bad dates, horizons and empty schedules are errors naming the argument', () => {
    expect(() => backtestCutoffs('2020-04-31', '2020-05-19', 7)).toThrow(/first is "2020-04-31"/);
    expect(() => backtestCutoffs('2020-04-15', '2020-05-19', 0)).toThrow(/horizon/);
    expect(() => backtestCutoffs('2020-05-15', '2020-05-19', 7)).toThrow(/no 7-day window fits/);
  });
});

describe('countySubsets', () => {
  it('matches ranks computed by brute force (ties by index) on random totals', () => {
    const rng = new Xoshiro256(7);
    for (let trial = 0; trial < 50; trial++) {
      const C = 1 + Math.floor(rng.uniform() * 60);
      const totals = Array.from({ length: C }, () => Math.floor(rng.uniform() * 8));
      const s = countySubsets(totals);
      const rankOf = (i: number) => totals.filter((v, j) => v > totals[i] || (v === totals[i] && j < i)).length;
      const expected = (a: number, b: number) => totals.map((_, i) => i).filter((i) => rankOf(i) >= Math.ceil(a * C) && rankOf(i) < Math.ceil(b * C));
      expect([...s.get('top10')!].sort((x, y) => x - y)).toEqual(expected(0, 0.1));
      expect([...s.get('top25')!].sort((x, y) => x - y)).toEqual(expected(0, 0.25));
      expect([...s.get('25-50')!].sort((x, y) => x - y)).toEqual(expected(0.25, 0.5));
      expect(s.get('all')!.length).toBe(C);
    }
  });
  it('errors: empty, NaN, unknown subset', () => {
    expect(() => countySubsets([])).toThrow(expect.objectContaining({ code: 'E_INPUT_EMPTY' }));
    expect(() => countySubsets([1, NaN])).toThrow(expect.objectContaining({ code: 'E_INPUT_NAN' }));
    expect(() => countySubsets([1, 2], ['top5' as never])).toThrow(/top5/);
  });
});

describe('scoreBacktest', () => {
  it('pools counties and windows for MAE and PE, averages NDCG over windows, scores intervals only for probabilistic forecasts', () => {
    const subsets = new Map([['all' as const, Int32Array.of(0, 1)]]);
    const truths = [
      { horizon: 3, cutoff: 'a', truth: Float64Array.of(10, 0) },
      { horizon: 3, cutoff: 'b', truth: Float64Array.of(4, 6) },
    ];
    const q = (m: number) => [m - 3, m - 2, m - 1, m, m + 1, m + 2, m + 3];
    const forecasts = [
      { model: 'p', horizon: 3, cutoff: 'a', mean: Float64Array.of(8, 1) },
      { model: 'p', horizon: 3, cutoff: 'b', mean: Float64Array.of(4, 9) },
      { model: 'h', horizon: 3, cutoff: 'a', mean: Float64Array.of(10, 0), quantiles: Float64Array.from([...q(10), ...q(0)]) },
      { model: 'h', horizon: 3, cutoff: 'b', mean: Float64Array.of(4, 6), quantiles: Float64Array.from([...q(4), ...q(6)]) },
    ];
    const { scores, windows } = scoreBacktest(forecasts, truths, subsets, 'cases');
    const p = scores.find((s) => s.model === 'p')!;
    expect(p.mae).toBeCloseTo((2 + 1 + 0 + 3) / 4, 12);
    expect(p.pe).toBeCloseTo((100 * 6) / 20, 12);
    expect(p.coverage95).toBeNull();
    expect(p.windows).toBe(2);
    // window a: truth (10, 0), score (8, 1) ranks county 0 first: NDCG 1; window b: truth (4, 6), score (4, 9): 1.
    expect(p.ndcg).toBeCloseTo(1, 12);
    const h = scores.find((s) => s.model === 'h')!;
    expect(h.mae).toBe(0);
    expect(h.coverage50).toBe(1);
    expect(h.wis).toBeCloseTo(0.5 * ((0.05 / 2) * 6 + (0.2 / 2) * 4 + (0.5 / 2) * 2) / 3.5 / 0.5, 12);
    expect(windows.filter((w) => w.model === 'p').map((w) => w.mae)).toEqual([1.5, 1.5]);
  });
});

describe('backtestHawkes on paper-era data (60 large counties)', () => {
  let cases: Panel;
  let mobility: CountyMobility;
  let covariates: Table;
  let counties: string[];
  const options = (extra: Partial<HawkesBacktestOptions> = {}): HawkesBacktestOptions => ({
    models: ['hawkes-constant', 'hawkes-mobility', 'persistence', 'clep'],
    horizons: [3, 7],
    firstCutoff: '2020-04-15',
    lastDay: '2020-04-28',
    realisations: 40,
    maxIter: 30,
    seed: 5,
    counties,
    concurrency: 1,
    ...extra,
  });
  const data = () => ({ target: 'cases' as const, counts: cases, countsKind: 'daily' as const, mobility, covariates });
  const raw = (fips: string, date: string) => cases.values[cases.regions.indexOf(fips) * cases.dates.length + cases.dates.indexOf(date)];
  const day = (iso: string, k: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + k * 86400000).toISOString().slice(0, 10);

  beforeAll(async () => {
    const dir = join(root, 'data', 'us-counties-nyt', 'paper-era');
    cases = (await loadWideCountySeries(join(dir, 'NYT_Dconfirmed.csv'), { kind: 'daily', quantity: 'cases' })).panel;
    covariates = (await loadCountyTable(join(dir, 'Demo_Dconfirmed.csv'))).table;
    mobility = (await loadGoogleMobility(join(root, 'data', 'us-counties-mobility', 'mobility-paper-era.csv'), { end: '2020-05-13' })).mobility;
    const T = cases.dates.length;
    const totals = cases.regions.map((f, r) => [f, cases.values.subarray(r * T, (r + 1) * T).reduce((a, b) => a + b, 0)] as const);
    const withCovariates = new Set(covariates.regions);
    counties = totals.filter(([f]) => withCovariates.has(f)).sort((a, b) => b[1] - a[1]).slice(0, 60).map(([f]) => f);
  }, 60000);

  describe.each(backendsUnderTest())('on %s', (backend) => {
    let result: HawkesBacktestResult;
    beforeAll(async () => {
      result = await backtestHawkes(data(), options({ backend }));
    }, 120000);

    it('windows, truths (from the raw panel) and persistence forecasts (last-week mean × h) are right', () => {
      expect(result.cutoffs).toEqual([
        { horizon: 3, cutoffs: ['2020-04-15', '2020-04-18', '2020-04-21', '2020-04-24'] },
        { horizon: 7, cutoffs: ['2020-04-15', '2020-04-22'] },
      ]);
      expect(result.fips).toEqual([...counties].sort());
      expect(result.rankDate).toBe('2020-04-29');
      for (const t of result.truths) {
        result.fips.forEach((f, c) => {
          let s = 0;
          for (let k = 0; k < t.horizon; k++) s += raw(f, day(t.cutoff, k));
          expect(t.truth[c]).toBe(s);
        });
      }
      for (const f of result.forecasts.filter((x) => x.model === 'persistence')) {
        result.fips.forEach((fips, c) => {
          let s = 0;
          for (let k = 1; k <= 7; k++) s += raw(fips, day(f.cutoff, -k));
          expect(f.mean[c]).toBeCloseTo((s / 7) * f.horizon, 9);
        });
      }
    });

    it('scores recompute from the stored forecasts; every Hawkes forecast has ordered quantiles; fits are recorded per cut-off', () => {
      const all = result.scores.filter((s) => s.subset === 'all');
      expect(all.length).toBe(4 * 2);
      for (const s of all) {
        const fs = result.forecasts.filter((f) => f.model === s.model && f.horizon === s.horizon);
        let abs = 0;
        let n = 0;
        for (const f of fs) {
          const t = result.truths.find((x) => x.horizon === f.horizon && x.cutoff === f.cutoff)!;
          for (let c = 0; c < t.truth.length; c++, n++) abs += Math.abs(f.mean[c] - t.truth[c]);
        }
        expect(s.mae).toBeCloseTo(abs / n, 9);
      }
      for (const f of result.forecasts.filter((x) => x.model.startsWith('hawkes'))) {
        for (let c = 0; c < result.fips.length; c++) for (let q = 1; q < 7; q++) expect(f.quantiles![c * 7 + q]).toBeGreaterThanOrEqual(f.quantiles![c * 7 + q - 1]);
      }
      expect(result.fits.map((f) => `${f.model} ${f.cutoff}`).sort()).toEqual(
        ['2020-04-15', '2020-04-18', '2020-04-21', '2020-04-22', '2020-04-24'].flatMap((c) => [`hawkes-constant ${c}`, `hawkes-mobility ${c}`]).sort(),
      );
      expect(result.fits.find((f) => f.model === 'hawkes-mobility')!.coefficientNames).toContain('mobility:retail');
    });

    it('no leakage: changing every count from 2020-04-22 on leaves the forecasts of earlier windows bit-identical', async () => {
      const changed: Panel = { ...cases, values: cases.values.slice() };
      const from = cases.dates.indexOf('2020-04-22');
      const T = cases.dates.length;
      for (let r = 0; r < cases.regions.length; r++) for (let t = from; t < T; t++) changed.values[r * T + t] = 3 * cases.values[r * T + t] + 1;
      const other = await backtestHawkes({ ...data(), counts: changed }, options({ backend }));
      for (const f of result.forecasts) {
        const g = other.forecasts.find((x) => x.model === f.model && x.horizon === f.horizon && x.cutoff === f.cutoff)!;
        if (f.cutoff < '2020-04-22') {
          expect(Array.from(g.mean)).toEqual(Array.from(f.mean));
          if (f.quantiles) expect(Array.from(g.quantiles!)).toEqual(Array.from(f.quantiles));
        }
      }
      expect(other.forecasts.find((x) => x.model === 'persistence' && x.cutoff === '2020-04-24')!.mean).not.toEqual(result.forecasts.find((x) => x.model === 'persistence' && x.cutoff === '2020-04-24')!.mean);
    }, 120000);

    it('the same result in worker threads (concurrency 2) as inline', async () => {
      const pooled = await backtestHawkes(data(), options({ backend, concurrency: 2 }));
      expect(pooled.scores).toEqual(result.scores);
      expect(pooled.forecasts.map((f) => Array.from(f.mean))).toEqual(result.forecasts.map((f) => Array.from(f.mean)));
    }, 120000);
  });

  it('native and wasm give the same backtest', async () => {
    const backends = parityBackends();
    if (backends.length < 2) return;
    const [a, b] = await Promise.all(backends.map((backend) => backtestHawkes(data(), options({ backend, models: ['hawkes-constant'], horizons: [7] }))));
    expect(b.scores).toEqual(a.scores);
  }, 120000);

  it('bad input: windows beyond the data, models the data cannot support, bad options', async () => {
    await expect(backtestHawkes(data(), options({ lastDay: '2020-06-30' }))).rejects.toThrow(/options.lastDay 2020-06-30 is after the last date of the counts \(2020-05-20\)/);
    await expect(backtestHawkes({ ...data(), mobility: undefined }, options())).rejects.toThrow(/hawkes-mobility but data.mobility is missing/);
    await expect(backtestHawkes(data(), options({ horizons: [3, 3] }))).rejects.toThrow(/options.horizons lists a horizon twice/);
    await expect(backtestHawkes(data(), options({ models: ['hawkes-magic' as never] }))).rejects.toMatchObject({ code: 'E_INPUT_RANGE', message: expect.stringContaining('options.models[0]') });
    await expect(backtestHawkes(data(), options({ firstCutoff: '2020-02-16', start: '2020-02-15', models: ['persistence'] }))).rejects.toThrow(/leaves 1 training day/);
    await expect(backtestHawkes(data(), options({ counties: ['99999'] }))).rejects.toThrow(/99999/);
    await expect(backtestHawkes(data(), options({ lag: 5 }))).rejects.toThrow(/options.lag is 5 but the longest horizon is 7/);
  });
});
