/**
 * One nonnegative matrix factorisation X ≈ W·H by multiplicative updates (the `nmf` kernel,
 * native or WebAssembly), with missing values (NaN) — the unit of work of NMFk.
 */
import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError, describeValue } from '../errors.js';
import { integerIn, isMatrixLike, numberIn, oneOf, seedValue, type MatrixLike } from '../validate.js';

const I32_MAX = 2147483647;
/** Most history entries one call may ask for (32 MiB of objective values). */
const MAX_CHECKS = 1 << 22;

/** A nonnegative data matrix, NaN = missing: rows of numbers, an ml-matrix-like Matrix, a packed row-major { data, rows, cols }, or a row-major Float64Array / number[] with options.rows and options.cols. */
export type NmfInput = ArrayLike<ArrayLike<number>> | MatrixLike | { data: ArrayLike<number>; rows: number; cols: number } | Float64Array;

export type NmfObjectiveName = 'kl' | 'fro';

export interface NmfOptions extends BackendOption {
  /** 'kl' (generalised Kullback–Leibler divergence, default, as NMFk.jl) or 'fro' (½‖X − WH‖²_F). */
  objective?: NmfObjectiveName;
  /** Most iterations (one iteration updates W, then H); integer ≥ 0, default 1000. */
  maxIterations?: number;
  /**
   * scikit-learn's stopping rule: every `checkEvery` iterations, stop when
   * (e_previous − e_current) / e_initial < tolerance with e = sqrt(2·objective).
   * 0 runs all `maxIterations`. Default 1e-4 (scikit-learn's default).
   */
  tolerance?: number;
  /** Iterations between objective evaluations (history entries and stopping checks); default 10. At most 2^22 checks per call. */
  checkEvery?: number;
  /** Seed of the initialisation (integer in [0, 2^53 − 1], default 0); ignored with `init`. */
  seed?: number;
  /** Explicit starting factors (row-major W: rows × k, H: k × cols, finite and ≥ 0); copied, not modified. */
  init?: { w: ArrayLike<number>; h: ArrayLike<number> };
  /** Shape of a flat row-major `x` (Float64Array or number[]); not needed for other inputs. */
  rows?: number;
  cols?: number;
}

export interface NmfResult {
  rows: number;
  cols: number;
  k: number;
  /** W, rows × k row-major. */
  w: Float64Array;
  /** H, k × cols row-major. */
  h: Float64Array;
  /** Final objective (KL divergence or ½‖X − WH‖²_F over observed entries). */
  objective: number;
  /**
   * Objective at the start, after every `checkEvery` iterations, and after the last iteration
   * when that falls between checks: 1 + ceil(iterations / checkEvery) values.
   */
  history: Float64Array;
  /** Iterations done. */
  iterations: number;
  /** True when the tolerance rule stopped the run (always false with tolerance 0). */
  converged: boolean;
}

/** A validated data matrix: row-major values (NaN = missing) and its shape. */
export interface NmfMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/**
 * Validate and pack a data matrix for NMF: finite or NaN (missing), nonnegative, no row or
 * column entirely missing. A Float64Array (flat with `shape`, or as `{ data, rows, cols }`)
 * is checked and used as it is, without a copy (so SharedArrayBuffer-backed arrays stay
 * shared); other inputs are copied. O(rows·cols).
 *
 * @throws EpikitError E_INPUT_EMPTY, E_INPUT_TYPE, E_INPUT_SHAPE (ragged rows, length ≠
 * rows·cols), E_INPUT_RANGE (a negative entry, named by row, column and value), E_INPUT_NAN
 * (±Infinity, or a row or column with no observed value).
 */
