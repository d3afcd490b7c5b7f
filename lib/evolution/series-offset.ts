/**
 * Series evolution offset δ of James & Menzies (2020): the integer shift that best aligns two
 * k̂ curves (cases k̂_X, deaths k̂_Y) in L1. The paper's equation is not in its text; the
 * objective below (deaths shifted, normalised by the overlap) is a RECONSTRUCTION (unverified)
 * with its normalisation and range exposed as options.
 */
import { EpikitError, describeValue } from '../errors.js';
import { finiteVector, integerIn } from '../validate.js';

export interface SeriesOffsetOptions {
  /** Shifts searched, [δmin, δmax] inclusive (default [−60, 60]). */
  range?: readonly [number, number];
  /**
   * true (default): mean absolute difference over the overlap, (1/overlap) Σ_t |kX(t) − kY(t + δ)|;
   * false: the plain sum (which favours large |δ|, whose overlap is short).
   */
  normalise?: boolean;
  /** Shifts whose overlap is shorter than this are not eligible (objective NaN; default 1). */
  minOverlap?: number;
}

export interface SeriesOffsetResult {
  /**
   * The best shift δ*: positive = the Y (deaths) curve lags X (cases) by δ days. Ties (equal
   * objective, compared exactly) go to the smallest |δ|, then to the negative one.
   */
  delta: number;
  /** Objective at δ*. */
  value: number;
  /** The shifts searched, δmin … δmax. */
  deltas: Int32Array;
  /** Objective per shift (NaN where the overlap is below minOverlap). */
  objective: Float64Array;
  /** Overlap length (number of terms) per shift. */
  overlap: Int32Array;
}

/**
 * δ* = argmin over δ in `range` of (1/overlap(δ)) Σ_t |kX(t) − kY(t + δ)|, the sum over the days
 * t where both kX(t) and kY(t + δ) exist (the curves may differ in length). Y is shifted, so a
 * positive δ means Y lags X: with X = cases and Y = deaths, the paper reports δ = 32. Ties go
 * to the smallest |δ|, then to the negative δ; values are compared exactly (the normalised
 * objectives a/m and b/m' by a·m' vs b·m, exact for integer curves).
 *
 * Complexity: O(R·min(TX, TY)) for R = δmax − δmin + 1 shifts.
 *
 * @example
 * const x = [1, 1, 2, 3, 3, 3];
 * const y = [1, 1, 1, 1, 2, 3];          // x delayed by 2
 * seriesOffset(x, y, { range: [-3, 3] }).delta; // 2
 *
 * @throws {EpikitError} E_INPUT_EMPTY / E_INPUT_NAN / E_INPUT_TYPE for a bad curve;
 *   E_INPUT_RANGE for a range that is not two integers with δmin ≤ δmax, a bad minOverlap, or
 *   when no shift in the range has enough overlap; E_INPUT_TYPE for a non-boolean normalise.
 */
export function seriesOffset(kX: ArrayLike<number>, kY: ArrayLike<number>, options: SeriesOffsetOptions = {}): SeriesOffsetResult {
  const x = finiteVector('kX', kX);
  const y = finiteVector('kY', kY);
  let lo = -60;
  let hi = 60;
  if (options.range !== undefined) {
    const r = options.range as unknown;
    if (!Array.isArray(r) || r.length !== 2) {
      throw new EpikitError('E_INPUT_TYPE', `options.range must be [δmin, δmax], got ${describeValue(r)}`, { argument: 'options.range' });
    }
    lo = integerIn('options.range[0]', r[0], -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    hi = integerIn('options.range[1]', r[1], -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    if (lo > hi) {
      throw new EpikitError('E_INPUT_RANGE', `options.range is [${lo}, ${hi}]: δmin must not exceed δmax`, { argument: 'options.range', value: [lo, hi] });
    }
    if (hi - lo > 1e7) {
      throw new EpikitError('E_INPUT_RANGE', `options.range is [${lo}, ${hi}]: at most 10,000,001 shifts`, { argument: 'options.range', value: [lo, hi] });
    }
  }
  const normalise = options.normalise === undefined ? true : options.normalise;
  if (typeof normalise !== 'boolean') {
    throw new EpikitError('E_INPUT_TYPE', `options.normalise must be true or false, got ${describeValue(normalise)}`, { argument: 'options.normalise' });
  }
  const minOverlap = options.minOverlap === undefined ? 1 : integerIn('options.minOverlap', options.minOverlap, 1, Number.MAX_SAFE_INTEGER);

  const R = hi - lo + 1;
  const deltas = new Int32Array(R);
  const objective = new Float64Array(R).fill(NaN);
  const overlap = new Int32Array(R);
  let best = -1;
  let bestSum = 0;
  let bestM = 0;
  for (let j = 0; j < R; j++) {
    const delta = lo + j;
    deltas[j] = delta;
    // t in [0, TX) with t + δ in [0, TY)
    const t0 = Math.max(0, -delta);
    const t1 = Math.min(x.length, y.length - delta);
    const m = Math.max(0, t1 - t0);
    overlap[j] = m;
    if (m < minOverlap) continue;
    let sum = 0;
    for (let t = t0; t < t1; t++) sum += Math.abs(x[t] - y[t + delta]);
    objective[j] = normalise ? sum / m : sum;
    if (best < 0) {
      best = j;
      bestSum = sum;
      bestM = m;
      continue;
    }
    // Compare sum/m with bestSum/bestM exactly when normalised (cross-multiplied).
    const a = normalise ? sum * bestM : sum;
    const b = normalise ? bestSum * m : bestSum;
    const bestDelta = deltas[best];
    const closer = Math.abs(delta) < Math.abs(bestDelta) || (Math.abs(delta) === Math.abs(bestDelta) && delta < bestDelta);
    if (a < b || (a === b && closer)) {
      best = j;
      bestSum = sum;
      bestM = m;
    }
  }
  if (best < 0) {
    throw new EpikitError(
      'E_INPUT_RANGE',
      `options.range [${lo}, ${hi}] has no shift with at least ${minOverlap} overlapping day${minOverlap === 1 ? '' : 's'} between kX (length ${x.length}) and kY (length ${y.length})`,
      { argument: 'options.range', value: [lo, hi] },
    );
  }
  return { delta: deltas[best], value: objective[best], deltas, objective, overlap };
}
