/**
 * NMFk: nonnegative matrix factorisation with automatic choice of the number of signals k
 * (Alexandrov, Vesselinov et al., LANL; SmartTensors/NMFk.jl and lanl/pyDNMFk). Reference:
 * /work/shared/reference/nmfk-and-ensemble.md §1 — §1.1 driver, §1.3 clustering, §1.4
 * silhouettes/AIC/order, §1.5 the k rule, §1.6 interpretation, §1.9 pyDNMFk.
 * Browser-safe (restarts run inline in browsers, in worker threads in Node).
 */
import type { BackendChoice, BackendOption } from '../backend/kernels.js';
import type { Table } from '../data/table.js';
import { EpikitError, describeValue } from '../errors.js';
import { runTasks, taskModuleUrl } from '../parallel/run-tasks.js';
import { toShared } from '../parallel/to-shared.js';
import { integerIn, numberIn, oneOf, seedValue } from '../validate.js';
import { chooseKByPyDnmfk, chooseKByRobustness } from './choose-k.js';
import { clusterRestartSignals } from './cluster-restart-signals.js';
import { interpretSignals } from './interpret-signals.js';
import { nmfMatrix, type NmfInput, type NmfObjectiveName } from './nmf.js';
import type { NmfkKResult, NmfkResult } from './nmfk-result.js';
import { nmfkRestartSeed, type NmfkRestartResult, type NmfkRestartTask } from './nmfk-restart-task.js';
import {
  normalizeSignalScale,
  permuteSignals,
  reconstructionStatistics,
  signalContributions,
  signalOrderByContribution,
} from './signal-factors.js';
import { signalSilhouettes, type SignalDistance } from './signal-silhouettes.js';

const I32_MAX = 2147483647;

/** Progress after every finished restart. */
export interface NmfkProgress {
  /** The k being computed. */
  k: number;
  /** Restarts of this k finished so far (1 … restarts; with several workers they finish in any order). */
  restart: number;
  /** Restarts finished over the whole sweep, and the sweep's total (restarts × number of k). */
  done: number;
  total: number;
}

export interface NmfkOptions extends BackendOption {
  /** One k, or an inclusive range [min, max] (default [2, 8], its max cut to min(rows, cols)). */
  k?: number | readonly [number, number];
  /** Restarts per k, ≥ 2 (silhouettes need two); default 20. */
  restarts?: number;
  /** NMF objective: 'kl' (default, NMFk.jl's multiplicative KL updates) or 'fro'. */
  objective?: NmfObjectiveName;
  /** Iteration cap per restart (default 1000). */
  maxIterations?: number;
  /** Relative stopping tolerance of each NMF run (see nmf(); default 1e-4, 0 = run all iterations). */
  tolerance?: number;
  /** Iterations between convergence checks (default 10). */
  checkEvery?: number;
  /** ε ∈ [0, 1): each restart factorises X with every entry times U(1 − ε, 1 + ε) (default 0 = off). */
  perturbation?: number;
  /** Cluster the rows of H ('h', default, NMFk.jl) or the columns of W ('w'). */
  cluster?: 'h' | 'w';
  /** Silhouette distance: 'cosine' (default, NMFk.jl) or 'angular' (pyDNMFk's arccos). */
  distance?: SignalDistance;
  /** k rule: 'nmfk' (NMFk.jl, default) or 'pydnmfk' (silhouette threshold + Wilcoxon test). */
  rule?: 'nmfk' | 'pydnmfk';
  /** Robustness threshold in [−1, 1] (default 0.5 for 'nmfk'; 0.6 for 'pydnmfk', its CLI default). */
  threshold?: number;
  /** 'nmfk' rule: when no k passes, null (true, default, NMFk.jl) or the most robust k (false). */
  strict?: boolean;
  /** Reported factors: the best restart ('best', default, NMFk.jl) or the cluster means ('centroids'). */
  final?: 'best' | 'centroids';
  /** Cutoff on max-normalised H for a signal's top variables (default 0.25). */
  variableCutoff?: number;
  /** Regions listed per signal (default 10). */
  topRegions?: number;
  /** Most passes of the restart clustering (default 100). */
  clusterIterations?: number;
  /** Seed of the whole run; restart r of k uses a seed derived from (seed, k, r) only (default 0). */
  seed?: number;
  /** Worker threads for the restarts (Node; default: all cores; 1 = inline). Does not change the result. */
  concurrency?: number;
  /** Cancels the run (rejects with EpikitError E_ABORTED). */
  signal?: AbortSignal;
  /** Called after every finished restart. */
  onProgress?: (progress: NmfkProgress) => void;
  /** Names for a plain matrix input (a Table brings its own): columns, row ids, row display names. */
  features?: readonly string[];
  regions?: readonly string[];
  names?: readonly string[];
  /** Shape of a flat row-major Float64Array input. */
  rows?: number;
  cols?: number;
}

