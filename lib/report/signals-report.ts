/**
 * The HTML explorer of NMFk county signals (in the spirit of LANL's web toolkit): one
 * self-contained file with d3, topojson-client and Observable Plot inlined, the us-atlas county
 * topology inlined as a JSON block, the report data as another JSON block and the renderers
 * `drawCountyMap` + `drawSignalsReport`; it opens offline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NmfkResult } from '../nmfk/nmfk-result.js';
import { interpretSignals } from '../nmfk/interpret-signals.js';
import { drawCountyMap } from './client/county-map.js';
import { drawSignalsReport, type SignalsReportData, type SignalsReportK, type SignalsReportSignal } from './client/draw-signals.js';
import { escapeHtml, readPackageFile, scriptSafeJson, selfContainedPage, type InlineLibrary } from './self-contained-page.js';
import { REPORT_BASE_CSS } from './report-style.js';
import { resultJson } from './result-json.js';

export type { SignalsReportData, SignalsReportK, SignalsReportSignal } from './client/draw-signals.js';

/** Libraries a county map needs in the page, in order (d3 before Plot's UMD build). */
export const COUNTY_MAP_LIBRARIES: readonly InlineLibrary[] = [
  { package: 'd3', file: 'dist/d3.min.js' },
  { package: 'topojson-client', file: 'dist/topojson-client.min.js' },
];

export const SIGNALS_REPORT_LIBRARIES: readonly InlineLibrary[] = [...COUNTY_MAP_LIBRARIES, { package: '@observablehq/plot', file: 'dist/plot.umd.min.js' }];

/** The us-atlas file the county map draws (pre-projected Albers USA, 975 × 610; see client/county-map.ts for why). */
export const COUNTY_TOPOLOGY: InlineLibrary = { package: 'us-atlas', file: 'counties-albers-10m.json' };

/** id of the JSON block holding the us-atlas topology. */
export const COUNTY_TOPOLOGY_ID = 'epikit-us-counties';

/** id of the JSON block holding the SignalsReportData. */
export const SIGNALS_DATA_ID = 'epikit-signals';

/**
 * `<script type="application/json" id=…>` holding us-atlas counties-albers-10m.json (≈ 0.8 MB),
 * read from node_modules: put it in a page's body and parse it with
 * `JSON.parse(document.getElementById(id).textContent)` (any report that calls drawCountyMap).
 * @example selfContainedPage({ ..., body: `${countyTopologyBlock()}<main id="report"></main>` })
 */
export function countyTopologyBlock(id = COUNTY_TOPOLOGY_ID): string {
  const text = readPackageFile(COUNTY_TOPOLOGY).trim().replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${escapeHtml(id)}">${text}</script>`;
}

/**
 * The inline script of a report drawn by `draw(data, libs, root)` with the county map: the map and
 * draw functions' source, then a call with the JSON block `dataId`, the inlined libraries and the
 * topology block (null for a block the page leaves out).
 * @example selfContainedPage({ ..., client: countyReportClient(drawSignalsReport, SIGNALS_DATA_ID) })
 */
export function countyReportClient(draw: (...args: never[]) => void, dataId: string): string {
  return [
    String(drawCountyMap),
    String(draw),
    `(function () {`,
    `  const read = (id) => { const node = document.getElementById(id); return node ? JSON.parse(node.textContent) : null; };`,
    `  ${draw.name}(read(${JSON.stringify(dataId)}), { d3, topojson, Plot, drawCountyMap, topology: read(${JSON.stringify(COUNTY_TOPOLOGY_ID)}) }, document.getElementById('report'));`,
    `})();`,
  ].join('\n');
}

export interface SignalsReportOptions {
  /** Title of the page (default "NMFk county signals"). */
  title?: string;
  /** Where the data came from (file path or "embedded: …"). */
  source?: string;
  /** Preprocessing steps, one line each (PreprocessRecord.steps). */
  preprocessing?: readonly string[];
  /** Initial group size: variables and counties shown (default 10). */
  groupSize?: number;
}

export interface WriteSignalsReportOptions extends SignalsReportOptions {
  /** Write report.html too (default true); false writes result.json only. */
  report?: boolean;
  /** Extra top-level fields of result.json (e.g. `{ input: { source, preprocessing } }`). */
  extra?: Record<string, unknown>;
}

const round = (v: number, digits: number): number | null => (Number.isFinite(v) ? (v === 0 ? 0 : Number(v.toPrecision(digits))) : null);
const finiteOrNull = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The report's data: per k, every signal's max-normalised W column (3 significant digits) and H
 * row (4 digits), label, contribution and cluster silhouette; the per-k statistics; the chosen
 * k. Labels and contributions of the chosen k come from `result.signals`, those of other k from
 * interpretSignals on that k's factors (the same rules).
 * Cost: O(k_total × (regions + features)) numbers.
 *
 * @example const data = signalsReportData(result, { source: 'counties.csv' });
 */
