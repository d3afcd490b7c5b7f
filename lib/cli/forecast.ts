/**
 * `epikit forecast`: fit the Hawkes model of seed 004 (Chiang, Liu & Mohler 2022) to county
 * counts up to a date and simulate the next days — result.json + report.html (fan charts, R(t)
 * with lagged mobility, county map of forecast growth, coefficient table).
 */
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { EpikitError, resolveBackend, type BackendChoice } from '../index.js';
import { dayToIsoDate, isoDateToDay } from '../data/panel.js';
import type { MobilityType } from '../data/load-google-mobility.js';
import { buildCountyHawkesInputs, type CountyHawkesInputs } from '../hawkes/county-inputs.js';
import { fitHawkesAsync } from '../hawkes/fit-hawkes-async.js';
import type { HawkesFit } from '../hawkes/fit-hawkes.js';
import { forecastHawkesAsync } from '../hawkes/forecast-hawkes-async.js';
import { HAWKES_QUANTILES, type HawkesForecast } from '../hawkes/forecast-hawkes.js';
import { PAPER_MOBILITY_TYPES } from '../hawkes/backtest-hawkes.js';
import { HAWKES_VARIANTS, type HawkesVariant } from '../hawkes/hawkes-design.js';
import { hawkesForecastReportData, writeHawkesReport } from '../report/hawkes-report.js';
import { resultJson } from '../report/result-json.js';
import { loadHawkesData, type HawkesData } from './hawkes-data.js';
import { stageReporter } from './stage-reporter.js';
import { untilInterrupted } from './until-interrupted.js';
import { dateOption, fail, integerOption, listOption } from './option-values.js';

/** Options of `epikit forecast` as commander parses them (strings until checked). */
export interface ForecastCliOptions {
  target: 'cases' | 'deaths';
  data?: string;
  kind?: 'daily' | 'cumulative';
  /** A file, or false for --no-mobility (commander may also leave true). */
  mobility?: string | boolean;
  covariates?: string | boolean;
  variant?: HawkesVariant;
  start?: string;
  end?: string;
  lag: string;
  psi: string;
  horizon: string;
  realisations: string;
  seed: string;
  counties?: string;
  mobilityTypes?: string;
  missingCovariates?: 'error' | 'drop';
  minTotal: string;
  top: string;
  beyondMobility: 'error' | 'carry-forward';
  maxIter: string;
  concurrency?: string;
  backend?: BackendChoice;
  out: string;
  report: boolean;
  json?: boolean;
  /** Progress on stderr (default true; the tests turn it off). */
  progress?: boolean;
}

export interface ForecastRun {
  inputs: CountyHawkesInputs;
  fit: HawkesFit;
  forecast: HawkesForecast;
  written: { json: string; html?: string };
  summary: string[];
  result: Record<string, unknown>;
}

export const FORECAST_DEFAULTS: ForecastCliOptions = {
  target: 'cases',
  lag: '14',
  psi: '0',
  horizon: '7',
  realisations: '1000',
  seed: '0',
  minTotal: '1',
  top: '12',
  beyondMobility: 'error',
  maxIter: '200',
  out: 'epikit-forecast',
  report: true,
};

const fmt = (v: number, digits = 3): string => (Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : '–');

/** The window start: the first count date, later if mobility is used so that it exists Δ days before. */
export function defaultStart(data: HawkesData, usesMobility: boolean, lag: number): string {
  const first = isoDateToDay(data.counts.dates[0])!;
  if (!usesMobility || !data.mobility) return dayToIsoDate(first);
  return dayToIsoDate(Math.max(first, isoDateToDay(data.mobility.dates[0])! + lag));
}

/**
 * The whole command as a function (the CLI action and the tests call it): load, build the
 * inputs, fit (worker thread), simulate (worker pool), write result.json and report.html.
 * @throws EpikitError from loading, the options, the fit or the forecast.
 */
