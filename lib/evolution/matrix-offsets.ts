/**
 * Cluster evolution of two multivariate time series (James & Menzies, "Cluster-based dual
 * evolution for multivariate time series: Analyzing COVID-19", Chaos 30, 061108, 2020,
 * doi:10.1063/5.0013156): distances between the days' partitions (for the dendrogram of
 * dates), the cluster consistency offset τ between two series, and per-entity anomaly
 * scores, computed by the native or WebAssembly `evolution` kernels.
 *
 * Each day t has an n × n matrix M(t) built from that day's values x_1(t)..x_n(t) (the LOG
 * counts: the caller applies the transform, e.g. log of counts with 0 replaced by 1) with
 * D(t)_ij = |x_i(t) − x_j(t)| and maxD(t) = max_ij D(t)_ij:
 * - `'aff'` (standard affinity): Aff(t)_ij = 1 − D_ij / maxD(t);
 * - `'gaussian'`: G(t)_ij = exp(−D_ij² / (2σ²)) with σ = maxD(t) / m, m ∈ {1, 2, 3} (the
 *   largest distance lies m standard deviations out);
 * - `'adj'` (adjacency): Adj(t)_ij = 1 when i and j share a cluster on day t, else 0 (from
 *   per-day labels).
 * A day whose values are all equal (maxD = 0) has Aff = G = all ones. All three matrices
 * have ones on the diagonal. The Aff and Gaussian formulas are the reference's
 * reconstruction (unverified) of equations the paper gives only as images.
 */
import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError, describeValue } from '../errors.js';
import { integerIn, oneOf } from '../validate.js';

/**
 * Values by day: T arrays (one per date) of n numbers (one per entity), or a packed
 * row-major `{ data, T, n }` (value of entity i on day t at data[t·n + i]).
 */
export type DaySeries = ArrayLike<ArrayLike<number>> | { data: ArrayLike<number>; T: number; n: number };

/** Per-day matrix: standard affinity, Gaussian affinity, or 0/1 adjacency (co-membership). */
export type EvolutionMatrix = 'aff' | 'gaussian' | 'adj';
export const EVOLUTION_MATRICES: readonly EvolutionMatrix[] = ['aff', 'gaussian', 'adj'];

/** Matrix norm of the offset objective: entrywise L1 (Σ_ij |a_ij|) or Frobenius ((Σ_ij a_ij²)^½). */
export type OffsetNorm = 'l1' | 'frobenius';
export const OFFSET_NORMS: readonly OffsetNorm[] = ['l1', 'frobenius'];

export interface EvolutionMatrixOptions extends BackendOption {
  /** Per-day matrix (default 'aff'). */
  matrix?: EvolutionMatrix;
  /** Gaussian spread: σ = maxD(t) / m, m ∈ {1, 2, 3} (default 1; ignored unless matrix is 'gaussian'). */
  m?: number;
  /** Cluster labels of the X series by day (T × n integers, any values; required for 'adj'). */
  labelsX?: DaySeries;
  /** Cluster labels of the Y series by day (T × n integers; required for 'adj'). */
  labelsY?: DaySeries;
}

export interface OffsetObjectiveOptions extends EvolutionMatrixOptions {
  /** Norm of M_X(t) − M_Y(t+τ) (default 'l1'; the paper does not say which: reconstruction). */
  norm?: OffsetNorm;
  /** Divide each norm by n² (a per-entry mean; default false). Does not move the argmin. */
  perEntry?: boolean;
  /** First day index t0 of the window (Table I of the paper varies it; default 0). */
  start?: number;
  /** Largest lag τ tried (default min(60, T − 1 − start)). */
  tauMax?: number;
}

export interface OffsetObjectiveResult {
  /** The τ with the smallest objective (the smallest such τ on ties; NaN values skipped). */
  tau: number;
  /** Objective for τ = 0..tauMax (NaN where no day pair is left: τ > T − 1 − start). */
  values: Float64Array;
}

const MATRIX_CODE: Record<EvolutionMatrix, number> = { aff: 0, gaussian: 1, adj: 2 };

interface Packed<A> {
  data: A;
  T: number;
  n: number;
}

