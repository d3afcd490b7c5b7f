/**
 * The New York Times county file (github.com/nytimes/covid-19-data `us-counties.csv`, long
 * format `date,county,state,fips,cases,deaths`, cumulative) → two {@link Panel}s by FIPS.
 * Streams: the full file (~100 MB) is never held as text, only one growing series per county.
 */
import { EpikitError, describeValue } from '../errors.js';
import { openDataFile, readCsvRecords, type CsvInput } from './csv-file.js';
import { normalizeFips } from './fips.js';
import { dayToIsoDate, isoDateRange, isoDateToDay, type Panel } from './panel.js';

/** A whole non-negative count: digits, optionally `.0…` (pandas float output). Empty → NaN. */
const COUNT = /^\+?(\d+)(?:\.0*)?$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A count cell: `''` → NaN (missing); a non-negative integer → its value; anything else → the
 * reason it is rejected (negative, not an integer, not a number).
 */
export function parseCountCell(text: string): number | string {
  const t = text.trim();
  if (t === '') return NaN;
  if (COUNT.test(t)) return Number(t);
  if (!NUMBER.test(t)) return `${JSON.stringify(t)} is not a number`;
  const v = Number(t);
  if (v < 0) return `${JSON.stringify(t)} is negative: counts must be ≥ 0`;
  return `${JSON.stringify(t)} is not an integer: counts must be whole numbers`;
}

export interface LoadNytCountiesOptions {
  /** Name of the file in error messages (default: the path, or `'<input>'` for text). */
  source?: string;
  /** First date of the panels (ISO). Default: first date in the file. */
  start?: string;
  /** Last date of the panels (ISO). Rows after it are checked but not kept. Default: last date in the file. */
  end?: string;
}

/** Rows without a FIPS code, dropped: NYT's "New York City", "Unknown", "Kansas City", … */
export interface DroppedCountyRows {
  county: string;
  state: string;
  rows: number;
}

/** Days of one county filled by carrying its cumulative counts forward. */
export interface FilledCountyDays {
  fips: string;
  name: string;
  /** Missing days between the county's first and last row. */
  interior: number;
  /** Days after the county's last row up to the panels' last date. */
  trailing: number;
}

export interface NytCounties {
  /** Cumulative cases (`total_cases`), counties sorted by FIPS × consecutive dates. */
  cases: Panel;
  /** Cumulative deaths (`total_deaths`), same counties and dates. */
  deaths: Panel;
  source: string;
  /** Data rows read (header excluded). */
  rows: number;
  /** Rows with an empty `fips`, grouped by (county, state), in order of first appearance. */
  dropped: DroppedCountyRows[];
  /** Counties with days filled by carrying the last cumulative value forward. */
  filled: FilledCountyDays[];
  /** Kept rows with an empty cases / deaths cell (the previous cumulative value is carried). */
  emptyCells: { cases: number; deaths: number };
}

const NYT_COLUMNS = ['date', 'county', 'state', 'fips', 'cases', 'deaths'] as const;

/** One county's series from its first row on, one slot per day (gaps filled as rows arrive). */
class CountySeries {
  length = 0;
  cases = new Float64Array(64);
  deaths = new Float64Array(64);
  /** Days missing between rows (filled by carrying forward), as day numbers. */
  gapDays: number[] = [];
  lastDay: number;
  lastLine: number;
  constructor(
    readonly fips: string,
    readonly name: string,
    readonly firstDay: number,
    line: number,
  ) {
    this.lastDay = firstDay - 1;
    this.lastLine = line;
  }
  push(cases: number, deaths: number): void {
    if (this.length === this.cases.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.cases = grow(this.cases);
      this.deaths = grow(this.deaths);
    }
    this.cases[this.length] = cases;
    this.deaths[this.length] = deaths;
    this.length++;
  }
}

function optionDay(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const day = typeof value === 'string' ? isoDateToDay(value) : undefined;
  if (day === undefined) throw new EpikitError('E_INPUT_RANGE', `options.${name} is ${describeValue(value)}: expected an ISO date yyyy-mm-dd`, { argument: `options.${name}`, value });
  return day;
}

