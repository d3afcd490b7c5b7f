/**
 * Panel: one quantity observed for regions × consecutive days, packed row-major in a
 * Float64Array, and the small helpers every method needs on it (values, rows, cumulative →
 * daily, decreases, monotone repair, slicing, alignment). No Node built-ins: browser-safe.
 */
import { EpikitError, describeValue } from '../errors.js';

/**
 * Regions × dates of one quantity.
 *
 * - `regions`: region ids, unique (ISO 3166-1 alpha-3 codes for country data: OWID `iso_code`,
 *   ECDC `countryterritoryCode`; where those are empty the loaders fall back to the ECDC
 *   `geoId`, then to the name — e.g. "International" has id `JPG11668`).
 * - `names`: display names, one per region.
 * - `dates`: ISO `yyyy-mm-dd`, consecutive days, ascending.
 * - `values`: `regions.length × dates.length`, row-major: `values[r * dates.length + t]`.
 */
export interface Panel {
  quantity: string;
  regions: string[];
  names: string[];
  dates: string[];
  values: Float64Array;
}

/** One decrease of a cumulative series: `value` on `date` is below `previous` (the day before). */
export interface Decrease {
  region: string;
  name: string;
  date: string;
  previous: number;
  value: number;
}

/** How {@link makeMonotone} repairs decreases of a cumulative series. */
export type MonotoneMode = 'cummax' | 'backward';

export const MONOTONE_MODES: readonly MonotoneMode[] = ['cummax', 'backward'];

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 of an ISO `yyyy-mm-dd` date, or `undefined` if the text is not a
 * real calendar date (2020-02-30 is rejected).
 *
 * Complexity: O(1).
 * @example
 * isoDateToDay('1970-01-02'); // 1
 * isoDateToDay('2020-02-30'); // undefined
 */
export function isoDateToDay(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  return calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Days since 1970-01-01 of a (year, month 1–12, day) triple, or `undefined` if it is not a
 * real calendar date.
 *
 * Complexity: O(1).
 * @example
 * calendarDay(2020, 4, 30); // 18382
 */
export function calendarDay(year: number, month: number, day: number): number | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return Math.round(ms / MS_PER_DAY);
}

/**
 * ISO `yyyy-mm-dd` of a day count since 1970-01-01.
 *
 * Complexity: O(1).
 * @example
 * dayToIsoDate(18382); // '2020-04-30'
 */
export function dayToIsoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Consecutive ISO dates from `firstDay` for `count` days.
 *
 * Complexity: O(count).
 * @example
 * isoDateRange(isoDateToDay('2020-02-28')!, 3); // ['2020-02-28', '2020-02-29', '2020-03-01']
 */
export function isoDateRange(firstDay: number, count: number): string[] {
  const out = new Array<string>(count);
  for (let t = 0; t < count; t++) out[t] = dayToIsoDate(firstDay + t);
  return out;
}

/**
 * Checks that `panel` is a well-formed {@link Panel} and returns it: string ids (unique),
 * one name per region, consecutive ISO dates, a Float64Array of regions × dates finite values.
 * Throws EpikitError (E_INPUT_TYPE, E_INPUT_SHAPE, E_INPUT_RANGE, E_INPUT_NAN, E_INPUT_EMPTY)
 * naming the argument and the offending entry.
 *
 * Complexity: O(R·T) for R regions and T dates.
 * @example
 * assertPanel('cases', { quantity: 'total_cases', regions: ['A'], names: ['a'], dates: ['2020-01-01'], values: new Float64Array([1]) });
 */
