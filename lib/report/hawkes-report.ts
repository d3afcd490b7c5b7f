/**
 * The HTML report of `epikit forecast` and `epikit backtest` (Hawkes-process forecasting of US
 * county counts, seed 004; Chiang, Liu & Mohler 2022): one self-contained file with d3,
 * topojson-client and Observable Plot inlined, the us-atlas county topology as a JSON block
 * (only when there is a forecast to map), the HawkesReportData as another JSON block and the
 * renderers `drawCountyMap` + `drawHawkesReport`; it opens offline.
 *
 * hawkesForecastReportData turns library results (fitHawkes, buildCountyHawkesInputs,
 * forecastHawkes) into the report's data; the CLI adds a backtest section when it has one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dayToIsoDate, isoDateToDay } from '../data/panel.js';
import type { CountyHawkesInputs } from '../hawkes/county-inputs.js';
import type { HawkesFit } from '../hawkes/fit-hawkes.js';
import type { HawkesForecast } from '../hawkes/forecast-hawkes.js';
import { erfc } from '../nmfk/wilcoxon-signed-rank.js';
import { drawHawkesReport } from './client/draw-hawkes.js';
import type {
  HawkesReportCoefficient,
  HawkesReportCounty,
  HawkesReportData,
  HawkesReportDropped,
  HawkesReportFit,
  HawkesReportForecast,
} from './hawkes-report-data.js';
import { SIGNALS_REPORT_LIBRARIES, countyReportClient, countyTopologyBlock } from './signals-report.js';
import { selfContainedPage } from './self-contained-page.js';
import { REPORT_BASE_CSS } from './report-style.js';
import { resultJson } from './result-json.js';

export type * from './hawkes-report-data.js';

/** id of the JSON block holding the HawkesReportData. */
export const HAWKES_DATA_ID = 'epikit-hawkes';

/** The quantile levels the report expects (forecastHawkes' HAWKES_QUANTILES). */
const LEVELS = [0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975];

export interface HawkesForecastReportOptions {
  /** Page title (default "Hawkes forecast of daily <target>"). */
  title?: string;
  /** Where the data came from (file paths or 'embedded paper-era data'). Default '–'. */
  source?: string;
  /** ISO time of generation (default now). */
  generated?: string;
  /** What the counts are. Default: 'deaths' when inputs.quantity mentions death, else 'cases'. */
  target?: 'cases' | 'deaths';
  /** The seed given to forecastHawkes (HawkesForecast does not record it). Default 0 (its default). */
  seed?: number;
  /** Fan-chart counties: the `topCounties` largest by forecast total (default 12). */
  topCounties?: number;
  /** Observed days shown before the forecast in the fan charts (default 28, at most the window). */
  observedDays?: number;
  /** Extra notes, shown after the ones derived from inputs.report. */
  notes?: readonly string[];
}

/** Finite numbers rounded to `digits` significant digits; anything else null. */
const sig = (v: number, digits: number): number | null => (Number.isFinite(v) ? (v === 0 ? 0 : Number(v.toPrecision(digits))) : null);
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;

/**
 * Two-sided normal p-value of z: P(|Z| ≥ |z|) = erfc(|z|/√2). O(1).
 * @example twoSidedNormalP(1.959963984540054); // ≈ 0.05
 */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/**
 * The coefficient rows of a fit: estimate θ_p, its standard error (null when NaN: singular
 * information), z = θ/SE and the two-sided normal p-value. O(P).
 * @example hawkesReportCoefficients(fit)[0].name; // 'intercept'
 */
export function hawkesReportCoefficients(fit: Pick<HawkesFit, 'coefficientNames' | 'theta' | 'standardErrors'>): HawkesReportCoefficient[] {
  return fit.coefficientNames.map((name, p) => {
    const estimate = fit.theta[p];
    const se = finiteOrNull(fit.standardErrors[p]);
    const z = se !== null && se > 0 ? estimate / se : null;
    return { name, estimate, standardError: se, z: z !== null && Number.isFinite(z) ? z : null, p: z !== null && Number.isFinite(z) ? twoSidedNormalP(z) : null };
  });
}

