/** The Kernels interface over one WebAssembly instance (no Node APIs: safe in browsers). */
import type { Kernels } from './kernels.js';
import type { WasmInstance } from './wasm/instance.js';
import { ckmeansWasm } from './wasm/ckmeans.js';
import { distancesWasm } from './wasm/distances.js';
import { evolutionWasm } from './wasm/evolution.js';
import { hawkesWasm } from './wasm/hawkes.js';
import { hclustWasm } from './wasm/hclust.js';
import { indicesWasm } from './wasm/indices.js';
import { kmeansWasm } from './wasm/kmeans.js';
import { nmfWasm } from './wasm/nmf.js';
import { randomWasm } from './wasm/random.js';

export function wasmKernels(w: WasmInstance): Kernels {
  return {
    ...randomWasm(w),
    ...ckmeansWasm(w),
    ...indicesWasm(w),
    ...kmeansWasm(w),
    ...distancesWasm(w),
    ...hclustWasm(w),
    ...evolutionWasm(w),
    ...nmfWasm(w),
    ...hawkesWasm(w),
  };
}
