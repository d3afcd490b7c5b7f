/**
 * Persistence baseline for the Hawkes backtests: every forecast day of a county is the mean of
 * its last `window` observed daily counts (the "persistence of the last week's mean").
 */
import { EpikitError } from '../errors.js';
import { finiteVector, integerIn } from '../validate.js';

export interface PersistenceForecastOptions {
  /** Days averaged at the end of each county's series (integer in [1, T]). Default 7. */
  window?: number;
}

/**
 * Validates daily counts C×T (row-major, one row per county): finite, ≥ 0, length C·T.
 * Shared by the baselines; returns the counts as a Float64Array (not copied if already one).
 *
 * Complexity: O(C·T).
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN, E_INPUT_TYPE, E_INPUT_SHAPE (length ≠ C·T),
 *   E_INPUT_RANGE (a negative count; C or T < 1).
 * @example
 * checkedDailyCounts([1, 0, 2, 5], 2, 2); // Float64Array [1, 0, 2, 5]: county 0 = [1, 0], county 1 = [2, 5]
 */
export function checkedDailyCounts(counts: ArrayLike<number>, counties: number, days: number): Float64Array {
  integerIn('counties', counties, 1, Number.MAX_SAFE_INTEGER);
  integerIn('days', days, 1, Number.MAX_SAFE_INTEGER);
  const n = finiteVector('counts', counts);
  if (n.length !== counties * days) {
    throw new EpikitError(
      'E_INPUT_SHAPE',
      `counts has length ${n.length}: expected counties × days = ${counties} × ${days} = ${counties * days} (row-major, one row per county)`,
      { argument: 'counts', length: n.length, expected: counties * days },
    );
  }
  for (let i = 0; i < n.length; i++) {
    if (n[i] < 0) {
      const c = Math.floor(i / days);
      throw new EpikitError('E_INPUT_RANGE', `counts[${i}] (county ${c}, day ${i - c * days}) is ${n[i]}: expected a daily count >= 0`, {
        argument: 'counts',
        index: i,
        value: n[i],
      });
    }
  }
  return n;
}

/**
 * Persistence forecast: for each county c and forecast day k = 1..horizon,
 * forecast[c, k] = (1/window) Σ_{t = T − window}^{T − 1} counts[c, t].
 *
 * Complexity: O(C·(window + horizon)).
 * @param counts daily counts, C×T row-major (finite, ≥ 0).
 * @param counties C (integer ≥ 1).
 * @param days T (integer ≥ 1).
 * @param horizon forecast days (integer in [1, 3650]).
 * @param options.window days averaged (integer in [1, T]); default 7.
 * @returns the daily forecast, C×horizon row-major.
 * @throws {EpikitError} E_INPUT_EMPTY, E_INPUT_NAN, E_INPUT_TYPE, E_INPUT_SHAPE (length ≠ C·T),
 *   E_INPUT_RANGE (negative count, horizon < 1, window outside [1, T]).
 * @example
 * // 1 county, 4 days, the mean of the last 2 days repeated over 3 days:
 * persistenceForecast([1, 2, 4, 6], 1, 4, 3, { window: 2 }); // Float64Array [5, 5, 5]
 */
export function persistenceForecast(
  counts: ArrayLike<number>,
  counties: number,
  days: number,
  horizon: number,
  { window = 7 }: PersistenceForecastOptions = {},
): Float64Array {
  const n = checkedDailyCounts(counts, counties, days);
  integerIn('horizon', horizon, 1, 3650);
  integerIn('window', window, 1, days);
  const out = new Float64Array(counties * horizon);
  for (let c = 0; c < counties; c++) {
    let s = 0;
    for (let t = days - window; t < days; t++) s += n[c * days + t];
    out.fill(s / window, c * horizon, (c + 1) * horizon);
  }
  return out;
}
