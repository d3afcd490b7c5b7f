// `epikit forecast` and `epikit backtest` as functions (runForecast, runBacktest) on the embedded
// paper-era data cut to a few large counties, a user's NYT long file, and bad input; and
// fitHawkesAsync (the fit in a worker thread) against fitHawkes.
import '../lib/index.js';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKTEST_DEFAULTS, runBacktest } from '../lib/cli/backtest.js';
import { FORECAST_DEFAULTS, runForecast, type ForecastCliOptions } from '../lib/cli/forecast.js';
import { fitHawkes } from '../lib/hawkes/fit-hawkes.js';
import { fitHawkesAsync } from '../lib/hawkes/fit-hawkes-async.js';
import { backendsUnderTest } from './helpers/backends.js';

// Ten of the largest counties of the paper-era data (Cook, Los Angeles, Nassau, Suffolk, Westchester, …).
const COUNTIES = '17031,06037,36059,36103,36119,34003,34013,34017,26163,25017';
const out = () => mkdtempSync(join(tmpdir(), 'epikit-hawkes-cli-'));
const forecastOptions = (extra: Partial<ForecastCliOptions> = {}): ForecastCliOptions => ({
  ...FORECAST_DEFAULTS,
  counties: COUNTIES,
  horizon: '5',
  realisations: '60',
  maxIter: '40',
  concurrency: '1',
  out: out(),
  progress: false,
  ...extra,
});

describe.each(backendsUnderTest())('epikit forecast on %s', (backend) => {
  it('embedded data: full model fitted, forecast written as result.json and a self-contained report.html', async () => {
    const run = await runForecast(forecastOptions({ backend }));
    const json = JSON.parse(readFileSync(run.written.json, 'utf8'));
    expect(json.fit.variant).toBe('full');
    expect(json.fit.coefficients.map((c: { name: string }) => c.name)).toContain('mobility:retail');
    expect(json.fit.coefficients.map((c: { name: string }) => c.name)).not.toContain('mobility:workplaces');
    expect(json.forecast.dates).toEqual(['2020-05-21', '2020-05-22', '2020-05-23', '2020-05-24', '2020-05-25']);
    expect(json.forecast.counties.length).toBe(10);
    for (const c of json.forecast.counties) {
      const sum = c.mean.reduce((a: number, b: number) => a + b, 0);
      expect(c.totalMean).toBeCloseTo(sum, 9);
      expect(c.totalQuantiles[0]).toBeLessThanOrEqual(c.totalQuantiles[6]);
    }
    const html = readFileSync(run.written.html!, 'utf8');
    expect(html).toContain('Cook');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(run.summary.join('\n')).toMatch(/wrote .*result\.json/);
  }, 120000);
});

