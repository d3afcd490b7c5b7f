/**
 * Standard errors of a Hawkes fit from the Fisher information of the observed-data likelihood.
 * Given the past, n_c(t) ~ Poisson(λ_c(t)), so the (conditional) information is
 *   I = Σ_c Σ_t ∇λ_c(t) ∇λ_c(t)ᵀ / λ_c(t)
 * over φ = (θ, log shape, log scale) and the background rates μ_c, with
 *   ∂λ_c(t)/∂θ_p = Σ_d w(d) R_c(t−d) x_cp(t−d) n_c(t−d),  ∂λ/∂log shape|scale = Σ_d ∂w(d) R n,
 *   ∂λ_c(t)/∂μ_c = 1.
 * Each μ_c touches one county only, so the μ's are profiled out exactly by the Schur complement
 *   I_φφ − Σ_c I_φμc I_μcφ / I_μcμc,
 * and the standard errors are the square roots of the diagonal of its inverse. Unlike the
 * θ M-step's (XᵀWX)⁻¹ (complete-data information, which ignores that parents are unobserved and
 * understates the uncertainty, notably of R against μ), this accounts for the latent branching.
 */
import { EpikitError } from '../errors.js';
import { discreteWeibullWeights } from './discrete-weibull.js';
import type { HawkesDesign } from './hawkes-design.js';
import { cholesky, choleskyInverse } from './poisson-regression.js';

export interface HawkesInformationResult {
  /** Standard errors of θ. */
  theta: Float64Array;
  /** Standard errors of log shape and log scale. */
  logShape: number;
  logScale: number;
  /** Standard errors of μ_c (with φ profiled: sqrt of the μ block of the full inverse). */
  mu: Float64Array;
  /** Inverse of the profiled information over (θ, log shape, log scale), (P+2)×(P+2). */
  covariance: Float64Array;
}

/**
 * O(C·T·L·(P + 2)) time, O(T·(P + 2)) extra memory.
 * @throws EpikitError E_INPUT_RANGE when the information matrix is singular.
 */
export function hawkesInformation(
  counts: Float64Array,
  C: number,
  T: number,
  design: HawkesDesign,
  theta: Float64Array,
  shape: number,
  scale: number,
  mu: Float64Array,
  L: number,
): HawkesInformationResult {
  const P = theta.length;
  const Q = P + 2;
  const w = discreteWeibullWeights(shape, scale, L);
  // ∂w/∂(log shape), ∂w/∂(log scale) by central differences (L values; error ~1e-10 relative).
  const h = 1e-6;
  const wa1 = discreteWeibullWeights(shape * Math.exp(h), scale, L);
  const wa0 = discreteWeibullWeights(shape * Math.exp(-h), scale, L);
  const wb1 = discreteWeibullWeights(shape, scale * Math.exp(h), L);
  const wb0 = discreteWeibullWeights(shape, scale * Math.exp(-h), L);
  const dwa = new Float64Array(L);
  const dwb = new Float64Array(L);
  for (let d = 0; d < L; d++) {
    dwa[d] = (wa1[d] - wa0[d]) / (2 * h);
    dwb[d] = (wb1[d] - wb0[d]) / (2 * h);
  }
  const Iff = new Float64Array(Q * Q);
  const Ifm = new Float64Array(C * Q);
  const Imm = new Float64Array(C);
  const x = new Float64Array(P);
  const ax = new Float64Array(T * P); // R n x_p per day
  const a = new Float64Array(T);
  const g = new Float64Array(Q);
  const schur = new Float64Array(Q * Q);
  for (let c = 0; c < C; c++) {
    for (let j = 0; j < T; j++) {
      design.row(c, j, x);
      let eta = 0;
      for (let p = 0; p < P; p++) eta += x[p] * theta[p];
      a[j] = Math.exp(eta) * counts[c * T + j];
      for (let p = 0; p < P; p++) ax[j * P + p] = a[j] * x[p];
    }
    let imm = 0;
    const ifm = new Float64Array(Q);
    for (let t = 0; t < T; t++) {
      g.fill(0);
      let lam = mu[c];
      const dmax = Math.min(t, L);
      for (let d = 1; d <= dmax; d++) {
        const j = t - d;
        const aj = a[j];
        if (aj === 0) continue;
        const wd = w[d - 1];
        lam += wd * aj;
        for (let p = 0; p < P; p++) g[p] += wd * ax[j * P + p];
        g[P] += dwa[d - 1] * aj;
        g[P + 1] += dwb[d - 1] * aj;
      }
      if (!(lam > 0)) continue;
      const inv = 1 / lam;
      imm += inv;
      for (let p = 0; p < Q; p++) {
        const gp = g[p] * inv;
        ifm[p] += gp;
        for (let q = p; q < Q; q++) Iff[p * Q + q] += gp * g[q];
      }
    }
    Imm[c] = imm;
    Ifm.set(ifm, c * Q);
    if (imm > 0) for (let p = 0; p < Q; p++) for (let q = p; q < Q; q++) schur[p * Q + q] += (ifm[p] * ifm[q]) / imm;
  }
  const S = new Float64Array(Q * Q);
  for (let p = 0; p < Q; p++) {
    for (let q = p; q < Q; q++) {
      S[p * Q + q] = Iff[p * Q + q] - schur[p * Q + q];
      S[q * Q + p] = S[p * Q + q];
    }
  }
  const l = cholesky(S, Q);
  if (!l) throw new EpikitError('E_INPUT_RANGE', `the Fisher information of (θ, shape, scale) is singular: the covariates are collinear or the data carry no information on R`, { argument: 'inputs' });
  const cov = choleskyInverse(l, Q);
  const se = new Float64Array(P);
  for (let p = 0; p < P; p++) se[p] = Math.sqrt(cov[p * Q + p]);
  // Var μ_c (block inverse): 1/I_μμ + (I_μφ/I_μμ)ᵀ cov (I_μφ/I_μμ)
  const muSe = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const imm = Imm[c];
    if (!(imm > 0)) {
      muSe[c] = NaN;
      continue;
    }
    let v = 1 / imm;
    for (let p = 0; p < Q; p++) for (let q = 0; q < Q; q++) v += ((Ifm[c * Q + p] / imm) * cov[p * Q + q] * Ifm[c * Q + q]) / imm;
    muSe[c] = Math.sqrt(v);
  }
  return { theta: se, logShape: Math.sqrt(cov[P * Q + P]), logScale: Math.sqrt(cov[(P + 1) * Q + P + 1]), mu: muSe, covariance: cov };
}
