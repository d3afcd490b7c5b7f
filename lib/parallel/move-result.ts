/**
 * Opt-in zero-copy results. A task that returns `moveResult(value)` hands the ArrayBuffers of
 * the typed arrays inside `value` to the calling thread (transferred, not copied; Piscina's
 * move under the hood). Inline, the wrapper is simply unwrapped. Browser-safe.
 *
 * Only return arrays the task created for this result: a transferred buffer is detached in
 * the worker, so a module-level cache or a view on WebAssembly memory must be copied first.
 */
const MOVE = Symbol.for('epikit.parallel.moveResult');

export interface MovedResult<R> {
  readonly [MOVE]: true;
  readonly value: R;
  readonly buffers: ArrayBuffer[];
}

/**
 * Mark a task result for transfer. `buffers` defaults to the (non-shared) buffers of every
 * typed array found in `value` (plain objects and arrays, 4 levels deep). O(size of the object graph).
 *
 * @example
 * export default function restart(task) {
 *   const { w, h } = factorise(task);
 *   return moveResult({ w, h }); // w.buffer and h.buffer move to the caller
 * }
 */
export function moveResult<R>(value: R, buffers?: ArrayBuffer[]): MovedResult<R> {
  return { [MOVE]: true, value, buffers: buffers ?? collectBuffers(value) };
}

export function isMovedResult(x: unknown): x is MovedResult<unknown> {
  return !!x && typeof x === 'object' && (x as Record<symbol, unknown>)[MOVE] === true;
}

/** The plain value of a task result, and what may be transferred with it. */
export function unwrapResult<R>(x: R | MovedResult<R>): { value: R; buffers: ArrayBuffer[] } {
  return isMovedResult(x) ? { value: x.value as R, buffers: x.buffers } : { value: x as R, buffers: [] };
}

function collectBuffers(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || depth > 4) return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer);
      return;
    }
    if (v instanceof ArrayBuffer) {
      found.add(v);
      return;
    }
    if (Array.isArray(v)) for (const item of v) visit(item, depth + 1);
    else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
      for (const item of Object.values(v)) visit(item, depth + 1);
    }
  };
  visit(value, 0);
  return [...found];
}
