// The browser entry: WebAssembly only, never touching native code or Node built-ins.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EpikitError, Xoshiro256, init, randomUniform } from '../lib/browser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every module reachable from `entry` through static and dynamic relative imports. */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const specifiers = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '') // block and doc comments (their examples import 'epikit')
      .replace(/^\s*\/\/.*$/gm, '');
    const statements = /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
    for (const m of src.matchAll(statements)) {
      const spec = m[1] ?? m[2] ?? m[3];
      specifiers.add(spec);
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return new Set([...seen].map((f) => f.slice(root.length + 1)).concat([...specifiers].filter((s) => !s.startsWith('.'))));
}

describe('browser entry', () => {
  it('never imports native code, the Node selector or Node built-ins', () => {
    const graph = importGraph(join(root, 'lib', 'browser.ts'));
    expect(graph.has('lib/backend/wasm-kernels.ts')).toBe(true);
    for (const forbidden of ['lib/backend/native.ts', 'lib/backend/select.ts', 'lib/backend/wasm.ts', 'lib/index.ts']) {
      expect(graph.has(forbidden), forbidden).toBe(false);
    }
    // No bare specifiers at all: the browser facade runs from a plain <script type="module">.
    const bare = [...graph].filter((s) => !s.startsWith('lib/'));
    expect(bare).toEqual([]);
  });

  it('refuses to run before init() and refuses the native backend', async () => {
    expect(() => randomUniform(3, { seed: 1 })).toThrow(/await init\(\)/);
    await init(readFileSync(join(root, 'wasm', 'epikit.wasm')));
    expect(() => randomUniform(3, { seed: 1, backend: 'native' })).toThrow(EpikitError);
  });

  it('runs a kernel after init() from bytes, matching the TypeScript generator', async () => {
    await init(readFileSync(join(root, 'wasm', 'epikit-simd.wasm')));
    const rng = new Xoshiro256(5);
    expect(randomUniform(100, { seed: 5 })).toEqual(Float64Array.from({ length: 100 }, () => rng.uniform()));
  });
});
