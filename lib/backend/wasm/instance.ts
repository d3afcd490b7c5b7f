/**
 * Calls into the WebAssembly module. Arrays travel through linear memory: each call
 * allocates every array argument with the module's alloc(), copies inputs in, runs the
 * kernel, copies outputs back (through fresh views: memory may have grown) and drops
 * the whole heap with reset(). Kernels therefore keep no state between calls.
 */
import { EpikitError } from '../../errors.js';

export type WasmArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

interface ArrayArg {
  array: WasmArray;
  copyIn: boolean;
  copyOut: boolean;
}

export type WasmArg = number | null | ArrayArg;

/** An array the kernel reads. */
export const input = (array: WasmArray): ArrayArg => ({ array, copyIn: true, copyOut: false });
/** An array the kernel writes (its previous contents are not passed in). */
export const output = (array: WasmArray): ArrayArg => ({ array, copyIn: false, copyOut: true });
/** An array the kernel reads and writes. */
export const inout = (array: WasmArray): ArrayArg => ({ array, copyIn: true, copyOut: true });

interface KernelExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  reset(): void;
  [name: string]: unknown;
}

export class WasmInstance {
  readonly exports: KernelExports;

  constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as KernelExports;
  }

  /** The module's export `name`, for adapters that manage linear memory themselves (see hawkes-e-step.ts). */
  kernel(name: string): (...args: number[]) => number {
    const fn = this.exports[name];
    if (typeof fn !== 'function') {
      throw new EpikitError('E_BACKEND_UNAVAILABLE', `the WebAssembly module has no kernel named ${name}: rebuild it with npm run build:wasm`);
    }
    return fn as (...args: number[]) => number;
  }

  /** A view of `length` f64 at `pointer` (make a fresh one after any call that may grow memory). */
  f64View(pointer: number, length: number): Float64Array {
    return new Float64Array(this.exports.memory.buffer, pointer, length);
  }

  /** Run kernel `name` with scalars passed as numbers and arrays as pointers. */
  call(name: string, args: WasmArg[]): number {
    const fn = this.kernel(name);
    const ex = this.exports;
    const pointers: number[] = [];
    try {
      for (const arg of args) {
        if (arg !== null && typeof arg === 'object') {
          pointers.push(ex.alloc(Math.max(arg.array.byteLength, 8)));
        }
      }
      let p = 0;
      for (const arg of args) {
        if (arg !== null && typeof arg === 'object') {
          if (arg.copyIn) viewOf(ex.memory, arg.array, pointers[p]).set(arg.array);
          p++;
        }
      }
      p = 0;
      const raw = args.map((arg) => (arg === null ? 0 : typeof arg === 'number' ? arg : pointers[p++]));
      const result = fn(...raw);
      p = 0;
      for (const arg of args) {
        if (arg !== null && typeof arg === 'object') {
          if (arg.copyOut) arg.array.set(viewOf(ex.memory, arg.array, pointers[p]));
          p++;
        }
      }
      return typeof result === 'number' ? result : 0;
    } finally {
      ex.reset();
    }
  }
}

function viewOf(memory: WebAssembly.Memory, like: WasmArray, pointer: number): WasmArray {
  const Ctor = like.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => WasmArray;
  return new Ctor(memory.buffer, pointer, like.length);
}

/** Imports the AssemblyScript module needs: abort() turns into an EpikitError. */
export function wasmImports(memoryRef: { instance?: WasmInstance }): WebAssembly.Imports {
  return {
    env: {
      abort(messagePtr: number, filePtr: number, line: number, column: number) {
        const mem = memoryRef.instance?.exports.memory;
        const message = mem ? readString(mem, messagePtr) : 'abort';
        const file = mem ? readString(mem, filePtr) : '?';
        throw new EpikitError('E_KERNEL', `WebAssembly kernel aborted: ${message} (${file}:${line}:${column})`);
      },
    },
  };
}

function readString(memory: WebAssembly.Memory, pointer: number): string {
  if (!pointer) return '';
  const bytes = new Uint32Array(memory.buffer, pointer - 4, 1)[0];
  return String.fromCharCode(...new Uint16Array(memory.buffer, pointer, bytes >>> 1));
}

/** Compile and instantiate synchronously (fine in Node and workers; browsers prefer async). */
export function instantiateSync(bytes: BufferSource): WasmInstance {
  const ref: { instance?: WasmInstance } = {};
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), wasmImports(ref));
  ref.instance = new WasmInstance(instance);
  return ref.instance;
}

/** Compile and instantiate asynchronously (for browsers and large modules). */
export async function instantiateAsync(bytes: BufferSource): Promise<WasmInstance> {
  const ref: { instance?: WasmInstance } = {};
  const { instance } = await WebAssembly.instantiate(bytes, wasmImports(ref));
  ref.instance = new WasmInstance(instance);
  return ref.instance;
}

// (module (func (result v128) (v128.const i32x4 0 0 0 0))): validates only where SIMD is supported.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

export function simdSupported(): boolean {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
