/** Cluster validity index kernels (native/kernels/indices.h, assembly/kernels/indices.ts). */

/** Slots of the `out` array of clusterIndices, in this fixed order. */
export const INDEX_SLOTS = ['ptbiserial', 'silhouette', 'kl', 'cindex', 'mcclain', 'dunn'] as const;

export interface IndicesKernels {
  /**
   * The six validity indices of the k-cluster partition `labels` of n points (`data`, row-major
   * n × d, Euclidean distances), written to `out` (length 6) in the order of INDEX_SLOTS.
   * `labelsPrev` / `labelsNext` are the k − 1 / k + 1 partitions used by KL only (null = absent:
   * KL is NaN). Labels are 0-based, in [0, kPrev), [0, k), [0, kNext). `variant` has one bit per
   * slot: set = textbook form, clear = NbClust 3.0.1 form (bits of KL and Dunn are ignored).
   * Undefined values are NaN. O(n²·d).
   */
  clusterIndices(
    data: Float64Array,
    n: number,
    d: number,
    labelsPrev: Int32Array | null,
    kPrev: number,
    labels: Int32Array,
    k: number,
    labelsNext: Int32Array | null,
    kNext: number,
    variant: number,
    out: Float64Array,
  ): void;
}
