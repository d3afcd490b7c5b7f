/** result.json text of any command result. Browser-safe. */

/**
 * JSON text (one line + newline): typed arrays become arrays; NaN and ±Infinity become null (as
 * JSON.stringify does for any non-finite number). O(size of the value).
 * @example resultJson({ a: new Float64Array([1, NaN]) }); // '{"a":[1,null]}\n'
 */
export function resultJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v))}\n`;
}
