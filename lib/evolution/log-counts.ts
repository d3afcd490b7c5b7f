/**
 * Log counts per day: the preprocessing of James & Menzies (2020), "Cluster-based dual
 * evolution for multivariate time series: Analyzing COVID-19", Chaos 30, 061108. Every empty
 * (NaN) or 0 entry — "before any cases are detected" — is replaced by 1, so its log is 0; the
 * distance between two counts is then |log x − log y|. The result is laid out days × regions,
 * since every later step (k selection, Ckmeans, adjacency matrices) works one day at a time.
 */
import { EpikitError, describeValue } from '../errors.js';
import type { Panel } from '../data/panel.js';
import { integerIn, oneOf } from '../validate.js';

/**
 * Days × regions matrix of one quantity: `values[t * n + i]` is region i on day t.
 * `dates` / `regions` are carried over from a Panel input.
 */
export interface DayMatrix {
  /** T × n, row-major (one row per day). */
  values: Float64Array;
  /** Number of days (rows). */
  T: number;
  /** Number of regions (columns). */
  n: number;
  dates?: string[];
  regions?: string[];
}

/** Raw counts for {@link logCounts}: `values` of `n` regions × `T` days, laid out as `layout` says. */
export interface RawCounts {
  values: ArrayLike<number> | Float64Array;
  T: number;
  n: number;
  /**
   * 'regions-by-days' (default, the Panel layout: `values[i * T + t]`) or 'days-by-regions'
   * (`values[t * n + i]`, the layout of the output).
   */
  layout?: 'regions-by-days' | 'days-by-regions';
  dates?: string[];
  regions?: string[];
}

/** What {@link logCounts} does with a negative count. */
export type NegativeRule = 'clamp' | 'error';

export interface LogCountsOptions {
  /**
   * Negative counts (not covered by the paper, which only specifies 0 / empty → 1; cumulative
   * series should never be negative). 'clamp' (default, RECONSTRUCTION (unverified)): treat as
   * 0, i.e. replace by 1 (log 0), and count them in `negatives`; 'error': throw E_INPUT_RANGE
   * naming the region and day.
   */
  negative?: NegativeRule;
}

export interface LogCountsResult extends DayMatrix {
  /** Entries that were empty (NaN) and replaced by 1. */
  empty: number;
  /** Entries that were 0 and replaced by 1. */
  zeros: number;
  /** Negative entries replaced by 1 (always 0 with negative: 'error'). */
  negatives: number;
}

const LAYOUTS = ['regions-by-days', 'days-by-regions'] as const;

/**
 * Natural-log counts per day with the paper's preprocessing: NaN (empty) and 0 → 1 (log 0);
 * negative values → 1 as well (`negative: 'clamp'`, default) or an error (`negative: 'error'`);
 * ±Infinity is always an error. Values in (0, 1) are kept (their log is negative) — counts are
 * integers, so this only concerns non-count inputs. The base of the logarithm does not matter
 * to the method (Ckmeans and the six indices are scale invariant).
 *
 * Input: a {@link Panel} (regions × dates) or `{ values, T, n, layout? }`; output: days × regions
 * (`values[t * n + i]`), transposed from the Panel layout.
 *
 * Complexity: O(n·T) time and memory.
 *
 * @example
 * const r = logCounts({ values: [0, 10, NaN, 100], T: 2, n: 2 }); // regions × days: A = [0, 10], B = [NaN, 100]
 * r.values; // Float64Array [0, 0, log 10, log 100]  (day 0: A, B; day 1: A, B)
 * r.zeros;  // 1
 * r.empty;  // 1
 *
 * @throws {EpikitError} E_INPUT_TYPE / E_INPUT_SHAPE / E_INPUT_EMPTY for a malformed panel or
 *   raw input (values length ≠ T·n); E_INPUT_NAN for ±Infinity; E_INPUT_RANGE for a negative
 *   value with negative: 'error' or an unknown option value.
 */
