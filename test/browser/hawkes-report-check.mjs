#!/usr/bin/env node
// Opens the Hawkes forecast / backtest report in headless Chromium (Debian's /usr/bin/chromium via
// playwright-core), served from 127.0.0.1 with every other request blocked (the page must be
// self-contained).
//
// Forecast part: REAL embedded paper-era data — NYT daily cases (data/us-counties-nyt/paper-era),
// Google mobility (data/us-counties-mobility) and the Demo covariates — for the 150 counties with
// most cases from 2020-03-01 to 2020-04-30 plus the first 12 counties that the full build drops
// (so the dropped-counties table is real too); mobility lead and lag Δ = 14, the paper's five
// mobility types (no workplaces), the full model fitted with at most 60 EM steps, a 7-day forecast
// of 200 realisations (seed 1), turned into report data by hawkesForecastReportData.
//
// Backtest part: CONSTRUCTED scores (the backtest driver is not written yet), deterministic:
// models constant / mobility / full / persistence / clep, cases and deaths, horizons 3, 5, 7,
// subsets top10 / top25 / 25-50, six cut-offs 2020-04-15 … 2020-05-19. Per-window MAE =
// base(target, subset) · (h/3)^0.8 · factor(model, subset) · (1 + 0.15 sin(1.3 w + 0.7 m)) for
// window w and model index m; a score's MAE is the mean over its windows, PE = 100 · MAE / (mean
// truth = base · h · 5), NDCG = 0.95 − 0.1 · factor / 1.25, coverage and WIS only for the Hawkes
// models. The dynamic models beat constant R in the top counties (factors 0.82 / 0.78), and
// persistence is best in the 25–50 % subset.
//
// Fails on any console error, page error or outside request; checks that the map has one filled
// path per forecast county with a growth value, the fan chart draws its three bands, median, mean
// and the observed points, switching the county redraws the fan and R(t) charts, the coefficient
// table has one row per coefficient, the backtest table one row per score with the best MAE of
// each group highlighted, the MAE chart follows its controls and the claim sentence carries the
// relative MAE changes computed from the scores. Three more pages (backtest only without a
// constant-R model, forecast without mobility or fit, nothing at all; titles, names and notes
// carrying markup) must load without errors, draw only their sections and keep the markup as
// text. Saves a full-page screenshot to
// $REPORT_SCREENSHOT (default: next to the report) and prints its path.
// Needs the built package (npx tsc -p tsconfig.build.json).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../dist/index.js';
import { launchChromium, openReportPage, serveReport } from './serve-report.mjs';
import { hawkesForecastReportData, writeHawkesReport } from '../../dist/report/hawkes-report.js';
import { loadWideCountySeries } from '../../dist/data/load-wide-county-series.js';
import { loadGoogleMobility } from '../../dist/data/load-google-mobility.js';
import { loadCountyTable } from '../../dist/data/load-county-table.js';
import { buildCountyHawkesInputs } from '../../dist/hawkes/county-inputs.js';
import { fitHawkes } from '../../dist/hawkes/fit-hawkes.js';
import { forecastHawkes } from '../../dist/hawkes/forecast-hawkes.js';