export async function runForecast(opts: ForecastCliOptions, signal?: AbortSignal): Promise<ForecastRun> {
  const target = opts.target;
  if (target !== 'cases' && target !== 'deaths') fail('--target', target, 'cases or deaths');
  // --lag 14, or a range a..b: Δ chosen by likelihood (one fit per lag, same counts window).
  const lagRange = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(opts.lag);
  const lags = lagRange ? Array.from({ length: Math.max(0, Number(lagRange[2]) - Number(lagRange[1]) + 1) }, (_, i) => Number(lagRange[1]) + i) : [integerOption('--lag', opts.lag, 0, 60)!];
  if (lags.length === 0 || lags.some((l) => l > 60)) fail('--lag', opts.lag, 'a lag in days (0..60) or a range a..b with a ≤ b ≤ 60');
  const lag = Math.max(...lags);
  const psi = integerOption('--psi', opts.psi, 0)!;
  const horizon = integerOption('--horizon', opts.horizon, 1, 60)!;
  const realisations = integerOption('--realisations', opts.realisations, 1, 1 << 20)!;
  const seed = integerOption('--seed', opts.seed, 0)!;
  const minTotal = integerOption('--min-total', opts.minTotal, 0)!;
  const top = integerOption('--top', opts.top, 1, 100)!;
  const maxIter = integerOption('--max-iter', opts.maxIter, 1)!;
  const concurrency = integerOption('--concurrency', opts.concurrency, 1);
  const start = dateOption('--start', opts.start);
  const end = dateOption('--end', opts.end);
  const counties = listOption('--counties', opts.counties);
  const mobilityTypes = listOption('--mobility-types', opts.mobilityTypes) as MobilityType[] | undefined;
  const progress = stageReporter('forecast', opts.progress !== false);

  progress.stage('loading data');
  const data = await loadHawkesData(target, { data: opts.data, kind: opts.kind, mobility: typeof opts.mobility === 'string' ? opts.mobility : undefined, covariates: typeof opts.covariates === 'string' ? opts.covariates : undefined, noMobility: opts.mobility === false, noCovariates: opts.covariates === false });
  const variant: HawkesVariant = opts.variant ?? (data.mobility && data.covariates ? 'full' : data.mobility ? 'mobility' : data.covariates ? 'demographics' : 'constant');
  if (!HAWKES_VARIANTS.includes(variant)) fail('--variant', variant, HAWKES_VARIANTS.join(', '));
  const usesMobility = variant === 'mobility' || variant === 'full';
  const usesCovariates = variant === 'demographics' || variant === 'full';
  if (usesMobility && !data.mobility) throw new EpikitError('E_INPUT_RANGE', `--variant ${variant} needs mobility: pass --mobility <Google CSV>`, { argument: '--variant', value: variant });
  if (usesCovariates && !data.covariates) throw new EpikitError('E_INPUT_RANGE', `--variant ${variant} needs covariates: pass --covariates <county CSV>`, { argument: '--variant', value: variant });
  const missingCovariates = opts.missingCovariates ?? (data.embedded ? 'drop' : 'error');
  const inputs = buildCountyHawkesInputs({
    counts: data.counts,
    countsKind: data.countsKind,
    mobility: usesMobility ? data.mobility : undefined,
    covariates: usesCovariates ? data.covariates : undefined,
    start: start ?? defaultStart(data, usesMobility, lag),
    end,
    mobilityLead: usesMobility ? lag : 0,
    mobilityTypes: usesMobility ? (mobilityTypes ?? PAPER_MOBILITY_TYPES) : undefined,
    counties,
    minTotalCount: minTotal,
    missingCovariates,
  });
  const C = inputs.fips.length;
  const T = inputs.dates.length;
  progress.stage(`fitting the ${variant} model to ${C} counties × ${T} days (${inputs.dates[0]}..${inputs.dates[T - 1]}) in a worker thread`);
  const fitAt = (l: number) => fitHawkesAsync(inputs, { variant, lag: usesMobility ? l : undefined, psi, maxIter, backend: opts.backend, signal });
  let fit: HawkesFit;
  const lagSelection: { lag: number; logLikelihood: number; converged: boolean }[] = [];
  if (usesMobility && lags.length > 1) {
    let best: HawkesFit | undefined;
    for (const l of lags) {
      const f = await fitAt(l);
      lagSelection.push({ lag: l, logLikelihood: f.logLikelihood, converged: f.converged });
      progress.stage(`Δ = ${l}: log-likelihood ${f.logLikelihood.toFixed(1)}`);
      if (!best || f.logLikelihood > best.logLikelihood) best = f;
    }
    fit = best!;
  } else fit = await fitAt(lag);
  progress.stage(`fit: ${fit.iterations} EM steps, ${fit.converged ? 'converged' : 'NOT converged (raise --max-iter)'}; simulating ${realisations} realisations × ${horizon} days`);
  let tick: ((done: number) => void) | undefined;
  const forecast = await forecastHawkesAsync(fit, inputs, {
    horizon,
    realisations,
    seed,
    beyondMobility: opts.beyondMobility,
    backend: opts.backend,
    concurrency,
    signal,
    onProgress: (done: number, total: number) => {
      tick ??= progress.bar('forecast tasks', total);
      tick(done);
    },
  });
  progress.stop();

  const backend = resolveBackend(opts.backend);
  const source = [data.sources.counts, data.sources.mobility, data.sources.covariates].filter(Boolean).join('; ');
  const report = hawkesForecastReportData(fit, inputs, forecast, { source, target, topCounties: top, seed, notes: data.notes });
  const forecastDates = Array.from({ length: horizon }, (_, k) => dayToIsoDate(isoDateToDay(inputs.dates[T - 1])! + 1 + k));
  const result = {
    input: { sources: data.sources, backend, target, variant, lag: fit.lag, lagSelection, psi, window: { start: inputs.dates[0], end: inputs.dates[T - 1] }, counties: C, notes: data.notes, inputsReport: inputs.report },
    fit: {
      variant: fit.variant,
      lag: fit.lag,
      psi: fit.psi,
      coefficients: fit.coefficientNames.map((name, p) => ({ name, estimate: fit.theta[p], standardError: fit.standardErrors[p] })),
      shape: fit.shape,
      scale: fit.scale,
      shapeStandardError: fit.shapeStandardError,
      scaleStandardError: fit.scaleStandardError,
      L: fit.L,
      truncationMass: fit.truncationMass,
      logLikelihood: fit.logLikelihood,
      iterations: fit.iterations,
      extrapolations: fit.extrapolations,
      converged: fit.converged,
    },
    forecast: {
      dates: forecastDates,
      realisations,
      seed,
      quantileLevels: [...HAWKES_QUANTILES],
      counties: inputs.fips.map((fips, c) => ({
        fips,
        name: inputs.names[c],
        mu: fit.mu[c],
        mean: Array.from(forecast.mean.subarray(c * horizon, (c + 1) * horizon)),
        quantiles: Array.from({ length: horizon }, (_, k) => Array.from(forecast.quantiles.subarray((c * horizon + k) * 7, (c * horizon + k + 1) * 7))),
        totalMean: forecast.cumulativeMean[c * horizon + horizon - 1],
        totalQuantiles: Array.from(forecast.cumulativeQuantiles.subarray((c * horizon + horizon - 1) * 7, (c * horizon + horizon) * 7)),
        r: Array.from(forecast.r.subarray(c * horizon, (c + 1) * horizon)),
      })),
    },
  };
  const written = writeHawkesReport(report, opts.out, { json: result, report: opts.report });
  const order = inputs.fips.map((_, c) => c).sort((a, b) => forecast.cumulativeMean[b * horizon + horizon - 1] - forecast.cumulativeMean[a * horizon + horizon - 1]);
  const summary = [
    `Hawkes ${variant} model of daily ${target}, ${C} counties, ${inputs.dates[0]}..${inputs.dates[T - 1]}${usesMobility ? `, mobility Δ = ${fit.lag} days` : ''}, ${backend} backend`,
    ...(lagSelection.length ? [`Δ chosen by likelihood among ${lags[0]}..${lags[lags.length - 1]}: ${fit.lag} (${lagSelection.map((x) => `${x.lag}: ${x.logLikelihood.toFixed(1)}`).join(', ')})`] : []),
    `EM: ${fit.iterations} steps, ${fit.converged ? 'converged' : 'not converged'}; log-likelihood ${fmt(fit.logLikelihood, 8)}; Weibull shape ${fmt(fit.shape)} ± ${fmt(fit.shapeStandardError, 2)}, scale ${fmt(fit.scale)} ± ${fmt(fit.scaleStandardError, 2)}`,
    '  coefficient                        estimate   std. error',
    ...fit.coefficientNames.map((n, p) => `  ${n.padEnd(32)} ${fmt(fit.theta[p], 4).padStart(10)} ${fmt(fit.standardErrors[p], 2).padStart(12)}`),
    `forecast ${forecastDates[0]}..${forecastDates[horizon - 1]} (${realisations} realisations, seed ${seed}), largest ${Math.min(5, C)} counties by forecast total:`,
    ...order.slice(0, 5).map((c) => {
      const q = forecast.cumulativeQuantiles.subarray((c * horizon + horizon - 1) * 7, (c * horizon + horizon) * 7);
      return `  ${inputs.fips[c]} ${inputs.names[c].padEnd(28)} ${fmt(forecast.cumulativeMean[c * horizon + horizon - 1], 5).padStart(8)}  (95 %: ${fmt(q[0], 5)}..${fmt(q[6], 5)})`;
    }),
    ...(inputs.report.dropped.length ? [`${inputs.report.dropped.length} counties left out (see the report): ${inputs.report.dropped.slice(0, 3).map((d) => `${d.fips} ${d.detail}`).join('; ')}${inputs.report.dropped.length > 3 ? '; …' : ''}`] : []),
    `wrote ${written.json}${written.html ? ` and ${written.html}` : ''}`,
  ];
  return { inputs, fit, forecast, written, summary, result };
}

