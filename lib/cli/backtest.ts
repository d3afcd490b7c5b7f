/**
 * `epikit backtest`: the paper's walk-forward backtest (seed 004, §3.2) of the Hawkes models and
 * baselines on county cases and deaths — result.json, report.html and optionally a Markdown table.
 */
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EpikitError, resolveBackend, type BackendChoice } from '../index.js';
import type { MobilityType } from '../data/load-google-mobility.js';
import { BACKTEST_MODELS, backtestHawkes, type BacktestModel, type HawkesBacktestResult } from '../hawkes/backtest-hawkes.js';
import { COUNTY_SUBSETS, type CountySubset } from '../hawkes/county-subsets.js';
import { backtestMarkdown } from '../report/backtest-markdown.js';
import { hawkesBacktestReportData } from '../report/hawkes-backtest-report-data.js';
import { writeHawkesReport } from '../report/hawkes-report.js';
import { resultJson } from '../report/result-json.js';
import { stageReporter } from './stage-reporter.js';
import { loadHawkesData } from './hawkes-data.js';
import { untilInterrupted } from './until-interrupted.js';
import { dateOption, fail, integerOption, listOption } from './option-values.js';

export interface BacktestCliOptions {
  targets: string;
  data?: string;
  kind?: 'daily' | 'cumulative';
  mobility?: string | boolean;
  covariates?: string | boolean;
  models?: string;
  horizons: string;
  firstCutoff: string;
  lastDay: string;
  start?: string;
  rankDate?: string;
  subsets?: string;
  lag: string;
  psi: string;
  realisations: string;
  seed: string;
  mobilityTypes?: string;
  counties?: string;
  maxIter: string;
  concurrency?: string;
  backend?: BackendChoice;
  out: string;
  report: boolean;
  markdown?: string;
  json?: boolean;
  progress?: boolean;
}

export const BACKTEST_DEFAULTS: BacktestCliOptions = {
  targets: 'cases,deaths',
  horizons: '3,5,7',
  firstCutoff: '2020-04-15',
  lastDay: '2020-05-19',
  lag: '14',
  psi: '0',
  realisations: '1000',
  seed: '0',
  maxIter: '200',
  out: 'epikit-backtest',
  report: true,
};

export interface BacktestRun {
  results: HawkesBacktestResult[];
  written: { json: string; html?: string; markdown?: string };
  summary: string[];
}

/**
 * The whole command as a function (the CLI action and the tests call it).
 * @throws EpikitError from loading, the options or the backtest.
 */
export async function runBacktest(opts: BacktestCliOptions, signal?: AbortSignal): Promise<BacktestRun> {
  const targets = listOption('--targets', opts.targets)!;
  for (const t of targets) if (t !== 'cases' && t !== 'deaths') fail('--targets', opts.targets, 'cases, deaths or cases,deaths');
  const models = listOption('--models', opts.models) as BacktestModel[] | undefined;
  if (models) for (const m of models) if (!BACKTEST_MODELS.includes(m)) fail('--models', opts.models, `models among ${BACKTEST_MODELS.join(', ')}`);
  const horizons = listOption('--horizons', opts.horizons)!.map((h) => integerOption('--horizons', h, 1, 60)!);
  const subsets = listOption('--subsets', opts.subsets) as CountySubset[] | undefined;
  if (subsets) for (const s of subsets) if (!COUNTY_SUBSETS.includes(s)) fail('--subsets', opts.subsets, `subsets among ${COUNTY_SUBSETS.join(', ')}`);
  const lag = integerOption('--lag', opts.lag, 0, 60)!;
  const psi = integerOption('--psi', opts.psi, 0)!;
  const realisations = integerOption('--realisations', opts.realisations, 1, 1 << 20)!;
  const seed = integerOption('--seed', opts.seed, 0)!;
  const maxIter = integerOption('--max-iter', opts.maxIter, 1)!;
  const concurrency = integerOption('--concurrency', opts.concurrency, 1);
  const firstCutoff = dateOption('--first-cutoff', opts.firstCutoff)!;
  const lastDay = dateOption('--last-day', opts.lastDay)!;
  const start = dateOption('--start', opts.start);
  const rankDate = dateOption('--rank-date', opts.rankDate);
  const mobilityTypes = listOption('--mobility-types', opts.mobilityTypes) as MobilityType[] | undefined;
  const counties = listOption('--counties', opts.counties);
  const progress = stageReporter('backtest', opts.progress !== false);

  const results: HawkesBacktestResult[] = [];
  const sources: string[] = [];
  const notes: string[] = [];
  for (const target of targets as ('cases' | 'deaths')[]) {
    progress.stage(`loading ${target}`);
    const data = await loadHawkesData(target, {
      data: opts.data,
      kind: opts.kind,
      mobility: typeof opts.mobility === 'string' ? opts.mobility : undefined,
      covariates: typeof opts.covariates === 'string' ? opts.covariates : undefined,
      noMobility: opts.mobility === false,
      noCovariates: opts.covariates === false,
    });
    if (data.format === 'wide' && targets.length > 1) fail('--targets', opts.targets, `one target: ${opts.data} is a wide file of one quantity (a NYT us-counties.csv has both)`);
    sources.push(...[data.sources.counts, data.sources.mobility, data.sources.covariates].filter((s): s is string => !!s && !sources.includes(s)));
    notes.push(...data.notes.map((n) => `${target}: ${n}`));
    progress.stage(`${target}: preparing the windows (inputs per cut-off, mobility imputed per window)`);
    let tick: ((done: number) => void) | undefined;
    const r = await backtestHawkes(
      { target, counts: data.counts, countsKind: data.countsKind, mobility: data.mobility, covariates: data.covariates },
      {
        models: models ?? (data.mobility && data.covariates ? undefined : (['hawkes-constant', ...(data.mobility ? ['hawkes-mobility'] : []), ...(data.covariates ? ['hawkes-demographics'] : []), 'persistence', 'clep'] as BacktestModel[])),
        horizons,
        firstCutoff,
        lastDay,
        start,
        lag,
        psi,
        realisations,
        seed,
        maxIter,
        rankDate,
        subsets,
        mobilityTypes,
        counties,
        concurrency,
        backend: opts.backend,
        signal,
        onProgress: ({ done, total }) => {
          tick ??= progress.bar(`${target} fits`, total);
          tick(done);
        },
      },
    );
    results.push(r);
  }
  progress.stop();
  const backend = resolveBackend(opts.backend);
  const source = sources.join('; ');
  const report = hawkesBacktestReportData(results, { source, notes });
  const json = { input: { sources, backend, targets, horizons, firstCutoff, lastDay, lag, psi, realisations, seed, notes }, results };
  const written: BacktestRun['written'] = writeHawkesReport(report, opts.out, { json, report: opts.report });
  const markdown = backtestMarkdown(results);
  if (opts.markdown) {
    written.markdown = resolve(opts.markdown);
    writeFileSync(written.markdown, `${markdown}\n`);
  }
  const summary = [
    `walk-forward backtest, ${backend} backend (${source})`,
    markdown,
    `wrote ${written.json}${written.html ? `, ${written.html}` : ''}${written.markdown ? `, ${written.markdown}` : ''}`,
  ];
  return { results, written, summary };
}