/** The rows of a DaySeries as number-like cells, with their shape (no copies yet). */
function shapeOf(name: string, v: unknown): { T: number; n: number; at: (t: number, i: number) => unknown; packed?: ArrayLike<unknown> } {
  if (v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && 'data' in v) {
    const { data, T, n } = v as { data: unknown; T: unknown; n: unknown };
    const TT = integerIn(`${name}.T`, T, 1, 2147483647);
    const nn = integerIn(`${name}.n`, n, 1, 2147483647);
    if (!Array.isArray(data) && !(ArrayBuffer.isView(data) && !(data instanceof DataView))) {
      throw new EpikitError('E_INPUT_TYPE', `${name}.data must be an array of numbers or a typed array, got ${describeValue(data)}`, { argument: name });
    }
    const arr = data as ArrayLike<unknown>;
    if (arr.length !== TT * nn) {
      throw new EpikitError('E_INPUT_SHAPE', `${name}.data has length ${arr.length}: expected T × n = ${TT * nn}`, { argument: name, length: arr.length, expected: TT * nn });
    }
    return { T: TT, n: nn, at: (t, i) => arr[t * nn + i], packed: arr };
  }
  if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be an array of per-day arrays or { data, T, n }, got ${describeValue(v)}`, { argument: name });
  }
  const rows = v as ArrayLike<unknown>;
  if (rows.length === 0) throw new EpikitError('E_INPUT_EMPTY', `${name} is empty: expected at least one day`, { argument: name });
  const T = rows.length;
  const first = rows[0];
  if (!Array.isArray(first) && !(ArrayBuffer.isView(first) && !(first instanceof DataView))) {
    throw new EpikitError('E_INPUT_TYPE', `${name}[0] is ${describeValue(first)}: expected an array with one value per entity`, { argument: name, index: 0 });
  }
  const n = (first as ArrayLike<unknown>).length;
  if (n === 0) throw new EpikitError('E_INPUT_EMPTY', `${name}[0] is empty: expected at least one entity`, { argument: name });
  for (let t = 1; t < T; t++) {
    const row = rows[t];
    if (!Array.isArray(row) && !(ArrayBuffer.isView(row) && !(row instanceof DataView))) {
      throw new EpikitError('E_INPUT_SHAPE', `${name}[${t}] is ${describeValue(row)}: expected an array of ${n} values`, { argument: name, index: t });
    }
    if ((row as ArrayLike<unknown>).length !== n) {
      throw new EpikitError('E_INPUT_SHAPE', `${name}[${t}] has ${(row as ArrayLike<unknown>).length} values: expected ${n} like ${name}[0] (ragged days)`, { argument: name, index: t });
    }
  }
  return { T, n, at: (t, i) => (rows[t] as ArrayLike<unknown>)[i] };
}

/** A DaySeries of finite numbers as a packed Float64Array (a packed Float64Array is not copied). */
function finiteSeries(name: string, v: unknown): Packed<Float64Array> {
  const s = shapeOf(name, v);
  const { T, n } = s;
  const data = s.packed instanceof Float64Array ? s.packed : new Float64Array(T * n);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) {
      const x = s.at(t, i);
      if (typeof x !== 'number') {
        throw new EpikitError('E_INPUT_TYPE', `${name}[${t}][${i}] must be a number, got ${describeValue(x)}`, { argument: name, day: t, entity: i });
      }
      if (!Number.isFinite(x)) {
        throw new EpikitError('E_INPUT_NAN', `${name}[${t}][${i}] is ${describeValue(x)}: expected a finite number`, { argument: name, day: t, entity: i, value: x });
      }
      data[t * n + i] = x;
    }
  }
  return { data, T, n };
}

/**
 * Per-day integer labels, renumbered within each day as 0, 1, … in order of first
 * appearance (co-membership, all the kernels use, is unchanged).
 */
function dayLabels(name: string, v: unknown): Packed<Int32Array> {
  const s = shapeOf(name, v);
  const { T, n } = s;
  const data = new Int32Array(T * n);
  const ids = new Map<number, number>();
  for (let t = 0; t < T; t++) {
    ids.clear();
    for (let i = 0; i < n; i++) {
      const x = s.at(t, i);
      if (typeof x !== 'number') {
        throw new EpikitError('E_INPUT_TYPE', `${name}[${t}][${i}] must be an integer label, got ${describeValue(x)}`, { argument: name, day: t, entity: i });
      }
      if (!Number.isFinite(x)) {
        throw new EpikitError('E_INPUT_NAN', `${name}[${t}][${i}] is ${describeValue(x)}: expected an integer label`, { argument: name, day: t, entity: i, value: x });
      }
      if (!Number.isInteger(x)) {
        throw new EpikitError('E_INPUT_TYPE', `${name}[${t}][${i}] is ${x}: expected an integer label`, { argument: name, day: t, entity: i, value: x });
      }
      let id = ids.get(x);
      if (id === undefined) {
        id = ids.size;
        ids.set(x, id);
      }
      data[t * n + i] = id;
    }
  }
  return { data, T, n };
}

function sameShape(name: string, got: { T: number; n: number }, like: string, want: { T: number; n: number }): void {
  if (got.T !== want.T || got.n !== want.n) {
    throw new EpikitError('E_INPUT_SHAPE', `${name} is ${got.T} days × ${got.n} entities: expected ${want.T} × ${want.n} like ${like}`, {
      argument: name,
      T: got.T,
      n: got.n,
      expected: [want.T, want.n],
    });
  }
}

function optionsObject<T extends object>(options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  }
  return options;
}

interface PreparedPair {
  x: Packed<Float64Array>;
  y: Packed<Float64Array>;
  matrix: number;
  m: number;
  labelsX: Int32Array | null;
  labelsY: Int32Array | null;
}

function preparePair(logX: DaySeries, logY: DaySeries, o: EvolutionMatrixOptions): PreparedPair {
  const x = finiteSeries('logX', logX);
  const y = finiteSeries('logY', logY);
  sameShape('logY', y, 'logX', x);
  const matrix = MATRIX_CODE[oneOf('options.matrix', o.matrix ?? 'aff', EVOLUTION_MATRICES)];
  const m = integerIn('options.m', o.m ?? 1, 1, 3);
  let labelsX: Int32Array | null = null;
  let labelsY: Int32Array | null = null;
  if (matrix === 2) {
    if (o.labelsX === undefined) throw new EpikitError('E_INPUT_TYPE', "options.labelsX is required when options.matrix is 'adj'", { argument: 'options.labelsX' });
    if (o.labelsY === undefined) throw new EpikitError('E_INPUT_TYPE', "options.labelsY is required when options.matrix is 'adj'", { argument: 'options.labelsY' });
    const lx = dayLabels('options.labelsX', o.labelsX);
    const ly = dayLabels('options.labelsY', o.labelsY);
    sameShape('options.labelsX', lx, 'logX', x);
    sameShape('options.labelsY', ly, 'logX', x);
    labelsX = lx.data;
    labelsY = ly.data;
  }
  return { x, y, matrix, m, labelsX, labelsY };
}

/**
 * Distances between the partitions of every pair of days: d(s, t) = ‖Adj(s) − Adj(t)‖_F,
 * the Frobenius norm of the difference of the days' 0/1 co-membership matrices (diagonal
 * included) — the date distance of the paper's cluster evolution dendrogram (James &
 * Menzies 2020, section II). d(s, t)² is the number of ordered pairs (i, j) that are
 * together on one day and apart on the other.
 *
 * Computed from the contingency table c_ab of the two partitions (a derivation of the
 * reference, not of the paper): d² = Σ_a n_a(s)² + Σ_b n_b(t)² − 2 Σ_ab c_ab², exactly in
 * integers. Complexity: O(T² · n) time, O(T · n) memory (no n × n matrix is built).
 *
 * @param labelsByDay T days of n integer cluster labels (any integers; only equality matters).
 * @returns the condensed distance matrix: pairs (s, t), s < t, row by row (SciPy order),
 *   T(T − 1)/2 values — ready for `hclust`.
 * @throws {EpikitError} E_INPUT_EMPTY (no days or no entities), E_INPUT_SHAPE (ragged days,
 *   packed data of the wrong length), E_INPUT_TYPE (non-integer labels), E_INPUT_NAN (NaN or
 *   ±Infinity labels).
 *
 * @example
 * adjacencyDistances([[0, 0, 1], [0, 1, 1], [5, 5, 7]]);
 * // Float64Array [2, 0, 2]: d(0,1)² = 5 + 5 − 2·3 = 4; days 0 and 2 are the same partition
 */
export function adjacencyDistances(labelsByDay: DaySeries, options?: BackendOption): Float64Array {
  const o = optionsObject(options);
  const { data, T, n } = dayLabels('labelsByDay', labelsByDay);
  const out = new Float64Array((T * (T - 1)) / 2);
  kernelsFor(o.backend).adjacencyDistances(data, T, n, out);
  return out;
}

/**
 * The cluster consistency offset (James & Menzies 2020, section II): for each lag
 * τ = 0..tauMax,
 *
 *   objective(τ) = (1 / count) · Σ_{t = start}^{T−1−τ} ‖M_X(t) − M_Y(t + τ)‖ / s,
 *
 * with count = T − τ − start (the paper's "normalised by the number of terms"), the norm
 * taken over the full n × n matrices (all i, j; the diagonals are equal, so contribute 0),
 * entrywise L1 (Σ_ij |·|) or Frobenius, and s = n² with `perEntry`, else 1. Returns the
 * minimising τ. The objective's exact form is the reference's reconstruction (unverified);
 * the paper reports τ = 16 (cases X vs deaths Y, 208 countries, 122 days).
 *
 * Complexity: 'aff' and 'gaussian': O((tauMax + 1) · (T − start) · n²) time (each day's
 * matrix is built once, in cache-sized chunks of its upper triangle), O((T − start) ·
 * (tauMax + 1)) extra memory plus at most 16 MB of chunks; 'adj': O((tauMax + 1) · (T − start) · n)
 * time via the contingency identity of {@link adjacencyDistances} (for 0/1 matrices the
 * entrywise L1 norm is the squared Frobenius norm), O(T · n) memory.
 *
 * @param logX T × n per-day values of the leading series (log counts; the caller transforms;
 *   with 'adj' only its shape is used).
 * @param logY T × n per-day values of the lagging series, same shape.
 * @param options matrix ('aff' | 'gaussian' | 'adj'), m, labelsX/labelsY (for 'adj'), norm
 *   ('l1' | 'frobenius'), perEntry, start, tauMax, backend.
 * @returns `{ tau, values }`: the argmin (smallest τ on ties, NaN skipped) and the objective
 *   per τ (NaN for τ > T − 1 − start).
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN (non-finite values), E_INPUT_SHAPE
 *   (ragged days, logY or labels of another shape), E_INPUT_TYPE (non-numbers, missing
 *   labels for 'adj', non-integer options), E_INPUT_RANGE (unknown matrix or norm, m outside
 *   1..3, start or tauMax outside [0, T − 1]).
 *
 * @example
 * const x = [[0, 1, 2], [0, 1, 3], [0, 2, 3], [0, 2, 4]];
 * const y = [[5, 5, 5], [0, 1, 2], [0, 1, 3], [0, 2, 3]]; // x one day later
 * offsetObjective(x, y, { tauMax: 2 }); // { tau: 1, values: Float64Array [5/3, 0, 1] } (up to rounding)
 */
export function offsetObjective(logX: DaySeries, logY: DaySeries, options?: OffsetObjectiveOptions): OffsetObjectiveResult {
  const o = optionsObject(options);
  const p = preparePair(logX, logY, o);
  const { T, n } = p.x;
  const norm = oneOf('options.norm', o.norm ?? 'l1', OFFSET_NORMS);
  const perEntry = o.perEntry ?? false;
  if (typeof perEntry !== 'boolean') {
    throw new EpikitError('E_INPUT_TYPE', `options.perEntry must be a boolean, got ${describeValue(perEntry)}`, { argument: 'options.perEntry' });
  }
  const start = integerIn('options.start', o.start ?? 0, 0, T - 1);
  const tauMax = integerIn('options.tauMax', o.tauMax ?? Math.min(60, T - 1 - start), 0, T - 1);
  const values = new Float64Array(tauMax + 1);
  kernelsFor(o.backend).offsetObjective(
    p.x.data,
    p.y.data,
    p.labelsX,
    p.labelsY,
    T,
    n,
    p.matrix,
    p.m,
    norm === 'l1' ? 0 : 1,
    perEntry ? 1 : 0,
    start,
    tauMax,
    values,
  );
  let tau = NaN;
  for (let k = 0; k < values.length; k++) {
    if (!Number.isNaN(values[k]) && (Number.isNaN(tau) || values[k] < values[tau])) tau = k;
  }
  return { tau, values };
}

export interface OffsetObjectivesOptions extends Omit<OffsetObjectiveOptions, 'start'> {
  /** Start days t0 (0-based, any order, repeats allowed; default [0]). */
  starts?: ArrayLike<number>;
}

/**
 * {@link offsetObjective} for several start days at once (the paper's Table I varies the start
 * date): the result for starts[s] is bit-identical to `offsetObjective(logX, logY, { ...options,
 * start: starts[s] })`, but each day pair's term ‖M_X(t) − M_Y(t + τ)‖ is computed once, for the
 * earliest start, and the later starts sum a suffix of the same terms — the cost of one call.
 *
 * Complexity: as offsetObjective with start = min(starts), plus O(starts · T · (tauMax + 1))
 * for the sums and O(T · (tauMax + 1)) memory for the terms.
 *
 * @returns one `{ tau, values }` per start (values of length tauMax + 1; NaN where no day pair
 *   is left), in the order of `starts`.
 * @throws {EpikitError} as offsetObjective; E_INPUT_RANGE / E_INPUT_TYPE for a start outside
 *   [0, T − 1] or not an integer, E_INPUT_EMPTY for an empty starts list.
 *
 * @example
 * const x = [[0, 1, 2], [0, 1, 3], [0, 2, 3], [0, 2, 4]];
 * const y = [[5, 5, 5], [0, 1, 2], [0, 1, 3], [0, 2, 3]];
 * offsetObjectives(x, y, { starts: [0, 1], tauMax: 2 }).map((r) => r.tau); // [1, 1]
 */
export function offsetObjectives(logX: DaySeries, logY: DaySeries, options?: OffsetObjectivesOptions): OffsetObjectiveResult[] {
  const o = optionsObject(options);
  const p = preparePair(logX, logY, o);
  const { T, n } = p.x;
  const norm = oneOf('options.norm', o.norm ?? 'l1', OFFSET_NORMS);
  const perEntry = o.perEntry ?? false;
  if (typeof perEntry !== 'boolean') {
    throw new EpikitError('E_INPUT_TYPE', `options.perEntry must be a boolean, got ${describeValue(perEntry)}`, { argument: 'options.perEntry' });
  }
  const list = o.starts ?? [0];
  if (!Array.isArray(list) && !(ArrayBuffer.isView(list) && !(list instanceof DataView))) {
    throw new EpikitError('E_INPUT_TYPE', `options.starts must be an array of day indices, got ${describeValue(list)}`, { argument: 'options.starts' });
  }
  if (list.length === 0) throw new EpikitError('E_INPUT_EMPTY', 'options.starts is empty: expected at least one start day', { argument: 'options.starts' });
  const starts = Int32Array.from({ length: list.length }, (_, i) => integerIn(`options.starts[${i}]`, list[i], 0, T - 1));
  const first = Math.min(...starts);
  const tauMax = integerIn('options.tauMax', o.tauMax ?? Math.min(60, T - 1 - first), 0, T - 1);
  const taus = tauMax + 1;
  const all = new Float64Array(starts.length * taus);
  kernelsFor(o.backend).offsetObjectiveStarts(p.x.data, p.y.data, p.labelsX, p.labelsY, T, n, p.matrix, p.m, norm === 'l1' ? 0 : 1, perEntry ? 1 : 0, starts, tauMax, all);
  return Array.from(starts, (_, s) => {
    const values = all.slice(s * taus, (s + 1) * taus);
    let tau = NaN;
    for (let k = 0; k < values.length; k++) {
      if (!Number.isNaN(values[k]) && (Number.isNaN(tau) || values[k] < values[tau])) tau = k;
    }
    return { tau, values };
  });
}

/**
 * Anomaly scores (James & Menzies 2020, section II): with the lag-adjusted inconsistency
 * matrix Inc_ij(t) = |M_X,ij(t) − M_Y,ij(t + τ)|, the score of entity j on day t is
 * a_j(t) = Σ_i Inc_ij(t) — large when j relates to the others differently in the two
 * series (in the paper: too many or too few deaths for the cases τ days earlier). The paper
 * uses the standard affinity ('aff'); the affinity formulas are the reference's
 * reconstruction (unverified).
 *
 * Complexity: O(T · n²) time, O(n²) memory.
 *
 * @param logX T × n per-day values of the leading series (log counts).
 * @param logY T × n per-day values of the lagging series, same shape.
 * @param tau lag, an integer in [0, T − 1] (e.g. `offsetObjective(...).tau`).
 * @param options matrix, m, labelsX/labelsY (for 'adj'), backend.
 * @returns a T × n row-major Float64Array: a_j(t) at [t·n + j]; NaN for t > T − 1 − τ.
 * @throws {EpikitError} as offsetObjective; E_INPUT_RANGE for tau outside [0, T − 1],
 *   E_INPUT_TYPE for a non-integer tau.
 *
 * @example
 * const x = [[0, 1, 2], [0, 1, 2]];
 * const y = [[0, 1, 2], [0, 2, 2]];
 * anomalyScores(x, y, 1);
 * // Float64Array [0.5, 1, 0.5, NaN, NaN, NaN]: entity 1 sits midway between 0 and 2 in X
 * // but joins entity 2 in Y one day later (Inc_01 = Inc_12 = 0.5)
 */
export function anomalyScores(logX: DaySeries, logY: DaySeries, tau: number, options?: EvolutionMatrixOptions): Float64Array {
  const o = optionsObject(options);
  const p = preparePair(logX, logY, o);
  const { T, n } = p.x;
  const lag = integerIn('tau', tau, 0, T - 1);
  const out = new Float64Array(T * n);
  kernelsFor(o.backend).anomalyScores(p.x.data, p.y.data, p.labelsX, p.labelsY, T, n, lag, p.matrix, p.m, out);
  return out;
}
