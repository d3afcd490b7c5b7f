/**
 * The discretised Weibull triggering kernel of the Hawkes model: w(d) = F(d) − F(d − 1),
 * d = 1..L, F(x) = 1 − exp(−(x/scale)^shape) — exactly the law of ⌈X⌉ for X ~ Weibull, so the
 * fit and the simulator agree (HawkPR used the pdf at integer lags in the fit and ⌈X⌉ in the
 * simulator) — and its weighted maximum-likelihood fit from lag weights (the EM's M-step).
 *
 * Naming: `shape` is k and `scale` is λ in F(x) = 1 − exp(−(x/λ)^k) (mean λ·Γ(1 + 1/k)).
 * HawkPR's code calls the scale `alpha` and the shape `beta`; its README and the paper say the
 * opposite.
 */
import { EpikitError } from '../errors.js';
import { finiteVector, integerIn, numberIn } from '../validate.js';

/** u(x) = (x/scale)^shape with its derivatives with respect to a = log shape and b = log scale. */
function uAt(x: number, shape: number, logScale: number): { u: number; da: number; db: number } {
  if (x <= 0) return { u: 0, da: 0, db: 0 };
  const lx = Math.log(x) - logScale;
  const u = Math.exp(shape * lx);
  return { u, da: shape * u * lx, db: -shape * u };
}

/**
 * w(d) = F(d) − F(d − 1) for d = 1..L, computed as S(d − 1)·(1 − e^{−(u_d − u_{d−1})}) with
 * S = 1 − F and u = (d/scale)^shape, accurate in the far tail (no cancellation).
 * O(L).
 * @example
 * discreteWeibullWeights(1, 1, 2); // [1 − e^−1, e^−1 − e^−2]
 * @throws EpikitError E_INPUT_RANGE / E_INPUT_NAN / E_INPUT_TYPE for shape or scale not in (0, 1e6] or L not an integer ≥ 1.
 */
export function discreteWeibullWeights(shape: number, scale: number, L: number): Float64Array {
  numberIn('shape', shape, 1e-6, 1e6);
  numberIn('scale', scale, 1e-6, 1e9);
  integerIn('L', L, 1, 1 << 26);
  const w = new Float64Array(L);
  const lb = Math.log(scale);
  let uPrev = 0;
  for (let d = 1; d <= L; d++) {
    const u = uAt(d, shape, lb).u;
    const survivor = Math.exp(-uPrev);
    // Beyond the numerical support (uPrev = ∞, e.g. a huge shape) the mass is 0, not ∞ − ∞ = NaN.
    w[d - 1] = survivor === 0 ? 0 : survivor * -Math.expm1(-(u - uPrev));
    uPrev = u;
  }
  return w;
}

/** 1 − F(L) = exp(−(L/scale)^shape): the kernel mass beyond lag L (lost by the truncation). */
export function discreteWeibullTail(shape: number, scale: number, L: number): number {
  return Math.exp(-Math.pow(L / scale, shape));
}

/**
 * The smallest support L ≥ 1 with 1 − F(L) < tol, capped at `cap`: L = ⌈scale·(−log tol)^{1/shape}⌉.
 * @example
 * discreteWeibullSupport(2, 5, 1e-8); // 22
 */
export function discreteWeibullSupport(shape: number, scale: number, tol = 1e-8, cap = 1 << 20): number {
  let L = Math.max(1, Math.ceil(scale * Math.pow(-Math.log(tol), 1 / shape)));
  while (L > 1 && discreteWeibullTail(shape, scale, L - 1) < tol) L--;
  while (discreteWeibullTail(shape, scale, L) >= tol && L < cap) L++;
  return Math.min(L, cap);
}

export interface DiscreteWeibullObjective {
  value: number;
  /** ∂/∂(log shape), ∂/∂(log scale). */
  gradient: [number, number];
}