const restartTaskUrl = taskModuleUrl(import.meta.url, './nmfk-restart-task');

/**
 * NMFk on a nonnegative matrix X (rows = regions, columns = variables; NaN = missing):
 * for every k in the range, `restarts` NMF runs from seeded random starts (optionally on
 * noise-perturbed copies of X); each run normalised so that H's rows sum to 1 (§1.2); the
 * k·R signals (H rows, or W columns) clustered by optimal assignment to k centroids, seeded
 * from the lowest-objective restart and iterated to a fixed point
 * ({@link clusterRestartSignals}); cosine silhouettes of the clustered signals and
 * robustness = the smallest cluster silhouette ({@link signalSilhouettes}); the reported
 * factors (best restart or cluster means) ordered by contribution, with their relative error
 * and AIC ({@link reconstructionStatistics}). Then k is chosen ({@link chooseKByRobustness}, or
 * {@link chooseKByPyDnmfk} on the per-column errors of the cluster-mean factors — pyDNMFk's
 * factors are cluster centroids too, though it re-fits H with W fixed, which is not done here)
 * and the chosen signals interpreted ({@link interpretSignals}).
 *
 * Differences from NMFk.jl, on purpose: optimal (Hungarian) instead of greedy assignment,
 * iterated to a fixed point instead of one pass (§1.3); restarts ranked by the objective the
 * solver minimises (KL or Frobenius, on the unperturbed X) where NMFk.jl ranks by ‖X − WH‖_F;
 * AIC with the sum of squares (§1.4, §1.8). With final = 'centroids' the factors are the means
 * over restarts of the aligned, normalised W columns and H rows (NMFk.jl's Wa, Ha with
 * best = false), not re-fitted. The run is deterministic: the same seed gives the same
 * result whatever `concurrency` is.
 *
 * Complexity: O(K·R·I·m·n·k) for the NMF runs (K values of k, R restarts, I iterations), plus
 * O(K·(R·k)²·L) for the silhouettes (L = n for H rows, m for W columns).
 *
 * @example
 * const result = await nmfk(table, { k: [2, 6], restarts: 20, seed: 1, onProgress: (p) => console.log(p) });
 * result.chosenK;             // e.g. 4
 * result.perK.map((r) => r.robustness);
 * result.signals[0].label;    // e.g. "poverty rate / unemployment / disability"
 * @throws EpikitError for bad data (nmfMatrix's codes: E_INPUT_EMPTY, E_INPUT_TYPE, E_INPUT_SHAPE,
 *   E_INPUT_RANGE for negative values, E_INPUT_NAN), bad options (E_INPUT_RANGE / E_INPUT_TYPE
 *   naming the option and value), E_ABORTED, E_WORKER.
 */