/**
 * Parses an NYT `us-counties.csv` (text or chunks) into cumulative case and death panels by
 * 5-character FIPS, names "County, State".
 *
 * Rules:
 * - Columns are found by name (`date, county, state, fips, cases, deaths`; extra columns such as
 *   `confirmed_cases` are ignored); a missing one is E_DATA_FORMAT at line 1.
 * - FIPS cells are zero-padded ("1001" → "01001"). Rows with an empty FIPS (NYT's "New York
 *   City", "Unknown", "Kansas City", "Joplin") are dropped and listed in `dropped` by
 *   (county, state) with their row count. A FIPS that is not 1–5 digits is an error.
 * - Within a county, dates must increase strictly (the file order does not matter across
 *   counties). A repeated (fips, date) is E_DATA_FORMAT naming both lines; a date earlier than
 *   the county's previous row is E_DATA_FORMAT naming that line.
 * - Counts must be non-negative integers ("12" or "12.0"); negative, fractional or unparsable
 *   values, and unparsable dates, are E_DATA_FORMAT "SOURCE:LINE:COLUMN (name): value …".
 *   An empty cell carries the county's previous cumulative value (counted in `emptyCells`).
 * - Missing days: before a county's first row its cumulative counts are 0 (nothing reported
 *   yet); a day missing between two rows, or after its last row, carries the last cumulative
 *   value forward (no new reports that day) and is counted in `filled`. Decreases (NYT
 *   corrections) are kept as given: cumulativeToDailyByRegion clips and counts them.
 * - `start`/`end` restrict the dates; rows after `end` are still checked.
 *
 * Complexity: O(N + C·T) time for N rows, C counties, T days; memory O(C·T) (never the text).
 * @example
 * const { cases, deaths, dropped } = await parseNytCounties('date,county,state,fips,cases,deaths\n2020-03-01,Cook,Illinois,17031,3,0\n');
 * cases.regions; // ['17031']; cases.names; // ['Cook, Illinois']
 * @throws EpikitError E_DATA_FORMAT (file content, with file:line:column), E_INPUT_RANGE / E_INPUT_TYPE (options).
 */