export function assertPanel(name: string, panel: unknown): Panel {
  if (!panel || typeof panel !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be a Panel { quantity, regions, names, dates, values }, got ${describeValue(panel)}`, { argument: name });
  }
  const p = panel as Partial<Panel>;
  if (typeof p.quantity !== 'string') {
    throw new EpikitError('E_INPUT_TYPE', `${name}.quantity must be a string, got ${describeValue(p.quantity)}`, { argument: name });
  }
  for (const key of ['regions', 'names', 'dates'] as const) {
    const list = p[key];
    if (!Array.isArray(list)) {
      throw new EpikitError('E_INPUT_TYPE', `${name}.${key} must be an array of strings, got ${describeValue(list)}`, { argument: `${name}.${key}` });
    }
    for (let i = 0; i < list.length; i++) {
      if (typeof list[i] !== 'string') {
        throw new EpikitError('E_INPUT_TYPE', `${name}.${key}[${i}] must be a string, got ${describeValue(list[i])}`, { argument: `${name}.${key}`, index: i });
      }
    }
  }
  const regions = p.regions as string[];
  const names = p.names as string[];
  const dates = p.dates as string[];
  if (regions.length === 0) throw new EpikitError('E_INPUT_EMPTY', `${name}.regions is empty: a panel needs at least one region`, { argument: `${name}.regions` });
  if (dates.length === 0) throw new EpikitError('E_INPUT_EMPTY', `${name}.dates is empty: a panel needs at least one date`, { argument: `${name}.dates` });
  if (names.length !== regions.length) {
    throw new EpikitError('E_INPUT_SHAPE', `${name}.names has ${names.length} entries: expected ${regions.length}, one per region`, { argument: `${name}.names` });
  }
  const seen = new Map<string, number>();
  for (let r = 0; r < regions.length; r++) {
    const first = seen.get(regions[r]);
    if (first !== undefined) {
      throw new EpikitError('E_INPUT_RANGE', `${name}.regions[${r}] is ${describeValue(regions[r])}, already at index ${first}: region ids must be unique`, { argument: `${name}.regions`, index: r });
    }
    seen.set(regions[r], r);
  }
  const first = isoDateToDay(dates[0]);
  if (first === undefined) {
    throw new EpikitError('E_INPUT_RANGE', `${name}.dates[0] is ${describeValue(dates[0])}: expected an ISO date yyyy-mm-dd`, { argument: `${name}.dates`, index: 0 });
  }
  for (let t = 1; t < dates.length; t++) {
    if (isoDateToDay(dates[t]) !== first + t) {
      throw new EpikitError('E_INPUT_RANGE', `${name}.dates[${t}] is ${describeValue(dates[t])}: expected ${dayToIsoDate(first + t)} (dates must be consecutive days)`, { argument: `${name}.dates`, index: t });
    }
  }
  if (!(p.values instanceof Float64Array)) {
    throw new EpikitError('E_INPUT_TYPE', `${name}.values must be a Float64Array, got ${describeValue(p.values)}`, { argument: `${name}.values` });
  }
  const expected = regions.length * dates.length;
  if (p.values.length !== expected) {
    throw new EpikitError('E_INPUT_SHAPE', `${name}.values has length ${p.values.length}: expected regions × dates = ${regions.length} × ${dates.length} = ${expected}`, { argument: `${name}.values` });
  }
  const values = p.values;
  const T = dates.length;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const r = Math.floor(i / T);
      throw new EpikitError('E_INPUT_NAN', `${name}.values at region ${describeValue(regions[r])}, date ${dates[i - r * T]} is ${describeValue(values[i])}: expected a finite number`, { argument: `${name}.values`, index: i });
    }
  }
  return panel as Panel;
}

/** Row index of a region given by index or id. */
function regionIndex(name: string, panel: Panel, region: unknown): number {
  if (typeof region === 'string') {
    const r = panel.regions.indexOf(region);
    if (r < 0) {
      throw new EpikitError('E_INPUT_RANGE', `${name} is ${describeValue(region)}: not a region of the panel (${panel.regions.length} regions, e.g. ${panel.regions.slice(0, 3).join(', ')})`, { argument: name, value: region });
    }
    return r;
  }
  if (typeof region !== 'number' || !Number.isInteger(region)) {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be a region id (string) or row index (integer), got ${describeValue(region)}`, { argument: name, value: region });
  }
  if (region < 0 || region >= panel.regions.length) {
    throw new EpikitError('E_INPUT_RANGE', `${name} is ${region}: expected a row index in [0, ${panel.regions.length - 1}]`, { argument: name, value: region });
  }
  return region;
}

