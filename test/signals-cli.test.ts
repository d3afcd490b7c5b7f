// `epikit signals`: the command function on a planted two-signal table (fast: 40 counties ×
// 6 variables, few restarts, inline), option errors, and the built CLI end to end (JSON on
// stdout, progress on stderr, errors with codes).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import '../lib/index.js';
import { EpikitError } from '../lib/errors.js';
import { parseKRange, runSignals, type SignalsCliOptions } from '../lib/cli/signals.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PLANTED = join(root, 'test', 'fixtures', 'county-table-planted.csv');
const tmp = mkdtempSync(join(tmpdir(), 'epikit-signals-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The commander defaults of `epikit signals`, plus a small fast run. */
const options = (extra: Partial<SignalsCliOptions> = {}): SignalsCliOptions => ({
  data: PLANTED,
  k: '2..3',
  restarts: '4',
  objective: 'kl',
  seed: '0',
  concurrency: '1',
  rule: 'nmfk',
  minMax: false,
  covidWeight: '10',
  negative: 'error',
  out: join(tmp, 'run'),
  report: true,
  progress: false,
  ...extra,
});

describe('runSignals', () => {
  it('finds the two planted signals, writes result.json and report.html, summarises', async () => {
    const run = await runSignals(options());
    expect(run.result.chosenK).toBe(2);
    expect(run.result.perK.map((r) => r.k)).toEqual([2, 3]);
    expect(run.result.perK[0].robustness).toBeGreaterThan(0.99);
    const tops = run.result.signals.map((s) => s.topVariables.map((v) => v.feature).sort().join(''));
    expect(tops.sort()).toEqual(['abc', 'def']);
    expect(run.dataReport.regions).toBe(40);
    expect(run.preprocessing.steps).toEqual([]); // no min–max, no COVID columns in this file
    const json = JSON.parse(readFileSync(run.written.json, 'utf8'));
    expect(Array.isArray(json.w)).toBe(true);
    expect(json.w).toHaveLength(40 * 2);
    expect(json.perK[1].h).toHaveLength(3 * 6);
    expect(json.input.source).toBe(PLANTED);
    expect(json.input.data.regions).toBe(40);
    expect(json.input.preprocessing.minMax).toBe(false);
    expect(json.settings.restarts).toBe(4);
    expect(readFileSync(run.written.html!, 'utf8')).toContain('id="epikit-signals"');
    expect(run.summary[0]).toMatch(/^NMFk on 40 counties × 6 variables \(.*county-table-planted\.csv\), KL updates, 4 restarts per k, (native|wasm) backend$/);
    expect(run.summary).toContain('chosen k = 2 (nmfk rule, threshold 0.5)');
    expect(run.summary.some((l) => /^signal 1 \(\d+\.\d %\): /.test(l))).toBe(true);
    expect(run.summary[run.summary.length - 1]).toMatch(/^wrote .*result\.json and .*report\.html$/);
  });

  it('applies --columns, --exclude, the preprocessing options (min–max, population weight) and --no-report', async () => {
    const picked = await runSignals(options({ columns: ['a', 'b', 'd', 'e'], k: '2', restarts: '2', report: false, out: join(tmp, 'cols') }));
    expect(picked.result.features).toEqual(['a', 'b', 'd', 'e']);
    const dropped = await runSignals(options({ exclude: ['f'], k: '2', restarts: '2', report: false, out: join(tmp, 'cols') }));
    expect(dropped.result.features).toEqual(['a', 'b', 'c', 'd', 'e']);
    const run = await runSignals(options({ minMax: true, populationWeight: 'a', k: '2', restarts: '2', report: false, out: join(tmp, 'pop') }));
    expect(run.result.features).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect(run.preprocessing.populationWeight?.column).toBe('a');
    expect(run.preprocessing.steps[0]).toMatch(/^population weight from "a"/);
    expect(run.written.html).toBeUndefined();
    expect(existsSync(join(tmp, 'pop', 'report.html'))).toBe(false);
  });

  it('--constant-columns: a constant column is an error by default, dropped or kept on request', async () => {
    const csv = join(tmp, 'constant.csv');
    const rows = ['fips,a,b,flat', ...Array.from({ length: 12 }, (_, i) => `${1001 + 2 * i},${i % 3},${(i * 7) % 5},4`)];
    writeFileSync(csv, rows.join('\n') + '\n');
    const small = { data: csv, k: '2', restarts: '2', report: false, out: join(tmp, 'constant') };
    await expect(runSignals(options(small))).rejects.toMatchObject({ code: 'E_INPUT_RANGE', message: expect.stringContaining('1 constant column') });
    const dropped = await runSignals(options({ ...small, constantColumns: 'drop' }));
    expect(dropped.result.features).toEqual(['a', 'b']);
    const kept = await runSignals(options({ ...small, constantColumns: 'keep' }));
    expect(kept.result.features).toEqual(['a', 'b', 'flat']);
  });

  it('rejects bad options with E_INPUT_RANGE naming the option', async () => {
    const bad = async (extra: Partial<SignalsCliOptions>, pattern: RegExp) => {
      const e = await runSignals(options(extra)).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(EpikitError);
      expect((e as EpikitError).message).toMatch(pattern);
    };
    await bad({ k: 'two' }, /^--k is "two": expected a number of signals or a range like 2\.\.8$/);
    await bad({ k: '5..2' }, /^--k is "5\.\.2"/);
    await bad({ restarts: '1' }, /^--restarts is "1": expected an integer ≥ 2$/);
    await bad({ seed: '1.5' }, /^--seed is "1\.5"/);
    await bad({ threshold: '2' }, /^--threshold is "2": expected a number in \[-1, 1\]$/);
    await bad({ covidWeight: '-1' }, /^--covid-weight is "-1"/);
    await bad({ covidColumns: '(' }, /^--covid-columns is "\(": expected a regular expression$/);
    await bad({ populationWeight: 'nope' }, /options\.populationWeight names "nope"/);
    expect(parseKRange('2..8')).toEqual([2, 8]);
    expect(parseKRange('3')).toEqual([3, 3]);
    expect(parseKRange('2-5')).toEqual([2, 5]);
  });
});

describe('epikit signals (built CLI)', () => {
  const cli = join(root, 'bin', 'epikit.js');

  it('prints the result as JSON with --json, progress on stderr', () => {
    const out = join(tmp, 'cli');
    const r = spawnSync(process.execPath, [cli, 'signals', '--data', PLANTED, '--k', '2..3', '--restarts', '3', '--concurrency', '1', '--no-min-max', '--json', '--no-report', '--out', out], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.chosenK).toBe(2);
    expect(json.regions).toHaveLength(40);
    expect(json.input.preprocessing.steps).toEqual([]);
    expect(json.input.data.regions).toBe(40);
    expect(r.stderr).toContain('epikit signals: k = 2 done (3 restarts; 3/6 overall)');
    expect(r.stderr).toContain('epikit signals: k = 3 done (3 restarts; 6/6 overall)');
    expect(existsSync(join(out, 'result.json'))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
  });

  it('exits 1 with the error code on bad data', () => {
    const r = spawnSync(process.execPath, [cli, 'signals', '--data', join(tmp, 'missing.csv'), '--out', join(tmp, 'x')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^epikit: E_DATA_FORMAT: .*missing\.csv: file not found/);
    const neg = spawnSync(process.execPath, [cli, 'signals', '--data', join(root, 'test', 'fixtures', 'county-table-small.csv'), '--population-weight', 'income', '--k', '2', '--restarts', '2', '--out', join(tmp, 'y')], { encoding: 'utf8' });
    expect(neg.status).toBe(1);
    expect(neg.stderr).toBe('epikit: E_INPUT_RANGE: population weight: Baldwin County, AL (01003) has no value in column "income": expected a population > 0\n');
  });
});
