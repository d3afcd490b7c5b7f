/**
 * One self-contained HTML page: a title, inline CSS, library scripts read from node_modules
 * and inlined, a JSON data block and a client script. Nothing is fetched from the network, so
 * the file opens offline (file://, e-mail attachment, CI artifact).
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A browser build shipped inside an installed package, e.g. `{ package: 'd3', file: 'dist/d3.min.js' }`. */
export interface InlineLibrary {
  package: string;
  file: string;
}

export interface SelfContainedPageOptions {
  /** Text of <title> (HTML-escaped here). */
  title: string;
  /** CSS placed in a <style> element. */
  css?: string;
  /** Libraries inlined in order, before the client script (e.g. d3 before Plot's UMD build). */
  libraries?: readonly InlineLibrary[];
  /** Serialised with JSON.stringify into <script type="application/json" id={dataId}> (NaN and ±Infinity become null). */
  data?: unknown;
  /** id of the JSON block (default 'epikit-data'). */
  dataId?: string;
  /** HTML placed in <body> before the scripts (trusted markup: escape any user text with escapeHtml). */
  body?: string;
  /** JavaScript run last, as a classic script (it sees the libraries' globals). */
  client: string;
}

const require = createRequire(import.meta.url);
const cache = new Map<string, string>();

/**
 * Read an installed package's file. Packages with an "exports" map (d3, Plot) do not export
 * their dist/ builds, so the file is looked up in every node_modules folder Node would search.
 * @throws Error naming the file and the folders tried (the package is not installed).
 */
export function readPackageFile(library: InlineLibrary): string {
  const key = `${library.package}/${library.file}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const folders = require.resolve.paths(library.package) ?? [];
  for (const folder of folders) {
    const path = join(folder, library.package, library.file);
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      cache.set(key, text);
      return text;
    }
  }
  throw new Error(`cannot inline ${key}: not found under ${folders.join(', ')}; run npm install`);
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Make JavaScript safe inside <script>…</script>: "</script" (any case) would end the element
 * early. It can only occur inside a string, template literal, regular expression or comment,
 * where "<\/script" reads the same.
 */
export function escapeScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

/** JSON that is safe inside <script type="application/json">: every "<" becomes \u003c (JSON.parse reads it back). */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Build the page. Cost: the size of the inlined libraries (d3 + Plot ≈ 0.5 MB) plus the data.
 *
 * @example
 *   const html = selfContainedPage({
 *     title: 'Report',
 *     libraries: [{ package: 'd3', file: 'dist/d3.min.js' }],
 *     data: { x: [1, 2] },
 *     body: '<main id="root"></main>',
 *     client: 'const data = JSON.parse(document.getElementById("epikit-data").textContent);',
 *   });
 */
export function selfContainedPage(options: SelfContainedPageOptions): string {
  const dataId = options.dataId ?? 'epikit-data';
  const scripts = (options.libraries ?? []).map(
    (lib) => `<script data-library="${escapeHtml(`${lib.package}/${lib.file}`)}">\n${escapeScript(readPackageFile(lib))}\n</script>`,
  );
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    options.css ? `<style>\n${options.css.replace(/<\/(style)/gi, '<\\/$1')}\n</style>` : '',
    '</head>',
    '<body>',
    options.body ?? '',
    options.data === undefined ? '' : `<script type="application/json" id="${escapeHtml(dataId)}">${scriptSafeJson(options.data)}</script>`,
    ...scripts,
    `<script>\n${escapeScript(options.client)}\n</script>`,
    '</body>',
    '</html>',
  ];
  return `${parts.filter((p) => p !== '').join('\n')}\n`;
}
