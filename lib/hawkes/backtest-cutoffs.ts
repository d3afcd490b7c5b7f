/**
 * The walk-forward schedule of the paper's backtest (seed 004, §3.2): for h-day forecasts, train
 * on the data before the first cut-off, forecast the h days from it, slide the window by h, and
 * repeat while the window ends on or before the last forecast day (2020-04-15 … 2020-05-19 in
 * the paper). Browser-safe.
 */
import { EpikitError, describeValue } from '../errors.js';
import { dayToIsoDate, isoDateToDay } from '../data/panel.js';
import { integerIn } from '../validate.js';

/** An ISO date argument as a day number; E_INPUT_RANGE naming the argument otherwise. */
export function isoDay(argument: string, value: unknown): number {
  const day = typeof value === 'string' ? isoDateToDay(value) : undefined;
  if (day === undefined) throw new EpikitError('E_INPUT_RANGE', `${argument} is ${describeValue(value)}: expected an ISO date yyyy-mm-dd`, { argument, value });
  return day;
}

/**
 * Cut-offs (first forecast days) first, first + h, first + 2h, … whose window
 * [cut-off, cut-off + h − 1] ends on or before `last`. O(number of windows).
 *
 * @example
 * backtestCutoffs('2020-04-15', '2020-05-19', 7); // ['2020-04-15', '2020-04-22', '2020-04-29', '2020-05-06', '2020-05-13']
 * @throws EpikitError E_INPUT_RANGE for a date that is not yyyy-mm-dd, a horizon outside 1..365, or no window fitting before `last`.
 */
export function backtestCutoffs(first: string, last: string, horizon: number): string[] {
  const a = isoDay('first', first);
  const b = isoDay('last', last);
  const h = integerIn('horizon', horizon, 1, 365);
  if (a + h - 1 > b) {
    throw new EpikitError('E_INPUT_RANGE', `no ${h}-day window fits between the first cut-off ${first} and the last forecast day ${last}`, { argument: 'last', value: last });
  }
  const out: string[] = [];
  for (let d = a; d + h - 1 <= b; d += h) out.push(dayToIsoDate(d));
  return out;
}
