import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvolutionResult } from '../lib/evolution/evolution-result.js';
import { EVOLUTION_DATA_ID, evolutionReportHtml, writeEvolutionReport } from '../lib/report/evolution-report.js';
import { escapeScript, readPackageFile, scriptSafeJson, selfContainedPage } from '../lib/report/self-contained-page.js';
import { drawEvolutionReport } from '../lib/report/client/draw-evolution.js';

const fixturePath = new URL('./fixtures/evolution-result-sample.json', import.meta.url);
const sample = (): EvolutionResult => JSON.parse(readFileSync(fixturePath, 'utf8'));

/** The text of the JSON data block, as the browser's textContent would give it. */
function dataBlock(html: string, id = EVOLUTION_DATA_ID): string {
  const open = `<script type="application/json" id="${id}">`;
  const start = html.indexOf(open);
  expect(start).toBeGreaterThan(-1);
  const end = html.indexOf('</script>', start);
  return html.slice(start + open.length, end);
}

/**
 * The data-chart names the renderer uses, as written in its source (quotes normalised: the source
 * seen here is esbuild's output, the page's is tsc's). The browser check counts their marks.
 */
const CHART_NAME_LITERALS = [
  "'k-${key}'",
  "'membership-${key}'",
  "'dendrogram-${key}'",
  "'series-offset'",
  "'k-aligned'",
  "'consistency-${start}'",
  "'offset-table'",
  "'anomalies'",
  "'ldr'",
];

describe('selfContainedPage', () => {
  it('inlines the libraries, escapes </script in code and "<" in data', () => {
    const html = selfContainedPage({
      title: 'a <b> & "c"',
      libraries: [{ package: 'd3', file: 'dist/d3.min.js' }],
      data: { s: '</script><script>alert(1)</script>', nan: NaN },
      body: '<div id="root"></div>',
      client: 'const s = "</script>"; window.ok = s.length;',
    });
    expect(html).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;</title>');
    expect(html).toContain(readPackageFile({ package: 'd3', file: 'dist/d3.min.js' }).slice(0, 200));
    expect(html).toContain('const s = "<\\/script>"');
    const block = dataBlock(html, 'epikit-data');
    expect(block).not.toMatch(/<\/script/i);
    expect(JSON.parse(block)).toEqual({ s: '</script><script>alert(1)</script>', nan: null });
    // Exactly the expected script elements close: library, data, client.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('escapeScript and scriptSafeJson', () => {
    expect(escapeScript('x = "</SCRIPT>"')).toBe('x = "<\\/SCRIPT>"');
    expect(JSON.parse(scriptSafeJson({ a: '<!-- </script> \u2028' }))).toEqual({ a: '<!-- </script> \u2028' });
    expect(scriptSafeJson('<')).toBe('"\\u003c"');
  });

  it('names the missing file and the folders tried', () => {
    expect(() => readPackageFile({ package: 'd3', file: 'dist/no-such-file.js' })).toThrow(/d3\/dist\/no-such-file\.js.*npm install/);
  });
});

describe('evolutionReportHtml', () => {
  const result = sample();
  const html = evolutionReportHtml(result, { title: 'Sample report' });

  it('inlines d3 and Plot and loads nothing from the network', () => {
    expect(html).toContain('data-library="d3/dist/d3.min.js"');
    expect(html).toContain('data-library="@observablehq/plot/dist/plot.umd.min.js"');
    expect(html).toContain('// @observablehq/plot v0.6.17');
    expect(html.indexOf('data-library="d3/')).toBeLessThan(html.indexOf('data-library="@observablehq/plot/'));
    expect(html).not.toMatch(/<script[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<link[^>]*\bhref\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<(img|iframe|source)[^>]*\bsrc\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/);
  });

  it('holds the result in a JSON block that parses back to the input', () => {
    expect(JSON.parse(dataBlock(html))).toEqual(result);
  });

  it('inlines the renderer and calls it with the data, Plot, d3 and the root', () => {
    expect(html).toContain(escapeScript(String(drawEvolutionReport)));
    expect(html).toMatch(/drawEvolutionReport\(JSON\.parse\(document\.getElementById\("epikit-evolution-result"\)\.textContent\), Plot, d3, document\.getElementById\('report'\), \{"title":"Sample report","countries":30\}\);/);
    expect(html).toContain('<main id="report"></main>');
    expect(html).toContain('<title>Sample report</title>');
  });

  it('gives every chart a data-chart container', () => {
    const source = String(drawEvolutionReport).replace(/["`]/g, "'");
    for (const literal of CHART_NAME_LITERALS) expect(source, literal).toContain(literal);
    expect(source).toContain("'data-chart': name");
  });

  it('escapes "</script" inside the data (a region name) and keeps it intact', () => {
    const tricky = sample();
    tricky.names[0] = 'Evil</script><script>document.title="pwned"</script>';
    tricky.ldr.names[0] = '</SCRIPT x>';
    const page = evolutionReportHtml(tricky);
    expect(page).not.toContain('Evil</script>');
    expect(page.match(/<\/script>/gi)).toHaveLength(4); // d3, Plot, data, client
    expect(JSON.parse(dataBlock(page))).toEqual(tricky);
  });

  it('keeps the renderer free of outside references (it is inlined with String())', () => {
    const source = String(drawEvolutionReport);
    expect(source).toMatch(/^function drawEvolutionReport\(data, Plot, d3, root, options = \{\}\)/);
    expect(source).not.toMatch(/\brequire\(|\bimport\b|__vite|__name\(/);
    // Compiles on its own in a fresh function scope (no free helpers from the module).
    expect(() => new Function(`${source}; return drawEvolutionReport;`)()).not.toThrow();
  });

  it('handles empty parts without throwing on the Node side', () => {
    const empty = sample();
    empty.anomalies.dates = [];
    empty.consistency = [];
    empty.cases.dendrogram = { firstDay: 0, linkage: [], method: 'average', groups: [] };
    empty.ldr = { tau: 0, regions: [], names: [], values: [] };
    const page = evolutionReportHtml(empty, { countries: 5 });
    expect(JSON.parse(dataBlock(page))).toEqual(empty);
    expect(page).toContain('"countries":5');
  });
});

describe('writeEvolutionReport', () => {
  it('writes report.html and result.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epikit-report-test-'));
    try {
      const result = sample();
      const written = writeEvolutionReport(result, join(dir, 'nested'));
      expect(written.json).toBe(join(dir, 'nested', 'result.json'));
      expect(written.html).toBe(join(dir, 'nested', 'report.html'));
      expect(JSON.parse(readFileSync(written.json, 'utf8'))).toEqual(result);
      const html = readFileSync(written.html!, 'utf8');
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(JSON.parse(dataBlock(html))).toEqual(result);

      const jsonOnly = writeEvolutionReport(result, join(dir, 'json-only'), { report: false });
      expect(jsonOnly.html).toBeUndefined();
      expect(JSON.parse(readFileSync(jsonOnly.json, 'utf8'))).toEqual(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