export function nmfMatrix(x: NmfInput, shape: { rows?: number; cols?: number } = {}): NmfMatrix {
  let data: Float64Array;
  let rows: number;
  let cols: number;
  if (isMatrixLike(x)) {
    rows = x.rows;
    cols = x.columns;
    if (rows === 0 || cols === 0) throw new EpikitError('E_INPUT_EMPTY', `x is an empty ${rows}×${cols} matrix`, { argument: 'x' });
    data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) data.set(x.getRow(i), i * cols);
  } else if (x && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x) {
    const packed = x as { data: unknown; rows: unknown; cols: unknown };
    rows = integerIn('x.rows', packed.rows, 1, I32_MAX);
    cols = integerIn('x.cols', packed.cols, 1, I32_MAX);
    data = flat('x.data', packed.data);
    if (data.length !== rows * cols) {
      throw new EpikitError('E_INPUT_SHAPE', `x.data has length ${data.length}: expected rows × cols = ${rows * cols}`, { argument: 'x' });
    }
  } else if (!(Array.isArray(x) && x.length > 0 && typeof x[0] === 'object') && (shape.rows !== undefined || shape.cols !== undefined || ArrayBuffer.isView(x))) {
    if (shape.rows === undefined || shape.cols === undefined) {
      throw new EpikitError('E_INPUT_SHAPE', 'a flat x needs both options.rows and options.cols', { argument: 'x' });
    }
    rows = integerIn('rows', shape.rows, 1, I32_MAX);
    cols = integerIn('cols', shape.cols, 1, I32_MAX);
    data = flat('x', x);
    if (data.length !== rows * cols) {
      throw new EpikitError('E_INPUT_SHAPE', `x has length ${data.length}: expected rows × cols = ${rows} × ${cols} = ${rows * cols}`, { argument: 'x' });
    }
  } else if (Array.isArray(x)) {
    rows = x.length;
    if (rows === 0) throw new EpikitError('E_INPUT_EMPTY', 'x has no rows', { argument: 'x' });
    const first = x[0];
    if (!first || typeof first !== 'object' || typeof (first as ArrayLike<number>).length !== 'number') {
      throw new EpikitError('E_INPUT_TYPE', `x[0] must be an array of numbers, got ${describeValue(first)}`, { argument: 'x' });
    }
    cols = (first as ArrayLike<number>).length;
    if (cols === 0) throw new EpikitError('E_INPUT_EMPTY', 'x has rows of length 0', { argument: 'x' });
    data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = x[i] as ArrayLike<unknown>;
      if (!row || typeof row !== 'object' || typeof row.length !== 'number') {
        throw new EpikitError('E_INPUT_TYPE', `x[${i}] must be an array of numbers, got ${describeValue(row)}`, { argument: 'x', row: i });
      }
      if (row.length !== cols) {
        throw new EpikitError('E_INPUT_SHAPE', `x[${i}] has length ${row.length}: expected ${cols} like x[0] (ragged rows)`, { argument: 'x', row: i });
      }
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== 'number') {
          throw new EpikitError('E_INPUT_TYPE', `x[${i}][${j}] must be a number (NaN for missing), got ${describeValue(v)}`, { argument: 'x', row: i, column: j });
        }
        data[i * cols + j] = v;
      }
    }
  } else {
    throw new EpikitError('E_INPUT_TYPE', `x must be rows of numbers, a Matrix, { data, rows, cols } or a Float64Array with rows and cols, got ${describeValue(x)}`, { argument: 'x' });
  }
  for (const [name, given, actual] of [['rows', shape.rows, rows], ['cols', shape.cols, cols]] as const) {
    if (given !== undefined && given !== actual) {
      throw new EpikitError('E_INPUT_SHAPE', `options.${name} is ${describeValue(given)} but x has ${actual} ${name}`, { argument: name, value: given, expected: actual });
    }
  }
  checkValues(data, rows, cols);
  return { data, rows, cols };
}

function flat(name: string, v: unknown): Float64Array {
  if (v instanceof Float64Array) return v;
  if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be a Float64Array or an array of numbers, got ${describeValue(v)}`, { argument: name });
  }
  const src = v as ArrayLike<unknown>;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const e = src[i];
    if (typeof e !== 'number') throw new EpikitError('E_INPUT_TYPE', `${name}[${i}] must be a number, got ${describeValue(e)}`, { argument: name, index: i });
    out[i] = e;
  }
  if (out.length === 0) throw new EpikitError('E_INPUT_EMPTY', `${name} is empty`, { argument: name });
  return out;
}

/**
 * Nonnegative, finite or NaN, and every row and column observed at least once. The scan only
 * finds the first bad entry (a tight loop V8 optimises; building errors inside it made it ~50×
 * slower); the error is built afterwards.
 */
function checkValues(data: Float64Array, rows: number, cols: number): void {
  const colSeen = new Uint8Array(cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let rowSeen = 0;
    let bad = -1;
    for (let j = 0; j < cols; j++) {
      const v = data[base + j];
      const observed = v === v ? 1 : 0;
      if (observed && !(v >= 0 && v < Infinity)) {
        bad = j;
        break;
      }
      rowSeen |= observed;
      colSeen[j] |= observed;
    }
    if (bad >= 0) {
      const v = data[base + bad];
      if (v === Infinity || v === -Infinity) {
        throw new EpikitError('E_INPUT_NAN', `x is ${v} at row ${i}, column ${bad}: expected a finite number or NaN (missing)`, { argument: 'x', row: i, column: bad, value: v });
      }
      throw new EpikitError('E_INPUT_RANGE', `x has a negative value ${v} at row ${i}, column ${bad}: NMF needs nonnegative data (shift or clip it first)`, { argument: 'x', row: i, column: bad, value: v });
    }
    if (!rowSeen) throw new EpikitError('E_INPUT_NAN', `row ${i} of x has no observed value (all NaN)`, { argument: 'x', row: i });
  }
  for (let j = 0; j < cols; j++) {
    if (!colSeen[j]) throw new EpikitError('E_INPUT_NAN', `column ${j} of x has no observed value (all NaN)`, { argument: 'x', column: j });
  }
}

function factor(name: string, v: unknown, length: number, shape: string): Float64Array {
  if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be a Float64Array or an array of numbers, got ${describeValue(v)}`, { argument: name });
  }
  const src = v as ArrayLike<unknown>;
  if (src.length !== length) {
    throw new EpikitError('E_INPUT_SHAPE', `${name} has length ${src.length}: expected ${shape} = ${length}`, { argument: name });
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const e = src[i];
    if (typeof e !== 'number') throw new EpikitError('E_INPUT_TYPE', `${name}[${i}] must be a number, got ${describeValue(e)}`, { argument: name, index: i });
    if (!Number.isFinite(e)) throw new EpikitError('E_INPUT_NAN', `${name}[${i}] is ${describeValue(e)}: expected a finite number`, { argument: name, index: i, value: e });
    if (e < 0) throw new EpikitError('E_INPUT_RANGE', `${name}[${i}] is ${e}: factors must be >= 0`, { argument: name, index: i, value: e });
    out[i] = e;
  }
  return out;
}

