/**
 * The HTML report of the cluster-evolution method (James & Menzies, Chaos 30, 061108, 2020): one
 * self-contained file with Observable Plot and d3 inlined, the EvolutionResult as a JSON block and
 * the renderer `drawEvolutionReport`; it opens offline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EvolutionResult } from '../evolution/evolution-result.js';
import { drawEvolutionReport } from './client/draw-evolution.js';
import { scriptSafeJson, selfContainedPage, type InlineLibrary } from './self-contained-page.js';

export interface EvolutionReportOptions {
  /** Title of the page (default "Cluster evolution of cases and deaths"). */
  title?: string;
  /** Rows of the membership heat maps: the most affected regions by lastCases (default 30). */
  countries?: number;
}

export interface WriteEvolutionReportOptions extends EvolutionReportOptions {
  /** Write report.html too (default true); false writes result.json only. */
  report?: boolean;
}

/** d3 first: Plot's UMD build reads the global `d3`. */
export const REPORT_LIBRARIES: readonly InlineLibrary[] = [
  { package: 'd3', file: 'dist/d3.min.js' },
  { package: '@observablehq/plot', file: 'dist/plot.umd.min.js' },
];

/** id of the JSON data block holding the EvolutionResult. */
export const EVOLUTION_DATA_ID = 'epikit-evolution-result';

const DEFAULT_TITLE = 'Cluster evolution of cases and deaths';

const CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6472; --rule: #e3e6ea; --accent: #b2182b; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1168px; margin: 0 auto; padding: 24px; background: #fff; }
header h1 { font-size: 26px; margin: 0 0 4px; }
.subtitle { color: var(--muted); margin: 0 0 14px; }
dl.meta { display: grid; grid-template-columns: 110px 1fr; gap: 2px 12px; margin: 0 0 16px; font-size: 12.5px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.keys { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 8px; }
.key { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; min-width: 190px; background: #fafbfc; }
.key.wide { flex: 1 1 360px; }
.key span { display: block; color: var(--muted); font-size: 12px; }
.key strong { font-size: 18px; }
.key strong.small { font-size: 13px; font-weight: 600; }
section { border-top: 1px solid var(--rule); margin-top: 26px; padding-top: 6px; }
h2 { font-size: 20px; margin: 10px 0 4px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.intro { color: var(--muted); max-width: 900px; margin: 0 0 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 24px; }
figure { margin: 0 0 22px; }
figure.narrow { max-width: 720px; }
figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; max-width: 900px; }
.chart svg { overflow: visible; }
.chart { overflow-x: auto; }
.empty { color: var(--muted); font-style: italic; }
ul.groups { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 12.5px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
table.data { border-collapse: collapse; font-size: 12.5px; }
table.data th, table.data td { border: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; }
table.data thead th { background: #f0f2f5; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.anomalies { width: 100%; table-layout: fixed; font-size: 11.5px; }
table.anomalies th:first-child { width: 92px; white-space: nowrap; }
table.anomalies td { padding: 3px 5px; overflow-wrap: anywhere; }
table.anomalies td.high { background: #fde0dc; }
table.anomalies td.low { background: #dceaf7; }
.small { color: var(--muted); font-size: 10.5px; }
`;

/**
 * The report as one HTML string. The data block holds `JSON.stringify(result)` (NaN and ±Infinity
 * become null, as in result.json). Cost: ≈ 0.5 MB of inlined libraries plus the result's JSON.
 *
 * @example
 *   const html = evolutionReportHtml(evolution(cases, deaths), { countries: 40 });
 */
export function evolutionReportHtml(result: EvolutionResult, options: EvolutionReportOptions = {}): string {
  const title = options.title ?? DEFAULT_TITLE;
  const drawOptions = { title, countries: options.countries ?? 30 };
  const client = [
    `${String(drawEvolutionReport)}`,
    `drawEvolutionReport(JSON.parse(document.getElementById(${JSON.stringify(EVOLUTION_DATA_ID)}).textContent), Plot, d3, document.getElementById('report'), ${scriptSafeJson(drawOptions)});`,
  ].join('\n');
  return selfContainedPage({
    title,
    css: CSS,
    libraries: REPORT_LIBRARIES,
    data: result,
    dataId: EVOLUTION_DATA_ID,
    body: '<main id="report"></main>',
    client,
  });
}

/**
 * Write `result.json` and (unless `report: false`) `report.html` into `dir`, creating it.
 * Returns the absolute paths written.
 *
 * @example
 *   const { html, json } = writeEvolutionReport(result, 'epikit-evolution');
 */
export function writeEvolutionReport(result: EvolutionResult, dir: string, options: WriteEvolutionReportOptions = {}): { json: string; html?: string } {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const json = join(out, 'result.json');
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  if (options.report === false) return { json };
  const html = join(out, 'report.html');
  writeFileSync(html, evolutionReportHtml(result, options));
  return { json, html };
}