/**
 * The M-step objective at (log shape, log scale) = (a, b):
 * - with `exposure` e (length L): Σ_d freq_d log w(d) − Σ_m e_m F(m) — the Weibull part of the
 *   expected complete-data log-likelihood of the Hawkes EM, e_m being the expected offspring
 *   Σ R·n of the parents whose observed future spans m days (m = L collects all spans ≥ L);
 * - without: Σ_d freq_d log(w(d) / F(L)), the log-likelihood of lags truncated to 1..L.
 * Returns the value and its analytic gradient. O(L).
 */
export function discreteWeibullObjective(freq: Float64Array, a: number, b: number, exposure?: Float64Array): DiscreteWeibullObjective {
  const L = freq.length;
  const shape = Math.exp(a);
  let value = 0;
  let ga = 0;
  let gb = 0;
  let prev = { u: 0, da: 0, db: 0 };
  let total = 0;
  for (let d = 1; d <= L; d++) {
    const cur = uAt(d, shape, b);
    const f = freq[d - 1];
    if (f > 0) {
      const delta = cur.u - prev.u;
      const em1 = Math.expm1(delta);
      // log w = −u_{d−1} + log(1 − e^{−Δ}); ∂ log w = −∂u_{d−1} + (∂u_d − ∂u_{d−1}) / (e^Δ − 1)
      value += f * (-prev.u + Math.log(-Math.expm1(-delta)));
      ga += f * (-prev.da + (cur.da - prev.da) / em1);
      gb += f * (-prev.db + (cur.db - prev.db) / em1);
      total += f;
    }
    if (exposure) {
      const e = exposure[d - 1];
      if (e !== 0) {
        // F(m) = 1 − e^{−u_m}, ∂F = e^{−u_m} ∂u_m
        const s = Math.exp(-cur.u);
        value -= e * -Math.expm1(-cur.u);
        ga -= e * s * cur.da;
        gb -= e * s * cur.db;
      }
    }
    prev = cur;
  }
  if (!exposure && total > 0) {
    // − Σf · log F(L), F(L) = 1 − e^{−u_L}
    const s = Math.exp(-prev.u);
    const F = -Math.expm1(-prev.u);
    value -= total * Math.log(F);
    ga -= (total * s * prev.da) / F;
    gb -= (total * s * prev.db) / F;
  }
  return { value, gradient: [ga, gb] };
}

export interface DiscreteWeibullFitOptions {
  /** Starting point. Default: shape 2, scale = the weighted mean lag / Γ(1.5). */
  start?: { shape: number; scale: number };
  /** Exposure per span (see discreteWeibullObjective); length L. */
  exposure?: ArrayLike<number>;
  /** Newton iteration cap. Default 200. */
  maxIter?: number;
  /** Stop when the Newton step in (log shape, log scale) is below tol in both. Default 1e-10. */
  tol?: number;
}

export interface DiscreteWeibullFit {
  shape: number;
  scale: number;
  /** The objective at the optimum. */
  objective: number;
  /** Its gradient there (≈ 0). */
  gradient: [number, number];
  iterations: number;
  converged: boolean;
}

/**
 * Weighted maximum likelihood of the discretised Weibull from lag weights freq(d), d = 1..L
 * (the EM's expected parent→child pairs at each lag): maximises discreteWeibullObjective by
 * Newton's method on (log shape, log scale) — analytic gradient, Hessian by central differences
 * of the gradient — with a backtracking line search (halving until the objective increases) and
 * a gradient-ascent step whenever the Hessian is not negative definite. Log-parameters keep
 * shape and scale positive; both are kept in [1e-3, 1e4].
 *
 * Complexity: O(iterations · L).
 * @example
 * const w = discreteWeibullWeights(2.5, 6, 40);
 * const fit = fitDiscreteWeibull(w.map((v) => 1000 * v));
 * [fit.shape, fit.scale]; // ≈ [2.5, 6]
 * @throws EpikitError E_INPUT_EMPTY (no positive weight), E_INPUT_NAN / E_INPUT_RANGE / E_INPUT_SHAPE (bad freq, exposure or options).
 */
