/**
 * EM fit of the discrete-time Hawkes model of county counts (seed 004; Chiang, Liu & Mohler 2022):
 *   λ_c(t) = μ_c + Σ_{d=1}^{L} w(d) R_c(t − d) n_c(t − d),  R_c(t) = exp(θ·x_c(t − Δ)),
 * w the discretised Weibull (discrete-weibull.ts). The E-step is the `hawkesEStep` kernel; the
 * M-step is conditional (ECM, Meng & Rubin 1993), each part maximising the expected
 * complete-data log-likelihood given the others:
 * - θ: weighted Poisson regression of the expected children per event Q_c(j) with prior weights
 *   n_c(j) and offset log F(min(L, T − 1 − j)) — the fraction of the kernel observed before the
 *   window ends (right-censoring of the youngest parents' offspring; HawkPR ignored it);
 * - Weibull: maximise Σ_d freq(d) log w(d) − Σ_j R_c(j) n_c(j) F(min(L, T − 1 − j));
 * - μ_c = Σ_{t<T−Ψ} (expected background events of day t) / (T − Ψ).
 * Parents j ≥ T − Ψ are left out of both M-steps (HawkPR's `dry_correct`; with the censoring
 * terms above Ψ = 0 is the exact EM, and the log-likelihood cannot decrease).
 * EM converges slowly here (hundreds of steps on county data), so by default every two EM steps
 * are extrapolated by SQUAREM (Varadhan & Roland 2008, Scand. J. Stat. 35:335–353, scheme S3)
 * in (θ, log shape, log scale, log μ); an extrapolated point is kept only if its log-likelihood
 * is at least that of the first EM step, else the second EM step is taken — so the recorded
 * log-likelihood history never decreases either way.
 */
import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError, describeValue } from '../errors.js';
import { integerIn, numberIn } from '../validate.js';
import { discreteWeibullTail, discreteWeibullWeights, fitDiscreteWeibull } from './discrete-weibull.js';
import { hawkesDesign, type HawkesDesign, type HawkesInputs, type HawkesVariant } from './hawkes-design.js';
import { hawkesInformation } from './hawkes-information.js';
import { poissonRegression } from './poisson-regression.js';

export interface HawkesFitOptions extends BackendOption {
  /** Covariates of R. Default 'full' when the inputs have mobility and covariates, else what they have ('constant' with neither). */
  variant?: HawkesVariant;
  /** Δ: mobility lag in days, 0..(mobility lead). Default: the whole lead of the inputs' mobility. */
  lag?: number;
  /** Ψ: the last Ψ days are not used as parents in the M-step (0..T − 2). Default 0 (censoring is modelled). */
  psi?: number;
  /** Kernel support cap: L = min(T − 1, lagMax). Default 60. */
  lagMax?: number;
  /** Cap on EM steps (M-steps, counting both steps of every SQUAREM cycle). Default 200. */
  maxIter?: number;
  /**
   * Stop when the relative log-likelihood change and the largest relative change of θ, shape,
   * scale and Σ_c μ_c (changes relative to max(1, |value|)) are both below tol. Default 1e-6.
   */
  tol?: number;
  /** SQUAREM acceleration of the EM (extrapolated steps kept only when they do not lower the log-likelihood). Default true. */
  accelerate?: boolean;
  /** Initial Weibull. Default shape 2, scale 5. */
  initialWeibull?: { shape: number; scale: number };
}

export interface HawkesFit {
  variant: HawkesVariant;
  lag: number;
  psi: number;
  /** Kernel support (lags 1..L). */
  L: number;
  /** 1 − F(L): the kernel mass beyond L at the fitted Weibull. */
  truncationMass: number;
  /** 'intercept', 'mobility:<type>'…, covariate names. */
  coefficientNames: string[];
  theta: Float64Array;
  /**
   * Standard errors of θ from the Fisher information of the observed-data likelihood with
   * shape, scale and every μ_c estimated jointly (hawkes-information.ts). NaN if singular.
   */
  standardErrors: Float64Array;
  /** (XᵀWX)⁻¹ of the last θ M-step: complete-data information, smaller (it ignores the latent branching). */
  standardErrorsCompleteData: Float64Array;
  shape: number;
  scale: number;
  /** Standard errors of shape and scale (delta method from the log-parameters). */
  shapeStandardError: number;
  scaleStandardError: number;
  /** Standard errors of μ_c. */
  muStandardErrors: Float64Array;
  /** Kernel w(1..L). */
  w: Float64Array;
  /** Background rates, length C. */
  mu: Float64Array;
  /** R_c(t), C × T. */
  r: Float64Array;
  /** λ_c(t), C × T, at the final parameters. */
  lambda: Float64Array;
  /** Poisson log-likelihood Σ n log λ − λ (constants dropped) at the final parameters. */
  logLikelihood: number;
  /** Log-likelihood at the start of every EM iteration (the last entry = logLikelihood). */
  logLikelihoodHistory: number[];
  /** EM steps (M-steps) done. */
  iterations: number;
  /** SQUAREM extrapolations kept. */
  extrapolations: number;
  converged: boolean;
  /** x_c(t) of this fit (for R over a forecast horizon). */
  design: HawkesDesign;
}

