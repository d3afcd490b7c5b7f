/**
 * Loads the WebAssembly kernels in Node: the SIMD build where WebAssembly.validate accepts
 * SIMD (unless EPIKIT_WASM_SIMD=0), the plain build otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kernels } from './kernels.js';
import { packageRoot } from './native.js';
import { wasmKernels } from './wasm-kernels.js';
import { instantiateSync, simdSupported } from './wasm/instance.js';

export interface WasmLoad {
  kernels?: Kernels;
  path?: string;
  simd: boolean;
  simdSupported: boolean;
  error?: string;
}

export function wasmPath(simd: boolean, root = packageRoot): string {
  return join(root, 'wasm', simd ? 'epikit-simd.wasm' : 'epikit.wasm');
}

export function loadWasm(root = packageRoot): WasmLoad {
  const supported = simdSupported();
  const simd = supported && process.env.EPIKIT_WASM_SIMD !== '0';
  const path = wasmPath(simd, root);
  try {
    const kernels = wasmKernels(instantiateSync(readFileSync(path)));
    return { kernels, path, simd, simdSupported: supported };
  } catch (e) {
    return { path, simd, simdSupported: supported, error: (e as Error).message.split('\n')[0] };
  }
}
