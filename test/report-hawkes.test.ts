// The Hawkes forecast / backtest report: report data from library results
// (hawkesForecastReportData: growth = forecast / observed, fan-chart counties, R and lagged
// mobility alignment, quantiles per county, coefficient rows), a self-contained HTML file (no
// outside URLs, data block, topology only with a forecast, user strings escaped, any section
// missing) and result.json (typed arrays as arrays, NaN as null). The browser side is checked by
// test/browser/hawkes-report-check.mjs.
import '../lib/index.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CountyHawkesInputs } from '../lib/hawkes/county-inputs.js';
import { fitHawkes, type HawkesFit } from '../lib/hawkes/fit-hawkes.js';
import { forecastHawkes, type HawkesForecast } from '../lib/hawkes/forecast-hawkes.js';
import { drawHawkesReport } from '../lib/report/client/draw-hawkes.js';
import { drawCountyMap } from '../lib/report/client/county-map.js';
import {
  HAWKES_DATA_ID,
  hawkesForecastReportData,
  hawkesReportCoefficients,
  hawkesReportHtml,
  hawkesResultJson,
  twoSidedNormalP,
  writeHawkesReport,
  type HawkesReportData,
} from '../lib/report/hawkes-report.js';
import { COUNTY_TOPOLOGY_ID } from '../lib/report/signals-report.js';