export function fitDiscreteWeibull(freq: ArrayLike<number>, options: DiscreteWeibullFitOptions = {}): DiscreteWeibullFit {
  const f = finiteVector('freq', freq);
  let total = 0;
  let mean = 0;
  for (let d = 1; d <= f.length; d++) {
    if (f[d - 1] < 0) throw new EpikitError('E_INPUT_RANGE', `freq[${d - 1}] is ${f[d - 1]}: expected a weight ≥ 0`, { argument: 'freq', index: d - 1 });
    total += f[d - 1];
    mean += d * f[d - 1];
  }
  if (!(total > 0)) throw new EpikitError('E_INPUT_EMPTY', `freq has no positive weight: nothing to fit`, { argument: 'freq' });
  mean /= total;
  let exposure: Float64Array | undefined;
  if (options.exposure !== undefined) {
    exposure = finiteVector('options.exposure', options.exposure);
    if (exposure.length !== f.length) throw new EpikitError('E_INPUT_SHAPE', `options.exposure has length ${exposure.length}: expected ${f.length} (one per lag)`, { argument: 'options.exposure' });
  }
  const maxIter = options.maxIter === undefined ? 200 : integerIn('options.maxIter', options.maxIter, 1, 1e6);
  const tol = options.tol === undefined ? 1e-10 : numberIn('options.tol', options.tol, 0, 1);
  const LO = Math.log(1e-3);
  const HI = Math.log(1e4);
  const clamp = (v: number) => Math.min(HI, Math.max(LO, v));
  let a: number;
  let b: number;
  if (options.start) {
    a = clamp(Math.log(numberIn('options.start.shape', options.start.shape, 1e-3, 1e4)));
    b = clamp(Math.log(numberIn('options.start.scale', options.start.scale, 1e-3, 1e4)));
  } else {
    a = Math.log(2);
    b = clamp(Math.log(Math.max(0.5, mean) / 0.886226925452758));
  }
  const obj = (x: number, y: number) => discreteWeibullObjective(f, x, y, exposure);
  let cur = obj(a, b);
  let iterations = 0;
  let converged = false;
  const h = 1e-5;
  while (iterations < maxIter) {
    iterations++;
    const [ga, gb] = cur.gradient;
    // Hessian by central differences of the analytic gradient, symmetrised.
    const pa = obj(a + h, b).gradient;
    const ma = obj(a - h, b).gradient;
    const pb = obj(a, b + h).gradient;
    const mb = obj(a, b - h).gradient;
    const haa = (pa[0] - ma[0]) / (2 * h);
    const hbb = (pb[1] - mb[1]) / (2 * h);
    const hab = ((pa[1] - ma[1]) / (2 * h) + (pb[0] - mb[0]) / (2 * h)) / 2;
    const det = haa * hbb - hab * hab;
    let da: number;
    let db: number;
    if (haa < 0 && det > 0) {
      // Newton step −H⁻¹g
      da = -(hbb * ga - hab * gb) / det;
      db = -(-hab * ga + haa * gb) / det;
    } else {
      const scale = 1 / Math.max(1, Math.abs(haa) + Math.abs(hbb), Math.hypot(ga, gb));
      da = ga * scale;
      db = gb * scale;
    }
    // Cap the step at 1 in log-parameters, then backtrack.
    const len = Math.max(Math.abs(da), Math.abs(db));
    if (len > 1) {
      da /= len;
      db /= len;
    }
    let t = 1;
    let next = obj(clamp(a + da), clamp(b + db));
    while (!(next.value >= cur.value) && t > 1e-12) {
      t /= 2;
      next = obj(clamp(a + t * da), clamp(b + t * db));
    }
    if (!(next.value >= cur.value)) {
      converged = true; // no ascent possible at floating-point resolution
      break;
    }
    const na = clamp(a + t * da);
    const nb = clamp(b + t * db);
    const step = Math.max(Math.abs(na - a), Math.abs(nb - b));
    a = na;
    b = nb;
    cur = next;
    if (step < tol) {
      converged = true;
      break;
    }
  }
  return { shape: Math.exp(a), scale: Math.exp(b), objective: cur.value, gradient: cur.gradient, iterations, converged };
}
