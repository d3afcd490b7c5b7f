/**
 * The covariates x_c(t) of the Hawkes reproduction number R_c(t) = exp(θ·x_c(t − Δ)): an
 * intercept, the county's mobility Δ days earlier (z-scored per type over the fit window) and
 * its demographic covariates (already z-scored by buildCountyHawkesInputs), per model variant.
 */
import { EpikitError, describeValue } from '../errors.js';
import { integerIn, oneOf } from '../validate.js';

/** 'constant': intercept only (the paper's baseline "Hawkes"); 'mobility': + lagged mobility (HawkPR_m); 'demographics': + county covariates; 'full': both (HawkPR). */
export type HawkesVariant = 'constant' | 'mobility' | 'demographics' | 'full';
export const HAWKES_VARIANTS: readonly HawkesVariant[] = ['constant', 'mobility', 'demographics', 'full'];

/** What a fit needs of buildCountyHawkesInputs' result (the other fields are ignored). */
export interface HawkesInputs {
  /** County ids, length C. */
  fips: readonly string[];
  /** Days, length T. */
  dates: readonly string[];
  /** Daily counts, C × T row-major, non-negative integers. */
  counts: Float64Array;
  mobilityTypes?: readonly string[];
  /** Mobility dates: `lead` days before dates[0] through at least dates[T − 1]. */
  mobilityDates?: readonly string[];
  /** C × Tm × K, `mobility[(c·Tm + t)·K + k]`, no NaN. */
  mobility?: Float64Array;
  covariateNames?: readonly string[];
  /** C × P z-scored covariates. */
  covariates?: Float64Array;
}

export interface HawkesDesign {
  variant: HawkesVariant;
  /** Δ. */
  lag: number;
  /** Columns: 'intercept', then 'mobility:<type>', then the covariate names. */
  names: string[];
  /** Mobility standardisation per type (over all counties and mobility days): mean and sd. */
  mobilityMean: Float64Array;
  mobilitySd: Float64Array;
  /**
   * x_c(t) for day t of the window (t may exceed T − 1 for forecasts: mobility beyond the
   * last mobility date is carried forward from it), written into out (length P).
   */
  row(c: number, t: number, out: Float64Array): void;
}

/** Resolves the variant and lag against the inputs and builds x_c(t). O(C·Tm·K). */
export function hawkesDesign(inputs: HawkesInputs, variant: HawkesVariant, lag: number | undefined): HawkesDesign {
  oneOf('options.variant', variant, HAWKES_VARIANTS);
  const C = inputs.fips.length;
  const T = inputs.dates.length;
  const useMobility = variant === 'mobility' || variant === 'full';
  const useCovariates = variant === 'demographics' || variant === 'full';
  const names = ['intercept'];
  let K = 0;
  let Tm = 0;
  let lead = 0;
  let Delta = 0;
  const mobilityMean = new Float64Array(0);
  const mobilitySd = new Float64Array(0);
  let mMean = mobilityMean;
  let mSd = mobilitySd;
  const mob = inputs.mobility;
  if (useMobility) {
    const types = inputs.mobilityTypes ?? [];
    K = types.length;
    if (!mob || K === 0 || !inputs.mobilityDates || inputs.mobilityDates.length === 0) {
      throw new EpikitError('E_INPUT_RANGE', `options.variant is "${variant}" but the inputs have no mobility (pass mobility to buildCountyHawkesInputs)`, { argument: 'options.variant', value: variant });
    }
    Tm = inputs.mobilityDates.length;
    lead = Tm - T;
    if (lead < 0 || mob.length !== C * Tm * K) {
      throw new EpikitError('E_INPUT_SHAPE', `inputs.mobility has length ${mob.length} over ${Tm} mobility dates: expected C × Tm × K = ${C} × ${Tm} × ${K} with Tm ≥ T = ${T}`, { argument: 'inputs.mobility' });
    }
    if (inputs.mobilityDates[lead] !== inputs.dates[0]) {
      throw new EpikitError('E_INPUT_RANGE', `inputs.mobilityDates[${lead}] is ${describeValue(inputs.mobilityDates[lead])}: expected the first count date ${inputs.dates[0]} (mobility must end with the counts)`, { argument: 'inputs.mobilityDates' });
    }
    Delta = lag === undefined ? lead : integerIn('options.lag', lag, 0, lead);
    mMean = new Float64Array(K);
    mSd = new Float64Array(K);
    const cells = C * Tm;
    for (let i = 0; i < mob.length; i++) {
      if (!Number.isFinite(mob[i])) throw new EpikitError('E_INPUT_NAN', `inputs.mobility[${i}] is ${describeValue(mob[i])}: expected imputed, finite values`, { argument: 'inputs.mobility', index: i });
      mMean[i % K] += mob[i];
    }
    for (let k = 0; k < K; k++) mMean[k] /= cells;
    for (let i = 0; i < mob.length; i++) mSd[i % K] += (mob[i] - mMean[i % K]) ** 2;
    for (let k = 0; k < K; k++) {
      mSd[k] = Math.sqrt(mSd[k] / cells);
      if (!(mSd[k] > 0)) throw new EpikitError('E_INPUT_RANGE', `mobility type ${types[k]} is constant over the fit window: leave it out with mobilityTypes`, { argument: 'inputs.mobility' });
      names.push(`mobility:${types[k]}`);
    }
  } else if (lag !== undefined) {
    Delta = integerIn('options.lag', lag, 0, 366);
  }
  let P0 = 0;
  const cov = inputs.covariates;
  if (useCovariates) {
    const cn = inputs.covariateNames ?? [];
    P0 = cn.length;
    if (!cov || P0 === 0) {
      throw new EpikitError('E_INPUT_RANGE', `options.variant is "${variant}" but the inputs have no covariates (pass covariates to buildCountyHawkesInputs)`, { argument: 'options.variant', value: variant });
    }
    if (cov.length !== C * P0) throw new EpikitError('E_INPUT_SHAPE', `inputs.covariates has length ${cov.length}: expected C × P = ${C} × ${P0}`, { argument: 'inputs.covariates' });
    for (let i = 0; i < cov.length; i++) {
      if (!Number.isFinite(cov[i])) throw new EpikitError('E_INPUT_NAN', `inputs.covariates[${i}] is ${describeValue(cov[i])}: expected a finite number`, { argument: 'inputs.covariates', index: i });
    }
    names.push(...cn);
  }
  const row = (c: number, t: number, out: Float64Array): void => {
    out[0] = 1;
    let o = 1;
    if (K > 0) {
      const tm = Math.min(t + lead - Delta, Tm - 1);
      const base = (c * Tm + tm) * K;
      for (let k = 0; k < K; k++) out[o++] = ((mob as Float64Array)[base + k] - mMean[k]) / mSd[k];
    }
    for (let p = 0; p < P0; p++) out[o++] = (cov as Float64Array)[c * P0 + p];
  };
  return { variant, lag: Delta, names, mobilityMean: mMean, mobilitySd: mSd, row };
}
