/**
 * Walk-forward backtest of the Hawkes models and baselines on county counts (seed 004, §3.2;
 * reference notes /work/shared/reference/hawkes.md §1.9): for each horizon h the cut-offs
 * first, first + h, … (backtest-cutoffs.ts); at each cut-off every Hawkes variant is fitted on
 * the data before it (mobility imputed from that window only: no leakage) and simulated, the
 * baselines extrapolate the same history, and the forecasts of each county's total over the h
 * days are scored against the observed totals on county subsets ranked at `rankDate`
 * (backtest-scores.ts). One fit per cut-off and model serves every horizon (the simulation's
 * running totals give each horizon's window total). Fits and simulations run on the worker
 * pool (lib/parallel) with `concurrency`; `signal` cancels.
 */
import type { BackendOption } from '../backend/kernels.js';
import { EpikitError, describeValue } from '../errors.js';
import type { CountyMobility, MobilityType } from '../data/county-mobility.js';
import { dayToIsoDate, isoDateToDay, type Panel } from '../data/panel.js';
import type { Table } from '../data/table.js';
import { runTasks, taskModuleUrl } from '../parallel/run-tasks.js';
import { deriveSeed } from '../random/derive-seed.js';
import { integerIn, numberIn, oneOf, seedValue } from '../validate.js';
import { backtestCutoffs, isoDay } from './backtest-cutoffs.js';
import { scoreBacktest, type BacktestScore, type BacktestWindowScore, type WindowForecast, type WindowTruth } from './backtest-scores.js';
import type { HawkesBacktestTask, HawkesBacktestTaskResult } from './backtest-task.js';
import { clepForecast } from './clep-forecast.js';
import { buildCountyHawkesInputs, type CountyHawkesInputs, type DroppedCounty } from './county-inputs.js';
import { COUNTY_SUBSETS, countySubsets, type CountySubset } from './county-subsets.js';
import { fitInputsOnly } from './fit-hawkes-task.js';
import type { HawkesVariant } from './hawkes-design.js';
import { persistenceForecast } from './persistence-forecast.js';

export type BacktestModel = 'hawkes-constant' | 'hawkes-mobility' | 'hawkes-demographics' | 'hawkes-full' | 'persistence' | 'clep';
export const BACKTEST_MODELS: readonly BacktestModel[] = ['hawkes-constant', 'hawkes-mobility', 'hawkes-demographics', 'hawkes-full', 'persistence', 'clep'];
/** The paper's comparison (its PROJ SEIR model aside): constant-R Hawkes, HawkPR_m, HawkPR, and the two baselines. */
export const PAPER_BACKTEST_MODELS: readonly BacktestModel[] = ['hawkes-constant', 'hawkes-mobility', 'hawkes-full', 'persistence', 'clep'];
/** Display names (the paper's where it has one). */
export const BACKTEST_MODEL_LABELS: Record<BacktestModel, string> = {
  'hawkes-constant': 'Hawkes (constant R)',
  'hawkes-mobility': 'HawkPR_m (mobility)',
  'hawkes-demographics': 'Hawkes + demographics',
  'hawkes-full': 'HawkPR (mobility + demographics)',
  persistence: 'Persistence (last-week mean)',
  clep: 'CLEP-like (linear/exponential)',
};
const VARIANT: Partial<Record<BacktestModel, HawkesVariant>> = {
  'hawkes-constant': 'constant',
  'hawkes-mobility': 'mobility',
  'hawkes-demographics': 'demographics',
  'hawkes-full': 'full',
};

/** The paper's mobility types: Google's six without "workplaces" (collinear with "residential"). */
export const PAPER_MOBILITY_TYPES: readonly MobilityType[] = ['retail', 'grocery', 'parks', 'transit', 'residential'];

export interface HawkesBacktestData {
  target: 'cases' | 'deaths';
  /** Counts by FIPS, daily or cumulative as `countsKind` says. */
  counts: Panel;
  countsKind: 'daily' | 'cumulative';
  /** Needed by hawkes-mobility and hawkes-full. */
  mobility?: CountyMobility;
  /** Needed by hawkes-demographics and hawkes-full. */
  covariates?: Table;
}

export interface HawkesBacktestProgress {
  /** Fit-and-forecast tasks done and in all. */
  done: number;
  total: number;
}