export async function nmfk(x: NmfInput | Table, options: NmfkOptions = {}): Promise<NmfkResult> {
  if (options === null || typeof options !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  }
  const table = isTable(x) ? x : null;
  const matrix = table
    ? nmfMatrix({ data: table.values, rows: table.regions.length, cols: table.features.length })
    : nmfMatrix(x as NmfInput, { rows: options.rows, cols: options.cols });
  const { rows: m, cols: n } = matrix;
  const o = resolveOptions(options, m, n);
  const features = table ? table.features : names('features', options.features, n, (j) => `x${j + 1}`);
  const regions = table ? table.regions : names('regions', options.regions, m, (i) => String(i + 1));
  const regionNames = table ? names('table.names', table.names, m, (i) => regions[i]) : names('names', options.names, m, (i) => regions[i]);

  const shared = typeof SharedArrayBuffer === 'undefined' ? matrix.data : toShared(matrix.data);
  const ks: number[] = [];
  for (let k = o.kMin; k <= o.kMax; k++) ks.push(k);
  const total = ks.length * o.restarts;
  let done = 0;
  const perK: NmfkKResult[] = [];
  const columnErrors: Float64Array[] = [];

  for (const k of ks) {
    const tasks: NmfkRestartTask[] = [];
    for (let r = 0; r < o.restarts; r++) {
      tasks.push({
        x: shared,
        rows: m,
        cols: n,
        k,
        seed: nmfkRestartSeed(o.seed, k, r),
        objective: o.objective,
        maxIterations: o.maxIterations,
        tolerance: o.tolerance,
        checkEvery: o.checkEvery,
        perturbation: o.perturbation,
        backend: o.backend,
      });
    }
    let finishedHere = 0;
    const results = await runTasks<NmfkRestartTask, NmfkRestartResult>(restartTaskUrl, tasks, {
      concurrency: o.concurrency,
      signal: o.signal,
      onProgress: () => {
        finishedHere++;
        done++;
        o.onProgress?.({ k, restart: finishedHere, done, total });
      },
    });
    const { result, colErrors } = analyseK(matrix.data, m, n, k, results, o);
    perK.push(result);
    columnErrors.push(colErrors);
  }

  let chosenK: number | null;
  if (o.rule === 'nmfk') {
    chosenK = chooseKByRobustness(
      ks,
      perK.map((r) => r.robustness),
      o.threshold,
      o.strict,
    );
  } else {
    chosenK = chooseKByPyDnmfk(
      ks,
      perK.map((r) => r.robustness),
      columnErrors,
      o.threshold,
    ).k;
  }
  const chosen = chosenK === null ? null : perK[ks.indexOf(chosenK)];
  const signals = chosen
    ? interpretSignals(chosen.w, chosen.h, m, n, chosen.k, {
        features,
        regions,
        names: regionNames,
        variableCutoff: o.variableCutoff,
        topRegions: o.topRegions,
      })
    : [];
  const { signal: _signal, onProgress: _onProgress, ...settings } = o;
  return {
    regions: [...regions],
    names: [...regionNames],
    features: [...features],
    rows: m,
    cols: n,
    objective: o.objective,
    perK,
    chosenK,
    rule: o.rule,
    threshold: o.threshold,
    w: chosen ? chosen.w : null,
    h: chosen ? chosen.h : null,
    signals,
    settings: { ...settings, concurrency: o.concurrency ?? 'auto', backend: o.backend ?? 'auto' },
  };
}

interface ResolvedNmfkOptions {
  kMin: number;
  kMax: number;
  restarts: number;
  objective: NmfObjectiveName;
  maxIterations: number;
  tolerance: number;
  checkEvery: number;
  perturbation: number;
  cluster: 'h' | 'w';
  distance: SignalDistance;
  rule: 'nmfk' | 'pydnmfk';
  threshold: number;
  strict: boolean;
  final: 'best' | 'centroids';
  variableCutoff: number;
  topRegions: number;
  clusterIterations: number;
  seed: number;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: NmfkProgress) => void;
  backend?: BackendChoice;
}

