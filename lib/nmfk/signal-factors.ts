/**
 * Post-processing of NMF factors W (m × k) and H (k × n), both row-major Float64Arrays:
 * the scale normalisation, the order of the signals, and the reconstruction statistics.
 * Reference: /work/shared/reference/nmfk-and-ensemble.md §1.2 (normalisation), §1.4
 * (signalorder, AIC), §1.9 (pyDNMFk's per-column errors).
 */

/**
 * Rescales the factors so that every row of H sums to 1 and W absorbs the scale
 * (NMFk.jl §1.2: s_a = Σ_j H_aj, W_ia ← W_ia·s_a, H_aj ← H_aj/s_a); W·H is unchanged.
 * A zero row of H is left as it is. Returns new arrays.
 *
 * Complexity: O((m + n)·k).
 *
 * @example
 * normalizeSignalScale(Float64Array.of(1, 1), Float64Array.of(2, 6), 1, 2, 1).h; // [0.25, 0.75]
 */
export function normalizeSignalScale(
  w: Float64Array,
  h: Float64Array,
  m: number,
  n: number,
  k: number,
): { w: Float64Array; h: Float64Array } {
  const wOut = w.slice();
  const hOut = h.slice();
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += h[a * n + j];
    if (!(s > 0)) continue;
    for (let j = 0; j < n; j++) hOut[a * n + j] = h[a * n + j] / s;
    for (let i = 0; i < m; i++) wOut[i * k + a] = w[i * k + a] * s;
  }
  return { w: wOut, h: hOut };
}

/**
 * Contribution of every signal to the reconstruction, Σ_ij W_ia H_aj = (Σ_i W_ia)(Σ_j H_aj)
 * (NMFk.jl's `signalorder` criterion, §1.4).
 *
 * Complexity: O((m + n)·k).
 *
 * @example
 * signalContributions(Float64Array.of(1, 2), Float64Array.of(1, 1, 3, 3), 1, 2, 2); // [2, 12]
 */
export function signalContributions(w: Float64Array, h: Float64Array, m: number, n: number, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    let sw = 0;
    let sh = 0;
    for (let i = 0; i < m; i++) sw += w[i * k + a];
    for (let j = 0; j < n; j++) sh += h[a * n + j];
    out[a] = sw * sh;
  }
  return out;
}

/**
 * The signals sorted by contribution, largest first (stable: equal contributions keep their
 * order). order[p] = the original index of the signal placed at position p. O(k log k).
 *
 * @example
 * signalOrderByContribution(Float64Array.of(2, 12, 5)); // [1, 2, 0]
 */
export function signalOrderByContribution(contributions: Float64Array): Int32Array {
  const idx = Array.from(contributions, (_, a) => a);
  idx.sort((a, b) => contributions[b] - contributions[a] || a - b);
  return Int32Array.from(idx);
}

/**
 * Reorders the signals: column p of the new W is column order[p] of W, row p of the new H is
 * row order[p] of H. Returns new arrays.
 *
 * Complexity: O((m + n)·k).
 *
 * @example
 * permuteSignals(Float64Array.of(1, 2), Float64Array.of(1, 3), 1, 1, 2, Int32Array.of(1, 0)).w; // [2, 1]
 */
export function permuteSignals(
  w: Float64Array,
  h: Float64Array,
  m: number,
  n: number,
  k: number,
  order: Int32Array,
): { w: Float64Array; h: Float64Array } {
  const wOut = new Float64Array(m * k);
  const hOut = new Float64Array(k * n);
  for (let p = 0; p < k; p++) {
    const a = order[p];
    for (let i = 0; i < m; i++) wOut[i * k + p] = w[i * k + a];
    hOut.set(h.subarray(a * n, (a + 1) * n), p * n);
  }
  return { w: wOut, h: hOut };
}

export interface ReconstructionStatistics {
  /** Σ over observed (non-NaN) entries of (X − WH)². */
  sumOfSquares: number;
  /** √sumOfSquares: ‖X − WH‖_F over the observed entries. */
  frobeniusError: number;
  /** frobeniusError / ‖X‖_F over the observed entries (0 when X is all zeros there). */
  relativeError: number;
  /** Number of observed entries N. */
  observed: number;
  /**
   * 2·(mk + kn) + N·log(SSE/N). NMFk.jl's AIC (§1.4) uses the number of parameters |W| + |H|
   * and N = observed entries; its current matrix code puts the norm ‖X − WH‖ inside the log,
   * but the 2021 LANL COVID-19 numbers (§1.8) match the sum of squares, which is also the
   * textbook Gaussian AIC: we use the sum of squares SSE. −Infinity for an exact fit.
   */
  aic: number;
  /**
   * Per column j: √(Σ_i (X − WH)²_ij / Σ_i X²_ij) over observed entries (pyDNMFk's
   * `column_err`, §1.9; 0 for a column whose observed entries are all 0).
   */
  columnErrors: Float64Array;
}

/**
 * Reconstruction error statistics of X ≈ W·H over the observed entries of X (NaN = missing).
 *
 * Complexity: O(m·n·k).
 *
 * @example
 * reconstructionStatistics(Float64Array.of(1, 2), Float64Array.of(1), Float64Array.of(1, 2), 1, 2, 1).frobeniusError; // 0
 */
export function reconstructionStatistics(
  x: Float64Array,
  w: Float64Array,
  h: Float64Array,
  m: number,
  n: number,
  k: number,
): ReconstructionStatistics {
  let sse = 0;
  let sx = 0;
  let observed = 0;
  const colNum = new Float64Array(n);
  const colDen = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = x[i * n + j];
      if (Number.isNaN(v)) continue;
      let wh = 0;
      for (let a = 0; a < k; a++) wh += w[i * k + a] * h[a * n + j];
      const r = v - wh;
      sse += r * r;
      sx += v * v;
      colNum[j] += r * r;
      colDen[j] += v * v;
      observed++;
    }
  }
  const columnErrors = new Float64Array(n);
  for (let j = 0; j < n; j++) columnErrors[j] = colDen[j] > 0 ? Math.sqrt(colNum[j] / colDen[j]) : 0;
  const frobeniusError = Math.sqrt(sse);
  const relativeError = sx > 0 ? frobeniusError / Math.sqrt(sx) : 0;
  const aic = 2 * (m * k + k * n) + observed * Math.log(sse / observed);
  return { sumOfSquares: sse, frobeniusError, relativeError, observed, aic, columnErrors };
}
