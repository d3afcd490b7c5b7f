/** kmeans kernels (native/kernels/kmeans.cc, assembly/kernels/kmeans.ts). */
export interface KmeansKernels {
  /**
   * k-means of `n` points of dimension `d` (row-major `points`, length n·d) into `k` clusters
   * (1 ≤ k ≤ n): greedy k-means++ seeding, Lloyd iterations until no label changes, the
   * squared centre shift ≤ tol · mean coordinate variance, or `maxIter`; `nInit` restarts
   * drawn sequentially from one xoshiro256** stream `seed`. Writes the best restart's
   * labels (length n), centres (k·d, row-major) and stats = [inertia, iterations].
   */
  kmeans(
    points: Float64Array,
    n: number,
    d: number,
    k: number,
    seed: number,
    nInit: number,
    maxIter: number,
    tol: number,
    labels: Int32Array,
    centers: Float64Array,
    stats: Float64Array,
  ): void;
}