export interface HawkesBacktestOptions extends BackendOption {
  /** Default PAPER_BACKTEST_MODELS. */
  models?: readonly BacktestModel[];
  /** Default [3, 5, 7]. */
  horizons?: readonly number[];
  /** First cut-off (first forecast day). Default 2020-04-15 (the paper's). */
  firstCutoff?: string;
  /** Last forecast day a window may reach. Default 2020-05-19 (the paper's). */
  lastDay?: string;
  /** First training day. Default: the counts' first date, moved later if mobility is used so that mobility exists Δ days before it. */
  start?: string;
  /** Δ, mobility lag (days). Default 14 (the paper's). */
  lag?: number;
  /** Ψ (see fitHawkes). Default 0. */
  psi?: number;
  mobilityTypes?: readonly MobilityType[];
  covariateColumns?: readonly string[];
  /** Only these counties (FIPS of the counts). Default: all. */
  counties?: readonly string[];
  /** With mobility models, a horizon longer than Δ needs mobility after the cut-off: 'error' (default) or carry the last value forward (forecastHawkes). */
  beyondMobility?: 'error' | 'carry-forward';
  /** Realisations per forecast. Default 1000. */
  realisations?: number;
  seed?: number;
  /** EM cap and tolerance (fitHawkes). Defaults 200 and 1e-6. */
  maxIter?: number;
  tol?: number;
  /** Date of the cumulative counts that rank the counties for the subsets. Default: the day after lastDay if the counts have it (the paper's 2020-05-20), else lastDay. */
  rankDate?: string;
  subsets?: readonly CountySubset[];
  /** Worker threads for the fits (default: all cores; 1 = in this thread). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: HawkesBacktestProgress) => void;
}

export interface HawkesBacktestFit {
  model: BacktestModel;
  cutoff: string;
  counties: number;
  coefficientNames: string[];
  theta: number[];
  standardErrors: number[];
  shape: number;
  scale: number;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

export interface HawkesBacktestResult {
  target: 'cases' | 'deaths';
  models: BacktestModel[];
  horizons: number[];
  /** Cut-offs per horizon. */
  cutoffs: { horizon: number; cutoffs: string[] }[];
  start: string;
  rankDate: string;
  lag: number;
  realisations: number;
  seed: number;
  /** The evaluated counties (FIPS order). */
  fips: string[];
  names: string[];
  /** Counties of the data left out of the evaluation, and why. */
  excluded: DroppedCounty[];
  scores: BacktestScore[];
  windows: BacktestWindowScore[];
  fits: HawkesBacktestFit[];
  /** Every window's forecast totals (evaluation order) and the observed totals. */
  forecasts: WindowForecast[];
  truths: WindowTruth[];
}

const backtestTaskUrl = taskModuleUrl(import.meta.url, './backtest-task');

