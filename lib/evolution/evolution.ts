/**
 * Cluster-based dual evolution of two multivariate time series (James & Menzies, "Cluster-based
 * dual evolution for multivariate time series: Analyzing COVID-19", Chaos 30, 061108, 2020),
 * end to end: daily k by six NbClust indices on Ckmeans partitions, smoothed k̂, daily
 * clusterings, the series evolution offset δ, cluster evolution dendrograms of the dates, cluster
 * consistency offsets τ (Table I), anomalous regions (Table II) and lag-adjusted death rates.
 * Every unverified choice of the paper is an option; the defaults are documented per option.
 */
import type { BackendOption } from '../backend/kernels.js';
import { cutTree } from '../cluster/cut-tree.js';
import { hclust, type LinkageMethod } from '../cluster/hclust.js';
import type { IndexName, IndexVariant, IndexVariants } from '../cluster/validity-indices.js';
import { alignPanels, type Panel } from '../data/panel.js';
import { EpikitError } from '../errors.js';
import { integerIn, numberIn, oneOf } from '../validate.js';
import { dailyClusters, partitionSettings, type DailyPartition, type DayK } from './daily-clusters.js';
import type { AnomalyRow, ConsistencyMatrix, ConsistencyOffset, EvolutionResult, SeriesEvolution } from './evolution-result.js';
import { logCounts, type DayMatrix } from './log-counts.js';
import { adjacencyDistances, anomalyScores, offsetObjective, offsetObjectives, type OffsetNorm } from './matrix-offsets.js';
import { seriesOffset } from './series-offset.js';
import { clusterDays, smoothK, type KRounding } from './smooth-k.js';

/** Start dates of the paper's Table I. */
export const PAPER_START_DATES = ['2019-12-31', '2020-01-13', '2020-01-21', '2020-01-31'];
/** Dates of the paper's Table II. */
export const PAPER_ANOMALY_DATES = ['2020-01-28', '2020-02-07', '2020-02-17', '2020-02-27', '2020-03-08', '2020-03-18', '2020-03-28', '2020-04-07', '2020-04-17', '2020-04-27'];
/** Regions whose LDR the paper discusses (ISO3). */
export const PAPER_LDR_REGIONS = ['ITA', 'ESP', 'GBR', 'QAT', 'AUS', 'SGP', 'USA', 'IRN'];
export const CONSISTENCY_MATRICES: readonly ConsistencyMatrix[] = ['gaussian1', 'gaussian2', 'gaussian3', 'adj', 'aff'];

export interface EvolutionProgress {
  stage: 'k-cases' | 'k-deaths' | 'dendrograms' | 'offsets' | 'anomalies';
  done: number;
  total: number;
}

export interface EvolutionOptions extends BackendOption {
  /** Candidate k range per day (default 2..20, capped by the day's distinct values). */
  kMin?: number;
  kMax?: number;
  /** Indices whose best k are averaged (default all six). */
  indices?: readonly IndexName[];
  /** NbClust forms (default) or textbook forms of the indices. */
  variant?: IndexVariant | IndexVariants;
  /**
   * Daily partitions (default 'ckmeans'); 'kmeans-window' is the paper's Appendix B variant:
   * w-day rolling log counts as vectors in ℝ^w clustered by multivariate k-means, for the k
   * selection and the daily clusterings (see DailyClustersOptions.partition).
   */
  partition?: DailyPartition;
  /** Window length w of 'kmeans-window' (default 3). */
  window?: number;
  /** k-means seed of 'kmeans-window' (default 0). */
  seed?: number;
  /** Exponential smoothing constant of k_av (default 0.5; the paper's value is unknown: reconstruction). */
  alpha?: number;
  /** Rounding of the smoothed k (default 'nearest'). */
  rounding?: KRounding;
  /** δ search range (default [−60, 60]). */
  deltaRange?: [number, number];
  /** Start dates of the consistency offsets (default: the first date and those of Table I inside the data). */
  startDates?: string[];
  /** Matrix types of the consistency offsets (default all five: Gaussian m = 1, 2, 3, Adj, Aff). */
  matrices?: readonly ConsistencyMatrix[];
  /** Norm of the τ objective (default 'l1'; reconstruction). */
  norm?: OffsetNorm;
  /** Largest τ tried (default 60, capped by the data). */
  tauMax?: number;
  /** Linkage of the date dendrograms (default 'average'; not stated in the paper). */
  dendrogramMethod?: LinkageMethod;
  /** Number of date groups cut from each dendrogram (default 3, as the paper describes). */
  dendrogramGroups?: number;
  /** Matrix of the inconsistency / anomaly scores (default 'aff', as Table II). */
  anomalyMatrix?: ConsistencyMatrix;
  /** Offset of the anomaly scores and LDR (default: τ of anomalyMatrix from the first start date). */
  anomalyTau?: number;
  /** Dates of the anomaly tables (default: Table II's dates inside the data, else ten evenly spaced). */
  anomalyDates?: string[];
  /**
   * Which date an anomaly score belongs to (default 'deaths'): 'deaths' scores day t by
   * |Aff_X(t − τ) − Aff_Y(t)| (deaths on t against cases τ days before, as LDR_j(t) does, so Table
   * II's late-April dates are defined); 'cases' by |Aff_X(t) − Aff_Y(t + τ)|. Reconstruction.
   */
  anomalyDating?: 'deaths' | 'cases';
  /** Rows per anomaly table (default 10). */
  anomalyTop?: number;
  /** Only regions with at least this many cases on the last date enter the anomaly tables (default 5000). */
  anomalyMinCases?: number;
  /** Regions whose LDR series are returned (default: those of PAPER_LDR_REGIONS present, else the 6 largest). */
  ldrRegions?: string[];
  /** Called as work proceeds (for progress bars). */
  onProgress?: (p: EvolutionProgress) => void;
}

