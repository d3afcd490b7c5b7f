// The NMFk signals explorer page: report data (max-normalised factors, labels, per-k rows), a
// self-contained HTML file (no outside URLs, data and topology blocks, inlined libraries),
// result.json with typed arrays as arrays. The browser side is checked by
// test/browser/signals-report-check.mjs.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NmfkResult } from '../lib/nmfk/nmfk-result.js';
import { interpretSignals } from '../lib/nmfk/interpret-signals.js';
import {
  COUNTY_TOPOLOGY_ID,
  SIGNALS_DATA_ID,
  countyTopologyBlock,
  nmfkResultJson,
  signalsReportData,
  signalsReportHtml,
  writeSignalsReport,
} from '../lib/report/signals-report.js';
import { drawSignalsReport } from '../lib/report/client/draw-signals.js';
import { drawCountyMap } from '../lib/report/client/county-map.js';
import { readPackageFile } from '../lib/report/self-contained-page.js';

const tmp = mkdtempSync(join(tmpdir(), 'epikit-signals-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** 4 counties × 3 variables; k = 1 (no factors), 2 and 3; chosen k = 2. H rows sum to 1. */
function tinyResult(): NmfkResult {
  const regions = ['01001', '06037', '36061', '56045'];
  const names = ['Autauga County, AL', 'Los Angeles County, CA', 'New York County, NY', 'Weston County, WY'];
  const features = ['density', 'cases_per100k_2020-07', 'age_85_or_higher'];
  // k = 2: W 4×2, H 2×3.
  const w2 = Float64Array.from([1, 4, 8, 2, 6, 0, 0.5, 1]);
  const h2 = Float64Array.from([0.5, 0.3, 0.2, 0.1, 0.1, 0.8]);
  const w3 = Float64Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
  const h3 = Float64Array.from([0.6, 0.2, 0.2, 0.2, 0.6, 0.2, 0.2, 0.2, 0.6]);
  const signals = interpretSignals(w2, h2, 4, 3, 2, { features, regions, names });
  signals[0].label = 'label from the driver';
  const row = (k: number, robustness: number, w: Float64Array, h: Float64Array) => ({
    k,
    robustness,
    clusterSilhouettes: Array.from({ length: k }, (_, a) => robustness + 0.01 * a),
    meanSilhouette: robustness + 0.005,
    frobeniusError: 10 / k,
    relativeError: 0.4 / k,
    aic: -100 * k,
    restartObjectives: [3, 2, 1],
    restartIterations: [10, 20, 30],
    w,
    h,
  });
  return {
    regions,
    names,
    features,
    rows: 4,
    cols: 3,
    objective: 'kl',
    perK: [
      { ...row(1, 1, new Float64Array(0), new Float64Array(0)), aic: NaN },
      row(2, 0.9, w2, h2),
      row(3, 0.2, w3, h3),
    ],
    chosenK: 2,
    rule: 'nmfk',
    threshold: 0.5,
    w: w2,
    h: h2,
    signals,
    settings: { restarts: 3, seed: 7, objective: 'kl', kRange: [1, 3], nested: { a: 1 } },
  };
}

describe('signalsReportData', () => {
  it('max-normalises W columns and H rows, takes chosen-k labels from the result and interprets the others', () => {
    const result = tinyResult();
    const data = signalsReportData(result, { source: 'test', preprocessing: ['min–max'], groupSize: 2 });
    expect(data.chosenK).toBe(2);
    expect(data.initialK).toBe(2);
    expect(data.groupSize).toBe(2);
    expect(data.source).toBe('test');
    expect(data.preprocessing).toEqual(['min–max']);
    expect(data.perK.map((r) => r.k)).toEqual([1, 2, 3]);
    expect(data.perK[0].signals).toBeNull(); // no factors at k = 1
    expect(data.perK[0].aic).toBeNull(); // NaN → null
    const [s1, s2] = data.perK[1].signals!;
    // W column 0 = 1, 8, 6, 0.5 → / 8; column 1 = 4, 2, 0, 1 → / 4.
    expect(s1.w).toEqual([0.125, 1, 0.75, 0.0625]);
    expect(s2.w).toEqual([1, 0.5, 0, 0.25]);
    // H row 0 = .5 .3 .2 → / .5; row 1 = .1 .1 .8 → / .8.
    expect(s1.h).toEqual([1, 0.6, 0.4]);
    expect(s2.h).toEqual([0.125, 0.125, 1]);
    expect(s1.label).toBe('label from the driver');
    expect(s1.silhouette).toBeCloseTo(0.9, 12);
    expect(s2.silhouette).toBeCloseTo(0.91, 12);
    expect(s1.contribution + s2.contribution).toBeCloseTo(1, 3);
    const k3 = data.perK[2].signals!;
    const expected = interpretSignals(result.perK[2].w, result.perK[2].h, 4, 3, 3, { features: result.features, regions: result.regions, names: result.names });
    expect(k3.map((s) => s.label)).toEqual(expected.map((s) => s.label));
    expect(k3[0].w).toEqual([0.25, 0.5, 0.75, 1]);
    expect(data.perK[1].restarts).toBe(3);
    expect(data.settings).toEqual({ restarts: 3, seed: 7, objective: 'kl' }); // arrays and objects left out
  });

  it('falls back to the most robust k with factors when no k was chosen', () => {
    const result = { ...tinyResult(), chosenK: null, w: null, h: null, signals: [] };
    const data = signalsReportData(result);
    expect(data.initialK).toBe(2);
    expect(data.perK[1].signals![0].label).not.toBe('label from the driver');
  });
});

describe('signalsReportHtml', () => {
  const html = signalsReportHtml(tinyResult(), { title: 'Counties <test>', source: 'a.csv' });

  it('is self-contained: no outside URL in src/href, libraries inlined, no external script', () => {
    expect(html).not.toMatch(/\s(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    for (const file of [
      { package: 'd3', file: 'dist/d3.min.js' },
      { package: 'topojson-client', file: 'dist/topojson-client.min.js' },
      { package: '@observablehq/plot', file: 'dist/plot.umd.min.js' },
    ]) {
      expect(html).toContain(`data-library="${file.package}/${file.file}"`);
      expect(html).toContain(readPackageFile(file).slice(0, 300));
    }
    expect(html).toContain('<title>Counties &lt;test&gt;</title>');
    // Three libraries, the data block, the topology block, the client.
    expect(html.match(/<\/script>/g)).toHaveLength(6);
  });

  it('holds the data block and the us-atlas topology (3,142 counties, FIPS strings, states, nation)', () => {
    const block = (id: string) => {
      const open = `<script type="application/json" id="${id}">`;
      const start = html.indexOf(open);
      expect(start).toBeGreaterThan(-1);
      return JSON.parse(html.slice(start + open.length, html.indexOf('</script>', start)));
    };
    const data = block(SIGNALS_DATA_ID);
    expect(data.chosenK).toBe(2);
    expect(data.regions).toEqual(['01001', '06037', '36061', '56045']);
    expect(data.perK[1].signals[0].w).toEqual([0.125, 1, 0.75, 0.0625]);
    const topology = block(COUNTY_TOPOLOGY_ID);
    expect(Object.keys(topology.objects).sort()).toEqual(['counties', 'nation', 'states']);
    const ids = topology.objects.counties.geometries.map((g: { id: string }) => g.id);
    expect(ids).toHaveLength(3142);
    expect(ids).toContain('01001');
    expect(ids).toContain('46102');
    expect(ids).not.toContain('46113');
    expect(countyTopologyBlock('x')).toMatch(/^<script type="application\/json" id="x">\{/);
  });

  it('inlines the two renderers as self-contained functions and calls them', () => {
    expect(html).toContain(String(drawCountyMap).slice(0, 200));
    expect(html).toContain(String(drawSignalsReport).slice(0, 200));
    expect(html).toContain("drawSignalsReport(read(\"epikit-signals\"), { d3, topojson, Plot, drawCountyMap, topology: read(\"epikit-us-counties\") }, document.getElementById('report'));");
    for (const fn of [drawCountyMap, drawSignalsReport]) {
      const source = String(fn);
      expect(source).not.toMatch(/\bimport\b|\brequire\(/);
      // Compiles as a standalone function.
      expect(() => new Function(`${source}; return ${fn.name};`)()).not.toThrow();
    }
  });
});

describe('writeSignalsReport and nmfkResultJson', () => {
  it('writes result.json (typed arrays as arrays, NaN as null, extra fields) and report.html', () => {
    const dir = join(tmp, 'out');
    const written = writeSignalsReport(tinyResult(), dir, { extra: { input: { source: 'a.csv' } } });
    expect(written.html).toBe(join(dir, 'report.html'));
    expect(readFileSync(written.html!, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    const json = JSON.parse(readFileSync(written.json, 'utf8'));
    expect(json.w).toEqual([1, 4, 8, 2, 6, 0, 0.5, 1]);
    expect(json.perK[2].h).toEqual([0.6, 0.2, 0.2, 0.2, 0.6, 0.2, 0.2, 0.2, 0.6]);
    expect(json.perK[0].aic).toBeNull();
    expect(json.input).toEqual({ source: 'a.csv' });
    expect(json.signals[0].label).toBe('label from the driver');
    const only = writeSignalsReport(tinyResult(), join(tmp, 'json-only'), { report: false });
    expect(only.html).toBeUndefined();
    expect(existsSync(join(tmp, 'json-only', 'report.html'))).toBe(false);
    expect(JSON.parse(nmfkResultJson({ ...tinyResult(), w: null }))).toMatchObject({ w: null, chosenK: 2 });
  });
});
