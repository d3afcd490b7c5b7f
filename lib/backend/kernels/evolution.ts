/**
 * Cluster-evolution kernels (native/kernels/evolution.cc, assembly/kernels/evolution.ts) for
 * James & Menzies, "Cluster-based dual evolution for multivariate time series: Analyzing
 * COVID-19", Chaos 30, 061108 (2020). All series are row-major T × n (T dates, n entities:
 * value (t, i) at index t·n + i). Per-day n × n matrices, from D(t)_ij = |x_i(t) − x_j(t)|
 * and maxD(t) = max_i x_i(t) − min_i x_i(t):
 *   matrix 0 (Aff):      1 − D_ij / maxD(t)                    (all ones when maxD(t) = 0)
 *   matrix 1 (Gaussian): exp(−D_ij² / (2σ²)), σ = maxD(t) / m  (all ones when maxD(t) = 0)
 *   matrix 2 (Adj):      1 when labels(t, i) = labels(t, j), else 0
 * Aff and Gaussian are the reference's reconstruction (unverified) of the paper's formulas.
 */
export interface EvolutionKernels {
  /**
   * d(s, t) = ‖Adj(s) − Adj(t)‖_F between the days' co-membership matrices (diagonal
   * included), for all pairs s < t in SciPy condensed order into `out` (length T(T−1)/2);
   * `labels` (T·n) holds each day's partition with labels in [0, n). Computed exactly in
   * integers from the contingency identity Σ_a n_a(s)² + Σ_b n_b(t)² − 2 Σ_ab c_ab².
   */
  adjacencyDistances(labels: Int32Array, T: number, n: number, out: Float64Array): void;

  /**
   * For τ = 0..tauMax: out[τ] = (1/count) Σ_{t=start}^{T−1−τ} ‖M_X(t) − M_Y(t+τ)‖ / s with the
   * entrywise L1 norm (norm 0) or Frobenius norm (norm 1) over the full n × n matrices,
   * s = n² when perEntry = 1 else 1, count = T − τ − start (NaN when 0). `x`, `y` are the
   * per-day log counts (T·n); `labelsX`/`labelsY` (T·n) are needed only for matrix 2 (Adj),
   * null otherwise. m ∈ {1, 2, 3}; start, tauMax ∈ [0, T).
   */
  offsetObjective(
    x: Float64Array,
    y: Float64Array,
    labelsX: Int32Array | null,
    labelsY: Int32Array | null,
    T: number,
    n: number,
    matrix: number,
    m: number,
    norm: number,
    perEntry: number,
    start: number,
    tauMax: number,
    out: Float64Array,
  ): void;

  /**
   * offsetObjective for several start days at once: out[s·(tauMax + 1) + τ] equals
   * offsetObjective's out[τ] with start = starts[s] (bit-identical); every day pair's term is
   * computed once for all starts. starts: at least one day in [0, T).
   */
  offsetObjectiveStarts(
    x: Float64Array,
    y: Float64Array,
    labelsX: Int32Array | null,
    labelsY: Int32Array | null,
    T: number,
    n: number,
    matrix: number,
    m: number,
    norm: number,
    perEntry: number,
    starts: Int32Array,
    tauMax: number,
    out: Float64Array,
  ): void;

  /**
   * out[t·n + j] = a_j(t) = Σ_i |M_X,ij(t) − M_Y,ij(t+τ)| (summed over i in increasing order)
   * for t ≤ T−1−τ; NaN for later t. Arguments as in offsetObjective; tau ∈ [0, T).
   */
  anomalyScores(
    x: Float64Array,
    y: Float64Array,
    labelsX: Int32Array | null,
    labelsY: Int32Array | null,
    T: number,
    n: number,
    tau: number,
    matrix: number,
    m: number,
    out: Float64Array,
  ): void;

  /**
   * Test hook for the exp of the Gaussian entries (native/kernels/exp-kernel.h,
   * assembly/kernels/exp-kernel.ts; fdlibm's algorithm, error < 1 ulp, bit-identical on every
   * backend): out[e] = exp(x[e]). vector = 1: four lanes at a time (AVX2 natively when the CPU
   * has it, f64x2 in the SIMD WebAssembly build); vector = 0: the scalar path.
   */
  evolutionExp(x: Float64Array, vector: number, out: Float64Array): void;

  /**
   * Test hook: entries p0 .. p0 + out.length − 1 of the strict upper triangle (pairs i < j, row
   * by row) of Aff (matrix 0) or G (matrix 1) for one day x (length n ≥ 2, finite), where
   * (i0, j0) is the pair of entry p0 (0 ≤ i0 < j0 < n); entries past the triangle are 0. The
   * same values offsetObjective and anomalyScores use; vector as in evolutionExp.
   */
  evolutionMatrixRange(
    x: Float64Array,
    n: number,
    matrix: number,
    m: number,
    i0: number,
    j0: number,
    vector: number,
    out: Float64Array,
  ): void;
}