describe('epikit forecast: options and bad input', () => {
  it('the same forecast from the same seed; a different seed changes it', async () => {
    const a = await runForecast(forecastOptions({ variant: 'constant', report: false }));
    const b = await runForecast(forecastOptions({ variant: 'constant', report: false, concurrency: '2' }));
    const c = await runForecast(forecastOptions({ variant: 'constant', report: false, seed: '9' }));
    expect(Array.from(b.forecast.mean)).toEqual(Array.from(a.forecast.mean));
    expect(Array.from(c.forecast.mean)).not.toEqual(Array.from(a.forecast.mean));
  }, 120000);

  it('--lag a..b chooses Δ by likelihood: one fit per lag on the same window, the best kept', async () => {
    const run = await runForecast(forecastOptions({ lag: '12..14', report: false }));
    const selection = run.result.input as { lagSelection: { lag: number; logLikelihood: number }[] };
    expect(selection.lagSelection.map((x) => x.lag)).toEqual([12, 13, 14]);
    const best = selection.lagSelection.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
    expect(run.fit.lag).toBe(best.lag);
    expect(run.fit.logLikelihood).toBe(best.logLikelihood);
    expect(new Set(selection.lagSelection.map((x) => x.logLikelihood)).size).toBe(3);
    await expect(runForecast(forecastOptions({ lag: '14..12' }))).rejects.toThrow(/--lag is "14..12"/);
  }, 120000);

  it('a horizon beyond the mobility data, a bad target, lag, county or variant: EpikitError naming the option', async () => {
    await expect(runForecast(forecastOptions({ horizon: '20' }))).rejects.toMatchObject({ code: 'E_INPUT_RANGE', message: expect.stringContaining('options.horizon') });
    await expect(runForecast(forecastOptions({ target: 'recoveries' as never }))).rejects.toThrow(/--target is "recoveries"/);
    await expect(runForecast(forecastOptions({ lag: 'two' }))).rejects.toThrow(/--lag is "two"/);
    await expect(runForecast(forecastOptions({ counties: '17031,99999' }))).rejects.toThrow(/99999/);
    await expect(runForecast(forecastOptions({ mobility: false, variant: 'full' }))).rejects.toThrow(/--variant full needs mobility/);
    await expect(runForecast(forecastOptions({ end: '2020-13-01' }))).rejects.toThrow(/--end is "2020-13-01"/);
  }, 60000);

  it("a user's NYT long file: read from the header, cumulative → daily; a county without covariates is an error unless dropped", async () => {
    const dir = out();
    const rows = ['date,county,state,fips,cases,deaths'];
    const start = Date.parse('2020-03-01T00:00:00Z');
    for (let d = 0; d < 40; d++) {
      const date = new Date(start + d * 86400000).toISOString().slice(0, 10);
      rows.push(`${date},A,S,01001,${Math.round(3 * 1.08 ** d)},${Math.floor(d / 4)}`);
      rows.push(`${date},B,S,01003,${Math.round(5 * 1.05 ** d)},${Math.floor(d / 6)}`);
      rows.push(`${date},C,S,01005,${2 * d},0`);
    }
    writeFileSync(join(dir, 'us-counties.csv'), `${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'covariates.csv'), 'fips,name,age\n01001,A,30\n01003,B,40\n');
    const base = forecastOptions({ data: join(dir, 'us-counties.csv'), covariates: join(dir, 'covariates.csv'), counties: undefined, horizon: '3' });
    await expect(runForecast(base)).rejects.toThrow(/01005/);
    const run = await runForecast({ ...base, missingCovariates: 'drop' });
    expect(run.inputs.fips).toEqual(['01001', '01003']);
    expect(run.fit.variant).toBe('demographics');
    expect(run.inputs.report.dropped.map((d) => d.fips)).toEqual(['01005']);
    const deaths = await runForecast({ ...base, target: 'deaths', covariates: false });
    expect(deaths.fit.variant).toBe('constant');
    expect(deaths.inputs.dates.length).toBe(40);
  }, 120000);
});

describe('epikit backtest', () => {
  it('a short protocol on the embedded data: tables in result.json, report.html and Markdown', async () => {
    const dir = out();
    const run = await runBacktest({
      ...BACKTEST_DEFAULTS,
      targets: 'cases,deaths',
      models: 'hawkes-constant,hawkes-mobility,persistence',
      horizons: '3',
      firstCutoff: '2020-05-10',
      lastDay: '2020-05-15',
      counties: COUNTIES,
      realisations: '30',
      maxIter: '30',
      concurrency: '1',
      out: dir,
      markdown: join(dir, 'backtest.md'),
      progress: false,
    });
    expect(run.results.map((r) => r.target)).toEqual(['cases', 'deaths']);
    const md = readFileSync(join(dir, 'backtest.md'), 'utf8');
    expect(md).toContain('### Confirmed cases');
    expect(md).toContain('### Deaths');
    expect(md).toContain('| 3 | top 10 % | Hawkes (constant R) |');
    expect(md).toContain('MAE change against constant-R Hawkes');
    const json = JSON.parse(readFileSync(run.written.json, 'utf8'));
    expect(json.results[0].cutoffs).toEqual([{ horizon: 3, cutoffs: ['2020-05-10', '2020-05-13'] }]);
    expect(existsSync(run.written.html!)).toBe(true);
  }, 180000);

  it('bad input names the option', async () => {
    const base = { ...BACKTEST_DEFAULTS, counties: COUNTIES, progress: false, out: out() };
    await expect(runBacktest({ ...base, targets: 'cases,recovered' })).rejects.toThrow(/--targets/);
    await expect(runBacktest({ ...base, models: 'hawkes-constant,oracle' })).rejects.toThrow(/--models/);
    await expect(runBacktest({ ...base, horizons: '3,,7' })).rejects.toThrow(/--horizons/);
    await expect(runBacktest({ ...base, lastDay: '2020-06-30', targets: 'cases' })).rejects.toThrow(/after the last date of the counts/);
  }, 60000);
});

describe('fitHawkesAsync', () => {
  it('gives the fit of fitHawkes, computed in a worker thread; an aborted signal rejects with E_ABORTED', async () => {
    const counts = Float64Array.from({ length: 3 * 30 }, (_, i) => ((i * 7919) % 13) % 5);
    const inputs = { fips: ['01001', '01003', '01005'], dates: Array.from({ length: 30 }, (_, t) => `2020-03-${String(t + 1).padStart(2, '0')}`), counts };
    const sync = fitHawkes(inputs, { variant: 'constant', maxIter: 20 });
    const async = await fitHawkesAsync(inputs, { variant: 'constant', maxIter: 20 });
    expect(Array.from(async.theta)).toEqual(Array.from(sync.theta));
    expect(async.logLikelihoodHistory).toEqual(sync.logLikelihoodHistory);
    const x = new Float64Array(async.design.names.length);
    async.design.row(0, 3, x);
    expect(Array.from(x)).toEqual([1]);
    const controller = new AbortController();
    controller.abort();
    await expect(fitHawkesAsync(inputs, { signal: controller.signal })).rejects.toMatchObject({ code: 'E_ABORTED' });
  }, 60000);
});
