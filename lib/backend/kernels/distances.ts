/** distances kernels (native/kernels/distances.cc, assembly/kernels/distances.ts). */

/** Metric codes passed to the `pairwiseDistances` kernel. */
export const DISTANCE_METRIC = {
  /** sqrt(Σ_k (x_ik − x_jk)²), summed over k = 0..d−1 in order. */
  euclidean: 0,
  /** Euclidean distance between the element-wise natural logs (d = 1: |log x − log y|); values must be > 0. */
  log: 1,
} as const;

export type DistanceMetricName = keyof typeof DISTANCE_METRIC;

export interface DistancesKernels {
  /**
   * Distances between the rows of `points` (row-major n × d) into `out`, a condensed matrix of
   * n(n − 1)/2 values in SciPy order (pairs (i, j), i < j, row by row). `metric` is a
   * DISTANCE_METRIC code. Throws (E_INPUT_RANGE) when metric is 'log' and a value is <= 0.
   */
  pairwiseDistances(points: Float64Array, n: number, d: number, metric: number, out: Float64Array): void;
}