/** Column index of a date given by index or ISO date. */
function dateIndex(name: string, panel: Panel, date: unknown): number {
  if (typeof date === 'string') {
    const day = isoDateToDay(date);
    if (day === undefined) throw new EpikitError('E_INPUT_RANGE', `${name} is ${describeValue(date)}: expected an ISO date yyyy-mm-dd`, { argument: name, value: date });
    const t = day - (isoDateToDay(panel.dates[0]) as number);
    if (t < 0 || t >= panel.dates.length) {
      throw new EpikitError('E_INPUT_RANGE', `${name} is ${date}: outside the panel's dates ${panel.dates[0]}..${panel.dates[panel.dates.length - 1]}`, { argument: name, value: date });
    }
    return t;
  }
  if (typeof date !== 'number' || !Number.isInteger(date)) {
    throw new EpikitError('E_INPUT_TYPE', `${name} must be an ISO date (string) or column index (integer), got ${describeValue(date)}`, { argument: name, value: date });
  }
  if (date < 0 || date >= panel.dates.length) {
    throw new EpikitError('E_INPUT_RANGE', `${name} is ${date}: expected a column index in [0, ${panel.dates.length - 1}]`, { argument: name, value: date });
  }
  return date;
}

/**
 * The value of one region on one date. `region` is an id or a row index; `date` an ISO date
 * or a column index.
 *
 * Complexity: O(R) for an id lookup, O(1) for indices.
 * @example
 * panelValue(cases, 'USA', '2020-04-30'); // 1039909 (embedded default data)
 */
export function panelValue(panel: Panel, region: string | number, date: string | number): number {
  const r = regionIndex('region', panel, region);
  const t = dateIndex('date', panel, date);
  return panel.values[r * panel.dates.length + t];
}

/**
 * The series of one region as a view into `panel.values` (no copy: writing to it writes to
 * the panel). `region` is an id or a row index.
 *
 * Complexity: O(1) for an index, O(R) for an id.
 * @example
 * panelRow(cases, 'CHN')[0]; // 27 cases on 2019-12-31 (embedded default data)
 */
export function panelRow(panel: Panel, region: string | number): Float64Array {
  const r = regionIndex('region', panel, region);
  const T = panel.dates.length;
  return panel.values.subarray(r * T, (r + 1) * T);
}

/** `total_cases` → `new_cases`; anything else gets a `new_` prefix. */
function dailyQuantity(quantity: string): string {
  return quantity.startsWith('total_') ? `new_${quantity.slice('total_'.length)}` : `new_${quantity}`;
}

/**
 * Daily counts from a cumulative panel: `daily[t] = cum[t] − cum[t−1]`, with `daily[0] = cum[0]`
 * (everything counted up to the first date is attributed to it). Negative differences (a
 * cumulative count that decreased after a correction) are clipped to 0 and counted in `clipped`.
 * The quantity `total_X` becomes `new_X`.
 *
 * Complexity: O(R·T).
 * @example
 * const p = { quantity: 'total_cases', regions: ['A'], names: ['A'], dates: ['2020-01-01', '2020-01-02', '2020-01-03'], values: new Float64Array([2, 5, 4]) };
 * cumulativeToDaily(p); // { panel: { quantity: 'new_cases', values: [2, 3, 0], … }, clipped: 1 }
 */
export function cumulativeToDaily(panel: Panel): { panel: Panel; clipped: number } {
  assertPanel('panel', panel);
  const T = panel.dates.length;
  const src = panel.values;
  const out = new Float64Array(src.length);
  let clipped = 0;
  for (let r = 0; r < panel.regions.length; r++) {
    const o = r * T;
    out[o] = src[o];
    for (let t = 1; t < T; t++) {
      const d = src[o + t] - src[o + t - 1];
      if (d < 0) {
        clipped++;
        out[o + t] = 0;
      } else {
        out[o + t] = d;
      }
    }
  }
  return { panel: { quantity: dailyQuantity(panel.quantity), regions: panel.regions.slice(), names: panel.names.slice(), dates: panel.dates.slice(), values: out }, clipped };
}

