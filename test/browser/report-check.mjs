#!/usr/bin/env node
// Opens the cluster-evolution HTML report of test/fixtures/evolution-result-sample.json in
// headless Chromium (Debian's /usr/bin/chromium via playwright-core), served from 127.0.0.1 with
// every other request blocked (the page must be self-contained). Fails on any console error,
// page error or outside request, or when a [data-chart] element drew fewer marks than expected.
// Saves a full-page screenshot to $REPORT_SCREENSHOT (default: next to the report) and prints
// its path. Needs the built package (npx tsc -p tsconfig.build.json). Used by .ci/run.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, openReportPage, serveReport } from './serve-report.mjs';
import { writeEvolutionReport } from '../../dist/report/evolution-report.js';

const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/evolution-result-sample.json', import.meta.url)), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'epikit-report-'));
const { html } = writeEvolutionReport(fixture, dir);
const screenshot = resolve(process.env.REPORT_SCREENSHOT ?? join(dir, 'report.png'));

// Minimum number of drawn elements (svg path/rect/circle/line/text, or table cells) per chart.
const T = fixture.dates.length;
const rows = Math.min(30, fixture.regions.length);
const leaves = (evo) => evo.dendrogram.linkage.length / 4 + 1;
const expected = {
  'k-cases': { selector: 'svg circle, svg path', min: T + 2 },
  'k-deaths': { selector: 'svg circle, svg path', min: T + 2 },
  'membership-cases': { selector: 'svg rect', min: rows * T },
  'membership-deaths': { selector: 'svg rect', min: rows * T },
  'dendrogram-cases': { selector: 'svg path', min: leaves(fixture.cases) - 1 + 1 },
  'dendrogram-deaths': { selector: 'svg path', min: leaves(fixture.deaths) - 1 + 1 },
  'series-offset': { selector: 'svg path, svg circle', min: fixture.seriesOffset.deltas.length + 2 },
  'k-aligned': { selector: 'svg path', min: 2 },
  'offset-table': { selector: 'tbody td', min: fixture.consistency.length },
  anomalies: { selector: 'tbody td', min: fixture.anomalies.dates.reduce((s, d) => s + d.top.length, 0) },
  ldr: { selector: 'svg path', min: fixture.ldr.regions.length - 2 },
};
for (const start of new Set(fixture.consistency.map((c) => c.start))) {
  const curves = fixture.consistency.filter((c) => c.start === start).length;
  expected[`consistency-${start}`] = { selector: 'svg path, svg circle', min: curves * 2 };
}
const textMinimum = { 'dendrogram-cases': leaves(fixture.cases) / 2, 'dendrogram-deaths': leaves(fixture.deaths) / 2 };

const { server, url } = await serveReport(html);
const browser = await launchChromium();
const errors = [];
const outside = [];
let failed = false;
try {
  const page = await openReportPage(browser, url, errors, outside);
  await page.waitForSelector('#ldr [data-chart="ldr"]', { timeout: 30_000 });

  const found = await page.evaluate(
    ({ expected, textMinimum }) => {
      const charts = [...document.querySelectorAll('[data-chart]')].map((e) => e.getAttribute('data-chart'));
      const counts = {};
      for (const [name, { selector }] of Object.entries(expected)) {
        const box = document.querySelector(`[data-chart="${CSS.escape(name)}"]`);
        counts[name] = box ? { marks: box.querySelectorAll(selector).length, texts: box.querySelectorAll('svg text').length } : null;
      }
      return { charts, counts, textMinimum };
    },
    { expected, textMinimum },
  );
  const problems = [];
  for (const [name, { min }] of Object.entries(expected)) {
    const c = found.counts[name];
    if (!c) problems.push(`missing chart ${name}`);
    else if (c.marks < min) problems.push(`${name}: ${c.marks} marks, expected ≥ ${min}`);
    else if (textMinimum[name] && c.texts < textMinimum[name]) problems.push(`${name}: ${c.texts} labels, expected ≥ ${textMinimum[name]}`);
  }
  for (const name of found.charts) if (!(name in expected)) problems.push(`unexpected chart ${name} (add it to the check)`);
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`report check: ${found.charts.length} charts: ${Object.entries(found.counts).map(([k, v]) => `${k} ${v ? v.marks : 'missing'}`).join(', ')}`);
  console.log(`report check: screenshot ${screenshot}`);
  if (outside.length) problems.push(`the page requested outside resources:\n  ${outside.join('\n  ')}`);
  if (errors.length) problems.push(`console errors:\n  ${errors.join('\n  ')}`);
  if (problems.length) throw new Error(problems.join('\n'));
  console.log(`report check: ${html} drew every chart, no console errors, no outside requests`);
} catch (e) {
  failed = true;
  console.error(`report check failed: ${e && e.message ? e.message : e}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
