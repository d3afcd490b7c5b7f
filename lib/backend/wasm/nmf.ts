import type { NmfKernels } from '../kernels/nmf.js';
import type { WasmInstance } from './instance.js';

/** NMF kernels over one WebAssembly instance. Placeholder: replaced by the kernel. */
export function nmfWasm(_w: WasmInstance): NmfKernels {
  return {};
}
