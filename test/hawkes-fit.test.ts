import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import { kernelsFor } from '../lib/backend/registry.js';
import { discreteWeibullWeights } from '../lib/hawkes/discrete-weibull.js';
import { fitHawkes } from '../lib/hawkes/fit-hawkes.js';
import { hawkesDesign, type HawkesInputs } from '../lib/hawkes/hawkes-design.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, maxRelDiff, parityBackends } from './helpers/backends.js';

/** Inputs with random covariates and mobility; counts filled by simulate(). */
function makeInputs(seed: number, C: number, T: number, lead: number): HawkesInputs {
  const rng = new Xoshiro256(seed);
  const dates = Array.from({ length: T }, (_, t) => `d${t}`);
  const mobilityDates = Array.from({ length: T + lead }, (_, t) => (t < lead ? `m${t}` : `d${t - lead}`));
  const covariates = Float64Array.from({ length: C * 2 }, () => rng.uniform() * 2 - 1);
  const mobility = new Float64Array(C * (T + lead));
  for (let c = 0; c < C; c++) {
    const phase = 6 * rng.uniform();
    for (let t = 0; t < T + lead; t++) mobility[c * (T + lead) + t] = -30 + 20 * Math.sin(t / 9 + phase) + 5 * (rng.uniform() - 0.5);
  }
  return { fips: Array.from({ length: C }, (_, c) => String(1000 + c)), dates, counts: new Float64Array(C * T), mobilityTypes: ['retail'], mobilityDates, mobility, covariateNames: ['a', 'b'], covariates };
}

/** One realisation of the model over T days from the simulation kernel (1 realisation, empty day-0 history). */
function simulate(inputs: HawkesInputs, theta: number[], variant: 'constant' | 'full', lag: number, mu: Float64Array, shape: number, scale: number, seed: number) {
  const C = inputs.fips.length;
  const T = inputs.dates.length;
  const L = Math.min(T - 1, 60);
  const design = hawkesDesign(inputs, variant, lag);
  const x = new Float64Array(design.names.length);
  const r = new Float64Array(C * (T + 1));
  for (let c = 0; c < C; c++) {
    for (let t = 0; t < T; t++) {
      design.row(c, t, x);
      r[c * (T + 1) + 1 + t] = Math.exp(x.reduce((s, v, p) => s + v * theta[p], 0));
    }
  }
  const w = discreteWeibullWeights(shape, scale, L);
  const mean = new Float64Array(C * T);
  kernelsFor().hawkesSimulate(new Float64Array(C), r, mu, w, C, 1, L, T, 1, seed, 0, mean, new Float64Array(C * T * 7), null);
  inputs.counts.set(mean);
  const rt = new Float64Array(C * T);
  for (let c = 0; c < C; c++) for (let t = 0; t < T; t++) rt[c * T + t] = r[c * (T + 1) + 1 + t];
  return rt;
}

