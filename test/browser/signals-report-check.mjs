#!/usr/bin/env node
// Opens the NMFk county-signals explorer in headless Chromium (Debian's /usr/bin/chromium via
// playwright-core), served from 127.0.0.1 with every other request blocked (the page must be
// self-contained). The report is built from a CONSTRUCTED NmfkResult on the embedded county
// table (3,142 counties × 56 variables; W columns = preprocessed anchor variables, seeded H, LANL's
// published robustness values for k = 2..5), so the check is fast and does not depend on the
// NMFk driver. Fails on any console error, page error or outside request; checks that the map
// has a filled path per county, switching the signal recolours the map, the bar chart has one
// bar per group-size variable and follows the group-size control, switching k refills the
// signal picker, and the k charts and tables are drawn. Saves a full-page screenshot to
// $REPORT_SCREENSHOT (default: next to the report) and prints its path.
// Needs the built package (npx tsc -p tsconfig.build.json).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium, openReportPage, serveReport } from './serve-report.mjs';
import { writeSignalsReport } from '../../dist/report/signals-report.js';
import { loadDefaultCountyTable } from '../../dist/data/load-county-table.js';
import { preprocessTable } from '../../dist/nmfk/preprocess.js';
import { interpretSignals } from '../../dist/nmfk/interpret-signals.js';

/** A constructed NmfkResult on the embedded county table (deterministic). */
async function constructedResult() {
  const { table } = await loadDefaultCountyTable();
  const { table: x } = preprocessTable(table);
  const m = x.regions.length;
  const n = x.features.length;
  const anchors = ['cases_per100k_2020-07', 'age_85_or_higher', 'population_density', 'median_household_income', 'deaths_per100k_2020-04'];
  let seed = 12345;
  const uniform = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const robustness = { 2: 0.8122, 3: 0.2526, 4: 0.4442, 5: 0.6172 };
  const perK = [];
  for (let k = 2; k <= 5; k++) {
    const w = new Float64Array(m * k);
    const h = new Float64Array(k * n);
    for (let a = 0; a < k; a++) {
      const col = x.features.indexOf(anchors[a]);
      for (let i = 0; i < m; i++) {
        const v = x.values[i * n + col];
        w[i * k + a] = (Number.isNaN(v) ? 0 : v) * (k - a) + 0.01;
      }
      let sum = 0;
      for (let j = 0; j < n; j++) sum += h[a * n + j] = j === col ? 1 : 0.3 * uniform() ** 3;
      for (let j = 0; j < n; j++) h[a * n + j] /= sum;
    }
    const r = robustness[k];
    const clusterSilhouettes = Array.from({ length: k }, (_, a) => (a === k - 1 ? r : Math.min(1, r + 0.05 * (a + 1))));
    perK.push({
      k,
      robustness: r,
      clusterSilhouettes,
      meanSilhouette: clusterSilhouettes.reduce((s, v) => s + v, 0) / k,
      frobeniusError: 60 - 6 * k,
      relativeError: 0.5 - 0.06 * k,
      aic: -8.8e6 - 2e5 * k,
      restartObjectives: [1, 2, 3],
      restartIterations: [100, 100, 100],
      w,
      h,
    });
  }
  const chosen = perK[3];
  return {
    regions: x.regions,
    names: x.names,
    features: x.features,
    rows: m,
    cols: n,
    objective: 'kl',
    perK,
    chosenK: 5,
    rule: 'nmfk',
    threshold: 0.5,
    w: chosen.w,
    h: chosen.h,
    signals: interpretSignals(chosen.w, chosen.h, m, n, 5, { features: x.features, regions: x.regions, names: x.names }),
    settings: { restarts: 3, objective: 'kl', seed: 0, constructed: 'browser check' },
  };
}

const result = await constructedResult();
const dir = mkdtempSync(join(tmpdir(), 'epikit-signals-report-'));
const { html } = writeSignalsReport(result, dir, { source: 'embedded county table, constructed factors (browser check)', preprocessing: ['min–max per column to [0, 1]'] });
const screenshot = resolve(process.env.REPORT_SCREENSHOT ?? join(dir, 'report.png'));