export function signalsReportData(result: NmfkResult, options: SignalsReportOptions = {}): SignalsReportData {
  const m = result.rows;
  const n = result.cols;
  const perK: SignalsReportK[] = result.perK.map((row) => {
    const k = row.k;
    let signals: SignalsReportSignal[] | null = null;
    if (row.w && row.h && row.w.length === m * k && row.h.length === k * n && k > 0) {
      const chosen = row.k === result.chosenK && result.signals.length === k ? result.signals : null;
      const interpreted = chosen ?? interpretSignals(row.w, row.h, m, n, k, { features: result.features, regions: result.regions, names: result.names });
      signals = [];
      for (let a = 0; a < k; a++) {
        let wMax = 0;
        for (let i = 0; i < m; i++) wMax = Math.max(wMax, row.w[i * k + a]);
        let hMax = 0;
        for (let j = 0; j < n; j++) hMax = Math.max(hMax, row.h[a * n + j]);
        const w = new Array<number>(m);
        for (let i = 0; i < m; i++) w[i] = round(wMax > 0 ? row.w[i * k + a] / wMax : 0, 3) as number;
        const h = new Array<number>(n);
        for (let j = 0; j < n; j++) h[j] = round(hMax > 0 ? row.h[a * n + j] / hMax : 0, 4) as number;
        signals.push({
          index: a,
          label: interpreted[a]?.label ?? `signal ${a + 1}`,
          contribution: round(interpreted[a]?.contribution ?? NaN, 4) ?? 0,
          silhouette: finiteOrNull(row.clusterSilhouettes?.[a]),
          w,
          h,
        });
      }
    }
    return {
      k,
      robustness: finiteOrNull(row.robustness),
      meanSilhouette: finiteOrNull(row.meanSilhouette),
      clusterSilhouettes: (row.clusterSilhouettes ?? []).map(finiteOrNull),
      relativeError: finiteOrNull(row.relativeError),
      frobeniusError: finiteOrNull(row.frobeniusError),
      aic: finiteOrNull(row.aic),
      restarts: row.restartObjectives?.length ?? 0,
      signals,
    };
  });
  const withFactors = perK.filter((r) => r.signals);
  const mostRobust = withFactors.reduce<SignalsReportK | null>((best, r) => (best === null || (r.robustness ?? -Infinity) > (best.robustness ?? -Infinity) ? r : best), null);
  const initialK = withFactors.some((r) => r.k === result.chosenK) ? (result.chosenK as number) : mostRobust?.k ?? perK[0]?.k ?? 0;
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.settings ?? {})) if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) settings[key] = value;
  return {
    title: options.title ?? 'NMFk county signals',
    source: options.source ?? null,
    preprocessing: [...(options.preprocessing ?? [])],
    regions: result.regions,
    names: result.names,
    features: result.features,
    objective: result.objective,
    rule: result.rule,
    threshold: result.threshold,
    chosenK: result.chosenK,
    initialK,
    perK,
    settings,
    groupSize: options.groupSize ?? 10,
  };
}

const CSS = REPORT_BASE_CSS + `
.controls { display: flex; flex-wrap: wrap; gap: 10px 24px; align-items: center; padding: 10px 12px; background: #f0f2f5; border-radius: 6px; position: sticky; top: 0; z-index: 2; }
.controls label { font-size: 13px; display: flex; align-items: center; gap: 6px; }
.controls select { font: inherit; max-width: 460px; }
.controls input[type=number] { width: 64px; font: inherit; }
.signal-summary { font-size: 14px; margin: 10px 0; }
.chart.map svg path[data-fips]:hover { stroke: #1d2330; stroke-width: 0.8px; }
table.data td.barcell { width: 120px; }
table.data tr.chosen td, table.data tr.selected td { background: #fdf1ef; }
table.clickable tbody tr { cursor: pointer; }
table.clickable tbody tr:hover td { background: #f3f6fa; }
.inline-bar { height: 10px; border-radius: 2px; }
`;

/**
 * The explorer as one HTML string (≈ 0.8 MB topology + ≈ 0.6 MB libraries + the data).
 *
 * @example
 *   const html = signalsReportHtml(await nmfk(table), { source: 'counties.csv' });
 */
export function signalsReportHtml(result: NmfkResult, options: SignalsReportOptions = {}): string {
  const data = signalsReportData(result, options);
  const client = countyReportClient(drawSignalsReport, SIGNALS_DATA_ID);
  return selfContainedPage({
    title: data.title,
    css: CSS,
    libraries: SIGNALS_REPORT_LIBRARIES,
    data,
    dataId: SIGNALS_DATA_ID,
    body: `<main id="report"></main>\n${countyTopologyBlock()}`,
    client,
  });
}

/**
 * The NmfkResult as JSON text: typed arrays become arrays, NaN and ±Infinity null; `extra`
 * fields are added at the top level.
 * @example writeFileSync('result.json', nmfkResultJson(result));
 */
export function nmfkResultJson(result: NmfkResult, extra: Record<string, unknown> = {}): string {
  return resultJson({ ...result, ...extra });
}

/**
 * Write `result.json` and (unless `report: false`) `report.html` into `dir`, creating it.
 * Returns the absolute paths written.
 *
 * @example
 *   const { json, html } = writeSignalsReport(result, 'epikit-signals', { source: 'embedded' });
 */
export function writeSignalsReport(result: NmfkResult, dir: string, options: WriteSignalsReportOptions = {}): { json: string; html?: string } {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const json = join(out, 'result.json');
  writeFileSync(json, nmfkResultJson(result, options.extra));
  if (options.report === false) return { json };
  const html = join(out, 'report.html');
  writeFileSync(html, signalsReportHtml(result, options));
  return { json, html };
}