describe.each(backendsUnderTest())('fitHawkes on %s', (backend) => {
  it('recovers θ, the Weibull and μ from data simulated with known parameters (full variant); log-likelihood never decreases', () => {
    const C = 60;
    const T = 120;
    const inputs = makeInputs(1, C, T, 5);
    const theta = [-0.35, 0.3, 0.25, -0.3];
    const mu = Float64Array.from({ length: C }, (_, c) => 0.5 + (2.5 * c) / C);
    const truthR = simulate(inputs, theta, 'full', 3, mu, 2, 4, 99);
    const fit = fitHawkes(inputs, { backend, variant: 'full', lag: 3, maxIter: 3000 });
    expect(fit.coefficientNames).toEqual(['intercept', 'mobility:retail', 'a', 'b']);
    expect(fit.converged).toBe(true);
    for (let p = 0; p < 4; p++) expect(Math.abs(fit.theta[p] - theta[p])).toBeLessThan(4 * fit.standardErrors[p]);
    expect(fit.shape).toBeGreaterThan(1.6);
    expect(fit.shape).toBeLessThan(2.4);
    expect(fit.scale).toBeGreaterThan(3.5);
    expect(fit.scale).toBeLessThan(4.5);
    let muErr = 0;
    for (let c = 0; c < C; c++) muErr += Math.abs(fit.mu[c] - mu[c]) / C;
    expect(muErr).toBeLessThan(0.6);
    const h = fit.logLikelihoodHistory;
    for (let i = 1; i < h.length; i++) expect(h[i]).toBeGreaterThanOrEqual(h[i - 1] - 1e-9 * Math.abs(h[i - 1]));
    expect(h[h.length - 1]).toBe(fit.logLikelihood);
    expect(fit.truncationMass).toBeLessThan(1e-8);
    // the MLE is at least as likely as the truth
    const L = fit.L;
    const z = () => new Float64Array(C * T);
    const truthLl = kernelsFor(backend).hawkesEStep(inputs.counts, truthR, mu, discreteWeibullWeights(2, 4, L), C, T, L, 0, z(), z(), z(), new Float64Array(L));
    expect(fit.logLikelihood).toBeGreaterThan(truthLl);
  });

  it('constant variant: θ0 ≈ log R (the short-series bias of the branching ratio is small at T = 300)', () => {
    const C = 20;
    const T = 300;
    const inputs = makeInputs(2, C, T, 0);
    const mu = new Float64Array(C).fill(2);
    simulate(inputs, [Math.log(0.7)], 'constant', 0, mu, 1.5, 3, 5);
    const fit = fitHawkes({ fips: inputs.fips, dates: inputs.dates, counts: inputs.counts }, { backend, maxIter: 3000, accelerate: false });
    expect(fit.variant).toBe('constant');
    expect(fit.converged).toBe(true);
    expect(fit.theta.length).toBe(1);
    expect(Math.abs(fit.theta[0] - Math.log(0.7))).toBeLessThan(0.05);
    expect(Math.abs(fit.theta[0] - Math.log(0.7))).toBeLessThan(4 * fit.standardErrors[0]);
    // the complete-data SE of the θ M-step is smaller (see hawkes-standard-errors.test.ts)
    expect(fit.standardErrorsCompleteData[0]).toBeLessThan(fit.standardErrors[0]);
    expect(Math.abs(fit.shape - 1.5)).toBeLessThan(4 * fit.shapeStandardError);
    expect(Math.abs(fit.scale - 3)).toBeLessThan(4 * fit.scaleStandardError);
    expect(Math.abs(fit.shape - 1.5)).toBeLessThan(0.25);
    expect(Math.abs(fit.scale - 3)).toBeLessThan(0.4);
    const h = fit.logLikelihoodHistory;
    for (let i = 1; i < h.length; i++) expect(h[i]).toBeGreaterThanOrEqual(h[i - 1] - 1e-9 * Math.abs(h[i - 1]));
  });

  it('Ψ > 0 leaves the last Ψ days out as parents and still fits', () => {
    const inputs = makeInputs(3, 20, 80, 0);
    simulate(inputs, [Math.log(0.6)], 'constant', 0, new Float64Array(20).fill(3), 2, 4, 6);
    const fit = fitHawkes(inputs, { backend, variant: 'constant', psi: 10 });
    expect(fit.psi).toBe(10);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(Math.abs(fit.theta[0] - Math.log(0.6))).toBeLessThan(0.3);
  });

  it('bad input → EpikitError naming the argument', () => {
    const inputs = makeInputs(4, 3, 10, 2);
    inputs.counts.fill(1);
    const bad = (patch: Partial<HawkesInputs>, options = {}) => () => fitHawkes({ ...inputs, ...patch }, { backend, ...options });
    expect(bad({ counts: Float64Array.of(1, 2) })).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE', message: expect.stringMatching(/inputs\.counts/) }));
    const neg = Float64Array.from(inputs.counts);
    neg[4] = -1;
    expect(bad({ counts: neg })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/inputs\.counts\[4\]/) }));
    const frac = Float64Array.from(inputs.counts);
    frac[5] = 1.5;
    expect(bad({ counts: frac })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
    expect(bad({}, { lag: 3 })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/options\.lag/) }));
    expect(bad({}, { psi: 9 })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/options\.psi/) }));
    expect(bad({}, { variant: 'other' })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/options\.variant/) }));
    expect(bad({ mobility: undefined }, { variant: 'mobility' })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/no mobility/) }));
    expect(bad({ dates: ['d0'], counts: new Float64Array(3) })).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE', message: expect.stringMatching(/at least 2/) }));
  });
});

describe('fitHawkes parity', () => {
  const backends = parityBackends();
  it.runIf(backends.length === 2)('native and wasm give the same fit', () => {
    const inputs = makeInputs(5, 15, 60, 3);
    simulate(inputs, [-0.3, 0.2, 0.2, -0.1], 'full', 2, new Float64Array(15).fill(1.5), 2, 4, 7);
    // plain EM: the same path step for step
    const [a, b] = backends.map((backend) => fitHawkes(inputs, { backend, lag: 2, accelerate: false }));
    expect(a.iterations).toBe(b.iterations);
    expect(maxRelDiff(a.theta, b.theta)).toBeLessThan(1e-9);
    expect(maxRelDiff(a.mu, b.mu)).toBeLessThan(1e-9);
    expect(Math.abs(a.shape - b.shape) / a.shape).toBeLessThan(1e-9);
    // accelerated: last-ulp differences of log/exp can flip an extrapolation's acceptance, so the
    // paths may differ by a few steps; the optimum is the same (to the convergence tolerance)
    const [c, d] = backends.map((backend) => fitHawkes(inputs, { backend, lag: 2, tol: 1e-7 }));
    expect(c.converged && d.converged).toBe(true);
    expect(maxRelDiff(c.theta, d.theta)).toBeLessThan(1e-5);
    expect(maxRelDiff(c.mu, d.mu)).toBeLessThan(1e-5);
    expect(Math.abs(c.logLikelihood - d.logLikelihood) / Math.abs(c.logLikelihood)).toBeLessThan(1e-10);
    // and at least as likely as where the slow plain EM stops at its default tolerance
    expect(c.logLikelihood).toBeGreaterThanOrEqual(a.logLikelihood - 1e-9 * Math.abs(a.logLikelihood));
  });
});
