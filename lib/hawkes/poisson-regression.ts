/**
 * Weighted Poisson regression with log link by iteratively reweighted least squares: the θ
 * M-step of the Hawkes EM (response Q_c(j) = expected children per event, prior weights n_c(j)).
 * The O(rows·p²) accumulation of XᵀWX and XᵀWz runs in the `hawkesPoissonAccumulate` kernel
 * (native or WASM); the p×p Cholesky solve, the step control and the convergence test run here.
 */
import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError } from '../errors.js';
import { finiteVector, integerIn, numberIn, weightVector } from '../validate.js';

export interface PoissonRegressionOptions extends BackendOption {
  /** Known offset added to the linear predictor (length rows). Default none. */
  offset?: ArrayLike<number>;
  /** Starting coefficients (length p). Default: 0, or log(Σ w y / Σ w) for a first column of ones. */
  start?: ArrayLike<number>;
  /** Iteration cap. Default 100. */
  maxIter?: number;
  /** Stop when |D_k − D_{k−1}| / (|D_k| + 0.1) < tolDeviance (R's glm rule). Default 1e-10. */
  tolDeviance?: number;
  /** … or when max |β_k − β_{k−1}| < tolBeta. Default 1e-8. */
  tolBeta?: number;
}

export interface PoissonRegressionResult {
  beta: Float64Array;
  /** sqrt of the diagonal of the inverse Fisher information (XᵀWX)⁻¹ at β (dispersion 1). */
  standardErrors: Float64Array;
  /** (XᵀWX)⁻¹, p×p row-major. */
  covariance: Float64Array;
  /** 2 Σ w (y log(y/m) − (y − m)) at β. */
  deviance: number;
  iterations: number;
  converged: boolean;
}

/** Cholesky factor L (lower, row-major) of the symmetric p×p matrix a; null if not positive definite. */
export function cholesky(a: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        if (!(s > 1e-13 * Math.max(1, Math.abs(a[i * p + i])))) return null;
        l[i * p + i] = Math.sqrt(s);
      } else l[i * p + j] = s / l[j * p + j];
    }
  }
  return l;
}

/** Solves L Lᵀ x = b. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * y[k];
    y[i] = s / l[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
  return x;
}

/** (L Lᵀ)⁻¹, p×p row-major. */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  return inv;
}

/**
 * Fits log E[y_i] = offset_i + x_i·β with prior weights w_i by IRLS (Fisher scoring): each step
 * solves (XᵀWX) β_new = XᵀWz with W = w·m, z = xβ + (y − m)/m (McCullagh & Nelder 1989, §2.5).
 * A step that raises the deviance (or makes it non-finite) is halved up to 30 times, as R's
 * glm.fit does. Converged when the relative deviance change < tolDeviance or max |Δβ| < tolBeta.
 * y need not be integer (quasi-counts such as expected children per event are fine).
 *
 * Complexity: O(iterations · (rows·p² + p³)).
 * @example
 * // intercept only: β0 = log(Σ w y / Σ w)
 * const fit = poissonRegression(new Float64Array([1, 1, 1]), 3, 1, [0, 2, 4], [1, 1, 2]);
 * Math.exp(fit.beta[0]); // 2.5
 * @throws EpikitError E_INPUT_TYPE / E_INPUT_NAN / E_INPUT_SHAPE / E_INPUT_RANGE for bad arrays, sizes,
 *   negative y or weights, or options; E_INPUT_RANGE when XᵀWX is singular (collinear columns, or fewer
 *   rows with positive weight and mean than columns).
 */