/**
 * The seeded starting factors: W (rows × k) then H (k × cols), row-major, filled from one
 * xoshiro256** stream (the kernel generator, identical on every backend and to
 * `new Xoshiro256(seed).uniform()` in lib/random/xoshiro256.ts), each draw u ∈ [0, 1) scaled
 * by sqrt(mean(X)/k), mean over the observed entries — scikit-learn's init='random' scale
 * (which draws |N(0, 1)| instead of uniform values; NMFk.jl draws U[0, 1) unscaled).
 * O((rows + cols)·k).
 */
export function nmfInitialFactors(m: NmfMatrix, k: number, seed: number, options: BackendOption = {}): { w: Float64Array; h: Float64Array } {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i];
    if (v === v) {
      sum += v;
      count++;
    }
  }
  const scale = Math.sqrt(sum / count / k);
  const u = new Float64Array(m.rows * k + k * m.cols);
  kernelsFor(options.backend).randomUniform(seed, 0, u);
  for (let i = 0; i < u.length; i++) u[i] *= scale;
  return { w: u.slice(0, m.rows * k), h: u.slice(m.rows * k) };
}

/**
 * Nonnegative matrix factorisation X ≈ W·H (W: rows × k, H: k × cols) by multiplicative
 * updates for the generalised Kullback–Leibler divergence (default) or the Frobenius norm,
 * exactly as scikit-learn's NMF(solver='mu') updates them (W first, then H; its ε guards),
 * with NaN entries of X treated as missing: ignored by the objective and imputed from the
 * current W·H in the updates (as NMFk.jl). Starts from `init` or from seeded uniform factors
 * (see {@link nmfInitialFactors}); the same seed gives the same answer on every backend.
 *
 * Complexity: O(iterations · rows · cols · k) time — about 4·rows·cols·k flops per Frobenius
 * iteration and 8·rows·cols·k plus 2·rows·cols divisions per KL iteration — and
 * O(k·cols + rows) scratch; X is streamed once per iteration and never copied when given as
 * a Float64Array.
 *
 * @example
 * const x = [[1, 2, 3], [2, 4, 6], [1, 1, 1]]; // rank 2
 * const r = nmf(x, 2, { objective: 'fro', seed: 1 });
 * // r.w: 3×2 and r.h: 2×3 row-major Float64Arrays; the tolerance rule stops it after 190
 * // iterations (r.converged) with r.objective ≈ 9.3e-7 (relative error ≈ 1.6e-4)
 *
 * @throws EpikitError E_INPUT_* for bad data (see {@link nmfMatrix}), k outside
 * [1, min(rows, cols)] (E_INPUT_RANGE), bad options or init factors.
 */