/** Defaults filled in and every option checked; errors name the option and the value. */
function resolveOptions(options: NmfkOptions, m: number, n: number): ResolvedNmfkOptions {
  const kLimit = Math.min(m, n);
  let kMin: number;
  let kMax: number;
  if (options.k === undefined) {
    kMin = Math.min(2, kLimit);
    kMax = Math.min(8, kLimit);
  } else if (typeof options.k === 'number') {
    kMin = kMax = integerIn('k', options.k, 1, kLimit);
  } else if (Array.isArray(options.k) && options.k.length === 2) {
    kMin = integerIn('k[0]', options.k[0], 1, kLimit);
    kMax = integerIn('k[1]', options.k[1], 1, kLimit);
    if (kMax < kMin) {
      throw new EpikitError('E_INPUT_RANGE', `k is [${kMin}, ${kMax}]: the range must not be empty (k[0] ≤ k[1])`, { argument: 'k', value: options.k });
    }
  } else {
    throw new EpikitError('E_INPUT_TYPE', `k must be an integer or a range [min, max], got ${describeValue(options.k)}`, { argument: 'k' });
  }
  const rule = options.rule === undefined ? 'nmfk' : oneOf('rule', options.rule, ['nmfk', 'pydnmfk'] as const);
  if (options.strict !== undefined && typeof options.strict !== 'boolean') {
    throw new EpikitError('E_INPUT_TYPE', `strict must be true or false, got ${describeValue(options.strict)}`, { argument: 'strict' });
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new EpikitError('E_INPUT_TYPE', `onProgress must be a function, got ${describeValue(options.onProgress)}`, { argument: 'onProgress' });
  }
  return {
    kMin,
    kMax,
    restarts: options.restarts === undefined ? 20 : integerIn('restarts', options.restarts, 2, 100000),
    objective: options.objective === undefined ? 'kl' : oneOf('objective', options.objective, ['kl', 'fro'] as const),
    maxIterations: options.maxIterations === undefined ? 1000 : integerIn('maxIterations', options.maxIterations, 1, I32_MAX),
    tolerance: options.tolerance === undefined ? 1e-4 : numberIn('tolerance', options.tolerance, 0, 1),
    checkEvery: options.checkEvery === undefined ? 10 : integerIn('checkEvery', options.checkEvery, 1, I32_MAX),
    perturbation: options.perturbation === undefined ? 0 : perturbationValue(options.perturbation),
    cluster: options.cluster === undefined ? 'h' : oneOf('cluster', options.cluster, ['h', 'w'] as const),
    distance: options.distance === undefined ? 'cosine' : oneOf('distance', options.distance, ['cosine', 'angular'] as const),
    rule,
    threshold: options.threshold === undefined ? (rule === 'nmfk' ? 0.5 : 0.6) : numberIn('threshold', options.threshold, -1, 1),
    strict: options.strict ?? true,
    final: options.final === undefined ? 'best' : oneOf('final', options.final, ['best', 'centroids'] as const),
    variableCutoff: options.variableCutoff === undefined ? 0.25 : numberIn('variableCutoff', options.variableCutoff, 0, 1),
    topRegions: options.topRegions === undefined ? 10 : integerIn('topRegions', options.topRegions, 0, I32_MAX),
    clusterIterations: options.clusterIterations === undefined ? 100 : integerIn('clusterIterations', options.clusterIterations, 1, I32_MAX),
    seed: seedValue('seed', options.seed),
    concurrency: options.concurrency === undefined ? undefined : integerIn('concurrency', options.concurrency, 1, 4096),
    signal: options.signal,
    onProgress: options.onProgress,
    backend: options.backend === undefined ? undefined : oneOf('backend', options.backend, ['native', 'wasm', 'auto'] as const),
  };
}

function perturbationValue(v: unknown): number {
  const e = numberIn('perturbation', v, 0, 1);
  if (e >= 1) {
    throw new EpikitError('E_INPUT_RANGE', `perturbation is ${e}: expected ε in [0, 1) so that the factors 1 ± ε stay positive`, { argument: 'perturbation', value: e });
  }
  return e;
}

function names(name: string, v: readonly string[] | undefined, length: number, fallback: (i: number) => string): readonly string[] {
  if (v === undefined) return Array.from({ length }, (_, i) => fallback(i));
  if (!Array.isArray(v) || v.length !== length || v.some((s) => typeof s !== 'string')) {
    throw new EpikitError('E_INPUT_SHAPE', `${name} must be ${length} strings, got ${describeValue(v)}`, { argument: name, expected: length });
  }
  return v;
}

function isTable(x: unknown): x is Table {
  const t = x as Table;
  return !!t && typeof t === 'object' && Array.isArray(t.regions) && Array.isArray(t.features) && t.values instanceof Float64Array;
}

