/**
 * Input validation shared by every facade: turns friendly inputs into packed typed
 * arrays and throws EpikitError naming the argument and the offending value.
 */
import { EpikitError, describeValue } from './errors.js';

export type Vector = ArrayLike<number> | Float64Array;

/** What epikit needs of a matrix: ml-matrix's Matrix fits (checked structurally, so no import). */
export interface MatrixLike {
  readonly rows: number;
  readonly columns: number;
  getRow(index: number): ArrayLike<number>;
}

export type Points = ArrayLike<ArrayLike<number>> | MatrixLike | { data: ArrayLike<number>; rows: number; cols: number } | ArrayLike<number>;

export function isMatrixLike(x: unknown): x is MatrixLike {
  const m = x as MatrixLike;
  return !!m && typeof m === 'object' && typeof m.rows === 'number' && typeof m.columns === 'number' && typeof m.getRow === 'function';
}

/**
 * A finite, non-empty vector as a Float64Array. A Float64Array input is checked and returned
 * as it is (kernels never write to their inputs); anything else is copied.
 */
export function finiteVector(name: string, x: unknown, { allowEmpty = false } = {}): Float64Array {
  if (x instanceof Float64Array) {
    if (x.length === 0 && !allowEmpty) {
      throw new EpikitError('E_INPUT_EMPTY', `${name} is empty: expected at least one value`, { argument: name });
    }
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i])) {
        throw new EpikitError('E_INPUT_NAN', `${name}[${i}] is ${describeValue(x[i])}: expected a finite number`, { argument: name, index: i, value: x[i] });
      }
    }
    return x;
  }
  if (!Array.isArray(x) && !(ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be an array of numbers or a Float64Array, got ${describeValue(x)}`, { argument: name });
  }
  const src = x as ArrayLike<unknown>;
  if (src.length === 0 && !allowEmpty) {
    throw new EpikitError('E_INPUT_EMPTY', `${name} is empty: expected at least one value`, { argument: name });
  }
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (typeof v !== 'number') {
      throw new EpikitError('E_INPUT_TYPE', `${name}[${i}] must be a number, got ${describeValue(v)}`, { argument: name, index: i });
    }
    if (!Number.isFinite(v)) {
      throw new EpikitError('E_INPUT_NAN', `${name}[${i}] is ${describeValue(v)}: expected a finite number`, { argument: name, index: i, value: v });
    }
    out[i] = v;
  }
  return out;
}

/** Non-negative finite weights of a given length. */
export function weightVector(name: string, w: unknown, length: number): Float64Array {
  const out = finiteVector(name, w);
  if (out.length !== length) {
    throw new EpikitError('E_INPUT_SHAPE', `${name} has length ${out.length}: expected ${length} (one weight per value)`, { argument: name, length: out.length, expected: length });
  }
  for (let i = 0; i < out.length; i++) {
    if (out[i] < 0) {
      throw new EpikitError('E_INPUT_RANGE', `${name}[${i}] is ${out[i]}: weights must be >= 0`, { argument: name, index: i, value: out[i] });
    }
  }
  return out;
}

/** An integer in [min, max]. */
export function integerIn(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be an integer, got ${describeValue(v)}`, { argument: name, value: v });
  }
  if (v < min || v > max) {
    throw new EpikitError('E_INPUT_RANGE', `${name} is ${v}: expected an integer in [${min}, ${max}]`, { argument: name, value: v, min, max });
  }
  return v;
}

/** A finite number in [min, max]. */
export function numberIn(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new EpikitError(typeof v === 'number' ? 'E_INPUT_NAN' : 'E_INPUT_TYPE', `${name} must be a finite number, got ${describeValue(v)}`, { argument: name, value: v });
  }
  if (v < min || v > max) {
    throw new EpikitError('E_INPUT_RANGE', `${name} is ${v}: expected a number in [${min}, ${max}]`, { argument: name, value: v, min, max });
  }
  return v;
}

/** One of a fixed set of string options. */
export function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new EpikitError('E_INPUT_RANGE', `${name} is ${describeValue(v)}: expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, { argument: name, value: v, allowed });
  }
  return v as T;
}

/** A seed: an integer in [0, 2^53 - 1]; undefined means 0 (results stay reproducible). */
export function seedValue(name: string, v: unknown): number {
  if (v === undefined) return 0;
  return integerIn(name, v, 0, Number.MAX_SAFE_INTEGER);
}

export interface PackedPoints {
  data: Float64Array; // row-major n × d
  n: number;
  d: number;
}

/**
 * Points as n rows of d coordinates: number[][] (rows must be equally long), an ml-matrix
 * Matrix (or anything with rows, columns and getRow), a plain 1-D vector (d = 1), or
 * { data, rows, cols } already packed row-major.
 */
export function finitePoints(name: string, x: unknown): PackedPoints {
  if (isMatrixLike(x)) {
    const n = x.rows;
    const d = x.columns;
    if (n === 0 || d === 0) throw new EpikitError('E_INPUT_EMPTY', `${name} is an empty ${n}×${d} matrix`, { argument: name });
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) data.set(x.getRow(i), i * d);
    checkFinite(name, data, d);
    return { data, n, d };
  }
  if (x && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x) && 'data' in x) {
    const { data, rows, cols } = x as { data: unknown; rows: unknown; cols: unknown };
    const n = integerIn(`${name}.rows`, rows, 1, Number.MAX_SAFE_INTEGER);
    const d = integerIn(`${name}.cols`, cols, 1, Number.MAX_SAFE_INTEGER);
    const packed = finiteVector(`${name}.data`, data);
    if (packed.length !== n * d) {
      throw new EpikitError('E_INPUT_SHAPE', `${name}.data has length ${packed.length}: expected rows × cols = ${n * d}`, { argument: name });
    }
    return { data: packed, n, d };
  }
  if (Array.isArray(x) && x.length > 0 && (Array.isArray(x[0]) || ArrayBuffer.isView(x[0]))) {
    const n = x.length;
    const d = (x[0] as unknown[]).length;
    if (d === 0) throw new EpikitError('E_INPUT_EMPTY', `${name}[0] is an empty row`, { argument: name });
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const row = x[i];
      if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
        throw new EpikitError('E_INPUT_SHAPE', `${name}[${i}] is ${describeValue(row)}: expected a row of ${d} numbers`, { argument: name, index: i });
      }
      if ((row as ArrayLike<number>).length !== d) {
        throw new EpikitError('E_INPUT_SHAPE', `${name}[${i}] has ${(row as ArrayLike<number>).length} values: expected ${d} like ${name}[0] (ragged rows)`, { argument: name, index: i });
      }
      for (let j = 0; j < d; j++) {
        const v = (row as ArrayLike<unknown>)[j];
        if (typeof v !== 'number') {
          throw new EpikitError('E_INPUT_TYPE', `${name}[${i}][${j}] must be a number, got ${describeValue(v)}`, { argument: name, row: i, column: j });
        }
        if (!Number.isFinite(v)) {
          throw new EpikitError('E_INPUT_NAN', `${name}[${i}][${j}] is ${describeValue(v)}: expected a finite number`, { argument: name, row: i, column: j, value: v });
        }
        data[i * d + j] = v;
      }
    }
    return { data, n, d };
  }
  const data = finiteVector(name, x);
  return { data, n: data.length, d: 1 };
}

function checkFinite(name: string, data: Float64Array, d: number): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new EpikitError('E_INPUT_NAN', `${name}[${Math.floor(i / d)}][${i % d}] is ${describeValue(data[i])}: expected a finite number`, { argument: name });
    }
  }
}
