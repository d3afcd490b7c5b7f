/**
 * NMF kernels (native/kernels/nmf.{h,cc}, assembly/kernels/nmf.ts): multiplicative updates
 * in scikit-learn's form (solver 'mu') with a NaN mask. X is m×n row-major (NaN = missing),
 * W m×k and H k×n row-major. See native/kernels/nmf.h for the exact contract.
 */
export interface NmfKernels {
  /**
   * Run up to `maxIter` iterations (update W, then H) of the Frobenius (`objective` 0,
   * ½‖X − WH‖²) or generalised Kullback–Leibler (`objective` 1) multiplicative updates from
   * the given `w`, `h` (updated in place). Every `checkEvery` iterations the objective is
   * evaluated; with `tol` > 0 the run stops when (e_prev − e)/e_0 < tol, e = sqrt(2·objective)
   * (scikit-learn's rule). `history` (length ≥ 1 + ceil(maxIter / checkEvery)) receives the
   * objective at the start, at every check and after the last iteration:
   * 1 + ceil(iterations / checkEvery) values. Returns the iterations done.
   */
  nmfMultiplicative(
    x: Float64Array,
    m: number,
    n: number,
    k: number,
    w: Float64Array,
    h: Float64Array,
    objective: number,
    maxIter: number,
    tol: number,
    checkEvery: number,
    history: Float64Array,
  ): number;
  /**
   * Fit of W·H to X over the observed entries: out = [generalised KL divergence,
   * Σ(x − wh)² (= 2 × the Frobenius objective; its square root is ‖X − WH‖_F), Σx², number of
   * observed entries]. O(m·n·k).
   */
  nmfObjective(x: Float64Array, m: number, n: number, k: number, w: Float64Array, h: Float64Array, out: Float64Array): void;
}