export function backtestCommand(): Command {
  return new Command('backtest')
    .description("Walk-forward backtest of the Hawkes models against constant-R Hawkes, persistence and a CLEP-like baseline (the paper's protocol) — result.json + report.html")
    .option('--targets <targets>', 'cases, deaths or cases,deaths', BACKTEST_DEFAULTS.targets)
    .option('--data <file>', 'county counts: NYT us-counties.csv (long, both targets) or a wide file (one target) (default: the paper-era NYT extract in data/)')
    .addOption(new Option('--kind <kind>', 'for wide files: daily or cumulative counts').choices(['daily', 'cumulative']))
    .option('--mobility <file>', 'Google Community Mobility Reports CSV')
    .option('--no-mobility', 'do not use mobility (no mobility models)')
    .option('--covariates <file>', 'county covariates CSV keyed by FIPS')
    .option('--no-covariates', 'do not use covariates (no demographics models)')
    .option('--models <models>', `comma-separated among ${BACKTEST_MODELS.join(', ')} (default: the paper's comparison the data supports)`)
    .option('--horizons <days>', 'forecast horizons, comma-separated', BACKTEST_DEFAULTS.horizons)
    .option('--first-cutoff <date>', 'first forecast day', BACKTEST_DEFAULTS.firstCutoff)
    .option('--last-day <date>', 'last forecast day a window may reach', BACKTEST_DEFAULTS.lastDay)
    .option('--start <date>', 'first training day (default: first count date, or Δ days after the first mobility date)')
    .option('--rank-date <date>', 'date of the cumulative counts that rank counties into subsets (default: the day after --last-day)')
    .option('--subsets <subsets>', `comma-separated among ${COUNTY_SUBSETS.join(', ')}`)
    .option('--lag <days>', 'Δ: mobility lag', BACKTEST_DEFAULTS.lag)
    .option('--psi <days>', 'Ψ', BACKTEST_DEFAULTS.psi)
    .option('--realisations <n>', 'simulated continuations per forecast', BACKTEST_DEFAULTS.realisations)
    .option('--seed <n>', 'seed (each cut-off and model derives its own)', BACKTEST_DEFAULTS.seed)
    .option('--mobility-types <types>', 'mobility types, comma-separated (default: the paper\'s five, without workplaces)')
    .option('--counties <fips>', 'only these counties, comma-separated FIPS')
    .option('--max-iter <n>', 'cap on EM steps per fit', BACKTEST_DEFAULTS.maxIter)
    .option('--concurrency <n>', 'worker threads (default: all cores; does not change the result)')
    .addOption(new Option('--backend <backend>', 'kernel backend').choices(['native', 'wasm', 'auto']))
    .option('--out <dir>', 'directory for result.json and report.html', BACKTEST_DEFAULTS.out)
    .option('--markdown <file>', 'also write the tables as Markdown')
    .option('--no-report', 'write result.json only')
    .option('--json', 'print result.json on stdout')
    .action(async (opts: BacktestCliOptions) => {
      const run = await untilInterrupted((signal) => runBacktest(opts, signal));
      if (opts.json) process.stdout.write(resultJson({ results: run.results }));
      else process.stdout.write(`${run.summary.join('\n')}\n`);
    });
}