function relChange(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Fits θ, the Weibull kernel and μ_c by EM (see the module comment) to counts and covariates
 * from buildCountyHawkesInputs (or any HawkesInputs).
 *
 * Complexity per iteration: O(C·T·L) (kernel E-step) + O(rows·P²·IRLS iterations) + O(C·T·P); the
 * standard errors at the end cost O(C·T·L·P) once (hawkes-information.ts).
 * Memory O(C·T·P) for the design rows.
 * @example
 * const inputs = buildCountyHawkesInputs({ counts: panel, countsKind: 'daily', mobility, covariates: table, mobilityLead: 14 });
 * const fit = fitHawkes(inputs, { variant: 'full', lag: 14 });
 * fit.theta; fit.standardErrors; fit.shape; fit.scale; fit.mu; fit.logLikelihoodHistory;
 * @throws EpikitError E_INPUT_* for counts that are not non-negative integers, fewer than 2 days, a variant
 *   the inputs cannot support, Δ or Ψ out of range, bad options; E_INPUT_RANGE when the regression is singular.
 */
export function fitHawkes(inputs: HawkesInputs, options: HawkesFitOptions = {}): HawkesFit {
  if (!inputs || typeof inputs !== 'object') throw new EpikitError('E_INPUT_TYPE', `inputs must be an object, got ${describeValue(inputs)}`, { argument: 'inputs' });
  if (!Array.isArray(inputs.fips) || !Array.isArray(inputs.dates)) throw new EpikitError('E_INPUT_TYPE', `inputs.fips and inputs.dates must be arrays`, { argument: 'inputs' });
  const C = inputs.fips.length;
  const T = inputs.dates.length;
  if (C === 0) throw new EpikitError('E_INPUT_EMPTY', `inputs.fips is empty: no county to fit`, { argument: 'inputs.fips' });
  if (T < 2) throw new EpikitError('E_INPUT_RANGE', `inputs.dates has ${T} day(s): a Hawkes fit needs at least 2`, { argument: 'inputs.dates' });
  const n = inputs.counts;
  if (!(n instanceof Float64Array) || n.length !== C * T) {
    throw new EpikitError('E_INPUT_SHAPE', `inputs.counts must be a Float64Array of C × T = ${C} × ${T}, got ${n instanceof Float64Array ? `length ${n.length}` : describeValue(n)}`, { argument: 'inputs.counts' });
  }
  for (let i = 0; i < n.length; i++) {
    if (!Number.isFinite(n[i])) throw new EpikitError('E_INPUT_NAN', `inputs.counts[${i}] is ${describeValue(n[i])}: expected a count`, { argument: 'inputs.counts', index: i });
    if (n[i] < 0 || !Number.isInteger(n[i])) throw new EpikitError('E_INPUT_RANGE', `inputs.counts[${i}] (${inputs.fips[Math.floor(i / T)]}, ${inputs.dates[i % T]}) is ${n[i]}: expected a non-negative integer`, { argument: 'inputs.counts', index: i, value: n[i] });
  }
  const hasMob = !!inputs.mobility && inputs.mobility.length > 0;
  const hasCov = !!inputs.covariates && inputs.covariates.length > 0;
  const variant = options.variant ?? (hasMob && hasCov ? 'full' : hasMob ? 'mobility' : hasCov ? 'demographics' : 'constant');
  const design = hawkesDesign(inputs, variant, options.lag);
  const psi = options.psi === undefined ? 0 : integerIn('options.psi', options.psi, 0, T - 2);
  const lagMax = options.lagMax === undefined ? 60 : integerIn('options.lagMax', options.lagMax, 1, 1 << 20);
  const maxIter = options.maxIter === undefined ? 200 : integerIn('options.maxIter', options.maxIter, 1, 1e6);
  const tol = options.tol === undefined ? 1e-6 : numberIn('options.tol', options.tol, 0, 1);
  let shape = options.initialWeibull ? numberIn('options.initialWeibull.shape', options.initialWeibull.shape, 1e-3, 1e4) : 2;
  let scale = options.initialWeibull ? numberIn('options.initialWeibull.scale', options.initialWeibull.scale, 1e-3, 1e4) : 5;
  const L = Math.min(T - 1, lagMax);
  const accelerate = options.accelerate ?? true;
  const P = design.names.length;
  const k = kernelsFor(options.backend);

  // Parent rows of the M-step: n_c(j) > 0, j < T − Ψ, j ≤ T − 2 (a parent of the last day has no observed future).
  const parentEnd = Math.min(T - psi, T - 1);
  let rows = 0;
  for (let c = 0; c < C; c++) for (let j = 0; j < parentEnd; j++) if (n[c * T + j] > 0) rows++;
  const rowIndex = new Int32Array(rows);
  for (let c = 0, i = 0; c < C; c++) for (let j = 0; j < parentEnd; j++) if (n[c * T + j] > 0) rowIndex[i++] = c * T + j;
  if (rows === 0) throw new EpikitError('E_INPUT_RANGE', `no county has an event before the last ${T - parentEnd} day(s): nothing to fit R on`, { argument: 'inputs.counts' });
  const X = new Float64Array(rows * P);
  const xr = new Float64Array(P);
  for (let i = 0; i < rows; i++) {
    const ct = rowIndex[i];
    design.row(Math.floor(ct / T), ct % T, xr);
    X.set(xr, i * P);
  }
  const rowWeight = new Float64Array(rows);
  const rowSpan = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    rowWeight[i] = n[rowIndex[i]];
    rowSpan[i] = Math.min(L, T - 1 - (rowIndex[i] % T));
  }
  const y = new Float64Array(rows);
  const offset = new Float64Array(rows);
  const cumF = new Float64Array(L + 1);

  // Full-grid design for R_c(t) (all days), computed on the fly.
  const r = new Float64Array(C * T);
  const updateR = (theta: Float64Array) => {
    for (let c = 0; c < C; c++) {
      for (let t = 0; t < T; t++) {
        design.row(c, t, xr);
        let eta = 0;
        for (let p = 0; p < P; p++) eta += xr[p] * theta[p];
        r[c * T + t] = Math.exp(eta);
      }
    }
  };

  interface Params {
    theta: Float64Array;
    shape: number;
    scale: number;
    mu: Float64Array;
  }
  const mu0 = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let t = 0; t < T; t++) s += n[c * T + t];
    mu0[c] = Math.max(0.5 * (s / T), 1e-6);
  }
  let standardErrors: Float64Array = new Float64Array(P);
  const lambda = new Float64Array(C * T);
  const q = new Float64Array(C * T);
  const background = new Float64Array(C * T);
  const freq = new Float64Array(L);
  let w = discreteWeibullWeights(shape, scale, L);

  /** E-step at p: R, w, λ, Q, background, freq at p; returns the log-likelihood of p. */
  const evaluate = (p: Params): number => {
    updateR(p.theta);
    w = discreteWeibullWeights(p.shape, p.scale, L);
    return k.hawkesEStep(n, r, p.mu, w, C, T, L, psi, lambda, q, background, freq);
  };

  /** M-step from the E-step arrays of p (the last evaluate must have been at p). */
  const mstep = (p: Params): Params => {
    // θ given the kernel: offset log F(span), F(m) = Σ_{d ≤ m} w(d).
    const logF = new Float64Array(L + 1);
    for (let d = 1; d <= L; d++) {
      cumF[d] = cumF[d - 1] + w[d - 1];
      logF[d] = Math.log(cumF[d]);
    }
    for (let i = 0; i < rows; i++) {
      y[i] = q[rowIndex[i]];
      offset[i] = logF[rowSpan[i]];
    }
    const reg = poissonRegression(X, rows, P, y, rowWeight, { offset, start: p.theta, backend: options.backend });
    standardErrors = reg.standardErrors;
    // Weibull given the new θ: exposure of every span m = Σ R n over the parents with that span.
    updateR(reg.beta);
    const exposure = new Float64Array(L);
    for (let i = 0; i < rows; i++) exposure[rowSpan[i] - 1] += r[rowIndex[i]] * rowWeight[i];
    let hasFreq = false;
    for (let d = 0; d < L; d++) if (freq[d] > 0) hasFreq = true;
    let sh = p.shape;
    let sc = p.scale;
    if (hasFreq) {
      const wf = fitDiscreteWeibull(freq, { exposure, start: { shape: sh, scale: sc } });
      sh = wf.shape;
      sc = wf.scale;
    }
    // μ in closed form.
    const days = T - psi;
    const m = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let t = 0; t < days; t++) s += background[c * T + t];
      m[c] = s / days;
    }
    return { theta: reg.beta, shape: sh, scale: sc, mu: m };
  };

  const change = (a: Params, b: Params): number => {
    let ch = Math.max(relChange(a.shape, b.shape), relChange(a.scale, b.scale));
    for (let p = 0; p < P; p++) ch = Math.max(ch, relChange(a.theta[p], b.theta[p]));
    // μ enters through its total: per-county relative changes of tiny rates (a few events in a
    // season) creep for hundreds of steps at no visible change of the likelihood.
    let sa = 0;
    let sb = 0;
    for (let c = 0; c < C; c++) {
      sa += a.mu[c];
      sb += b.mu[c];
    }
    return Math.max(ch, relChange(sa, sb));
  };

  // SQUAREM extrapolation (Varadhan & Roland 2008, scheme S3) in (θ, log shape, log scale, log μ):
  // r = p1 − p0, v = p2 − 2p1 + p0, α = −‖r‖/‖v‖, p' = p0 − 2αr + α²v.
  const FLOOR = 1e-300;
  const toVec = (p: Params): Float64Array => {
    const v = new Float64Array(P + 2 + C);
    v.set(p.theta);
    v[P] = Math.log(p.shape);
    v[P + 1] = Math.log(p.scale);
    for (let c = 0; c < C; c++) v[P + 2 + c] = Math.log(Math.max(p.mu[c], FLOOR));
    return v;
  };
  const extrapolate = (p0: Params, p1: Params, p2: Params): Params | null => {
    const a = toVec(p0);
    const b = toVec(p1);
    const c2 = toVec(p2);
    let rr = 0;
    let vv = 0;
    for (let i = 0; i < a.length; i++) {
      const ri = b[i] - a[i];
      const vi = c2[i] - 2 * b[i] + a[i];
      rr += ri * ri;
      vv += vi * vi;
    }
    if (!(vv > 0) || !(rr > 0)) return null;
    const alpha = -Math.sqrt(rr / vv);
    if (!(alpha < -1)) return null; // the plain EM step p2 is as far
    const e = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) e[i] = a[i] - 2 * alpha * (b[i] - a[i]) + alpha * alpha * (c2[i] - 2 * b[i] + a[i]);
    if (!e.every(Number.isFinite)) return null;
    const lo = Math.log(1e-3);
    const hi = Math.log(1e4);
    const mu = new Float64Array(C);
    for (let c = 0; c < C; c++) mu[c] = p0.mu[c] > 0 || p1.mu[c] > 0 ? Math.exp(e[P + 2 + c]) : 0;
    return { theta: e.slice(0, P), shape: Math.exp(Math.min(hi, Math.max(lo, e[P]))), scale: Math.exp(Math.min(hi, Math.max(lo, e[P + 1]))), mu };
  };

  const history: number[] = [];
  let iterations = 0;
  let extrapolations = 0;
  let converged = false;
  let cur: Params = { theta: new Float64Array(P), shape, scale, mu: mu0 };
  let loglik = evaluate(cur);
  history.push(loglik);
  const llChange = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
  // Moves to `next` (already evaluated, log-likelihood llNext ≥ loglik); true when converged.
  const accept = (next: Params, llNext: number): boolean => {
    const done = llChange(llNext, loglik) < tol && change(cur, next) < tol;
    cur = next;
    loglik = llNext;
    history.push(llNext);
    return done;
  };
  while (iterations < maxIter && !converged) {
    const p1 = mstep(cur);
    iterations++;
    const ll1 = evaluate(p1);
    const p0 = cur;
    if (accept(p1, ll1)) {
      converged = true;
      break;
    }
    if (!accelerate || iterations >= maxIter) continue;
    const p2 = mstep(p1);
    iterations++;
    const pe = extrapolate(p0, p1, p2);
    if (pe) {
      const lle = evaluate(pe);
      if (Number.isFinite(lle) && lle >= ll1) {
        extrapolations++;
        converged = accept(pe, lle);
        continue;
      }
    }
    converged = accept(p2, evaluate(p2));
  }
  // The last evaluate() was at cur: r, λ and w are those of the final parameters.
  const theta = cur.theta;
  const mu = cur.mu;
  shape = cur.shape;
  scale = cur.scale;
  w = discreteWeibullWeights(shape, scale, L);
  let se: Float64Array = new Float64Array(P).fill(NaN);
  let shapeSe = NaN;
  let scaleSe = NaN;
  let muSe: Float64Array = new Float64Array(C).fill(NaN);
  try {
    const info = hawkesInformation(n, C, T, design, theta, shape, scale, mu, L);
    se = info.theta;
    shapeSe = shape * info.logShape;
    scaleSe = scale * info.logScale;
    muSe = info.mu;
  } catch (e) {
    if (!(e instanceof EpikitError)) throw e;
  }
  return {
    variant,
    lag: design.lag,
    psi,
    L,
    truncationMass: discreteWeibullTail(shape, scale, L),
    coefficientNames: design.names,
    theta,
    standardErrors: se,
    standardErrorsCompleteData: standardErrors,
    shape,
    scale,
    shapeStandardError: shapeSe,
    scaleStandardError: scaleSe,
    muStandardErrors: muSe,
    w,
    mu,
    r,
    lambda,
    logLikelihood: loglik,
    logLikelihoodHistory: history,
    iterations,
    extrapolations,
    converged,
    design,
  };
}
