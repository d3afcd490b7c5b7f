// The built package as users get it: the CLI, the "browser" export condition, and the
// WebAssembly fallback when no native addon exists. Needs `npm install` (or npm run build:ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function requireBuilt(): void {
  if (!existsSync(join(root, 'dist', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm install` or `npm run build:ts` before the package tests');
  }
}

describe('built package', () => {
  it('`epikit info --json` describes both backends and every kernel', () => {
    requireBuilt();
    const out = execFileSync(process.execPath, [join(root, 'bin', 'epikit.js'), 'info', '--json'], { encoding: 'utf8' });
    const info = JSON.parse(out);
    expect(info.wasm.loaded).toBe(true);
    expect(info.selected).toBe(process.env.EPIKIT_BACKEND === 'wasm' ? 'wasm' : info.native.loaded ? 'native' : 'wasm');
    expect(info.kernels.length).toBeGreaterThan(0);
  });

  it('`epikit info` prints a table and fails with exit code 1 for an unknown EPIKIT_BACKEND', () => {
    requireBuilt();
    const ok = spawnSync(process.execPath, [join(root, 'bin', 'epikit.js'), 'info'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/kernel\s+served by\s+available/);
    const bad = spawnSync(process.execPath, [join(root, 'bin', 'epikit.js'), 'info'], {
      encoding: 'utf8',
      env: { ...process.env, EPIKIT_BACKEND: 'quantum' },
    });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/EPIKIT_BACKEND is "quantum"/);
  });

  it('`epikit evolution` runs on the embedded data and writes result.json and report.html', () => {
    requireBuilt();
    const out = mkdtempSync(join(tmpdir(), 'epikit-evolution-'));
    const r = spawnSync(process.execPath, [join(root, 'bin', 'epikit.js'), 'evolution', '--out', out], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/cluster evolution of 207 regions × 122 days \(2019-12-31\.\.2020-04-30\)/);
    expect(r.stdout).toMatch(/cluster consistency offset τ \(Aff, from 2019-12-31\) = 16 days/);
    expect(r.stderr).toMatch(/clusters per day \(cases\)/); // progress goes to stderr
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.method).toBe('cluster-evolution');
    expect(result.regions).toHaveLength(207);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<html/);
  });

  it('`epikit evolution` names a bad data file by path, line and column', () => {
    requireBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'epikit-baddata-'));
    const file = join(dir, 'owid.csv');
    writeFileSync(file, 'iso_code,location,date,total_cases,total_deaths\nAAA,A,2020-01-01,1,0\nAAA,A,2020-01-02,x,0\n');
    const r = spawnSync(process.execPath, [join(root, 'bin', 'epikit.js'), 'evolution', '--data', file, '--out', dir], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/E_DATA_FORMAT/);
    expect(r.stderr).toMatch(/owid\.csv:3:4 \(total_cases\)/);
  });

  it('the "browser" export condition resolves to the WebAssembly-only facade', () => {
    requireBuilt();
    const script = `
      const m = await import('epikit');
      const { readFileSync } = await import('node:fs');
      if (typeof m.init !== 'function') throw new Error('not the browser facade');
      if ('backendInfo' in m) throw new Error('browser facade exposes backendInfo');
      await m.init(readFileSync(${JSON.stringify(join(root, 'wasm', 'epikit.wasm'))}));
      console.log(JSON.stringify(Array.from(m.randomUniform(2, { seed: 42 }))));`;
    const out = execFileSync(process.execPath, ['--conditions=browser', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([0.08386297105988216, 0.3789802506626686]);
  });

  it('the install step succeeds without a C++ toolchain and says why the addon was not built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epikit-notoolchain-'));
    for (const part of ['binding.gyp', 'native', 'scripts', 'package.json']) cpSync(join(root, part), join(dir, part), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'install-native.mjs')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CXX: '/bin/false', CC: '/bin/false', EPIKIT_SKIP_NATIVE: '' },
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/could not be built, so the WebAssembly backend will serve/);
    expect(r.stderr).toMatch(/npm run build:native/);
    expect(existsSync(join(dir, 'build', 'Release', 'epikit.node'))).toBe(false);
  });

  it('without a native addon, auto falls back to wasm with one coded warning', () => {
    requireBuilt();
    // A copy of the installed package with no build/ and no prebuilds/.
    const dir = mkdtempSync(join(tmpdir(), 'epikit-nonative-'));
    for (const part of ['dist', 'wasm', 'package.json', 'bin']) cpSync(join(root, part), join(dir, part), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const script = `
      import { randomUniform, backendInfo } from './dist/index.js';
      const x = randomUniform(2, { seed: 42 });
      const info = backendInfo();
      console.log(JSON.stringify({ x: Array.from(x), selected: info.selected, native: info.native.loaded }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, EPIKIT_BACKEND: '', EPIKIT_NATIVE_PATH: '' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ x: [0.08386297105988216, 0.3789802506626686], selected: 'wasm', native: false });
    const warnings = r.stderr.split('\n').filter((l) => l.includes('[EPIKIT_NATIVE_FALLBACK]'));
    expect(warnings).toHaveLength(1);
    const forced = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, EPIKIT_BACKEND: 'native', EPIKIT_NATIVE_PATH: '' },
    });
    expect(forced.status).not.toBe(0);
    expect(forced.stderr).toMatch(/E_BACKEND_UNAVAILABLE|native backend could not be loaded/);
  });

  it('the npm package ships the permissively licensed data and leaves out NYT (CC BY-NC) and Google mobility', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('data/countries-2020/owid-2020-04.csv');
    expect(files).toContain('data/us-counties-features/reduced_monthly_county_matrix_2020-03_to_2020-08.csv');
    expect(files).toContain('data/SOURCES.md');
    expect(files.filter((f) => f.startsWith('data/us-counties-nyt') || f.startsWith('data/us-counties-mobility'))).toEqual([]);
  });
});
