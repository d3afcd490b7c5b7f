/**
 * The result of the cluster-evolution method (James & Menzies, Chaos 30, 061108, 2020) as plain
 * JSON-friendly data: what `evolution()` returns, `epikit evolution --json` prints and the HTML
 * report draws. Arrays indexed by day follow `dates`; arrays indexed by region follow `regions`.
 */
import type { IndexName } from '../cluster/validity-indices.js';

export type ConsistencyMatrix = 'aff' | 'gaussian1' | 'gaussian2' | 'gaussian3' | 'adj';

export interface SeriesEvolution {
  /** Distinct values per day (after 0/empty → 1). */
  nUnique: number[];
  /** Best k per index per day (null where undefined). */
  kByIndex: Record<IndexName, (number | null)[]>;
  /** Mean of the indices' best k per day, k_av(t). */
  kAv: number[];
  /** Exponentially smoothed k_av before rounding. */
  smoothed: number[];
  /** The rounded, capped k̂(t) used to cluster each day. */
  kHat: number[];
  /** Display cluster per day and region, days × regions row-major: 1 = the worst (highest counts). */
  display: number[];
  /** Cluster evolution dendrogram of the dates (leading days whose partitions are all identical skipped). */
  dendrogram: {
    /** Index in `dates` of the first clustered day. */
    firstDay: number;
    /** SciPy-style linkage over the clustered days: rows (a, b, height, size). */
    linkage: number[];
    method: string;
    /** Contiguous date groups from cutting the tree into `groups.length` clusters, in date order. */
    groups: { start: string; end: string; size: number }[];
  };
}

export interface ConsistencyOffset {
  start: string;
  matrix: ConsistencyMatrix;
  /** argmin of the objective: deaths lag cases by tau days. */
  tau: number;
  /** Objective per candidate tau = 0..tauMax (NaN where undefined). */
  objective: number[];
}

export interface AnomalyRow {
  region: string;
  name: string;
  /** a_j(t) = Σ_i Inc_ij(t) at the chosen offset. */
  score: number;
  /** Lag-adjusted death rate deaths_j(t) / cases_j(t − tau), or null when cases_j(t − tau) = 0. */
  ldr: number | null;
}

export interface EvolutionResult {
  method: 'cluster-evolution';
  source: string;
  dates: string[];
  regions: string[];
  names: string[];
  /** Cumulative counts on the last date, per region (used to rank the "most affected"). */
  lastCases: number[];
  lastDeaths: number[];
  options: Record<string, unknown>;
  cases: SeriesEvolution;
  deaths: SeriesEvolution;
  /** Series evolution offset δ: the k̂ curve of deaths lags that of cases by delta days. */
  seriesOffset: { delta: number; deltas: number[]; objective: number[] };
  /** δ with the k̂ curves cut to start at each start date of `consistency`. */
  seriesOffsetByStart: { start: string; delta: number }[];
  /** Cluster consistency offsets τ for every start date × matrix type (Table I of the paper). */
  consistency: ConsistencyOffset[];
  /** Most anomalous regions on chosen dates (Table II), at offset `tau` on `matrix`. */
  anomalies: { tau: number; matrix: ConsistencyMatrix; minCases: number; dates: { date: string; top: AnomalyRow[] }[] };
  /** LDR_j(t) for chosen regions over all dates with t − tau in range (null where undefined). */
  ldr: { tau: number; regions: string[]; names: string[]; values: (number | null)[][] };
  timings: Record<string, number>;
  backend: string;
}
