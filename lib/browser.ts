/**
 * epikit for browsers and WASM runtimes: the same API as the Node entry, served by the
 * WebAssembly kernels only. Never imports native code or Node built-ins.
 *
 *   import { init, ckmeans } from 'epikit/browser';
 *   await init();            // fetches wasm/epikit-simd.wasm (or the plain build) next to the package
 *   await init(bytesOrUrl);  // or from bytes / a URL you choose
 */
import { EpikitError } from './errors.js';
import type { BackendChoice, Kernels } from './backend/kernels.js';
import { setKernelProvider } from './backend/registry.js';
import { wasmKernels } from './backend/wasm-kernels.js';
import { instantiateAsync, simdSupported } from './backend/wasm/instance.js';

let kernels: Kernels | undefined;

function provider(backend?: BackendChoice): Kernels {
  if (backend === 'native') {
    throw new EpikitError('E_BACKEND_UNAVAILABLE', 'the browser build of epikit has no native backend: use { backend: "wasm" } or "auto"');
  }
  if (!kernels) throw new EpikitError('E_BACKEND_UNAVAILABLE', "the WebAssembly kernels are not loaded yet: await init() from 'epikit/browser' first");
  return kernels;
}

setKernelProvider(provider);

/** Load the WebAssembly kernels from bytes, a Response, or a URL (default: the package's own build). */
export async function init(source?: BufferSource | URL | string | Response): Promise<{ simd: boolean }> {
  const simd = simdSupported();
  let bytes: BufferSource;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    bytes = source;
  } else {
    const url = source instanceof Response ? source.url : (source ?? new URL(simd ? '../wasm/epikit-simd.wasm' : '../wasm/epikit.wasm', import.meta.url));
    const response = source instanceof Response ? source : await fetch(url);
    if (!response.ok) throw new EpikitError('E_BACKEND_UNAVAILABLE', `could not fetch the WebAssembly kernels from ${String(url)}: HTTP ${response.status}`);
    bytes = await response.arrayBuffer();
  }
  kernels = wasmKernels(await instantiateAsync(bytes));
  return { simd };
}

export * from './api.js';