export async function parseNytCounties(input: CsvInput, options: LoadNytCountiesOptions = {}): Promise<NytCounties> {
  if (!options || typeof options !== 'object') throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  const source = options.source ?? '<input>';
  const startDay = optionDay('start', options.start);
  const endDay = optionDay('end', options.end);
  if (startDay !== undefined && endDay !== undefined && startDay > endDay) {
    throw new EpikitError('E_INPUT_RANGE', `options.start ${options.start} is after options.end ${options.end}`, { argument: 'options.start' });
  }
  const counties = new Map<string, CountySeries>();
  const dropped = new Map<string, DroppedCountyRows>();
  const dayCache = new Map<string, number>();
  let col: number[] = [];
  let width = 0;
  let rows = 0;
  const empty = { cases: 0, deaths: 0 };

  const cellError = (line: number, c: number, message: string, value?: string): never => {
    throw new EpikitError('E_DATA_FORMAT', `${source}:${line}:${c + 1} (${NYT_COLUMNS[col.indexOf(c)]}): ${message}`, { file: source, line, column: c + 1, value });
  };
  const count = (f: string[], line: number, c: number): number => {
    const v = parseCountCell(f[c]);
    return typeof v === 'number' ? v : cellError(line, c, v, f[c]);
  };

  rows = -1;
  await readCsvRecords(input, source, (f, line) => {
    rows++;
    if (rows === 0) {
      const names = f.map((s) => s.trim().toLowerCase());
      const missing = NYT_COLUMNS.filter((c) => !names.includes(c));
      if (missing.length > 0) {
        throw new EpikitError('E_DATA_FORMAT', `${source}:${line}: missing column ${missing.join(', ')} for an NYT us-counties.csv file (found: ${f.slice(0, 12).join(', ')})`, { file: source, line, missing });
      }
      col = NYT_COLUMNS.map((c) => names.indexOf(c));
      width = f.length;
      return;
    }
    if (f.length !== width) {
      throw new EpikitError('E_DATA_FORMAT', `${source}:${line}: ${f.length} fields, expected ${width} as in the header`, { file: source, line });
    }
    const [cDate, cCounty, cState, cFips, cCases, cDeaths] = col;
    const dateText = f[cDate];
    let day = dayCache.get(dateText);
    if (day === undefined) {
      day = isoDateToDay(dateText.trim());
      if (day === undefined) cellError(line, cDate, `${JSON.stringify(dateText)} is not a date (expected yyyy-mm-dd)`, dateText);
      dayCache.set(dateText, day as number);
    }
    const d = day as number;
    const cases = count(f, line, cCases);
    const deaths = count(f, line, cDeaths);
    const fipsText = f[cFips].trim();
    if (fipsText === '') {
      const key = `${f[cCounty].trim()}\u0000${f[cState].trim()}`;
      const entry = dropped.get(key);
      if (entry) entry.rows++;
      else dropped.set(key, { county: f[cCounty].trim(), state: f[cState].trim(), rows: 1 });
      return;
    }
    const fips = normalizeFips(fipsText);
    if (fips === undefined) cellError(line, cFips, `${JSON.stringify(fipsText)} is not a FIPS code (1–5 digits)`, fipsText);
    let s = counties.get(fips as string);
    if (s === undefined) {
      s = new CountySeries(fips as string, `${f[cCounty].trim()}, ${f[cState].trim()}`, d, line);
      counties.set(fips as string, s);
    } else if (d <= s.lastDay) {
      if (d === s.lastDay) {
        throw new EpikitError('E_DATA_FORMAT', `${source}:${line}:${cDate + 1} (date): duplicate row for FIPS ${fips} (${s.name}) on ${dayToIsoDate(d)} (also at line ${s.lastLine})`, {
          file: source, line, column: cDate + 1, lines: [s.lastLine, line], fips, date: dayToIsoDate(d),
        });
      }
      throw new EpikitError('E_DATA_FORMAT', `${source}:${line}:${cDate + 1} (date): ${dateText.trim()} for FIPS ${fips} (${s.name}) comes after ${dayToIsoDate(s.lastDay)} at line ${s.lastLine}: dates out of order within a county`, {
        file: source, line, column: cDate + 1, lines: [s.lastLine, line], fips, value: dateText,
      });
    }
    if (endDay !== undefined && d > endDay) {
      s.lastDay = d;
      s.lastLine = line;
      return;
    }
    // Gap days since the county's previous row carry its last values forward.
    const prevCases = s.length > 0 ? s.cases[s.length - 1] : 0;
    const prevDeaths = s.length > 0 ? s.deaths[s.length - 1] : 0;
    for (let g = s.lastDay + 1; g < d; g++) {
      s.push(prevCases, prevDeaths);
      s.gapDays.push(g);
    }
    if (Number.isNaN(cases)) empty.cases++;
    if (Number.isNaN(deaths)) empty.deaths++;
    s.push(Number.isNaN(cases) ? prevCases : cases, Number.isNaN(deaths) ? prevDeaths : deaths);
    s.lastDay = d;
    s.lastLine = line;
  });
  if (rows < 0) throw new EpikitError('E_DATA_FORMAT', `${source}:1: empty input: expected the header date,county,state,fips,cases,deaths`, { file: source, line: 1 });
  if (rows === 0) throw new EpikitError('E_DATA_FORMAT', `${source}:2: no data rows after the header`, { file: source, line: 2 });

  const kept = [...counties.values()].filter((s) => s.length > 0).sort((a, b) => (a.fips < b.fips ? -1 : a.fips > b.fips ? 1 : 0));
  if (kept.length === 0) {
    throw new EpikitError('E_INPUT_EMPTY', `${source}: no county rows with a FIPS code${endDay !== undefined ? ` on or before ${dayToIsoDate(endDay)}` : ''} (${rows} data rows, ${[...dropped.values()].reduce((a, b) => a + b.rows, 0)} without FIPS)`, { file: source });
  }
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (const s of kept) {
    minDay = Math.min(minDay, s.firstDay);
    maxDay = Math.max(maxDay, s.firstDay + s.length - 1);
  }
  const first = startDay ?? minDay;
  const last = endDay ?? maxDay;
  if (first > last) {
    throw new EpikitError('E_INPUT_RANGE', `options.start ${dayToIsoDate(first)} is after the last date with data in ${source} (${dayToIsoDate(last)})`, { argument: 'options.start' });
  }
  const T = last - first + 1;
  const C = kept.length;
  const cases = new Float64Array(C * T);
  const deaths = new Float64Array(C * T);
  const filled: FilledCountyDays[] = [];
  kept.forEach((s, r) => {
    const sLast = s.firstDay + s.length - 1;
    let trailing = 0;
    for (let t = 0; t < T; t++) {
      const d = first + t;
      let k: number;
      if (d < s.firstDay) continue; // 0 before the first report
      if (d > sLast) {
        k = s.length - 1;
        trailing++;
      } else k = d - s.firstDay;
      cases[r * T + t] = s.cases[k];
      deaths[r * T + t] = s.deaths[k];
    }
    let interior = 0; // interior gap days inside the output window
    for (const g of s.gapDays) if (g >= first && g <= last) interior++;
    if (interior > 0 || trailing > 0) filled.push({ fips: s.fips, name: s.name, interior, trailing });
  });
  const regions = kept.map((s) => s.fips);
  const names = kept.map((s) => s.name);
  const dates = isoDateRange(first, T);
  return {
    cases: { quantity: 'total_cases', regions, names, dates, values: cases },
    deaths: { quantity: 'total_deaths', regions: regions.slice(), names: names.slice(), dates: dates.slice(), values: deaths },
    source,
    rows,
    dropped: [...dropped.values()],
    filled,
    emptyCells: empty,
  };
}

/**
 * Loads an NYT `us-counties.csv` from disk, streamed in 1 MiB chunks: see parseNytCounties for
 * the rules and options (`source` defaults to the path).
 *
 * Complexity: O(file size + C·T) time; memory O(C·T).
 * @example
 * const { cases, deaths, dropped } = await loadNytCounties('us-counties.csv', { end: '2020-05-20' });
 * @throws EpikitError E_DATA_FORMAT (missing file or bad content), E_INPUT_* (options).
 */
export async function loadNytCounties(path: string | URL, options: LoadNytCountiesOptions = {}): Promise<NytCounties> {
  const { file, stream } = await openDataFile(path, 'an NYT us-counties.csv file (date,county,state,fips,cases,deaths)');
  try {
    return await parseNytCounties(stream, { ...options, source: options.source ?? file });
  } finally {
    stream.destroy();
  }
}
