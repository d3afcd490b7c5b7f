/** `epikit signals`: NMFk county signals (LANL) on a counties × variables table, with the explorer report. */
import { Command, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { resolve } from 'node:path';
import { untilInterrupted } from './until-interrupted.js';
import { fail, integerOption, numberOption } from './option-values.js';
import { EpikitError, resolveBackend, type BackendChoice } from '../index.js';
import { DEFAULT_COUNTY_TABLE_FILE, loadCountyTable, loadDefaultCountyTable } from '../data/load-county-table.js';
import type { CountyTableReport } from '../data/parse-county-table.js';
import { nmfk, type NmfkProgress } from '../nmfk/nmfk.js';
import type { NmfkResult } from '../nmfk/nmfk-result.js';
import { COVID_RATE_COLUMN_PATTERN, covidColumnWeights, preprocessTable, type NegativePolicy, type PreprocessRecord } from '../nmfk/preprocess.js';
import { nmfkResultJson, writeSignalsReport } from '../report/signals-report.js';

/** Options of `epikit signals` as commander parses them (strings until checked). */
export interface SignalsCliOptions {
  data?: string;
  columns?: string[];
  exclude?: string[];
  constantColumns?: 'error' | 'drop' | 'keep';
  k: string;
  restarts: string;
  objective: 'kl' | 'fro';
  maxIterations?: string;
  seed: string;
  concurrency?: string;
  threshold?: string;
  rule: 'nmfk' | 'pydnmfk';
  minMax: boolean;
  log?: boolean;
  covidWeight: string;
  covidColumns?: string;
  populationWeight?: string;
  negative: NegativePolicy;
  out: string;
  json?: boolean;
  report: boolean;
  backend?: BackendChoice;
  /** Progress on stderr (default true; the tests turn it off). */
  progress?: boolean;
}

export interface SignalsRun {
  result: NmfkResult;
  dataReport: CountyTableReport;
  preprocessing: PreprocessRecord;
  written: { json: string; html?: string };
  /** The summary printed on stdout (without --json). */
  summary: string[];
  /** The `input` field added to result.json (source, backend, data report, preprocessing record). */
  input: Record<string, unknown>;
}

/** "2..8", "2-8", "2:8" or "5" → [min, max]. */
export function parseKRange(text: string): [number, number] {
  const m = /^\s*(\d+)\s*(?:(?:\.\.|-|:)\s*(\d+)\s*)?$/.exec(text);
  if (!m) return fail('--k', text, 'a number of signals or a range like 2..8');
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo < 1 || hi < lo) return fail('--k', text, 'a range a..b with 1 ≤ a ≤ b');
  return [lo, hi];
}