export function logCounts(input: Panel | RawCounts, options: LogCountsOptions = {}): LogCountsResult {
  const negative = options.negative === undefined ? 'clamp' : oneOf('options.negative', options.negative, ['clamp', 'error'] as const);
  if (input === null || typeof input !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `input must be a Panel or { values, T, n }, got ${describeValue(input)}`, { argument: 'input' });
  }
  let src: ArrayLike<number>;
  let T: number;
  let n: number;
  let byRegion: boolean;
  let dates: string[] | undefined;
  let regions: string[] | undefined;
  if ('quantity' in input || 'names' in input) {
    const p = panelShape(input as Panel);
    src = p.values;
    n = p.regions.length;
    T = p.dates.length;
    byRegion = true;
    dates = p.dates.slice();
    regions = p.regions.slice();
  } else {
    const raw = input as RawCounts;
    T = integerIn('input.T', raw.T, 1, Number.MAX_SAFE_INTEGER);
    n = integerIn('input.n', raw.n, 1, Number.MAX_SAFE_INTEGER);
    byRegion = (raw.layout === undefined ? 'regions-by-days' : oneOf('input.layout', raw.layout, LAYOUTS)) === 'regions-by-days';
    const v = raw.values as unknown;
    if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
      throw new EpikitError('E_INPUT_TYPE', `input.values must be an array of numbers or a Float64Array, got ${describeValue(v)}`, { argument: 'input.values' });
    }
    src = v as ArrayLike<number>;
    if (src.length !== T * n) {
      throw new EpikitError('E_INPUT_SHAPE', `input.values has length ${src.length}: expected T × n = ${T} × ${n} = ${T * n}`, { argument: 'input.values', length: src.length, expected: T * n });
    }
    if (raw.dates !== undefined) {
      if (!Array.isArray(raw.dates) || raw.dates.length !== T) {
        throw new EpikitError('E_INPUT_SHAPE', `input.dates must be an array of T = ${T} dates, got ${describeValue(raw.dates)}`, { argument: 'input.dates' });
      }
      dates = raw.dates.slice();
    }
    if (raw.regions !== undefined) {
      if (!Array.isArray(raw.regions) || raw.regions.length !== n) {
        throw new EpikitError('E_INPUT_SHAPE', `input.regions must be an array of n = ${n} ids, got ${describeValue(raw.regions)}`, { argument: 'input.regions' });
      }
      regions = raw.regions.slice();
    }
  }

  const out = new Float64Array(T * n);
  let empty = 0;
  let zeros = 0;
  let negatives = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      const at = byRegion ? i * T + t : t * n + i;
      const v = src[at];
      let y: number;
      if (typeof v !== 'number') {
        throw new EpikitError('E_INPUT_TYPE', `input.values[${at}] (region ${regionName(regions, i)}, day ${dayName(dates, t)}) is ${describeValue(v)}: expected a number`, { argument: 'input.values', index: at });
      } else if (Number.isNaN(v)) {
        empty++;
        y = 0;
      } else if (!Number.isFinite(v)) {
        throw new EpikitError('E_INPUT_NAN', `input.values[${at}] (region ${regionName(regions, i)}, day ${dayName(dates, t)}) is ${v}: expected a finite count (NaN = empty is allowed)`, { argument: 'input.values', index: at, value: v });
      } else if (v === 0) {
        zeros++;
        y = 0;
      } else if (v < 0) {
        if (negative === 'error') {
          throw new EpikitError('E_INPUT_RANGE', `input.values[${at}] (region ${regionName(regions, i)}, day ${dayName(dates, t)}) is ${v}: counts must be >= 0 (or pass { negative: 'clamp' } to replace negatives by 1)`, { argument: 'input.values', index: at, value: v });
        }
        negatives++;
        y = 0;
      } else {
        y = Math.log(v);
      }
      out[t * n + i] = y;
    }
  }
  const result: LogCountsResult = { values: out, T, n, empty, zeros, negatives };
  if (dates) result.dates = dates;
  if (regions) result.regions = regions;
  return result;
}