const started = Date.now();
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Report data of a real fit and forecast on the embedded paper-era data. */
async function forecastData() {
  const dir = join(root, 'data', 'us-counties-nyt', 'paper-era');
  const cases = await loadWideCountySeries(join(dir, 'NYT_Dconfirmed.csv'), { kind: 'daily', quantity: 'cases' });
  const demo = await loadCountyTable(join(dir, 'Demo_Dconfirmed.csv'));
  const mob = await loadGoogleMobility(join(root, 'data', 'us-counties-mobility', 'mobility-paper-era.csv'), { end: '2020-04-30' });
  const common = {
    counts: cases.panel,
    countsKind: 'daily',
    mobility: mob.mobility,
    covariates: demo.table,
    start: '2020-03-01',
    end: '2020-04-30',
    mobilityLead: 14,
    missingCovariates: 'drop',
    mobilityTypes: ['retail', 'grocery', 'parks', 'transit', 'residential'],
  };
  const all = buildCountyHawkesInputs(common);
  const T = all.dates.length;
  const totals = all.fips.map((f, c) => [f, all.counts.subarray(c * T, (c + 1) * T).reduce((a, b) => a + b, 0)]);
  const top = totals.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 150).map(([f]) => f);
  const droppedFips = all.report.dropped.slice(0, 12).map((d) => d.fips);
  const inputs = buildCountyHawkesInputs({ ...common, counties: [...top, ...droppedFips] });
  const fit = fitHawkes(inputs, { variant: 'full', lag: 14, maxIter: 60 });
  const forecast = forecastHawkes(fit, inputs, { horizon: 7, realisations: 200, seed: 1 });
  return hawkesForecastReportData(fit, inputs, forecast, {
    seed: 1,
    source: 'embedded paper-era data: NYT_Dconfirmed.csv, Demo_Dconfirmed.csv, mobility-paper-era.csv (150 counties with most cases)',
    title: 'Hawkes forecast of daily cases (browser check)',
    notes: ['Backtest section: constructed scores (browser check), not a real backtest.'],
  });
}

/** Constructed backtest scores (see the header comment). */
function constructedBacktest() {
  const models = ['constant', 'mobility', 'full', 'persistence', 'clep'];
  const targets = ['cases', 'deaths'];
  const horizons = [3, 5, 7];
  const subsets = ['top10', 'top25', '25-50'];
  const cutoffs = ['2020-04-15', '2020-04-22', '2020-04-29', '2020-05-06', '2020-05-13', '2020-05-19'];
  const base = { cases: { top10: 400, top25: 150, '25-50': 20 }, deaths: { top10: 32, top25: 12, '25-50': 1.6 } };
  const factor = (model, subset) => ({ constant: 1, mobility: 0.82, full: 0.78, persistence: subset === '25-50' ? 0.7 : 1.1, clep: 1.25 })[model];
  const counties = { top10: 15, top25: 37, '25-50': 38 };
  const scores = [];
  const windows = [];
  for (const target of targets)
    for (const horizon of horizons)
      for (const subset of subsets)
        models.forEach((model, m) => {
          const maes = cutoffs.map((cutoff, w) => {
            const mae = base[target][subset] * (horizon / 3) ** 0.8 * factor(model, subset) * (1 + 0.15 * Math.sin(1.3 * w + 0.7 * m));
            windows.push({ model, target, horizon, subset, cutoff, mae });
            return mae;
          });
          const mae = maes.reduce((s, v) => s + v, 0) / maes.length;
          const hawkes = m < 3;
          scores.push({
            model,
            target,
            horizon,
            subset,
            windows: cutoffs.length,
            counties: counties[subset],
            mae,
            pe: (100 * mae) / (base[target][subset] * horizon * 5),
            ndcg: 0.95 - (0.1 * factor(model, subset)) / 1.25,
            coverage50: hawkes ? 0.42 + 0.03 * m : null,
            coverage95: hawkes ? 0.88 + 0.02 * m : null,
            wis: hawkes ? 0.7 * mae : null,
          });
        });
  return { cutoffs, horizons, models, targets, rankDate: '2020-04-14', scores, windows };
}

const data = await forecastData();
data.backtest = constructedBacktest();
const built = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'epikit-hawkes-report-'));
const { html } = writeHawkesReport(data, dir);
const screenshot = resolve(process.env.REPORT_SCREENSHOT ?? join(dir, 'report.png'));

