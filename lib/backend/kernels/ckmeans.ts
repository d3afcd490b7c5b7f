/** ckmeans kernels (native/kernels/ckmeans.cc, assembly/kernels/ckmeans.ts). */
export interface CkmeansKernels {
  /**
   * Optimal 1-D k-means (Ckmeans.1d.dp) of `x`, optionally weighted.
   *
   * `kMin`..`kMax` (1 ≤ kMin ≤ kMax): kMax is capped at the number u of distinct values and
   * kMin at the capped kMax; with `bic` given, k is chosen by the mixture BIC over
   * [kMin, min(kMax, u)] (entries of `bic` for K that were not evaluated are NaN), without it
   * k = min(kMax, u). `method`: 0 linear (SMAWK), 1 loglinear, 2 quadratic. Weights are used
   * as given (all-equal weights are not special here). Outputs: `labels` (n, 0-based, clusters
   * numbered by ascending centre, in input order); `centers`, `withinss`, `sizes` (kMax each;
   * entries ≥ k are 0); `distinct[0]` = u. Returns the chosen k, or 0 when the weights sum
   * to zero.
   */
  ckmeans(
    x: Float64Array,
    weights: Float64Array | null,
    kMin: number,
    kMax: number,
    method: number,
    labels: Int32Array,
    centers: Float64Array,
    withinss: Float64Array,
    sizes: Float64Array,
    bic: Float64Array | null,
    distinct: Int32Array,
  ): number;
  /**
   * The optimal partitions of `x` (unweighted) for every k = 1 … K, K = min(kMax, u), from one
   * dynamic programme: row k − 1 of `labels` (min(kMax, n) rows of n, row-major) receives
   * exactly the labels `ckmeans(x, null, k, k, method, …)` writes (ties included); rows
   * K … min(kMax, n) − 1 are set to 0. `x` must be finite; kMax ≥ 1; `method` as for
   * ckmeans. `distinct[0]` = u. Returns K.
   */
  ckmeansPartitions(x: Float64Array, kMax: number, method: number, labels: Int32Array, distinct: Int32Array): number;
}