export function poissonRegression(
  x: ArrayLike<number>,
  rows: number,
  p: number,
  y: ArrayLike<number>,
  weight: ArrayLike<number>,
  options: PoissonRegressionOptions = {},
): PoissonRegressionResult {
  integerIn('rows', rows, 1, 2147483647);
  integerIn('p', p, 1, 4096);
  const X = finiteVector('x', x);
  if (X.length !== rows * p) throw new EpikitError('E_INPUT_SHAPE', `x has length ${X.length}: expected rows × p = ${rows * p}`, { argument: 'x' });
  const Y = weightVector('y', y, rows);
  const W = weightVector('weight', weight, rows);
  const offset = options.offset === undefined ? null : finiteVector('options.offset', options.offset);
  if (offset && offset.length !== rows) throw new EpikitError('E_INPUT_SHAPE', `options.offset has length ${offset.length}: expected ${rows}`, { argument: 'options.offset' });
  const maxIter = options.maxIter === undefined ? 100 : integerIn('options.maxIter', options.maxIter, 1, 1e6);
  const tolDev = options.tolDeviance === undefined ? 1e-10 : numberIn('options.tolDeviance', options.tolDeviance, 0, 1);
  const tolBeta = options.tolBeta === undefined ? 1e-8 : numberIn('options.tolBeta', options.tolBeta, 0, Infinity);
  const k = kernelsFor(options.backend);

  let beta: Float64Array;
  if (options.start !== undefined) {
    beta = Float64Array.from(finiteVector('options.start', options.start));
    if (beta.length !== p) throw new EpikitError('E_INPUT_SHAPE', `options.start has length ${beta.length}: expected p = ${p}`, { argument: 'options.start' });
  } else {
    beta = new Float64Array(p);
    let ones = true;
    for (let i = 0; i < rows && ones; i++) if (X[i * p] !== 1) ones = false;
    let sw = 0;
    let swy = 0;
    let swo = 0;
    for (let i = 0; i < rows; i++) {
      sw += W[i];
      swy += W[i] * Y[i];
      if (offset) swo += W[i] * Math.exp(offset[i]);
    }
    if (ones && sw > 0 && swy > 0) beta[0] = Math.log(swy / (offset ? swo : sw));
  }

  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  const accumulate = (b: Float64Array) => k.hawkesPoissonAccumulate(X, rows, p, Y, W, offset, b, xtwx, xtwz);
  let deviance = accumulate(beta);
  if (!Number.isFinite(deviance)) {
    throw new EpikitError('E_INPUT_RANGE', `the starting coefficients give a non-finite deviance: pass options.start`, { argument: 'options.start' });
  }
  let iterations = 0;
  let converged = false;
  const factor = (): Float64Array => {
    const l = cholesky(xtwx, p);
    if (!l) {
      throw new EpikitError('E_INPUT_RANGE', `XᵀWX is singular at iteration ${iterations}: the columns of x are collinear over the rows with positive weight, or too few such rows (p = ${p})`, { argument: 'x' });
    }
    return l;
  };
  while (iterations < maxIter) {
    iterations++;
    const target = choleskySolve(factor(), p, xtwz);
    let next = target;
    let devNext = accumulate(next);
    // Step halving towards the previous β when the deviance goes up or is not finite.
    for (let half = 0; half < 30 && !(devNext <= deviance * (1 + 1e-12) + 1e-300); half++) {
      next = next.map((v, i) => (v + beta[i]) / 2);
      devNext = accumulate(next);
    }
    if (!Number.isFinite(devNext)) {
      throw new EpikitError('E_INPUT_RANGE', `the Poisson regression diverged at iteration ${iterations} (non-finite deviance)`, { argument: 'x' });
    }
    let maxStep = 0;
    for (let i = 0; i < p; i++) maxStep = Math.max(maxStep, Math.abs(next[i] - beta[i]));
    const relDev = Math.abs(devNext - deviance) / (Math.abs(devNext) + 0.1);
    beta = next;
    deviance = devNext;
    if (relDev < tolDev || maxStep < tolBeta) {
      converged = true;
      break;
    }
  }
  // xtwx is at the final β (the last accumulate was at `beta`).
  const covariance = choleskyInverse(factor(), p);
  const standardErrors = new Float64Array(p);
  for (let i = 0; i < p; i++) standardErrors[i] = Math.sqrt(covariance[i * p + i]);
  return { beta, standardErrors, covariance, deviance, iterations, converged };
}