/**
 * The structure of a Panel (string ids, one name per region, dates, a Float64Array of
 * regions × dates). Unlike assertPanel, NaN (empty) entries are allowed: logCounts maps them to 1.
 */
function panelShape(p: Panel): Panel {
  if (!Array.isArray(p.regions) || !p.regions.every((r) => typeof r === 'string')) {
    throw new EpikitError('E_INPUT_TYPE', `input.regions must be an array of strings, got ${describeValue(p.regions)}`, { argument: 'input.regions' });
  }
  if (!Array.isArray(p.dates) || !p.dates.every((d) => typeof d === 'string')) {
    throw new EpikitError('E_INPUT_TYPE', `input.dates must be an array of ISO date strings, got ${describeValue(p.dates)}`, { argument: 'input.dates' });
  }
  if (p.regions.length === 0 || p.dates.length === 0) {
    throw new EpikitError('E_INPUT_EMPTY', `input has ${p.regions.length} regions and ${p.dates.length} dates: expected at least one of each`, { argument: 'input' });
  }
  if (!(p.values instanceof Float64Array)) {
    throw new EpikitError('E_INPUT_TYPE', `input.values must be a Float64Array (regions × dates), got ${describeValue(p.values)}`, { argument: 'input.values' });
  }
  const expected = p.regions.length * p.dates.length;
  if (p.values.length !== expected) {
    throw new EpikitError('E_INPUT_SHAPE', `input.values has length ${p.values.length}: expected regions × dates = ${p.regions.length} × ${p.dates.length} = ${expected}`, { argument: 'input.values', length: p.values.length, expected });
  }
  return p;
}

function regionName(regions: string[] | undefined, i: number): string {
  return regions ? `${i} "${regions[i]}"` : String(i);
}

function dayName(dates: string[] | undefined, t: number): string {
  return dates ? `${t} ${dates[t]}` : String(t);
}

/**
 * Checks a days × regions matrix (as returned by {@link logCounts}) and returns it. Accepts
 * `{ values, T, n }` with finite values; `name` is used in error messages.
 *
 * Complexity: O(T·n).
 * @example
 * assertDayMatrix('logX', { values: new Float64Array([0, 1]), T: 1, n: 2 });
 */
export function assertDayMatrix(name: string, x: unknown): DayMatrix {
  if (x === null || typeof x !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be a days × regions matrix { values, T, n } (see logCounts), got ${describeValue(x)}`, { argument: name });
  }
  const m = x as Partial<DayMatrix>;
  const T = integerIn(`${name}.T`, m.T, 1, Number.MAX_SAFE_INTEGER);
  const n = integerIn(`${name}.n`, m.n, 1, Number.MAX_SAFE_INTEGER);
  const v = m.values as unknown;
  if (!(v instanceof Float64Array) && !Array.isArray(v)) {
    throw new EpikitError('E_INPUT_TYPE', `${name}.values must be a Float64Array, got ${describeValue(v)}`, { argument: `${name}.values` });
  }
  const values = v instanceof Float64Array ? v : Float64Array.from(v as number[]);
  if (values.length !== T * n) {
    throw new EpikitError('E_INPUT_SHAPE', `${name}.values has length ${values.length}: expected T × n = ${T} × ${n} = ${T * n}`, { argument: `${name}.values`, length: values.length, expected: T * n });
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new EpikitError('E_INPUT_NAN', `${name}.values[${i}] (day ${Math.floor(i / n)}, region ${i % n}) is ${describeValue(values[i])}: expected a finite log count (run logCounts first)`, { argument: `${name}.values`, index: i, value: values[i] });
    }
  }
  return { values, T, n, dates: m.dates, regions: m.regions };
}