function checkOptions(data: HawkesBacktestData, options: HawkesBacktestOptions) {
  if (!data || typeof data !== 'object') throw new EpikitError('E_INPUT_TYPE', `data must be an object, got ${describeValue(data)}`, { argument: 'data' });
  const target = oneOf('data.target', data.target, ['cases', 'deaths'] as const);
  const models = (options.models ?? PAPER_BACKTEST_MODELS).map((m, i) => oneOf(`options.models[${i}]`, m, BACKTEST_MODELS));
  if (models.length === 0) throw new EpikitError('E_INPUT_EMPTY', 'options.models is empty', { argument: 'options.models' });
  if (new Set(models).size !== models.length) throw new EpikitError('E_INPUT_RANGE', `options.models lists a model twice (${models.join(', ')})`, { argument: 'options.models' });
  const horizons = (options.horizons ?? [3, 5, 7]).map((h, i) => integerIn(`options.horizons[${i}]`, h, 1, 60));
  if (horizons.length === 0) throw new EpikitError('E_INPUT_EMPTY', 'options.horizons is empty', { argument: 'options.horizons' });
  if (new Set(horizons).size !== horizons.length) throw new EpikitError('E_INPUT_RANGE', `options.horizons lists a horizon twice (${horizons.join(', ')})`, { argument: 'options.horizons' });
  const needsMobility = models.some((m) => m === 'hawkes-mobility' || m === 'hawkes-full');
  const needsCovariates = models.some((m) => m === 'hawkes-demographics' || m === 'hawkes-full');
  if (needsMobility && !data.mobility) throw new EpikitError('E_INPUT_RANGE', `options.models includes ${models.filter((m) => m === 'hawkes-mobility' || m === 'hawkes-full').join(', ')} but data.mobility is missing`, { argument: 'data.mobility' });
  if (needsCovariates && !data.covariates) throw new EpikitError('E_INPUT_RANGE', `options.models includes ${models.filter((m) => m === 'hawkes-demographics' || m === 'hawkes-full').join(', ')} but data.covariates is missing`, { argument: 'data.covariates' });
  const lag = options.lag === undefined ? 14 : integerIn('options.lag', options.lag, 0, 60);
  const psi = options.psi === undefined ? 0 : integerIn('options.psi', options.psi, 0, 60);
  const realisations = options.realisations === undefined ? 1000 : integerIn('options.realisations', options.realisations, 1, 1 << 20);
  const seed = seedValue('options.seed', options.seed);
  const maxIter = options.maxIter === undefined ? 200 : integerIn('options.maxIter', options.maxIter, 1, 1e6);
  const tol = options.tol === undefined ? 1e-6 : numberIn('options.tol', options.tol, 0, 1);
  const longest = Math.max(...horizons);
  if (needsMobility && lag < longest && options.beyondMobility !== 'carry-forward') {
    throw new EpikitError(
      'E_INPUT_RANGE',
      `options.lag is ${lag} but the longest horizon is ${longest}: the last ${longest - lag} forecast day(s) would need mobility after the cut-off. Use a lag ≥ ${longest}, shorter horizons, or beyondMobility: 'carry-forward'`,
      { argument: 'options.lag', value: lag },
    );
  }
  const subsets = (options.subsets ?? COUNTY_SUBSETS).map((s, i) => oneOf(`options.subsets[${i}]`, s, COUNTY_SUBSETS));
  return { target, models, horizons, needsMobility, needsCovariates, lag, psi, realisations, seed, maxIter, tol, subsets };
}

/**
 * Runs the walk-forward backtest (see the module comment) for one target.
 *
 * Complexity: one fit + one simulation per cut-off and Hawkes model (each O(EM steps · C·T·L) and
 * O(C · realisations · h · L)); baselines and scores O(C·T) per cut-off.
 * @example
 * const r = await backtestHawkes({ target: 'cases', counts, countsKind: 'daily', mobility, covariates }, { concurrency: 2 });
 * r.scores.filter((s) => s.subset === 'top10' && s.horizon === 7).map((s) => [s.model, s.mae]);
 * @throws EpikitError E_INPUT_RANGE for windows outside the counts (a horizon beyond the data), a model the data
 *   cannot support, bad options; the error of a failing fit, its message naming the cut-off and model; E_ABORTED.
 */