/**
 * Every day on which a cumulative series is lower than the day before, in region order then
 * date order.
 *
 * Complexity: O(R·T).
 * @example
 * decreases(cases); // [{ region: 'ESP', name: 'Spain', date: '2020-04-19', previous: 193965, value: 193252 }, …]
 */
export function decreases(panel: Panel): Decrease[] {
  assertPanel('panel', panel);
  const T = panel.dates.length;
  const v = panel.values;
  const out: Decrease[] = [];
  for (let r = 0; r < panel.regions.length; r++) {
    const o = r * T;
    for (let t = 1; t < T; t++) {
      if (v[o + t] < v[o + t - 1]) {
        out.push({ region: panel.regions[r], name: panel.names[r], date: panel.dates[t], previous: v[o + t - 1], value: v[o + t] });
      }
    }
  }
  return out;
}

/**
 * A non-decreasing copy of a cumulative panel, region by region:
 *
 * - `'cummax'`: running maximum forward — after a drop the series stays at its earlier peak
 *   until the counts catch up (`[5, 7, 6, 8]` → `[5, 7, 7, 8]`). Keeps every reported peak.
 * - `'backward'`: running minimum from the end — earlier values are lowered to the later,
 *   corrected ones (`[5, 7, 6, 8]` → `[5, 6, 6, 8]`). Treats the correction as the truth and
 *   pushes it back in time; the last value is never changed.
 *
 * Returns a new panel (the input is not modified).
 *
 * Complexity: O(R·T).
 * @example
 * makeMonotone(p, 'cummax').values;   // Float64Array [5, 7, 7, 8] for p.values = [5, 7, 6, 8]
 * makeMonotone(p, 'backward').values; // Float64Array [5, 6, 6, 8]
 */
export function makeMonotone(panel: Panel, mode: MonotoneMode): Panel {
  assertPanel('panel', panel);
  if (!(MONOTONE_MODES as readonly unknown[]).includes(mode)) {
    throw new EpikitError('E_INPUT_RANGE', `mode is ${describeValue(mode)}: expected one of ${MONOTONE_MODES.map((m) => JSON.stringify(m)).join(', ')}`, { argument: 'mode', value: mode });
  }
  const T = panel.dates.length;
  const v = Float64Array.from(panel.values);
  for (let r = 0; r < panel.regions.length; r++) {
    const o = r * T;
    if (mode === 'cummax') {
      for (let t = 1; t < T; t++) if (v[o + t] < v[o + t - 1]) v[o + t] = v[o + t - 1];
    } else {
      for (let t = T - 2; t >= 0; t--) if (v[o + t] > v[o + t + 1]) v[o + t] = v[o + t + 1];
    }
  }
  return { quantity: panel.quantity, regions: panel.regions.slice(), names: panel.names.slice(), dates: panel.dates.slice(), values: v };
}

/** A date bound of slicePanel: an ISO date or undefined. */
function boundDay(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const day = typeof value === 'string' ? isoDateToDay(value) : undefined;
  if (day === undefined) throw new EpikitError('E_INPUT_RANGE', `${name} is ${describeValue(value)}: expected an ISO date yyyy-mm-dd`, { argument: name, value });
  return day;
}

/**
 * A copy of part of a panel: dates within [`start`, `end`] (ISO dates, inclusive; bounds
 * outside the panel are clamped to its dates) and the regions listed in `regions` (ids, in the
 * order given; default all, in panel order). An unknown region id, a repeated id, or a window
 * that contains none of the panel's dates is an EpikitError.
 *
 * Complexity: O(R'·T' + R) for the R' regions and T' dates kept.
 * @example
 * slicePanel(cases, { start: '2020-03-01', end: '2020-03-31', regions: ['ITA', 'ESP'] }); // 2 × 31
 */