/** Everything computed for one k from its restarts. */
function analyseK(
  x: Float64Array,
  m: number,
  n: number,
  k: number,
  restarts: NmfkRestartResult[],
  o: ResolvedNmfkOptions,
): { result: NmfkKResult; colErrors: Float64Array } {
  const R = restarts.length;
  // Normalise every restart: H rows sum to 1, W carries the scale (§1.2).
  const normalised = restarts.map((r) => normalizeSignalScale(r.w, r.h, m, n, k));
  // Best restart: lowest objective, the first on ties (§1.3 sorts by objective).
  let best = 0;
  for (let r = 1; r < R; r++) if (restarts[r].objective < restarts[best].objective) best = r;

  // The clustered vectors: H rows (length n) or W columns (length m), restart-major.
  const length = o.cluster === 'h' ? n : m;
  const signals = new Float64Array(R * k * length);
  for (let r = 0; r < R; r++) {
    const { w, h } = normalised[r];
    for (let a = 0; a < k; a++) {
      const base = (r * k + a) * length;
      if (o.cluster === 'h') signals.set(h.subarray(a * n, (a + 1) * n), base);
      else for (let i = 0; i < m; i++) signals[base + i] = w[i * k + a];
    }
  }
  const clustering = clusterRestartSignals(signals, R, k, length, { seedRestart: best, maxIterations: o.clusterIterations });
  const sil = signalSilhouettes(signals, length, clustering.labels, k, { distance: o.distance });

  // Reported factors, signal c = cluster c.
  const means = o.final === 'centroids' || o.rule === 'pydnmfk' ? clusterMeanFactors(normalised, clustering.signalOfCluster, m, n, k) : null;
  let { w, h } =
    o.final === 'best' ? permuteSignals(normalised[best].w, normalised[best].h, m, n, k, clustering.signalOfCluster.subarray(best * k, (best + 1) * k)) : means!;
  // Order by contribution, largest first (NMFk.jl's signalorder, §1.4).
  const order = signalOrderByContribution(signalContributions(w, h, m, n, k));
  ({ w, h } = permuteSignals(w, h, m, n, k, order));
  const stats = reconstructionStatistics(x, w, h, m, n, k);
  // pyDNMFk's rule compares the per-column errors of its cluster-mean factors (§1.9), whatever is reported.
  const colErrors = means && o.final === 'best' ? reconstructionStatistics(x, means.w, means.h, m, n, k).columnErrors : stats.columnErrors;
  return {
    result: {
      k,
      robustness: sil.robustness,
      clusterSilhouettes: Array.from(order, (c) => sil.clusterSilhouettes[c]),
      meanSilhouette: sil.meanSilhouette,
      frobeniusError: stats.frobeniusError,
      relativeError: stats.relativeError,
      aic: stats.aic,
      restartObjectives: restarts.map((r) => r.objective),
      restartIterations: restarts.map((r) => r.iterations),
      w,
      h,
    },
    colErrors,
  };
}

/**
 * The cluster means of the aligned restarts: W column c = mean over restarts of the
 * (normalised) W column placed in cluster c, H row c likewise (NMFk.jl's Wa and Ha, §1.4),
 * renormalised so that H's rows sum to 1. O(R·(m + n)·k).
 */
function clusterMeanFactors(
  normalised: { w: Float64Array; h: Float64Array }[],
  signalOfCluster: Int32Array,
  m: number,
  n: number,
  k: number,
): { w: Float64Array; h: Float64Array } {
  const R = normalised.length;
  const w = new Float64Array(m * k);
  const h = new Float64Array(k * n);
  for (let r = 0; r < R; r++) {
    const aligned = permuteSignals(normalised[r].w, normalised[r].h, m, n, k, signalOfCluster.subarray(r * k, (r + 1) * k));
    for (let t = 0; t < w.length; t++) w[t] += aligned.w[t] / R;
    for (let t = 0; t < h.length; t++) h[t] += aligned.h[t] / R;
  }
  return normalizeSignalScale(w, h, m, n, k);
}