// Expected numbers, computed here from the data.
const fc = data.forecast;
const bt = data.backtest;
const groups = new Set(bt.scores.map((s) => `${s.target}|${s.horizon}|${s.subset}`));
const windowsOf = (target, horizon, subset) => bt.windows.filter((w) => w.target === target && w.horizon === horizon && w.subset === subset);
const mae = (model, target, horizon, subset) => bt.scores.find((s) => s.model === model && s.target === target && s.horizon === horizon && s.subset === subset).mae;

const { server, url } = await serveReport(html);
const browser = await launchChromium();
const errors = [];
const outside = [];
const problems = [];
const check = (ok, message) => ok || problems.push(message);
let failed = false;
try {
  const page = await openReportPage(browser, url, errors, outside);
  await page.waitForSelector('[data-chart="growth-map"] path[data-fips]', { timeout: 30_000 });

  // Map: one filled path per forecast county with a growth value (and on the map).
  const map = await page.evaluate((m) => {
    const topology = JSON.parse(document.getElementById('epikit-us-counties').textContent);
    const onMap = new Set(topology.objects.counties.geometries.map((g) => g.id));
    const expected = m.fips.filter((f, i) => onMap.has(f) && typeof m.growth[i] === 'number' && m.growth[i] > 0);
    const paths = [...document.querySelectorAll('[data-chart="growth-map"] [data-layer="counties"] path[data-fips]')];
    const filled = paths.filter((p) => p.getAttribute('fill') !== '#d9d9d9').map((p) => p.getAttribute('data-fips'));
    const sample = paths.find((p) => p.getAttribute('data-fips') === expected[0]);
    return { paths: paths.length, filled, expected, tooltip: sample?.querySelector('title')?.textContent ?? '', distinctFills: new Set(paths.map((p) => p.getAttribute('fill'))).size };
  }, fc.map);
  check(map.paths === 3142, `map: ${map.paths} county paths, expected 3142`);
  check(map.filled.length === map.expected.length && map.expected.every((f) => map.filled.includes(f)), `map: ${map.filled.length} filled paths, expected ${map.expected.length} (one per county with a growth value)`);
  check(map.expected.length >= 140, `map: only ${map.expected.length} counties with a growth value`);
  check(/observed last 7 d: .*forecast next 7 d: .*growth × /.test(map.tooltip), `map tooltip: ${JSON.stringify(map.tooltip)}`);
  check(map.distinctFills >= 20, `map: only ${map.distinctFills} distinct fills`);

  // Fan chart: bands, median, mean, observed points.
  const fan = () =>
    page.evaluate(() => {
      const box = document.querySelector('[data-chart="fan"]');
      const d = (label) => [...box.querySelectorAll(`g[aria-description="${label}"] path`)].map((p) => p.getAttribute('d') ?? '').join('|');
      const rBox = document.querySelector('[data-chart="r"]');
      return {
        county: box.dataset.county,
        band95: d('band 95 %'),
        band80: d('band 80 %'),
        band50: d('band 50 %'),
        median: d('median'),
        mean: d('mean'),
        observed: box.querySelectorAll('g[aria-description="observed"] circle').length,
        rCounty: rBox.dataset.county,
        rFitted: [...rBox.querySelectorAll('[data-panel="r"] g[aria-description="R fitted"] path')].map((p) => p.getAttribute('d')).join('|'),
        rForecast: rBox.querySelectorAll('[data-panel="r"] g[aria-description="R forecast"] path').length,
        mobilityLines: rBox.querySelectorAll('[data-panel="mobility"] g[aria-description="mobility"] path').length,
        mobilityTitle: rBox.textContent.includes('Mobility Δ = 14 days earlier'),
        title: document.getElementById('fan-title').textContent,
        options: document.querySelectorAll('[data-control="county"] option').length,
        topRows: document.querySelectorAll('[data-chart="top-counties"] tbody tr').length,
        topHeader: document.querySelector('[data-chart="top-counties"] thead tr th:last-child')?.textContent ?? '',
        topTotal: document.querySelector('[data-chart="top-counties"] tbody tr td:last-child')?.textContent ?? '',
        highlighted: document.querySelectorAll('[data-chart="growth-map"] [data-layer="highlight"] path').length,
      };
    });
  const f0 = await fan();
  check(f0.county === fc.counties[0].fips, `fan chart county ${f0.county}, expected ${fc.counties[0].fips}`);
  for (const band of ['band95', 'band80', 'band50', 'median', 'mean']) check(f0[band].length > 20, `fan chart: ${band} not drawn`);
  check(f0.observed === fc.observedDates.length, `fan chart: ${f0.observed} observed points, expected ${fc.observedDates.length}`);
  check(f0.rFitted.length > 20 && f0.rForecast >= 1, 'R(t) chart: fitted or forecast line missing');
  check(f0.mobilityLines === 5 && f0.mobilityTitle, `mobility panel: ${f0.mobilityLines} lines, expected 5, titled "Mobility Δ = 14 days earlier"`);
  check(f0.options === fc.counties.length && f0.topRows === fc.counties.length, `county picker ${f0.options} / top table ${f0.topRows}, expected ${fc.counties.length}`);
  check(f0.highlighted === 1, `map: ${f0.highlighted} outlined counties, expected 1`);
  // top-county table: median [95 % interval] of the forecast window total (not of one day)
  const fmt4 = (v) => Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 12 });
  const tq = fc.counties[0].totalQuantiles;
  const wantTotal = `${fmt4(tq[3])} [${fmt4(tq[0])} – ${fmt4(tq[6])}]`;
  check(f0.topHeader === `Total, next ${fc.horizon} d: median [95 % interval]`, `top table: last column "${f0.topHeader}"`);
  check(f0.topTotal === wantTotal, `top table: first row total "${f0.topTotal}", expected "${wantTotal}"`);

  // Switching county redraws the fan and R(t) charts.
  const other = fc.counties[2].fips;
  await page.selectOption('[data-control="county"]', other);
  const f1 = await fan();
  check(f1.county === other && f1.rCounty === other, `after switching: fan ${f1.county}, R ${f1.rCounty}, expected ${other}`);
  check(f1.band95 !== f0.band95 && f1.median !== f0.median, 'switching county did not redraw the fan chart');
  check(f1.rFitted !== f0.rFitted, 'switching county did not redraw the R(t) chart');
  check(f1.title.includes(fc.counties[2].name), `fan title after switching: ${JSON.stringify(f1.title)}`);
  // A row of the top table selects its county too.
  await page.click(`[data-chart="top-counties"] tbody tr[data-fips="${fc.counties[1].fips}"]`);
  check((await fan()).county === fc.counties[1].fips, 'clicking a top-county row did not select it');

  // Fit tables.
  const fitCounts = await page.evaluate(() => ({
    coefficients: document.querySelectorAll('[data-chart="coefficients"] tbody tr').length,
    kernelMean: document.querySelector('[data-chart="kernel"] tr[data-quantity="kernel-mean"] td.num')?.textContent ?? '',
    kernelBars: document.querySelectorAll('[data-chart="kernel-chart"] svg rect').length,
    dropped: document.querySelectorAll('[data-chart="dropped"] tbody tr').length,
    notes: document.querySelectorAll('[data-chart="notes"] li').length,
  }));
  check(fitCounts.coefficients === data.fit.coefficients.length, `coefficient table: ${fitCounts.coefficients} rows, expected ${data.fit.coefficients.length}`);
  check(Number(fitCounts.kernelMean) > 0, `kernel mean: ${JSON.stringify(fitCounts.kernelMean)}`);
  check(fitCounts.kernelBars >= Math.min(data.fit.L, 10), `kernel chart: ${fitCounts.kernelBars} bars`);
  check(fitCounts.dropped === data.dropped.length && data.dropped.length > 0, `dropped table: ${fitCounts.dropped} rows, expected ${data.dropped.length} (> 0)`);
  check(fitCounts.notes === data.notes.length, `notes: ${fitCounts.notes}, expected ${data.notes.length}`);

  // Backtest: one row per score, best MAE per group, the MAE chart follows its controls.
  const backtest = () =>
    page.evaluate(() => {
      const box = document.querySelector('[data-chart="backtest-mae"]');
      return {
        rows: document.querySelectorAll('[data-chart="scores"] tbody tr').length,
        best: [...document.querySelectorAll('[data-chart="scores"] tbody tr[data-best]')].map((tr) => `${tr.dataset.group}:${tr.dataset.model}`),
        selection: box.dataset.selection,
        points: Number(box.dataset.points),
        dots: box.querySelectorAll('g[aria-description="window MAE"] circle').length,
        ys: [...box.querySelectorAll('g[aria-description="window MAE"] circle')].map((c) => c.getAttribute('cy')).join(','),
        claim: [...document.querySelectorAll('[data-chart="claim"] li')].map((li) => ({ target: li.dataset.target, subset: li.dataset.subset, model: li.dataset.model, changes: JSON.parse(li.dataset.changes) })),
        verdict: document.querySelector('[data-chart="claim"] [data-verdict]')?.dataset.verdict ?? null,
      };
    });
  const b0 = await backtest();
  check(b0.rows === bt.scores.length, `scores table: ${b0.rows} rows, expected ${bt.scores.length}`);
  check(b0.best.length === groups.size, `best MAE highlighted in ${b0.best.length} rows, expected ${groups.size} (one per group)`);
  check(b0.best.filter((b) => b.endsWith('|25-50:persistence')).length === 6 && b0.best.filter((b) => b.endsWith(':full')).length === 12, `best rows: ${b0.best.join(', ')}`);
  check(b0.selection === 'cases|3|top10', `MAE chart selection ${b0.selection}`);
  check(b0.dots === windowsOf('cases', 3, 'top10').length && b0.points === b0.dots, `MAE chart: ${b0.dots} dots, expected ${windowsOf('cases', 3, 'top10').length}`);
  await page.selectOption('[data-control="bt-horizon"]', '7');
  const b1 = await backtest();
  check(b1.selection === 'cases|7|top10' && b1.dots === windowsOf('cases', 7, 'top10').length && b1.ys !== b0.ys, `MAE chart after horizon 7: ${b1.selection}, ${b1.dots} dots, moved ${b1.ys !== b0.ys}`);
  await page.selectOption('[data-control="bt-subset"]', '25-50');
  await page.selectOption('[data-control="bt-target"]', 'deaths');
  const b2 = await backtest();
  check(b2.selection === 'deaths|7|25-50' && b2.dots === windowsOf('deaths', 7, '25-50').length && b2.ys !== b1.ys, `MAE chart after deaths / 25-50: ${b2.selection}, ${b2.dots} dots`);
  // The claim: relative MAE change of each dynamic model against constant R, per target × top subset × horizon.
  check(b0.claim.length === 2 * 2 * 2, `claim: ${b0.claim.length} lines, expected 8 (2 targets × 2 top subsets × 2 dynamic models)`);
  for (const line of b0.claim) {
    for (const h of bt.horizons) {
      const expected = mae(line.model, line.target, h, line.subset) / mae('constant', line.target, h, line.subset) - 1;
      check(Math.abs(line.changes[h] - expected) < 1e-12, `claim ${line.target} ${line.subset} ${line.model} h=${h}: ${line.changes[h]} ≠ ${expected}`);
    }
  }
  check(b0.verdict === 'holds', `claim verdict ${b0.verdict}, expected "holds" (constructed factors 0.82 / 0.78)`);

  // Pages with sections missing and hostile strings: no console error, only the present sections, text stays text.
  const EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const edgePages = [
    { name: 'backtest only, no constant-R model', sections: ['backtest'], data: { title: `Backtest ${EVIL}`, source: EVIL, generated: 'now', backtest: { ...bt, models: bt.models.filter((m) => m !== 'constant'), scores: bt.scores.filter((s) => s.model !== 'constant'), windows: [] }, dropped: [{ fips: '99999', name: EVIL, reasons: ['no-covariates'], detail: EVIL }], notes: [EVIL] } },
    { name: 'forecast without mobility or fit', sections: ['forecast'], data: { title: 'No mobility', source: 's', generated: 'g', forecast: { ...fc, mobilityTypes: [], counties: fc.counties.slice(0, 2).map((c) => ({ ...c, name: `${c.name} ${EVIL}`, laggedMobility: [] })) }, dropped: [], notes: [] } },
    { name: 'nothing', sections: [], data: { title: 'Empty', source: '', generated: '', dropped: [], notes: [] } },
  ];
  for (const edge of edgePages) {
    const edgeDir = mkdtempSync(join(tmpdir(), 'epikit-hawkes-report-edge-'));
    const edgeHtml = writeHawkesReport(edge.data, edgeDir).html;
    const edgeServed = await serveReport(edgeHtml);
    const edgePage = await openReportPage(browser, edgeServed.url, errors, outside, edge.name);
    const seen = await edgePage.evaluate(() => ({
      sections: [...document.querySelectorAll('main section[id]')].map((s) => s.id),
      h1: document.querySelector('h1')?.textContent ?? '',
      pwned: window.__pwned ?? null,
      images: document.querySelectorAll('main img').length,
      claim: document.querySelector('[data-chart="claim"]')?.textContent ?? null,
      mobility: document.querySelector('[data-panel="mobility"]')?.textContent ?? null,
      empty: document.querySelector('main > p.empty')?.textContent ?? null,
    }));
    edgeServed.server.close();
    await edgePage.close();
    check(JSON.stringify(seen.sections) === JSON.stringify(edge.sections), `[${edge.name}] sections ${JSON.stringify(seen.sections)}, expected ${JSON.stringify(edge.sections)}`);
    check(seen.pwned === null && seen.images === 0, `[${edge.name}] a user string became markup`);
    check(seen.h1 === edge.data.title, `[${edge.name}] title ${JSON.stringify(seen.h1)}`);
    if (edge.sections.includes('backtest')) check(/no constant-R model/.test(seen.claim ?? ''), `[${edge.name}] claim: ${JSON.stringify(seen.claim)}`);
    if (edge.sections.includes('forecast')) check(/No mobility/.test(seen.mobility ?? ''), `[${edge.name}] mobility panel: ${JSON.stringify(seen.mobility)}`);
    if (!edge.sections.length) check(/no fit, forecast or backtest/.test(seen.empty ?? ''), `[${edge.name}] empty report sentence: ${JSON.stringify(seen.empty)}`);
  }

  await page.selectOption('[data-control="bt-target"]', 'cases');
  await page.selectOption('[data-control="bt-subset"]', 'top10');
  await page.selectOption('[data-control="county"]', fc.counties[0].fips);
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(
    `hawkes report check: ${fc.map.fips.length} forecast counties (${map.filled.length} filled on the map), ${fc.counties.length} fan charts, ${data.fit.coefficients.length} coefficients, ${data.dropped.length} dropped, ${b0.rows} scores; data built in ${((built - started) / 1000).toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(`hawkes report check: screenshot ${screenshot}`);
  if (outside.length) problems.push(`the page requested outside resources:\n  ${outside.join('\n  ')}`);
  if (errors.length) problems.push(`console errors:\n  ${errors.join('\n  ')}`);
  if (problems.length) throw new Error(problems.join('\n'));
  console.log(`hawkes report check: ${html} drew the map, fan and R(t) charts, tables and backtest chart; controls redraw; no console errors, no outside requests`);
} catch (e) {
  failed = true;
  console.error(`hawkes report check failed: ${e && e.message ? e.message : e}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