const tmp = mkdtempSync(join(tmpdir(), 'epikit-hawkes-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EVIL = '<script>alert(1)</script>';

/**
 * 3 counties × 10 days (2020-04-01..10), 2 mobility types with a lead of 3 days, Δ = 1, horizon 2.
 * Observed totals of the last 2 days: 10, 0, 20; forecast mean totals 13, 2, 60.
 */
function synthetic(): { fit: HawkesFit; inputs: CountyHawkesInputs; forecast: HawkesForecast } {
  const C = 3;
  const T = 10;
  const h = 2;
  const K = 2;
  const lead = 3;
  const Tm = T + lead;
  const counts = new Float64Array(C * T);
  for (let t = 0; t < T; t++) {
    counts[0 * T + t] = 5;
    counts[1 * T + t] = t < T - 2 ? 3 : 0;
    counts[2 * T + t] = 10;
  }
  const mobility = new Float64Array(C * Tm * K);
  for (let c = 0; c < C; c++) for (let m = 0; m < Tm; m++) for (let k = 0; k < K; k++) mobility[(c * Tm + m) * K + k] = (c * 100 + m) * 10 + k;
  const dates = Array.from({ length: T }, (_, t) => `2020-04-${String(t + 1).padStart(2, '0')}`);
  const mobilityDates = [...['2020-03-29', '2020-03-30', '2020-03-31'], ...dates];
  const inputs: CountyHawkesInputs = {
    fips: ['01001', '06037', '36061'],
    names: ['Autauga, Alabama', `Los Angeles ${EVIL}`, 'New York, New York'],
    dates,
    quantity: 'new_cases',
    counts,
    mobilityTypes: ['retail', 'parks'],
    mobilityDates,
    mobility,
    covariateNames: ['x'],
    covariates: Float64Array.from([-1, 0, 1]),
    covariateMean: Float64Array.from([0]),
    covariateSd: Float64Array.from([1]),
    report: {
      counties: { input: 4, kept: 3 },
      dropped: [{ fips: '99999', name: EVIL, reasons: ['no-covariates', 'no-mobility'], detail: 'no covariate row; no mobility row' }],
      clipped: { days: 2, byCounty: [{ region: '01001', name: 'Autauga, Alabama', days: 2, amount: 3 }] },
      mobility: { imputedSameDay: [4, 1], imputedByMean: [0, 1], filledDays: 2, filledDaysByCounty: [{ fips: '06037', days: 2 }], observed: [70, 73] },
      zeroSdCovariates: ['constant_column'],
    },
  };
  const r = new Float64Array(C * T);
  for (let c = 0; c < C; c++) for (let t = 0; t < T; t++) r[c * T + t] = 1 + c / 10 + t / 100;
  const fit = {
    variant: 'full',
    lag: 1,
    psi: 0,
    L: 5,
    truncationMass: 0.01,
    coefficientNames: ['intercept', 'mobility:retail', 'mobility:parks', 'x'],
    theta: Float64Array.from([0.1, -0.2, 0.3, 0]),
    standardErrors: Float64Array.from([0.05, NaN, 0.3, 0]),
    standardErrorsCompleteData: Float64Array.from([0.04, 0.1, 0.2, 0.1]),
    shape: 2,
    scale: 3,
    shapeStandardError: 0.1,
    scaleStandardError: NaN,
    muStandardErrors: new Float64Array(C),
    w: new Float64Array(5),
    mu: Float64Array.from([0.5, 0.2, 1]),
    r,
    lambda: new Float64Array(C * T),
    logLikelihood: -100,
    logLikelihoodHistory: [-120, -100],
    iterations: 10,
    extrapolations: 2,
    converged: true,
    design: {} as HawkesFit['design'],
  } as HawkesFit;
  const mean = Float64Array.from([6, 7, 1, 1, 30, 30]);
  const quantiles = new Float64Array(C * h * 7);
  for (let c = 0; c < C; c++) for (let k = 0; k < h; k++) for (let i = 0; i < 7; i++) quantiles[(c * h + k) * 7 + i] = c * 100 + k * 10 + i;
  // running-total quantiles: 1000 + county·100 + day·10 + level (distinct from the daily ones)
  const cumulativeQuantiles = quantiles.map((v) => v + 1000);
  const forecast = { horizon: h, realisations: 50, mean, quantiles, cumulativeQuantiles, r: Float64Array.from([2, 2.5, 3, 3.5, 4, 4.5]) } as HawkesForecast;
  return { fit, inputs, forecast };
}

describe('hawkesForecastReportData', () => {
  const { fit, inputs, forecast } = synthetic();
  const data = hawkesForecastReportData(fit, inputs, forecast, { seed: 7, topCounties: 2, observedDays: 4, source: 'synthetic', generated: '2020-01-01T00:00:00Z', notes: ['extra note'] });

  it('maps every county: observed total of the last horizon days, forecast mean total, growth = forecast / observed (null when 0)', () => {
    const f = data.forecast!;
    expect(f.map.fips).toEqual(['01001', '06037', '36061']);
    expect(f.map.observed).toEqual([10, 0, 20]);
    expect(f.map.forecast).toEqual([13, 2, 60]);
    expect(f.map.growth).toEqual([1.3, null, 3]);
    expect(f.map.names[1]).toBe(`Los Angeles ${EVIL}`);
  });

  it('fan-chart counties: the largest forecast totals with observed days, mean, quantiles per day, R over window + horizon, lagged mobility', () => {
    const f = data.forecast!;
    expect(f.target).toBe('cases');
    expect(f.horizon).toBe(2);
    expect(f.realisations).toBe(50);
    expect(f.seed).toBe(7);
    expect(f.dates).toEqual(['2020-04-11', '2020-04-12']);
    expect(f.observedDates).toEqual(['2020-04-07', '2020-04-08', '2020-04-09', '2020-04-10']);
    expect(f.rDates).toEqual(inputs.dates);
    expect(f.quantileLevels).toEqual([0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975]);
    expect(f.mobilityTypes).toEqual(['retail', 'parks']);
    expect(f.counties.map((c) => c.fips)).toEqual(['36061', '01001']);
    const [ny, autauga] = f.counties;
    expect(ny.observed).toEqual([10, 10, 10, 10]);
    expect(ny.mean).toEqual([30, 30]);
    expect(ny.quantiles).toEqual([
      [200, 201, 202, 203, 204, 205, 206],
      [210, 211, 212, 213, 214, 215, 216],
    ]);
    expect(autauga.quantiles[1]).toEqual([10, 11, 12, 13, 14, 15, 16]);
    // the window total's quantiles: the running totals after the last forecast day (k = h − 1 = 1)
    expect(ny.totalQuantiles).toEqual([1210, 1211, 1212, 1213, 1214, 1215, 1216]);
    expect(autauga.totalQuantiles).toEqual([1010, 1011, 1012, 1013, 1014, 1015, 1016]);
    // R: fitted 1 + c/10 + t/100 (c = 2) then the forecast's R.
    expect(ny.r).toHaveLength(12);
    expect(ny.r.slice(0, 3)).toEqual([1.2, 1.21, 1.22]);
    expect(ny.r.slice(10)).toEqual([4, 4.5]);
    // Mobility Δ = 1 day earlier: R on day t (window index) sees mobility date index lead + t − Δ = 2 + t.
    expect(ny.laggedMobility).toHaveLength(2);
    expect(ny.laggedMobility[0][0]).toBe((200 + 2) * 10);
    expect(ny.laggedMobility[1][0]).toBe((200 + 2) * 10 + 1);
    expect(ny.laggedMobility[0][10]).toBe((200 + 12) * 10); // first forecast day: the last mobility date
    expect(ny.laggedMobility[0][11]).toBeNull(); // beyond the mobility data
    expect(f.mobilityTypes.length).toBe(ny.laggedMobility.length);
  });

  it('fit: coefficient rows (SE null when NaN, z and two-sided p), kernel, window; dropped counties and notes from inputs.report', () => {
    const fd = data.fit!;
    expect(fd.variant).toBe('full');
    expect(fd.coefficients.map((c) => c.name)).toEqual(['intercept', 'mobility:retail', 'mobility:parks', 'x']);
    expect(fd.coefficients[0]).toMatchObject({ estimate: 0.1, standardError: 0.05 });
    expect(fd.coefficients[0].z).toBeCloseTo(2, 12);
    expect(fd.coefficients[0].p).toBeCloseTo(0.0455002638963584, 10);
    expect(fd.coefficients[1]).toMatchObject({ standardError: null, z: null, p: null });
    expect(fd.coefficients[2].z).toBeCloseTo(1, 12);
    expect(fd.coefficients[2].p).toBeCloseTo(0.31731050786291415, 10);
    expect(fd.coefficients[3]).toMatchObject({ standardError: 0, z: null, p: null });
    expect(fd).toMatchObject({ lag: 1, psi: 0, shape: 2, scale: 3, shapeStandardError: 0.1, scaleStandardError: null, L: 5, truncationMass: 0.01, logLikelihood: -100, iterations: 10, converged: true, start: '2020-04-01', end: '2020-04-10', counties: 3 });
    expect(data.dropped).toEqual([{ fips: '99999', name: EVIL, reasons: ['no-covariates', 'no-mobility'], detail: 'no covariate row; no mobility row' }]);
    expect(data.notes[0]).toBe('3 of 4 counties kept; 1 dropped (listed below).');
    expect(data.notes.some((n) => n.startsWith('2 negative daily corrections') && n.includes('1 county'))).toBe(true);
    expect(data.notes.some((n) => n.includes('5 missing values imputed') && n.includes('retail 4, parks 1'))).toBe(true);
    expect(data.notes.some((n) => n.includes('2 county-days'))).toBe(true);
    expect(data.notes.some((n) => n.includes('constant_column'))).toBe(true);
    expect(data.notes[data.notes.length - 1]).toBe('extra note');
    expect(data).toMatchObject({ title: 'Hawkes forecast of daily cases', source: 'synthetic', generated: '2020-01-01T00:00:00Z' });
    expect(data.backtest).toBeUndefined();
  });

  it('deaths by quantity, defaults, no mobility, and a mismatch throws', () => {
    const s = synthetic();
    const noMob = { ...s.inputs, quantity: 'new_deaths', mobilityTypes: [], mobilityDates: [], mobility: new Float64Array(0) } as CountyHawkesInputs;
    const d = hawkesForecastReportData(s.fit, noMob, s.forecast);
    expect(d.forecast!.target).toBe('deaths');
    expect(d.forecast!.counties).toHaveLength(3); // default 12, capped at C
    expect(d.forecast!.observedDates).toHaveLength(10); // default 28, capped at T
    expect(d.forecast!.mobilityTypes).toEqual([]);
    expect(d.forecast!.counties[0].laggedMobility).toEqual([]);
    expect(d.forecast!.seed).toBe(0);
    expect(() => hawkesForecastReportData(s.fit, s.inputs, { ...s.forecast, mean: new Float64Array(5) })).toThrow(/do not belong together/);
    expect(() => hawkesForecastReportData(s.fit, s.inputs, { ...s.forecast, cumulativeQuantiles: new Float64Array(7) })).toThrow(/do not belong together/);
  });

  it('works on a real (tiny) fit and forecast: shapes per county', () => {
    const s = synthetic();
    const counts = new Float64Array(3 * 10);
    for (let i = 0; i < counts.length; i++) counts[i] = (i * 7) % 5 + (i % 10);
    const inputs = { ...s.inputs, counts, mobilityTypes: [], mobilityDates: [], mobility: new Float64Array(0), covariateNames: [], covariates: new Float64Array(0) } as CountyHawkesInputs;
    const fit = fitHawkes(inputs, { variant: 'constant', maxIter: 20 });
    const forecast = forecastHawkes(fit, inputs, { horizon: 3, realisations: 20, seed: 3 });
    const d = hawkesForecastReportData(fit, inputs, forecast, { seed: 3 });
    expect(d.fit!.coefficients.map((c) => c.name)).toEqual(['intercept']);
    for (const c of d.forecast!.counties) {
      expect(c.mean).toHaveLength(3);
      expect(c.quantiles).toHaveLength(3);
      for (const q of c.quantiles) {
        expect(q).toHaveLength(7);
        for (let i = 1; i < 7; i++) expect(q[i]).toBeGreaterThanOrEqual(q[i - 1]);
      }
      expect(c.r).toHaveLength(13);
      // every realisation's 3-day total is ≥ its first and its last day, so each quantile of the total is
      // ≥ the same quantile of either day (order statistics keep the ordering)
      expect(c.totalQuantiles).toHaveLength(7);
      for (let i = 0; i < 7; i++) {
        if (i > 0) expect(c.totalQuantiles[i]).toBeGreaterThanOrEqual(c.totalQuantiles[i - 1]);
        expect(c.totalQuantiles[i]).toBeGreaterThanOrEqual(Math.max(c.quantiles[0][i], c.quantiles[2][i]));
      }
    }
    const totals = d.forecast!.map.forecast;
    for (let c = 0; c < 3; c++) {
      const sum = Array.from(forecast.mean.subarray(c * 3, c * 3 + 3)).reduce((a, b) => a + b, 0);
      expect(totals[c]).toBeCloseTo(sum, 4);
      const observed = d.forecast!.map.observed[c];
      expect(d.forecast!.map.growth[c]).toBe(observed > 0 ? Number((sum / observed).toPrecision(4)) : null);
    }
  });
});

describe('hawkesReportCoefficients and twoSidedNormalP', () => {
  it('p = P(|Z| ≥ |z|)', () => {
    expect(twoSidedNormalP(0)).toBe(1);
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 12);
    expect(twoSidedNormalP(-1.959963984540054)).toBeCloseTo(0.05, 12);
    expect(hawkesReportCoefficients({ coefficientNames: ['a'], theta: Float64Array.from([-3]), standardErrors: Float64Array.from([1]) })[0]).toMatchObject({ z: -3, p: expect.closeTo(0.0026997960632601866, 12) });
  });
});

/** The JSON block with `id`, parsed, or null. */
function block(html: string, id: string): unknown {
  const open = `<script type="application/json" id="${id}">`;
  const start = html.indexOf(open);
  if (start < 0) return null;
  return JSON.parse(html.slice(start + open.length, html.indexOf('</script>', start)));
}

describe('hawkesReportHtml', () => {
  const { fit, inputs, forecast } = synthetic();
  const data: HawkesReportData = { ...hawkesForecastReportData(fit, inputs, forecast, { title: `Forecast ${EVIL}` }) };
  data.backtest = {
    cutoffs: ['2020-04-15'],
    horizons: [3],
    models: ['constant', EVIL],
    targets: ['cases'],
    rankDate: '2020-04-14',
    scores: [{ model: EVIL, target: 'cases', horizon: 3, subset: 'top10', windows: 1, counties: 2, mae: NaN, pe: 1, ndcg: 1, coverage50: null, coverage95: null, wis: null }],
    windows: [{ model: EVIL, target: 'cases', horizon: 3, subset: 'top10', cutoff: '2020-04-15', mae: 1 }],
  };
  const html = hawkesReportHtml(data);

  it('is self-contained: no outside URL in src/href, no external script, libraries inlined', () => {
    expect(html).not.toMatch(/\s(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    for (const lib of ['d3/dist/d3.min.js', 'topojson-client/dist/topojson-client.min.js', '@observablehq/plot/dist/plot.umd.min.js']) expect(html).toContain(`data-library="${lib}"`);
    // Three libraries, the data block, the topology block, the client.
    expect(html.match(/<\/script>/g)).toHaveLength(6);
  });

  it('holds the data block (NaN → null) and the topology block; user strings are escaped', () => {
    const parsed = block(html, HAWKES_DATA_ID) as HawkesReportData;
    expect(parsed.title).toBe(`Forecast ${EVIL}`);
    expect(parsed.dropped[0].name).toBe(EVIL);
    expect(parsed.forecast!.map.names[1]).toBe(`Los Angeles ${EVIL}`);
    expect(parsed.backtest!.scores[0].mae).toBeNull();
    expect(parsed.fit!.coefficients[1].standardError).toBeNull();
    expect((block(html, COUNTY_TOPOLOGY_ID) as { objects: object }).objects).toHaveProperty('counties');
    expect(html).toContain('<title>Forecast &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).not.toContain(EVIL); // nowhere raw: the data block writes "<" as \u003c
  });

  it('inlines the two renderers as standalone functions and calls them', () => {
    for (const fn of [drawCountyMap, drawHawkesReport]) {
      const source = String(fn);
      expect(html).toContain(source.slice(0, 200));
      expect(source).not.toMatch(/\bimport\b|\brequire\(/);
      expect(() => new Function(`${source}; return ${fn.name};`)()).not.toThrow();
    }
    expect(html).toContain(`drawHawkesReport(read("${HAWKES_DATA_ID}"), { d3, topojson, Plot, drawCountyMap, topology: read("${COUNTY_TOPOLOGY_ID}") }, document.getElementById('report'));`);
  });

  it('handles missing sections: backtest only (no topology), nothing at all', () => {
    const backtestOnly = hawkesReportHtml({ title: 'Backtest', source: 's', generated: 'g', backtest: data.backtest, dropped: [], notes: [] });
    expect(block(backtestOnly, COUNTY_TOPOLOGY_ID)).toBeNull();
    expect(backtestOnly.match(/<\/script>/g)).toHaveLength(5);
    expect((block(backtestOnly, HAWKES_DATA_ID) as HawkesReportData).fit).toBeUndefined();
    const empty = hawkesReportHtml({ title: 'Empty', source: '', generated: '', dropped: [], notes: [] });
    expect(block(empty, HAWKES_DATA_ID)).toEqual({ title: 'Empty', source: '', generated: '', dropped: [], notes: [] });
    expect(block(empty, COUNTY_TOPOLOGY_ID)).toBeNull();
  });
});

describe('writeHawkesReport and hawkesResultJson', () => {
  it('writes result.json (the data by default, or `json`; typed arrays as arrays, NaN and ±Infinity as null) and report.html', () => {
    const { fit, inputs, forecast } = synthetic();
    const data = hawkesForecastReportData(fit, inputs, forecast);
    const dir = join(tmp, 'out');
    const written = writeHawkesReport(data, dir);
    expect(written).toEqual({ json: join(dir, 'result.json'), html: join(dir, 'report.html') });
    expect(JSON.parse(readFileSync(written.json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(data)));
    expect(readFileSync(written.html!, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    const other = writeHawkesReport(data, join(tmp, 'json-only'), { json: { theta: fit.theta, se: fit.standardErrors, inf: Infinity, nested: { a: Float32Array.from([1, NaN]) } }, report: false });
    expect(other.html).toBeUndefined();
    expect(existsSync(join(tmp, 'json-only', 'report.html'))).toBe(false);
    expect(JSON.parse(readFileSync(other.json, 'utf8'))).toEqual({ theta: [0.1, -0.2, 0.3, 0], se: [0.05, null, 0.3, 0], inf: null, nested: { a: [1, null] } });
    expect(hawkesResultJson({ a: new Int32Array([1, 2]) })).toBe('{"a":[1,2]}\n');
  });
});