/** The readable notes of a CountyInputsReport. */
function inputNotes(inputs: CountyHawkesInputs): string[] {
  const report = inputs.report;
  if (!report) return [];
  const notes: string[] = [];
  notes.push(`${report.counties.kept.toLocaleString('en-US')} of ${plural(report.counties.input, 'county', 'counties')} kept${report.dropped.length ? `; ${report.dropped.length.toLocaleString('en-US')} dropped (listed below)` : ''}.`);
  if (report.clipped.days > 0) notes.push(`${plural(report.clipped.days, 'negative daily correction')} of the cumulative counts clipped to 0, in ${plural(report.clipped.byCounty.length, 'county', 'counties')}.`);
  const mob = report.mobility;
  if (mob) {
    const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
    const imputed = sum(mob.imputedSameDay);
    const observed = sum(mob.observed);
    if (imputed > 0) {
      const perType = inputs.mobilityTypes.map((t, k) => `${t} ${mob.imputedSameDay[k] ?? 0}`).join(', ');
      notes.push(
        `Mobility: ${plural(imputed, 'missing value')} imputed from the other types of the same county and day (${perType}; of those ${sum(mob.imputedByMean)} by the type's mean); ${observed.toLocaleString('en-US')} values observed.`,
      );
    }
    if (mob.filledDays > 0) notes.push(`Mobility: ${plural(mob.filledDays, 'county-day')} with no type reported filled by linear interpolation in time, in ${plural(mob.filledDaysByCounty.length, 'county', 'counties')}.`);
  }
  if (report.zeroSdCovariates.length) notes.push(`Covariates left out (standard deviation 0 over the kept counties): ${report.zeroSdCovariates.join(', ')}.`);
  return notes;
}

/**
 * The report data of a forecast: the fit's coefficient table and kernel, fan-chart detail for the
 * `topCounties` counties with the largest forecast total (observed counts of the last
 * `observedDays` days, forecast mean and quantiles per day, quantiles of the horizon total, R_c(t) over the fit window and the
 * horizon, raw mobility Δ days earlier), the growth map of every county (forecast mean total of
 * the horizon / observed total of the last `horizon` days, null when that is 0), dropped counties
 * and notes from inputs.report.
 *
 * `fit`, `inputs` and `forecast` must belong together (fitHawkes(inputs), forecastHawkes(fit,
 * inputs)). Numbers are rounded (R and mobility to 4 significant digits, counts to 6).
 * Cost: O(C·horizon·7 + top·(T + horizon)·K).
 *
 * @example
 *   const fit = fitHawkes(inputs, { variant: 'full', lag: 14 });
 *   const forecast = forecastHawkes(fit, inputs, { horizon: 7, realisations: 1000, seed: 1 });
 *   writeHawkesReport(hawkesForecastReportData(fit, inputs, forecast, { seed: 1, source: 'embedded' }), 'out');
 * @throws Error when the shapes of fit, inputs and forecast disagree.
 */