/** Progress on stderr: a bar on a terminal, one line per finished k otherwise. */
function progressReporter(enabled: boolean, restarts: number): { update: (p: NmfkProgress) => void; stop: () => void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  if (!process.stderr.isTTY) {
    return {
      update: (p) => {
        if (p.restart === restarts) process.stderr.write(`epikit signals: k = ${p.k} done (${restarts} restarts; ${p.done}/${p.total} overall)\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({ format: 'epikit signals {bar} {percentage}% | {done}/{total} restarts | k = {k}: restart {restart}/{restarts}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update: (p) => {
      if (!started) bar.start(p.total, 0, { k: p.k, restart: p.restart, restarts, done: 0 });
      started = true;
      bar.update(p.done, { k: p.k, restart: p.restart, restarts, done: p.done });
    },
    stop: () => started && bar.stop(),
  };
}

const fmt = (v: number | null | undefined, digits = 3): string => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : '–');

/** The short text summary: per-k table, chosen k, top variables per signal. */
export function signalsSummary(result: NmfkResult, source: string, backend: string, preprocessing: PreprocessRecord): string[] {
  const restarts = result.perK[0]?.restartObjectives.length ?? 0;
  const lines = [
    `NMFk on ${result.rows} counties × ${result.cols} variables (${source}), ${result.objective === 'kl' ? 'KL' : 'Frobenius'} updates, ${restarts} restarts per k, ${backend} backend`,
    `preprocessing: ${preprocessing.steps.length ? preprocessing.steps.join('; ') : 'none'}`,
    '  k  robustness  mean silhouette  relative error',
    ...result.perK.map((r) => `${String(r.k).padStart(3)}  ${fmt(r.robustness).padStart(10)}  ${fmt(r.meanSilhouette).padStart(15)}  ${`${fmt(r.relativeError * 100)} %`.padStart(14)}${r.k === result.chosenK ? '  ← chosen' : ''}`),
    result.chosenK === null
      ? `no k has robustness above ${result.threshold} (${result.rule} rule): no signals chosen; the report still shows every k`
      : `chosen k = ${result.chosenK} (${result.rule} rule, threshold ${result.threshold})`,
    ...result.signals.map(
      (s) =>
        `signal ${s.index + 1} (${(s.contribution * 100).toFixed(1)} %): ${s.label} — ${s.topVariables
          .slice(0, 5)
          .map((v) => `${v.feature} ${fmt(v.weight, 2)}`)
          .join(', ')}; counties: ${s.topRegions
          .slice(0, 3)
          .map((r) => r.name)
          .join('; ')}`,
    ),
  ];
  return lines;
}

/**
 * The whole command as a function (the CLI action and the tests call it): load (or the embedded
 * default), preprocess, nmfk, write result.json and report.html. Progress on stderr.
 *
 * @example await runSignals({ ...defaults, k: '2..4', restarts: '4', out: 'out' });
 * @throws EpikitError from loading, preprocessing, the options or nmfk.
 */
export async function runSignals(opts: SignalsCliOptions, signal?: AbortSignal): Promise<SignalsRun> {
  const k = parseKRange(opts.k);
  const restarts = integerOption('--restarts', opts.restarts, 2)!;
  const seed = integerOption('--seed', opts.seed, 0)!;
  const concurrency = integerOption('--concurrency', opts.concurrency, 1);
  const maxIterations = integerOption('--max-iterations', opts.maxIterations, 1);
  const threshold = numberOption('--threshold', opts.threshold, -1, 1);
  const covidWeight = numberOption('--covid-weight', opts.covidWeight, 0)!;
  let covidPattern = COVID_RATE_COLUMN_PATTERN;
  if (opts.covidColumns !== undefined) {
    try {
      covidPattern = new RegExp(opts.covidColumns);
    } catch {
      fail('--covid-columns', opts.covidColumns, 'a regular expression');
    }
  }
  // The embedded default leaves out the county centroid coordinates: they are geography, not
  // societal variables, and LANL's 804 variables have none (nmfk-lanl-reference attr-k.csv).
  const exclude = opts.exclude ?? (opts.data || opts.columns ? undefined : [...EMBEDDED_DEFAULT_EXCLUDE]);
  const loadOptions = { columns: opts.columns, exclude };
  const { table, report: dataReport } = opts.data ? await loadCountyTable(opts.data, loadOptions) : await loadDefaultCountyTable(loadOptions);
  const source = opts.data ? resolve(opts.data) : `embedded: ${DEFAULT_COUNTY_TABLE_FILE}`;
  const columnWeights = covidWeight === 1 ? {} : covidColumnWeights(table.features, covidWeight, covidPattern);
  const { table: x, record } = preprocessTable(table, {
    minMax: opts.minMax,
    log: opts.log === true,
    columnWeights,
    populationWeight: opts.populationWeight ?? null,
    negative: opts.negative,
    constantColumns: opts.constantColumns,
  });
  const progress = progressReporter(opts.progress !== false, restarts);
  let result: NmfkResult;
  try {
    result = await nmfk(x, {
      k,
      restarts,
      objective: opts.objective,
      maxIterations,
      seed,
      concurrency,
      threshold,
      rule: opts.rule,
      backend: opts.backend,
      signal,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
  }
  const backend = resolveBackend(opts.backend);
  const input = { source, backend, data: dataReport, preprocessing: record };
  const written = writeSignalsReport(result, opts.out, { report: opts.report, source, preprocessing: record.steps, extra: { input } });
  const summary = [...signalsSummary(result, source, backend, record), `wrote ${written.json}${written.html ? ` and ${written.html}` : ''}`];
  return { result, dataReport, preprocessing: record, written, summary, input };
}

/** Columns of the embedded default table left out unless --exclude or --columns says otherwise. */
export const EMBEDDED_DEFAULT_EXCLUDE = ['latitude', 'longitude'] as const;

export function signalsCommand(): Command {
  return new Command('signals')
    .description('NMFk county signals (LANL): non-negative factorisation with restarts, automatic number of signals, county maps — result.json + report.html')
    .option('--data <file>', `counties × variables CSV keyed by FIPS (default: the embedded ${DEFAULT_COUNTY_TABLE_FILE})`)
    .option('--columns <columns...>', 'use only these columns of the data as variables')
    .option('--exclude <columns...>', `columns of the data to leave out (embedded default: ${EMBEDDED_DEFAULT_EXCLUDE.join(' ')})`)
    .option('--k <range>', 'numbers of signals to try: a..b or one number', '2..8')
    .option('--restarts <n>', 'NMF restarts per k', '20')
    .addOption(new Option('--objective <objective>', 'NMF objective').choices(['kl', 'fro']).default('kl'))
    .addOption(new Option('--constant-columns <policy>', 'columns with one value: error, drop or keep').choices(['error', 'drop', 'keep']).default('error'))
    .option('--max-iterations <n>', 'iteration cap per restart (default 1000)')
    .option('--seed <n>', 'seed of the whole run (restart r of k uses a seed derived from seed, k, r)', '0')
    .option('--concurrency <n>', 'worker threads for the restarts (default: all cores; does not change the result)')
    .option('--threshold <t>', 'robustness threshold of the k rule (default 0.5, pydnmfk 0.6)')
    .addOption(new Option('--rule <rule>', 'k rule: NMFk.jl (largest robust k) or pyDNMFk (robust + Wilcoxon)').choices(['nmfk', 'pydnmfk']).default('nmfk'))
    .option('--no-min-max', 'do not scale each column to [0, 1] (LANL did)')
    .option('--log', 'log10 every column before min–max (zeros shifted by the column’s smallest positive value)')
    .option('--covid-weight <w>', 'multiply the COVID-19 columns by w after min–max (LANL: 10; 1 = off)', '10')
    .option('--covid-columns <regex>', `which columns are COVID-19 columns (default ${COVID_RATE_COLUMN_PATTERN.source})`)
    .option('--population-weight <column>', 'scale every row by population / max population from this column (removed from the features)')
    .addOption(new Option('--negative <policy>', 'negative values where they cannot stay (with --log or --no-min-max)').choices(['error', 'shift', 'clip']).default('error'))
    .option('--out <dir>', 'directory for result.json and report.html', 'epikit-signals')
    .option('--no-report', 'write result.json only')
    .option('--json', 'print the result as JSON on stdout')
    .addOption(new Option('--backend <backend>', 'kernel backend').choices(['native', 'wasm', 'auto']))
    .action(async (opts: SignalsCliOptions) => {
      const run = await untilInterrupted((signal) => runSignals(opts, signal));
      if (opts.json) process.stdout.write(nmfkResultJson(run.result, { input: run.input }));
      else process.stdout.write(`${run.summary.join('\n')}\n`);
    });
}