export function nmf(x: NmfInput, k: number, options: NmfOptions = {}): NmfResult {
  if (options === null || typeof options !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  }
  const m = nmfMatrix(x, options);
  if (typeof k !== 'number' || !Number.isInteger(k)) {
    throw new EpikitError('E_INPUT_TYPE', `k must be an integer, got ${describeValue(k)}`, { argument: 'k', value: k });
  }
  const kMax = Math.min(m.rows, m.cols);
  if (k < 1 || k > kMax) {
    throw new EpikitError('E_INPUT_RANGE', `k is ${k}: expected an integer in [1, min(rows, cols) = ${kMax}] for a ${m.rows}×${m.cols} matrix`, { argument: 'k', value: k, min: 1, max: kMax });
  }
  const objective = options.objective === undefined ? 'kl' : oneOf('objective', options.objective, ['kl', 'fro'] as const);
  const maxIterations = options.maxIterations === undefined ? 1000 : integerIn('maxIterations', options.maxIterations, 0, I32_MAX);
  const tolerance = options.tolerance === undefined ? 1e-4 : numberIn('tolerance', options.tolerance, 0, Number.MAX_VALUE);
  const checkEvery = options.checkEvery === undefined ? 10 : integerIn('checkEvery', options.checkEvery, 1, I32_MAX);
  const seed = seedValue('seed', options.seed);
  const checks = Math.ceil(maxIterations / checkEvery);
  if (checks > MAX_CHECKS) {
    throw new EpikitError('E_INPUT_RANGE', `maxIterations / checkEvery is ${checks}: at most ${MAX_CHECKS} objective checks (raise checkEvery)`, { argument: 'checkEvery', value: checkEvery });
  }
  let w: Float64Array;
  let h: Float64Array;
  if (options.init !== undefined) {
    const init = options.init as { w?: unknown; h?: unknown } | null;
    if (!init || typeof init !== 'object') {
      throw new EpikitError('E_INPUT_TYPE', `init must be { w, h }, got ${describeValue(init)}`, { argument: 'init' });
    }
    w = factor('init.w', init.w, m.rows * k, `rows × k = ${m.rows} × ${k}`);
    h = factor('init.h', init.h, k * m.cols, `k × cols = ${k} × ${m.cols}`);
  } else {
    ({ w, h } = nmfInitialFactors(m, k, seed, options));
  }
  const kernels = kernelsFor(options.backend);
  const history = new Float64Array(1 + checks);
  const iterations = kernels.nmfMultiplicative(m.data, m.rows, m.cols, k, w, h, objective === 'kl' ? 1 : 0, maxIterations, tolerance, checkEvery, history);
  const filled = 1 + Math.ceil(iterations / checkEvery);
  const hist = history.slice(0, filled);
  return {
    rows: m.rows,
    cols: m.cols,
    k,
    w,
    h,
    objective: hist[filled - 1],
    history: hist,
    iterations,
    converged: stoppedByTolerance(hist, iterations, checkEvery, tolerance),
  };
}

/** The kernel's stopping rule replayed on the history: did the last check stop the run? */
function stoppedByTolerance(history: Float64Array, iterations: number, checkEvery: number, tolerance: number): boolean {
  if (!(tolerance > 0) || iterations === 0 || iterations % checkEvery !== 0) return false;
  const c = iterations / checkEvery;
  const e0 = Math.sqrt(2 * history[0]);
  const previous = Math.sqrt(2 * history[c - 1]);
  const current = Math.sqrt(2 * history[c]);
  return e0 === 0 || (previous - current) / e0 < tolerance;
}

export interface NmfFitStatistics {
  /** Generalised KL divergence Σ x·log(x/wh) − x + wh over observed entries (log term 0 where x = 0). */
  kl: number;
  /** ½‖X − WH‖²_F over observed entries (the Frobenius objective). */
  frobeniusObjective: number;
  /** ‖X − WH‖_F over observed entries. */
  frobeniusError: number;
  /** ‖X − WH‖_F / ‖X‖_F over observed entries (NaN when X is all zeros). */
  relativeError: number;
  /** Number of observed (non-NaN) entries. */
  observed: number;
}

/**
 * How well W·H fits X over the observed entries: KL divergence, Frobenius objective and
 * error, relative error and the count of observed entries (for NMFk's relative error and
 * AIC). O(rows·cols·k).
 *
 * @example
 * nmfFitStatistics([[1, 2], [2, 4]], [1, 2], [1, 2], 1).frobeniusError // 0
 *
 * @throws EpikitError for bad data (see {@link nmfMatrix}), k < 1, factors of the wrong length.
 */
export function nmfFitStatistics(
  x: NmfInput,
  w: ArrayLike<number>,
  h: ArrayLike<number>,
  k: number,
  options: BackendOption & { rows?: number; cols?: number } = {},
): NmfFitStatistics {
  const m = nmfMatrix(x, options);
  integerIn('k', k, 1, Math.max(1, Math.min(m.rows, m.cols)));
  const wf = w instanceof Float64Array && w.length === m.rows * k ? w : factor('w', w, m.rows * k, `rows × k = ${m.rows} × ${k}`);
  const hf = h instanceof Float64Array && h.length === k * m.cols ? h : factor('h', h, k * m.cols, `k × cols = ${k} × ${m.cols}`);
  const out = new Float64Array(4);
  kernelsFor(options.backend).nmfObjective(m.data, m.rows, m.cols, k, wf, hf, out);
  return {
    kl: out[0],
    frobeniusObjective: 0.5 * out[1],
    frobeniusError: Math.sqrt(out[1]),
    relativeError: Math.sqrt(out[1]) / Math.sqrt(out[2]),
    observed: out[3],
  };
}