export function hawkesForecastReportData(fit: HawkesFit, inputs: CountyHawkesInputs, forecast: HawkesForecast, options: HawkesForecastReportOptions = {}): HawkesReportData {
  const C = inputs.fips.length;
  const T = inputs.dates.length;
  const h = forecast.horizon;
  if (fit.mu.length !== C || fit.r.length !== C * T || inputs.counts.length !== C * T || forecast.mean.length !== C * h || forecast.quantiles.length !== C * h * LEVELS.length || forecast.cumulativeQuantiles.length !== C * h * LEVELS.length || forecast.r.length !== C * h) {
    throw new Error(`hawkesForecastReportData: fit (${fit.mu.length} counties), inputs (${C} × ${T}) and forecast (${forecast.mean.length / Math.max(1, h)} counties × ${h} days) do not belong together`);
  }
  const target = options.target ?? (/death/i.test(inputs.quantity ?? '') ? 'deaths' : 'cases');
  const last = isoDateToDay(inputs.dates[T - 1]);
  if (last === undefined) throw new Error(`hawkesForecastReportData: inputs.dates[${T - 1}] is not an ISO date`);
  const dates = Array.from({ length: h }, (_, k) => dayToIsoDate(last + 1 + k));
  const observedDays = Math.max(1, Math.min(T, Math.floor(options.observedDays ?? 28)));
  const observedDates = inputs.dates.slice(T - observedDays);

  // Map: every county.
  const observedTotal = new Array<number>(C);
  const forecastTotal = new Array<number>(C);
  const growth = new Array<number | null>(C);
  const window = Math.min(h, T);
  for (let c = 0; c < C; c++) {
    let o = 0;
    for (let t = T - window; t < T; t++) o += inputs.counts[c * T + t];
    let f = 0;
    for (let k = 0; k < h; k++) f += forecast.mean[c * h + k];
    observedTotal[c] = o;
    forecastTotal[c] = sig(f, 6) ?? 0;
    growth[c] = o > 0 ? sig(f / o, 4) : null;
  }

  // Fan-chart counties: the largest forecast totals (ties by FIPS).
  const top = Math.max(0, Math.floor(options.topCounties ?? 12));
  const order = inputs.fips.map((_, c) => c).sort((a, b) => forecastTotal[b] - forecastTotal[a] || (inputs.fips[a] < inputs.fips[b] ? -1 : 1)).slice(0, top);
  const K = inputs.mobilityTypes?.length ?? 0;
  const Tm = inputs.mobilityDates?.length ?? 0;
  const hasMobility = K > 0 && Tm > 0 && inputs.mobility && inputs.mobility.length === C * Tm * K;
  const lead = Tm - T;
  const lag = fit.lag;
  const counties: HawkesReportCounty[] = order.map((c) => {
    const r: number[] = [];
    for (let t = 0; t < T; t++) r.push(sig(fit.r[c * T + t], 4) ?? 0);
    for (let k = 0; k < h; k++) r.push(sig(forecast.r[c * h + k], 4) ?? 0);
    const laggedMobility: (number | null)[][] = [];
    if (hasMobility) {
      for (let k = 0; k < K; k++) {
        const series: (number | null)[] = [];
        for (let t = 0; t < T + h; t++) {
          const m = lead + t - lag; // mobility day of R on day t (Δ days earlier); unknown past the data
          series.push(m >= 0 && m < Tm ? sig(inputs.mobility[(c * Tm + m) * K + k], 4) : null);
        }
        laggedMobility.push(series);
      }
    }
    return {
      fips: inputs.fips[c],
      name: inputs.names[c] ?? inputs.fips[c],
      observed: Array.from(inputs.counts.subarray(c * T + T - observedDays, (c + 1) * T)),
      mean: Array.from(forecast.mean.subarray(c * h, (c + 1) * h), (v) => sig(v, 6) ?? 0),
      quantiles: Array.from({ length: h }, (_, k) => Array.from(forecast.quantiles.subarray((c * h + k) * 7, (c * h + k + 1) * 7), (v) => sig(v, 6) ?? 0)),
      // running totals after the last forecast day = the window total
      totalQuantiles: Array.from(forecast.cumulativeQuantiles.subarray((c * h + h - 1) * 7, (c * h + h) * 7), (v) => sig(v, 6) ?? 0),
      r,
      laggedMobility,
    };
  });

  const forecastData: HawkesReportForecast = {
    target,
    horizon: h,
    realisations: forecast.realisations,
    seed: options.seed ?? 0,
    quantileLevels: [...LEVELS],
    dates,
    observedDates,
    rDates: [...inputs.dates],
    mobilityTypes: hasMobility ? [...inputs.mobilityTypes] : [],
    counties,
    map: { fips: [...inputs.fips], names: [...inputs.names], observed: observedTotal, forecast: forecastTotal, growth },
  };
  const fitData: HawkesReportFit = {
    variant: fit.variant,
    lag: fit.lag,
    psi: fit.psi,
    shape: fit.shape,
    scale: fit.scale,
    shapeStandardError: finiteOrNull(fit.shapeStandardError),
    scaleStandardError: finiteOrNull(fit.scaleStandardError),
    L: fit.L,
    truncationMass: fit.truncationMass,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    converged: fit.converged,
    coefficients: hawkesReportCoefficients(fit),
    start: inputs.dates[0],
    end: inputs.dates[T - 1],
    counties: C,
  };
  const dropped: HawkesReportDropped[] = (inputs.report?.dropped ?? []).map((d) => ({ fips: d.fips, name: d.name, reasons: [...d.reasons], detail: d.detail }));
  return {
    title: options.title ?? `Hawkes forecast of daily ${target}`,
    source: options.source ?? '–',
    generated: options.generated ?? new Date().toISOString(),
    fit: fitData,
    forecast: forecastData,
    dropped,
    notes: [...inputNotes(inputs), ...(options.notes ?? [])],
  };
}