export function forecastCommand(): Command {
  return new Command('forecast')
    .description('Hawkes-process forecast of US county cases or deaths with mobility and demographic covariates (Chiang, Liu & Mohler 2022) — result.json + report.html')
    .addOption(new Option('--target <target>', 'what to forecast').choices(['cases', 'deaths']).default('cases'))
    .option('--data <file>', 'county counts: NYT us-counties.csv (long) or a wide HawkPR / USAFacts file (default: the paper-era NYT extract in data/)')
    .addOption(new Option('--kind <kind>', 'for wide files: daily or cumulative counts').choices(['daily', 'cumulative']))
    .option('--mobility <file>', 'Google Community Mobility Reports CSV (official or the compact fips,date,… shape)')
    .option('--no-mobility', 'do not use mobility')
    .option('--covariates <file>', 'county covariates CSV keyed by FIPS')
    .option('--no-covariates', 'do not use covariates')
    .addOption(new Option('--variant <variant>', 'covariates of R (default: all the data has)').choices([...HAWKES_VARIANTS]))
    .option('--start <date>', 'first day of the fit window (default: first count date, or Δ days after the first mobility date)')
    .option('--end <date>', 'last day of the fit window; the forecast starts the day after (default: last count date)')
    .option('--lag <days>', 'Δ: mobility lag, or a range a..b to choose it by likelihood (one fit per lag)', FORECAST_DEFAULTS.lag)
    .option('--psi <days>', 'Ψ: last days left out as parents in the M-step', FORECAST_DEFAULTS.psi)
    .option('--horizon <days>', 'days to forecast', FORECAST_DEFAULTS.horizon)
    .option('--realisations <n>', 'simulated continuations', FORECAST_DEFAULTS.realisations)
    .option('--seed <n>', 'seed of the simulation', FORECAST_DEFAULTS.seed)
    .option('--counties <fips>', 'only these counties, comma-separated FIPS')
    .option('--mobility-types <types>', 'mobility types, comma-separated (default: the paper\'s retail,grocery,parks,transit,residential)')
    .addOption(new Option('--missing-covariates <policy>', 'a county without covariates: error, or drop (reported) (default: error; drop for the embedded data)').choices(['error', 'drop']))
    .option('--min-total <n>', 'leave out counties with fewer events in the window (reported)', FORECAST_DEFAULTS.minTotal)
    .option('--top <n>', 'counties with fan charts in the report', FORECAST_DEFAULTS.top)
    .addOption(new Option('--beyond-mobility <policy>', 'a horizon longer than Δ needs mobility after the data: error, or carry the last value forward').choices(['error', 'carry-forward']).default('error'))
    .option('--max-iter <n>', 'cap on EM steps', FORECAST_DEFAULTS.maxIter)
    .option('--concurrency <n>', 'worker threads for the simulation (default: all cores; does not change the result)')
    .addOption(new Option('--backend <backend>', 'kernel backend').choices(['native', 'wasm', 'auto']))
    .option('--out <dir>', 'directory for result.json and report.html', FORECAST_DEFAULTS.out)
    .option('--no-report', 'write result.json only')
    .option('--json', 'print result.json on stdout')
    .action(async (opts: ForecastCliOptions) => {
      const run = await untilInterrupted((signal) => runForecast(opts, signal));
      if (opts.json) process.stdout.write(resultJson(run.result));
      else process.stdout.write(`${run.summary.join('\n')}\n`);
    });
}
