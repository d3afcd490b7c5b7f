/**
 * Total (weighted) sum of squares about the (weighted) mean, Σ w (x − x̄_w)² with
 * x̄_w = Σ w x / Σ w (w = 1 when `weights` is null): the `totss` of a clustering. Two passes,
 * O(n). The caller guarantees equal lengths and a positive total weight.
 *
 * @example weightedTotalSumOfSquares(Float64Array.of(1, 2, 3), null) // 2
 */
export function weightedTotalSumOfSquares(x: Float64Array, weights: Float64Array | null): number {
  const n = x.length;
  let sw = 0;
  let swx = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === null ? 1 : weights[i];
    sw += w;
    swx += w * x[i];
  }
  const mean = swx / sw;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    ss += weights === null ? d * d : weights[i] * d * d;
  }
  return ss;
}
