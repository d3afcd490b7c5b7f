/** Parsing of command-line option values: an EpikitError naming the option and the text on bad input. */
import { EpikitError } from '../errors.js';

/** Throws E_INPUT_RANGE: `${option} is "${value}": expected ${expected}`. */
export const fail = (option: string, value: unknown, expected: string): never => {
  throw new EpikitError('E_INPUT_RANGE', `${option} is ${JSON.stringify(value)}: expected ${expected}`, { argument: option, value });
};

/** An integer ≥ min (≤ max), or undefined when the option was not given. */
export function integerOption(option: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(v) || v < min || v > max) return fail(option, text, max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`);
  return v;
}

/** A finite number in [min, max], or undefined when the option was not given. */
export function numberOption(option: string, text: string | undefined, min: number, max = Infinity): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < min || v > max) return fail(option, text, `a number in [${min}, ${max}]`);
  return v;
}

/** A comma-separated list ("3,5,7"); empty items are an error. */
export function listOption(option: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) return fail(option, text, 'a comma-separated list without empty items');
  return items;
}

/** An ISO date yyyy-mm-dd, or undefined when the option was not given. */
export function dateOption(option: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return fail(option, text, 'a date yyyy-mm-dd');
  return text;
}
