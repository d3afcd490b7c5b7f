/**
 * Argument checks of the WebAssembly adapters: the same checks the N-API glue makes
 * (native/napi_args.h), so a bad call fails the same way, with the same code, on both backends.
 */
import { EpikitError } from '../../errors.js';

export const I32_MAX = 2147483647;

/** `v` is an integer in [lo, hi] (E_INPUT_NAN when not finite, E_INPUT_RANGE otherwise). */
export function integer(name: string, v: number, lo: number, hi: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new EpikitError('E_INPUT_NAN', `${name} must be finite, got ${String(v)}`, { argument: name });
  }
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new EpikitError('E_INPUT_RANGE', `${name} is ${v}: expected an integer in [${lo}, ${hi}]`, { argument: name, value: v });
  }
}

/** `a` is a Float64Array (E_INPUT_TYPE). */
export function f64(name: string, a: unknown): asserts a is Float64Array {
  if (!(a instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', `${name} must be a Float64Array`, { argument: name });
}

/** An array length equals `expected` (or is at least it, with `atLeast`) (E_INPUT_SHAPE). */
export function length(name: string, actual: number, expected: number, atLeast = false): void {
  if (atLeast ? actual < expected : actual !== expected) {
    throw new EpikitError('E_INPUT_SHAPE', `${name} has length ${actual}: expected ${atLeast ? 'at least ' : ''}${expected}`, { argument: name });
  }
}

/**
 * Every entry finite and (if nonNegative) ≥ 0, as the native glue's requireValues: E_INPUT_NAN or
 * E_INPUT_RANGE naming the first bad entry. One tight comparison per entry (NaN fails every
 * comparison); the slow path only builds the message.
 */
export function finiteEntries(name: string, a: Float64Array, nonNegative: boolean): void {
  const n = a.length;
  let i = 0;
  if (nonNegative) while (i < n && a[i] >= 0 && a[i] < Infinity) i++;
  else while (i < n && a[i] - a[i] === 0) i++;
  if (i === n) return;
  const v = a[i];
  if (!Number.isFinite(v)) throw new EpikitError('E_INPUT_NAN', `${name}[${i}] is ${v}: expected a finite number`, { argument: name, index: i });
  throw new EpikitError('E_INPUT_RANGE', `${name}[${i}] is ${v}: expected a number ≥ 0`, { argument: name, index: i, value: v });
}
