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
import { REPORT_BASE_CSS } from './report-style.js';

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

const CSS = REPORT_BASE_CSS + `
.key.wide { flex: 1 1 360px; }
.key strong.small { font-size: 13px; font-weight: 600; }
ul.groups { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 12.5px; }
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