export function slicePanel(panel: Panel, window: { start?: string; end?: string; regions?: readonly string[] } = {}): Panel {
  assertPanel('panel', panel);
  if (!window || typeof window !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `window must be an object { start?, end?, regions? }, got ${describeValue(window)}`, { argument: 'window' });
  }
  const first = isoDateToDay(panel.dates[0]) as number;
  const T = panel.dates.length;
  const startDay = boundDay('start', window.start) ?? first;
  const endDay = boundDay('end', window.end) ?? first + T - 1;
  if (window.start !== undefined && window.end !== undefined && startDay > endDay) {
    throw new EpikitError('E_INPUT_RANGE', `start ${window.start} is after end ${window.end}`, { argument: 'start', value: window.start });
  }
  const t0 = Math.max(0, startDay - first);
  const t1 = Math.min(T - 1, endDay - first);
  if (t0 > t1) {
    throw new EpikitError('E_INPUT_RANGE', `the window ${dayToIsoDate(startDay)}..${dayToIsoDate(endDay)} contains none of the panel's dates ${panel.dates[0]}..${panel.dates[T - 1]}`, { argument: 'start' });
  }
  let rows: number[];
  if (window.regions === undefined) {
    rows = panel.regions.map((_, r) => r);
  } else {
    if (!Array.isArray(window.regions)) {
      throw new EpikitError('E_INPUT_TYPE', `regions must be an array of region ids, got ${describeValue(window.regions)}`, { argument: 'regions' });
    }
    if (window.regions.length === 0) throw new EpikitError('E_INPUT_EMPTY', 'regions is empty: list at least one region id', { argument: 'regions' });
    const index = new Map(panel.regions.map((id, r) => [id, r] as const));
    const used = new Set<string>();
    rows = window.regions.map((id, i) => {
      const r = index.get(id);
      if (r === undefined) {
        throw new EpikitError('E_INPUT_RANGE', `regions[${i}] is ${describeValue(id)}: not a region of the panel`, { argument: 'regions', index: i, value: id });
      }
      if (used.has(id)) throw new EpikitError('E_INPUT_RANGE', `regions[${i}] is ${describeValue(id)}, listed twice`, { argument: 'regions', index: i, value: id });
      used.add(id);
      return r;
    });
  }
  const width = t1 - t0 + 1;
  const values = new Float64Array(rows.length * width);
  rows.forEach((r, i) => values.set(panel.values.subarray(r * T + t0, r * T + t1 + 1), i * width));
  return {
    quantity: panel.quantity,
    regions: rows.map((r) => panel.regions[r]),
    names: rows.map((r) => panel.names[r]),
    dates: panel.dates.slice(t0, t1 + 1),
    values,
  };
}

/**
 * Two panels restricted to the regions they share (in `a`'s order) and the dates they share
 * (the overlap of their date ranges), so that `a.values[i]` and `b.values[i]` describe the same
 * region and day. No shared region or no shared date is an E_INPUT_EMPTY error.
 *
 * Complexity: O(Ra + Rb + R'·T').
 * @example
 * const { a, b } = alignPanels(cases, deathsFromAnotherSource);
 * a.regions; // ids present in both, in cases' order
 */
export function alignPanels(a: Panel, b: Panel): { a: Panel; b: Panel } {
  assertPanel('a', a);
  assertPanel('b', b);
  const inB = new Set(b.regions);
  const regions = a.regions.filter((id) => inB.has(id));
  if (regions.length === 0) {
    throw new EpikitError('E_INPUT_EMPTY', `a and b share no region id (a: ${a.regions.slice(0, 3).join(', ')}…; b: ${b.regions.slice(0, 3).join(', ')}…)`, { argument: 'b' });
  }
  const aFirst = isoDateToDay(a.dates[0]) as number;
  const bFirst = isoDateToDay(b.dates[0]) as number;
  const start = Math.max(aFirst, bFirst);
  const end = Math.min(aFirst + a.dates.length - 1, bFirst + b.dates.length - 1);
  if (start > end) {
    throw new EpikitError('E_INPUT_EMPTY', `a (${a.dates[0]}..${a.dates[a.dates.length - 1]}) and b (${b.dates[0]}..${b.dates[b.dates.length - 1]}) share no date`, { argument: 'b' });
  }
  const window = { start: dayToIsoDate(start), end: dayToIsoDate(end), regions };
  return { a: slicePanel(a, window), b: slicePanel(b, window) };
}
