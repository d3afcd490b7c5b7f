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

  /**
   * The same six indices for 1-D points and partitions whose clusters are contiguous runs of
   * the sorted values (Ckmeans partitions), in O(n log n) once plus O(n + k) per partition
   * (O(64·n) more for the textbook C-index). `parts` holds m partitions of the n points back to
   * back, parts[j] with k0 + j clusters (labels in [0, k0 + j)); partitions j = 1..count are
   * scored with prev = parts[j − 1] and next = parts[j + 1] (when j + 1 < m; else KL is NaN),
   * into out[(j − 1)·6 + slot]. Returns 1, or 0 when a scored partition is not contiguous in
   * sorted order (ties ordered by label): `out` is then unspecified and the caller uses
   * clusterIndices. Equal to clusterIndices up to rounding (within 1e-9 relative).
   */
  clusterIndices1d(data: Float64Array, n: number, parts: Int32Array, k0: number, m: number, count: number, variant: number, out: Float64Array): number;
}
