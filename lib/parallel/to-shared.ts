/**
 * Typed arrays on a SharedArrayBuffer cross to worker threads without copying: every worker
 * sees the same memory. Put a big read-only input (say a 3,142 × 800 county matrix, 20 MB)
 * in shared memory once and pass it in every task; a plain typed array would be copied into
 * each task's message instead. Browser-safe (browsers need cross-origin isolation for
 * SharedArrayBuffer).
 */

export type SharableArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

type ArrayCtor<A> = new (buffer: ArrayBufferLike, byteOffset?: number, length?: number) => A;

/** True when `array` lives in a SharedArrayBuffer. */
export function isShared(array: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && array.buffer instanceof SharedArrayBuffer;
}

/**
 * The same values in a SharedArrayBuffer (the array itself if it already is shared). O(n) once.
 *
 * @example
 * const x = toShared(table.values);                  // one copy, here
 * await runTasks(url, seeds.map((seed) => ({ x, rows, cols, seed }))); // no copy per task
 */
export function toShared<A extends SharableArray>(array: A): A {
  if (isShared(array)) return array;
  const Ctor = array.constructor as ArrayCtor<A>;
  const shared = new Ctor(new SharedArrayBuffer(array.byteLength), 0, array.length);
  (shared as unknown as { set(a: ArrayLike<number>): void }).set(array);
  return shared;
}

/** A zero-filled typed array of `length` elements in a SharedArrayBuffer (e.g. an output workers write into). */
export function sharedArray<A extends SharableArray>(Ctor: ArrayCtor<A> & { BYTES_PER_ELEMENT: number }, length: number): A {
  return new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT), 0, length);
}
