/**
 * The Kernels interface: every numerical kernel epikit has, implemented twice, in C++
 * (native/) and AssemblyScript (assembly/), with the same names, argument order and
 * results. Kernels are pure functions over typed arrays with explicit sizes; outputs are
 * written into arrays the caller allocates.
 */
import type { CkmeansKernels } from './kernels/ckmeans.js';
import type { DistancesKernels } from './kernels/distances.js';
import type { EvolutionKernels } from './kernels/evolution.js';
import type { HawkesKernels } from './kernels/hawkes.js';
import type { HclustKernels } from './kernels/hclust.js';
import type { IndicesKernels } from './kernels/indices.js';
import type { KmeansKernels } from './kernels/kmeans.js';
import type { NmfKernels } from './kernels/nmf.js';
import type { RandomKernels } from './kernels/random.js';

export interface Kernels
  extends RandomKernels,
    CkmeansKernels,
    IndicesKernels,
    KmeansKernels,
    DistancesKernels,
    HclustKernels,
    EvolutionKernels,
    NmfKernels,
    HawkesKernels {}

export type BackendName = 'native' | 'wasm';
export type BackendChoice = BackendName | 'auto';

/** Per-call option accepted by every public function that runs a kernel. */
export interface BackendOption {
  backend?: BackendChoice;
}