/**
 * Run the cluster-evolution method on two panels of cumulative counts (cases and deaths),
 * aligned on their shared regions and dates. Cost: dominated by the offsets, O(matrices ×
 * τmax × T × n²) for Aff and the Gaussians (the start dates share their day-pair terms; Adj is
 * O(τmax × T × n)); the daily k selection is O(T × K × (k·n + n log n)) by Ckmeans and the
 * sorted 1-D indices; the date dendrograms O(T² × n). Memory O(n² + T² + T × n).
 *
 * @example
 *   const { cases, deaths } = await loadDefaultCountrySeries();
 *   const r = evolution(cases, deaths);
 *   r.seriesOffset.delta;                 // lag of the deaths k̂ curve behind cases, in days
 *   r.consistency.find((c) => c.matrix === 'aff')?.tau;
 * @throws EpikitError E_INPUT_SHAPE for fewer than 3 shared regions or 2 shared dates; E_INPUT_RANGE for bad options.
 */
export function evolution(cases: Panel, deaths: Panel, options: EvolutionOptions = {}): EvolutionResult {
  const timings: Record<string, number> = {};
  const clock = (name: string, start: number) => (timings[name] = Math.round(performance.now() - start));
  const progress = options.onProgress ?? (() => undefined);
  const backend = options.backend;

  const aligned = alignPanels(cases, deaths);
  const { dates, regions, names } = aligned.a;
  const T = dates.length;
  const n = regions.length;
  if (n < 3) throw new EpikitError('E_INPUT_SHAPE', `cases and deaths share ${n} regions: the method needs at least 3`, { argument: 'cases' });
  if (T < 2) throw new EpikitError('E_INPUT_SHAPE', `cases and deaths share ${T} dates: the method needs at least 2`, { argument: 'cases' });

  const alpha = options.alpha === undefined ? 0.5 : numberIn('options.alpha', options.alpha, Number.MIN_VALUE, 1);
  const rounding = options.rounding ?? 'nearest';
  const tauMaxWanted = options.tauMax === undefined ? 60 : integerIn('options.tauMax', options.tauMax, 0, 100_000);
  const matrices = (options.matrices ?? CONSISTENCY_MATRICES).map((m, i) => oneOf(`options.matrices[${i}]`, m, CONSISTENCY_MATRICES));
  const norm = options.norm ?? 'l1';
  const groups = options.dendrogramGroups === undefined ? 3 : integerIn('options.dendrogramGroups', options.dendrogramGroups, 1, 1000);
  const dendrogramMethod = options.dendrogramMethod ?? 'average';
  const dayIndex = new Map(dates.map((d, i) => [d, i]));
  const indexOfDate = (name: string, d: string) => {
    const i = dayIndex.get(d);
    if (i === undefined) throw new EpikitError('E_INPUT_RANGE', `${name} ${JSON.stringify(d)} is not a date of the data (${dates[0]}..${dates[T - 1]})`, { argument: name, value: d });
    return i;
  };

  const { partition, window, seed } = partitionSettings(options);
  const logX = logCounts(aligned.a);
  const logY = logCounts(aligned.b);

  const series = (log: DayMatrix, stage: 'k-cases' | 'k-deaths'): { evo: Omit<SeriesEvolution, 'dendrogram'>; labels: Int32Array } => {
    const t0 = performance.now();
    const days: DayK[] = [];
    const chunk = 8;
    for (let t = 0; t < T; t += chunk) {
      const ids = Array.from({ length: Math.min(chunk, T - t) }, (_, i) => t + i);
      const r = dailyClusters(log, { kMin: options.kMin, kMax: options.kMax, indices: options.indices, variant: options.variant, days: ids, partition, window, seed, backend });
      days.push(...r.days);
      progress({ stage, done: Math.min(T, t + chunk), total: T });
    }
    const kAv = days.map((d) => d.kAv);
    const nUnique = days.map((d) => d.nUnique);
    const s = smoothK(kAv, { alpha, rounding, nUnique });
    const clustered = clusterDays(log, s.kHat, { partition, window, seed, backend });
    const indexNames = Object.keys(days[0].kByIndex) as IndexName[];
    const kByIndex = Object.fromEntries(indexNames.map((name) => [name, days.map((d) => d.kByIndex[name])])) as Record<IndexName, (number | null)[]>;
    clock(stage, t0);
    return {
      evo: { nUnique, kByIndex, kAv, smoothed: Array.from(s.smoothed), kHat: Array.from(s.kHat), display: Array.from(clustered.display) },
      labels: clustered.labels,
    };
  };
  const sx = series(logX, 'k-cases');
  const sy = series(logY, 'k-deaths');

  const deltaRange = options.deltaRange ?? [-60, 60];
  const offset = seriesOffset(sx.evo.kHat, sy.evo.kHat, { range: deltaRange });

  // Dendrograms of dates: ‖Adj(s) − Adj(t)‖_F between days, leading identical days skipped.
  let t0 = performance.now();
  const dendrogram = (labels: Int32Array): SeriesEvolution['dendrogram'] => {
    const all = adjacencyDistances({ data: labels, T, n }, { backend });
    const at = (s: number, t: number) => all[T * s - (s * (s + 1)) / 2 + (t - s - 1)]; // condensed index, s < t
    let firstDay = 1;
    while (firstDay < T && at(0, firstDay) === 0) firstDay++;
    firstDay = firstDay >= T ? 0 : firstDay;
    const m = T - firstDay;
    if (m < 2) return { firstDay, linkage: [], method: dendrogramMethod, groups: [{ start: dates[firstDay], end: dates[T - 1], size: m }] };
    const sub = new Float64Array((m * (m - 1)) / 2);
    for (let s = 0, p = 0; s < m; s++) for (let t = s + 1; t < m; t++) sub[p++] = at(firstDay + s, firstDay + t);
    const tree = hclust(sub, { method: dendrogramMethod, backend });
    const cut = cutTree(tree.linkage, m, { k: Math.min(groups, m) });
    const runs: { start: string; end: string; size: number }[] = [];
    for (let i = 0; i < m; i++) {
      if (i > 0 && cut[i] === cut[i - 1]) {
        const last = runs[runs.length - 1];
        last.end = dates[firstDay + i];
        last.size++;
      } else runs.push({ start: dates[firstDay + i], end: dates[firstDay + i], size: 1 });
    }
    return { firstDay, linkage: Array.from(tree.linkage), method: dendrogramMethod, groups: runs };
  };
  const casesEvo: SeriesEvolution = { ...sx.evo, dendrogram: dendrogram(sx.labels) };
  const deathsEvo: SeriesEvolution = { ...sy.evo, dendrogram: dendrogram(sy.labels) };
  progress({ stage: 'dendrograms', done: 1, total: 1 });
  clock('dendrograms', t0);

  // Cluster consistency offsets τ (Table I): every start date × matrix type.
  t0 = performance.now();
  const startDates = options.startDates ?? [...new Set([dates[0], ...PAPER_START_DATES.filter((d) => dayIndex.has(d))])];
  const consistency: ConsistencyOffset[] = [];
  const X = { data: logX.values, T, n };
  const Y = { data: logY.values, T, n };
  const labelsX = { data: sx.labels, T, n };
  const labelsY = { data: sy.labels, T, n };
  const matrixOptions = (matrix: ConsistencyMatrix) =>
    matrix === 'adj'
      ? { matrix: 'adj' as const, labelsX, labelsY }
      : matrix === 'aff'
        ? { matrix: 'aff' as const }
        : { matrix: 'gaussian' as const, m: Number(matrix.slice(-1)) };
  // One kernel call per matrix covers every start date: the day-pair terms are shared
  // (offsetObjectives); each start keeps its own τ range min(τmax, T − 1 − start).
  const startIndices = startDates.map((start, si) => indexOfDate(`options.startDates[${si}]`, start));
  const tauMaxOf = (startIndex: number) => Math.min(tauMaxWanted, T - 1 - startIndex);
  const byMatrix = new Map<ConsistencyMatrix, ReturnType<typeof offsetObjectives>>();
  let done = 0;
  for (const matrix of matrices) {
    if (!byMatrix.has(matrix) && startIndices.length > 0) {
      const tauMax = tauMaxOf(Math.min(...startIndices));
      byMatrix.set(matrix, offsetObjectives(X, Y, { ...matrixOptions(matrix), norm, starts: startIndices, tauMax, backend }));
    }
    done += startDates.length;
    progress({ stage: 'offsets', done, total: startDates.length * matrices.length });
  }
  for (const [si, start] of startDates.entries()) {
    for (const matrix of matrices) {
      const all = byMatrix.get(matrix)![si];
      const values = all.values.subarray(0, tauMaxOf(startIndices[si]) + 1);
      let tau = NaN;
      for (let k = 0; k < values.length; k++) {
        if (!Number.isNaN(values[k]) && (Number.isNaN(tau) || values[k] < values[tau])) tau = k;
      }
      consistency.push({ start, matrix, tau, objective: Array.from(values) });
    }
  }
  clock('offsets', t0);

  // Anomalies (Table II) and lag-adjusted death rates at offset τ.
  t0 = performance.now();
  const anomalyMatrix = oneOf('options.anomalyMatrix', options.anomalyMatrix ?? 'aff', CONSISTENCY_MATRICES);
  const fromTable = consistency.find((c) => c.matrix === anomalyMatrix && c.start === startDates[0]);
  const tau =
    options.anomalyTau !== undefined
      ? integerIn('options.anomalyTau', options.anomalyTau, 0, T - 1)
      : fromTable && Number.isFinite(fromTable.tau)
        ? fromTable.tau
        : offsetObjective(X, Y, { ...matrixOptions(anomalyMatrix), norm, tauMax: Math.min(tauMaxWanted, T - 1), backend }).tau;
  // Scores only for the rows the tables read (a row is independent of the others: the same
  // values as anomalyScores over all T days, at O(n²) per anomaly date instead of O(T·n²)).
  const anomalyRows = new Map<number, Float64Array>();
  const scoreRow = (row: number): Float64Array => {
    let s = anomalyRows.get(row);
    if (s === undefined) {
      const day = (v: ArrayLike<number>, d: number) => ({ data: Array.prototype.slice.call(v, d * n, (d + 1) * n) as number[], T: 1, n });
      const lx = anomalyMatrix === 'adj' ? { labelsX: day(sx.labels, row), labelsY: day(sy.labels, row + tau) } : {};
      const one = { ...matrixOptions(anomalyMatrix), ...lx };
      s = anomalyScores({ data: logX.values.subarray(row * n, (row + 1) * n), T: 1, n }, { data: logY.values.subarray((row + tau) * n, (row + tau + 1) * n), T: 1, n }, 0, { ...one, backend });
      anomalyRows.set(row, s);
    }
    return s;
  };
  const cumulative = (p: Panel, r: number, t: number) => p.values[r * T + t];
  const lastCases = regions.map((_, r) => cumulative(aligned.a, r, T - 1));
  const lastDeaths = regions.map((_, r) => cumulative(aligned.b, r, T - 1));
  const ldrAt = (r: number, t: number): number | null => {
    if (t - tau < 0) return null;
    const c = cumulative(aligned.a, r, t - tau);
    const d = cumulative(aligned.b, r, t);
    return c > 0 && Number.isFinite(c) && Number.isFinite(d) ? d / c : null;
  };
  const minCases = options.anomalyMinCases === undefined ? 5000 : numberIn('options.anomalyMinCases', options.anomalyMinCases, 0, Number.MAX_VALUE);
  const top = options.anomalyTop === undefined ? 10 : integerIn('options.anomalyTop', options.anomalyTop, 1, n);
  const dating = oneOf('options.anomalyDating', options.anomalyDating ?? 'deaths', ['deaths', 'cases'] as const);
  // The kernel's row t compares cases on t with deaths on t + τ; 'deaths' dating reads row t − τ.
  // Row `row` exists for 0 ≤ row ≤ T − 1 − τ (finite inputs give finite scores there).
  const rowOf = (t: number) => (dating === 'deaths' ? t - tau : t);
  const scored = (t: number) => rowOf(t) >= 0 && rowOf(t) <= T - 1 - tau;
  const scoreAt = (t: number, r: number) => (scored(t) ? scoreRow(rowOf(t))[r] : NaN);
  const defaultAnomalyDates = () => {
    const paper = PAPER_ANOMALY_DATES.filter((d) => dayIndex.has(d) && scored(dayIndex.get(d)!));
    if (paper.length) return paper;
    const usable = dates.filter((_, t) => scored(t));
    return Array.from({ length: Math.min(10, usable.length) }, (_, i) => usable[Math.floor(((i + 1) * usable.length) / (Math.min(10, usable.length) + 1))]);
  };
  const eligible = regions.map((_, r) => r).filter((r) => lastCases[r] >= minCases);
  const anomalyDates = (options.anomalyDates ?? defaultAnomalyDates()).map((d, i) => {
    const t = indexOfDate(`options.anomalyDates[${i}]`, d);
    const rows: AnomalyRow[] = eligible
      .filter((r) => !Number.isNaN(scoreAt(t, r)))
      .sort((a, b) => scoreAt(t, b) - scoreAt(t, a) || a - b)
      .slice(0, top)
      .map((r) => ({ region: regions[r], name: names[r], score: scoreAt(t, r), ldr: ldrAt(r, t) }));
    return { date: d, top: rows };
  });
  const byId = new Map(regions.map((id, r) => [id, r]));
  const ldrIds =
    options.ldrRegions ??
    (PAPER_LDR_REGIONS.some((id) => byId.has(id))
      ? PAPER_LDR_REGIONS.filter((id) => byId.has(id))
      : regions.map((_, r) => r).sort((a, b) => lastCases[b] - lastCases[a]).slice(0, 6).map((r) => regions[r]));
  const ldrRows = ldrIds.map((id, i) => {
    const r = byId.get(id);
    if (r === undefined) throw new EpikitError('E_INPUT_RANGE', `options.ldrRegions[${i}] ${JSON.stringify(id)} is not a region of the data`, { argument: 'options.ldrRegions', value: id });
    return r;
  });
  progress({ stage: 'anomalies', done: 1, total: 1 });
  clock('anomalies', t0);

  return {
    method: 'cluster-evolution',
    source: '',
    dates,
    regions,
    names,
    lastCases,
    lastDeaths,
    options: {
      kMin: options.kMin ?? 2,
      kMax: options.kMax ?? 20,
      alpha,
      rounding,
      deltaRange,
      norm,
      tauMax: tauMaxWanted,
      dendrogramMethod,
      dendrogramGroups: groups,
      anomalyMatrix,
      anomalyDating: dating,
      anomalyMinCases: minCases,
      variant: options.variant ?? 'nbclust',
      partition,
      ...(partition === 'kmeans-window' ? { window, seed } : {}),
    },
    cases: casesEvo,
    deaths: deathsEvo,
    seriesOffset: { delta: offset.delta, deltas: Array.from(offset.deltas), objective: Array.from(offset.objective) },
    seriesOffsetByStart: startDates.map((start) => {
      const t = dayIndex.get(start)!;
      return { start, delta: seriesOffset(sx.evo.kHat.slice(t), sy.evo.kHat.slice(t), { range: deltaRange }).delta };
    }),
    consistency,
    anomalies: { tau, matrix: anomalyMatrix, minCases, dates: anomalyDates },
    ldr: { tau, regions: ldrRows.map((r) => regions[r]), names: ldrRows.map((r) => names[r]), values: ldrRows.map((r) => dates.map((_, t) => ldrAt(r, t))) },
    timings,
    backend: backend ?? 'auto',
  };
}