const { server, url } = await serveReport(html);
const browser = await launchChromium();
const errors = [];
const outside = [];
const problems = [];
const check = (ok, message) => ok || problems.push(message);
let failed = false;
try {
  const page = await openReportPage(browser, url, errors, outside);
  await page.waitForSelector('[data-chart="map"] path[data-fips]', { timeout: 30_000 });

  const fills = () => page.$$eval('[data-chart="map"] path[data-fips]', (ps) => ps.map((p) => p.getAttribute('fill')));
  const counts = () =>
    page.evaluate(() => ({
      bars: document.querySelectorAll('[data-chart="variables"] rect[data-bar]').length,
      tableRows: document.querySelectorAll('[data-chart="counties"] tbody tr').length,
      signalOptions: document.querySelectorAll('[data-control="signal"] option').length,
      highlighted: document.querySelectorAll('[data-chart="map"] [data-layer="highlight"] path').length,
      robustnessDots: document.querySelectorAll('[data-chart="robustness"] svg circle').length,
      errorDots: document.querySelectorAll('[data-chart="error"] svg circle').length,
      perKRows: document.querySelectorAll('[data-chart="per-k"] tbody tr').length,
      signalRows: document.querySelectorAll('[data-chart="signals"] tbody tr').length,
      states: document.querySelectorAll('[data-chart="map"] path[data-layer="states"]').length,
      legend: document.querySelectorAll('[data-chart="map"] [data-legend="ramp"]').length,
      title: document.getElementById('map-title')?.textContent ?? '',
    }));

  // Initial state: chosen k = 5, signal 1, group size 10.
  const before = await fills();
  const missing = before.filter((f) => f === '#d9d9d9').length;
  check(before.length === 3142, `map: ${before.length} county paths, expected 3142`);
  check(before.length - missing >= 3100, `map: only ${before.length - missing} counties filled with a value`);
  const c0 = await counts();
  check(c0.bars === 10, `bars: ${c0.bars}, expected 10 (group size)`);
  check(c0.tableRows === 10, `top-counties rows: ${c0.tableRows}, expected 10`);
  check(c0.highlighted === 10, `highlighted counties: ${c0.highlighted}, expected 10`);
  check(c0.signalOptions === 5, `signal options: ${c0.signalOptions}, expected 5 (chosen k)`);
  check(c0.robustnessDots >= 4 + 14, `robustness chart: ${c0.robustnessDots} dots, expected ≥ 18`);
  check(c0.errorDots >= 4, `error chart: ${c0.errorDots} dots, expected ≥ 4`);
  check(c0.perKRows === 4, `per-k table: ${c0.perKRows} rows, expected 4`);
  check(c0.signalRows === 5, `signals table: ${c0.signalRows} rows, expected 5`);
  check(c0.states === 1 && c0.legend === 1, 'map: state borders or legend missing');

  // Switching the signal recolours the map.
  await page.selectOption('[data-control="signal"]', '1');
  const after = await fills();
  const changed = after.filter((f, i) => f !== before[i]).length;
  check(changed >= 1000, `switching signal changed ${changed} county fills, expected ≥ 1000`);
  const c1 = await counts();
  check(/^Signal 2 of k = 5/.test(c1.title), `map title after switching: ${JSON.stringify(c1.title)}`);

  // The group-size control changes the number of bars and table rows.
  await page.fill('[data-control="group-size"]', '5');
  await page.dispatchEvent('[data-control="group-size"]', 'change');
  const c2 = await counts();
  check(c2.bars === 5, `bars after group size 5: ${c2.bars}`);
  check(c2.tableRows === 5, `top-counties rows after group size 5: ${c2.tableRows}`);
  check(c2.highlighted === 5, `highlighted counties after group size 5: ${c2.highlighted}`);
  await page.fill('[data-control="group-size"]', '25');
  await page.dispatchEvent('[data-control="group-size"]', 'change');
  check((await counts()).bars === 25, 'bars after group size 25');

  // Switching k refills the signal picker and redraws.
  await page.selectOption('[data-control="k"]', '3');
  const c3 = await counts();
  check(c3.signalOptions === 3, `signal options at k = 3: ${c3.signalOptions}`);
  check(c3.signalRows === 3, `signals table at k = 3: ${c3.signalRows}`);
  check(/^Signal 1 of k = 3/.test(c3.title), `map title at k = 3: ${JSON.stringify(c3.title)}`);
  const atK3 = await fills();
  check(atK3.filter((f, i) => f !== after[i]).length >= 1000, 'switching k did not recolour the map');

  // drawCountyMap is reusable on its own (the Hawkes report maps growth): a diverging map.
  const diverging = await page.evaluate(() => {
    const box = document.createElement('div');
    document.body.append(box);
    const topology = JSON.parse(document.getElementById('epikit-us-counties').textContent);
    // eslint-disable-next-line no-undef
    const map = drawCountyMap(box, { topology, d3, topojson, values: { '01001': -1, '06037': 1, '36061': 0 }, domain: [-1, 0, 1], legend: 'growth', format: '+.1f' });
    const out = { down: map.fillOf('01001'), up: map.fillOf('06037'), flat: map.fillOf('36061'), none: map.fillOf('56045'), paths: box.querySelectorAll('path[data-fips]').length };
    map.update({ '01001': 1 });
    out.updated = map.fillOf('01001');
    box.remove();
    return out;
  });
  check(diverging.paths === 3142, `standalone map: ${diverging.paths} paths`);
  check(new Set([diverging.down, diverging.up, diverging.flat, diverging.none]).size === 4, `standalone diverging map fills not distinct: ${JSON.stringify(diverging)}`);
  check(diverging.updated === diverging.up, `standalone map update: ${diverging.updated} ≠ ${diverging.up}`);

  // Clicking a county shows its profile; back to the chosen k for the screenshot.
  await page.click('[data-chart="map"] path[data-fips="06037"]', { force: true });
  const profile = await page.textContent('[data-chart="county-profile"]');
  check(/Los Angeles/.test(profile ?? ''), `county profile after click: ${JSON.stringify(profile?.slice(0, 80))}`);
  await page.selectOption('[data-control="k"]', '5');
  await page.fill('[data-control="group-size"]', '10');
  await page.dispatchEvent('[data-control="group-size"]', 'change');
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`signals report check: ${before.length} counties (${missing} without data), fills changed ${changed} on signal switch, bars ${c0.bars}→${c2.bars}, k switch → ${c3.signalOptions} signals`);
  console.log(`signals report check: screenshot ${screenshot}`);
  if (outside.length) problems.push(`the page requested outside resources:\n  ${outside.join('\n  ')}`);
  if (errors.length) problems.push(`console errors:\n  ${errors.join('\n  ')}`);
  if (problems.length) throw new Error(problems.join('\n'));
  console.log(`signals report check: ${html} drew the map, charts and tables, controls redraw, no console errors, no outside requests`);
} catch (e) {
  failed = true;
  console.error(`signals report check failed: ${e && e.message ? e.message : e}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