const CSS = REPORT_BASE_CSS + `
.controls { display: flex; flex-wrap: wrap; gap: 10px 24px; align-items: center; padding: 10px 12px; background: #f0f2f5; border-radius: 6px; margin: 8px 0 14px; }
.controls label { font-size: 13px; display: flex; align-items: center; gap: 6px; }
.controls select { font: inherit; max-width: 420px; }
ul.notes { margin: 0 0 12px; padding-left: 20px; font-size: 13px; color: var(--muted); }
details.dropped summary { cursor: pointer; color: var(--muted); margin-bottom: 6px; }
.claim { font-size: 14px; max-width: 980px; }
.claim li { margin-bottom: 4px; }
.chart.map svg path[data-fips]:hover { stroke: #1d2330; stroke-width: 0.8px; }
.panel-title { font-size: 12.5px; font-weight: 600; margin: 8px 0 0; color: var(--muted); }
table.data tr.selected td { background: #fdf1ef; }
table.data tr td.best { font-weight: 700; background: #dcefdc; }
table.data td.significant { background: #f1f6ef; }
table.data td.num { white-space: nowrap; }
table.data tr.group-start td { border-top: 2px solid #b8bec7; }
table.clickable tbody tr { cursor: pointer; }
table.clickable tbody tr:hover td { background: #f3f6fa; }
`;

/**
 * The report as one HTML string: libraries (≈ 0.6 MB), the county topology (≈ 0.8 MB, only
 * when `data.forecast` is present) and the data.
 * @example const html = hawkesReportHtml(hawkesForecastReportData(fit, inputs, forecast));
 */
export function hawkesReportHtml(data: HawkesReportData): string {
  const withMap = !!data.forecast;
  const client = countyReportClient(drawHawkesReport, HAWKES_DATA_ID);
  return selfContainedPage({
    title: data.title,
    css: CSS,
    libraries: SIGNALS_REPORT_LIBRARIES,
    data,
    dataId: HAWKES_DATA_ID,
    body: `<main id="report"></main>${withMap ? `\n${countyTopologyBlock()}` : ''}`,
    client,
  });
}

/**
 * JSON text of any result: typed arrays become arrays, NaN and ±Infinity null.
 * @example hawkesResultJson({ a: new Float64Array([1, NaN]) }); // '{"a":[1,null]}\n'
 */
export function hawkesResultJson(value: unknown): string {
  return resultJson(value);
}

export interface WriteHawkesReportOptions {
  /** What to write as result.json (default: the report data). */
  json?: unknown;
  /** Write report.html too (default true); false writes result.json only. */
  report?: boolean;
}

/**
 * Write `result.json` and (unless `report: false`) `report.html` into `dir`, creating it.
 * Returns the absolute paths written.
 * @example const { json, html } = writeHawkesReport(data, 'epikit-forecast', { json: { fit, forecast } });
 */
export function writeHawkesReport(data: HawkesReportData, dir: string, options: WriteHawkesReportOptions = {}): { json: string; html?: string } {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const json = join(out, 'result.json');
  writeFileSync(json, hawkesResultJson(options.json === undefined ? data : options.json));
  if (options.report === false) return { json };
  const html = join(out, 'report.html');
  writeFileSync(html, hawkesReportHtml(data));
  return { json, html };
}
