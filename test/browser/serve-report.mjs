// Shared by the report checks: serve one HTML file on a local port (the page's own origin, so
// any other request it makes is an outside request) and launch Debian's chromium headless.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

/** Serves `html` (a file path) at `/`; every other path is 404. */
export async function serveReport(html) {
  const server = createServer((req, res) => {
    if (new URL(req.url, 'http://x').pathname !== '/') return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(html));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/** Headless chromium ($CHROMIUM_PATH or /usr/bin/chromium) with no background network traffic. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A 1280 × 900 page at `url` that records console errors and page errors in `errors` and every
 * request to anything but `url` in `outside` (and aborts it: the page must be self-contained).
 * `label` prefixes what it records (for checks that open several pages).
 */
export async function openReportPage(browser, url, errors, outside, label = '') {
  const tag = label ? `[${label}] ` : '';
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && errors.push(`${tag}${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${tag}${e}`));
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    outside.push(`${tag}${route.request().url()}`);
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}
