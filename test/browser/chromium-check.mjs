#!/usr/bin/env node
// Runs the browser facade (dist/browser.js + wasm/) in headless Chromium, as a page served
// from this repository, and compares its results with the Node entry's. Needs Debian's
// chromium (/usr/bin/chromium) and a built package (npm install). Used by .ci/run.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './serve-report.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const file = path === '/' ? join(root, 'test/browser/page.html') : join(root, path);
  if (!file.startsWith(root)) return res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await launchChromium();
const errors = [];
let failed = false;
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.epikitResult !== undefined, null, { timeout: 30_000 });
  const got = await page.evaluate(() => window.epikitResult);

  const node = await import(join(root, 'dist/index.js'));
  const expected = { uniform: Array.from(node.randomUniform(3, { seed: 42 })) };
  if (node.ckmeans) {
    const r = node.ckmeans([1, 2, 3, 10, 11, 12, 40], 3);
    expected.ckmeans = { labels: Array.from(r.labels), centers: Array.from(r.centers) };
  }
  if (node.kmeans) expected.kmeans = { inertia: node.kmeans([[0, 0], [0, 1], [9, 9], [9, 8]], 2, { seed: 1 }).inertia };
  const { simd, ...rest } = got;
  console.log(`browser check: Chromium ran the WebAssembly facade (${simd ? 'SIMD' : 'plain'} build)`);
  console.log(JSON.stringify(rest));
  if (got.error) throw new Error(`page failed: ${got.error}`);
  if (JSON.stringify(rest) !== JSON.stringify(expected)) {
    throw new Error(`browser results differ from Node's:\n  browser ${JSON.stringify(rest)}\n  node    ${JSON.stringify(expected)}`);
  }
  if (errors.length) throw new Error(`console errors:\n${errors.join('\n')}`);
  console.log('browser check: results identical to the Node entry, no console errors');
} catch (e) {
  failed = true;
  console.error(String(e && e.message ? e.message : e));
  if (errors.length) console.error(`page errors:\n${errors.join('\n')}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
