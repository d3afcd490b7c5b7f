/**
 * Hawkes kernels (native/kernels/hawkes.{h,cc}, assembly/kernels/hawkes.ts): the E-step of the
 * discrete-time Hawkes EM, the IRLS accumulation of its Poisson regression M-step, and the
 * forecast simulation. Arrays over counties × days are row-major: `a[c * T + t]`.
 * See native/kernels/hawkes.h for the exact contract.
 */
export interface HawkesKernels {
  /**
   * E-step over C counties and T days with kernel w (L lags, w[0] = lag 1):
   * λ_c(t) = μ_c + Σ_{d=1}^{min(L,t)} w(d) R_c(t−d) n_c(t−d) → `lambda`; expected background events
   * n_c(t) μ_c / λ_c(t) → `background`; expected children of one event of day j,
   * R_c(j) Σ_d w(d) n_c(j+d) / λ_c(j+d) → `q`; expected parent→child pairs at lag d over parents
   * j < T − psi → `freq[d − 1]`. Returns Σ n log λ − λ (−Infinity if λ = 0 < n). O(C·T·L).
   * counts, r: C×T; mu: C; w, freq: L with 1 ≤ L ≤ T; 0 ≤ psi < T; all inputs finite and ≥ 0.
   */
  hawkesEStep(
    counts: Float64Array,
    r: Float64Array,
    mu: Float64Array,
    w: Float64Array,
    c: number,
    t: number,
    l: number,
    psi: number,
    lambda: Float64Array,
    q: Float64Array,
    background: Float64Array,
    freq: Float64Array,
  ): number;
  /**
   * One IRLS step's sums for a weighted Poisson regression with log link over the rows×p design
   * x: with η = offset + xβ, m = exp(η), W = weight·m, z = xβ + (y − m)/m, writes xtwx = XᵀWX (p×p)
   * and xtwz = XᵀWz over rows with weight > 0; returns the deviance 2Σ weight (y log(y/m) − (y − m)).
   * `offset` may be null (0). O(rows·p²).
   */
  hawkesPoissonAccumulate(
    x: Float64Array,
    rows: number,
    p: number,
    y: Float64Array,
    weight: Float64Array,
    offset: Float64Array | null,
    beta: Float64Array,
    xtwx: Float64Array,
    xtwz: Float64Array,
  ): number;
  /**
   * Forecast simulation of h days after T observed days, `realisations` times per county, each
   * (realisation, countyOffset + c) with its own stream derived from `seed`:
   * n(t) ~ Poisson(μ_c + Σ_d w(d) R_c(t−d) n(t−d)) (exact sampler). counts: C×T; r: C×(T+h);
   * mu: C; w: L. Writes mean (C×h) and quantiles (C×h×7 at 0.025, 0.1, 0.25, 0.5, 0.75, 0.9,
   * 0.975, type 7). `cumulativeQuantiles` (C×h×7, or null / undefined / length 0: not computed,
   * no extra cost): the same 7 quantiles, by the same code, of each realisation's running total
   * Σ_{d ≤ k} n(T + d) — entry (c·h + k)·7 + i is quantile i of the total over forecast days
   * 1..k+1, so one simulation scores every window length up to h. Any other length: E_INPUT_SHAPE.
   * O(C·realisations·h·L) plus sorting (O(C·h·realisations·log realisations), twice with
   * cumulativeQuantiles).
   */
  hawkesSimulate(
    counts: Float64Array,
    r: Float64Array,
    mu: Float64Array,
    w: Float64Array,
    c: number,
    t: number,
    l: number,
    h: number,
    realisations: number,
    seed: number,
    countyOffset: number,
    mean: Float64Array,
    quantiles: Float64Array,
    cumulativeQuantiles: Float64Array | null | undefined,
  ): void;
  /**
   * The raw simulated counts behind hawkesSimulate, for realisations firstRealisation ..
   * firstRealisation + realisations − 1: `paths[(c * realisations + s) * h + k]` is n(T + k) of
   * county countyOffset + c in realisation firstRealisation + s — the same stream and draws as
   * hawkesSimulate's realisation firstRealisation + s (streams depend only on seed, realisation and
   * county), so ranges concatenated in order are hawkesSimulate's draws, and
   * summariseHawkesPaths (lib/hawkes) turns them into its exact mean and quantiles. counts: C×T;
   * r: C×(T+h); mu: C; w: L; paths: C×realisations×h (else E_INPUT_SHAPE); 0 ≤ firstRealisation
   * and firstRealisation + realisations ≤ 2^24 (else E_INPUT_RANGE). O(C·realisations·h·L).
   */
  hawkesSimulatePaths(
    counts: Float64Array,
    r: Float64Array,
    mu: Float64Array,
    w: Float64Array,
    c: number,
    t: number,
    l: number,
    h: number,
    firstRealisation: number,
    realisations: number,
    seed: number,
    countyOffset: number,
    paths: Float64Array,
  ): void;
  /** Fill `out` with Poisson(mean) draws of stream Xoshiro256(seed), with the simulator's sampler. */
  hawkesPoissonSample(mean: number, seed: number, out: Float64Array): void;
}
