/** hclust kernels (native/kernels/hclust.cc, assembly/kernels/hclust.ts). */

/**
 * Method codes passed to the `hclust` kernel:
 * 0 single (Prim's MST), 1 complete, 2 average (UPGMA), 3 weighted (WPGMA / McQuitty),
 * 4 ward (Ward on Euclidean distances, SciPy's Lance–Williams form) — 1 to 4 by the
 * nearest-neighbour chain algorithm.
 */
export const LINKAGE_METHOD = {
  single: 0,
  complete: 1,
  average: 2,
  weighted: 3,
  ward: 4,
} as const;

export type LinkageMethodName = keyof typeof LINKAGE_METHOD;

export interface HclustKernels {
  /**
   * SciPy linkage matrix of a condensed distance matrix: writes n − 1 rows of
   * (a, b, height, size) into `out` ((n − 1)·4 values), rows stably sorted by height, point ids
   * 0..n−1, the cluster of row r has id n + r, a < b. `condensed` has n(n − 1)/2 finite
   * values >= 0 (else E_INPUT_NAN / E_INPUT_RANGE); `method` is a LINKAGE_METHOD code.
   */
  hclust(condensed: Float64Array, n: number, method: number, out: Float64Array): void;
}