export async function backtestHawkes(data: HawkesBacktestData, options: HawkesBacktestOptions = {}): Promise<HawkesBacktestResult> {
  const o = checkOptions(data, options);
  const counts = data.counts;
  if (!counts || !Array.isArray(counts.dates) || counts.dates.length === 0) throw new EpikitError('E_INPUT_TYPE', `data.counts must be a Panel with dates`, { argument: 'data.counts' });
  const countsFirst = isoDay('data.counts.dates[0]', counts.dates[0]);
  const countsLast = isoDay(`data.counts.dates[${counts.dates.length - 1}]`, counts.dates[counts.dates.length - 1]);
  const firstCutoff = options.firstCutoff ?? '2020-04-15';
  const lastDay = options.lastDay ?? '2020-05-19';
  const first = isoDay('options.firstCutoff', firstCutoff);
  const last = isoDay('options.lastDay', lastDay);
  if (last > countsLast) {
    throw new EpikitError('E_INPUT_RANGE', `options.lastDay ${lastDay} is after the last date of the counts (${dayToIsoDate(countsLast)}): the windows need observed totals (a horizon beyond the data)`, { argument: 'options.lastDay', value: lastDay });
  }
  let startDay = options.start === undefined ? countsFirst : isoDay('options.start', options.start);
  if (options.start === undefined && o.needsMobility) {
    const mobFirst = isoDay('data.mobility.dates[0]', data.mobility!.dates[0]);
    startDay = Math.max(startDay, mobFirst + o.lag);
  }
  if (startDay < countsFirst) throw new EpikitError('E_INPUT_RANGE', `options.start ${options.start} is before the first date of the counts (${counts.dates[0]})`, { argument: 'options.start', value: options.start });
  if (first - startDay < 2) {
    throw new EpikitError('E_INPUT_RANGE', `options.firstCutoff ${firstCutoff} leaves ${Math.max(0, first - startDay)} training day(s) after the start ${dayToIsoDate(startDay)}: a fit needs at least 2`, { argument: 'options.firstCutoff', value: firstCutoff });
  }
  const rankDay = options.rankDate !== undefined ? isoDay('options.rankDate', options.rankDate) : last + 1 <= countsLast ? last + 1 : last;
  if (rankDay < countsFirst || rankDay > countsLast) throw new EpikitError('E_INPUT_RANGE', `options.rankDate ${options.rankDate} is outside the counts' dates ${counts.dates[0]}..${dayToIsoDate(countsLast)}`, { argument: 'options.rankDate', value: options.rankDate });
  const schedule = o.horizons.map((h) => ({ horizon: h, cutoffs: backtestCutoffs(firstCutoff, lastDay, h) }));
  const simulated = new Map<string, number>(); // cut-off → longest horizon scored there
  for (const { horizon, cutoffs } of schedule) for (const c of cutoffs) simulated.set(c, Math.max(simulated.get(c) ?? 0, horizon));
  const cutoffList = [...simulated.keys()].sort();

  const mobilityTypes = o.needsMobility ? (options.mobilityTypes ?? PAPER_MOBILITY_TYPES) : undefined;
  const windowInputs = (end: number, counties?: readonly string[]): CountyHawkesInputs =>
    buildCountyHawkesInputs({
      counts,
      countsKind: data.countsKind,
      mobility: o.needsMobility ? data.mobility : undefined,
      covariates: o.needsCovariates ? data.covariates : undefined,
      start: dayToIsoDate(startDay),
      end: dayToIsoDate(end),
      mobilityLead: o.needsMobility ? o.lag : 0,
      mobilityTypes,
      covariateColumns: options.covariateColumns,
      counties,
      missingCovariates: 'drop',
    });

  // The evaluation counties: kept over the whole period, and at every cut-off kept or dropped only for having no event yet.
  const reference = windowInputs(last, options.counties);
  const excluded: DroppedCounty[] = [...reference.report.dropped];
  const perCutoff = new Map<string, CountyHawkesInputs>();
  const lost = new Map<string, DroppedCounty>();
  for (const cutoff of cutoffList) {
    const inputs = windowInputs(isoDateToDay(cutoff)! - 1, reference.fips);
    perCutoff.set(cutoff, inputs);
    for (const d of inputs.report.dropped) {
      if (d.reasons.some((r) => r !== 'below-threshold') && !lost.has(d.fips)) lost.set(d.fips, { ...d, detail: `window before ${cutoff}: ${d.detail}` });
    }
  }
  excluded.push(...lost.values());
  const evalFips = reference.fips.filter((f) => !lost.has(f));
  if (evalFips.length === 0) throw new EpikitError('E_INPUT_EMPTY', 'no county is left to evaluate', { argument: 'data.counts', excluded });
  const evalIndex = new Map(evalFips.map((f, i) => [f, i] as const));
  const C = evalFips.length;

  // Fits and simulations on the pool.
  const hawkesModels = o.models.filter((m) => VARIANT[m] !== undefined);
  const tasks: HawkesBacktestTask[] = [];
  const taskKeys: { cutoff: string; model: BacktestModel }[] = [];
  cutoffList.forEach((cutoff, ci) => {
    const inputs = fitInputsOnly(perCutoff.get(cutoff)!);
    for (const model of hawkesModels) {
      const variant = VARIANT[model]!;
      const usesMobility = variant === 'mobility' || variant === 'full';
      tasks.push({
        inputs,
        fit: { variant, lag: usesMobility ? o.lag : undefined, psi: o.psi, maxIter: o.maxIter, tol: o.tol, backend: options.backend },
        horizon: simulated.get(cutoff)!,
        realisations: o.realisations,
        beyondMobility: options.beyondMobility,
        seed: deriveSeed(o.seed, ci, BACKTEST_MODELS.indexOf(model)),
        label: `${o.target}, cut-off ${cutoff}, ${model}`,
      });
      taskKeys.push({ cutoff, model });
    }
  });
  const results = await runTasks<HawkesBacktestTask, HawkesBacktestTaskResult>(backtestTaskUrl, tasks, {
    concurrency: options.concurrency,
    signal: options.signal,
    onProgress: options.onProgress ? (done, total) => options.onProgress!({ done, total }) : undefined,
  });

  // Observed daily counts of the evaluation counties from the counts' first date (truth and baseline history).
  const truthEnd = Math.max(last, rankDay);
  const observed = buildCountyHawkesInputs({ counts, countsKind: data.countsKind, counties: evalFips, end: dayToIsoDate(truthEnd), minTotalCount: 0 });
  const Tt = observed.dates.length;
  const daily = observed.counts;
  const windowTotal = (c: number, from: number, h: number) => {
    let s = 0;
    for (let t = from; t < from + h; t++) s += daily[c * Tt + t];
    return s;
  };

  const forecasts: WindowForecast[] = [];
  const truths: WindowTruth[] = [];
  const fits: HawkesBacktestFit[] = [];
  const resultOf = new Map(taskKeys.map((k, i) => [`${k.cutoff}|${k.model}`, results[i]] as const));
  for (const cutoff of cutoffList) {
    const H = simulated.get(cutoff)!;
    const cutIndex = isoDateToDay(cutoff)! - countsFirst; // days of history before the cut-off
    const fitted = perCutoff.get(cutoff)!;
    const horizonsHere = schedule.filter((s) => s.cutoffs.includes(cutoff)).map((s) => s.horizon);
    for (const h of horizonsHere) {
      const truth = new Float64Array(C);
      for (let c = 0; c < C; c++) truth[c] = windowTotal(c, cutIndex, h);
      truths.push({ horizon: h, cutoff, truth });
    }
    for (const model of o.models) {
      if (VARIANT[model] !== undefined) {
        const r = resultOf.get(`${cutoff}|${model}`)!;
        fits.push({
          model,
          cutoff,
          counties: fitted.fips.length,
          coefficientNames: r.coefficientNames,
          theta: Array.from(r.theta),
          standardErrors: Array.from(r.standardErrors),
          shape: r.shape,
          scale: r.scale,
          logLikelihood: r.logLikelihood,
          iterations: r.iterations,
          converged: r.converged,
        });
        for (const h of horizonsHere) {
          // Counties with no event before the cut-off were not fitted: the model's forecast is 0 (μ̂ = 0, no history).
          const mean = new Float64Array(C);
          const quantiles = new Float64Array(C * 7);
          fitted.fips.forEach((f, fc) => {
            const c = evalIndex.get(f);
            if (c === undefined) return;
            mean[c] = r.cumulativeMean[fc * H + h - 1];
            quantiles.set(r.cumulativeQuantiles.subarray((fc * H + h - 1) * 7, (fc * H + h) * 7), c * 7);
          });
          forecasts.push({ model, horizon: h, cutoff, mean, quantiles });
        }
      } else {
        const history = new Float64Array(C * cutIndex);
        for (let c = 0; c < C; c++) history.set(daily.subarray(c * Tt, c * Tt + cutIndex), c * cutIndex);
        const daysAhead = model === 'persistence' ? persistenceForecast(history, C, cutIndex, H) : clepForecast(history, C, cutIndex, H);
        for (const h of horizonsHere) {
          const mean = new Float64Array(C);
          for (let c = 0; c < C; c++) for (let d = 0; d < h; d++) mean[c] += daysAhead[c * H + d];
          forecasts.push({ model, horizon: h, cutoff, mean });
        }
      }
    }
  }

  const rankIndex = rankDay - countsFirst;
  const totals = new Float64Array(C);
  for (let c = 0; c < C; c++) for (let t = 0; t <= rankIndex; t++) totals[c] += daily[c * Tt + t];
  const { scores, windows } = scoreBacktest(forecasts, truths, countySubsets(totals, o.subsets), o.target);
  return {
    target: o.target,
    models: o.models,
    horizons: o.horizons,
    cutoffs: schedule,
    start: dayToIsoDate(startDay),
    rankDate: dayToIsoDate(rankDay),
    lag: o.lag,
    realisations: o.realisations,
    seed: o.seed,
    fips: evalFips,
    names: evalFips.map((f) => observed.names[observed.fips.indexOf(f)]),
    excluded,
    scores,
    windows,
    fits,
    forecasts,
    truths,
  };
}
