/**
 * Wide county series — one row per county, one column per day — in the two public shapes:
 *
 * - HawkPR (github.com/chiangwe/HawkPR `input_data/NYT_D*.csv`): `FIPS,State,County,x2020-02-15,…`
 *   (dates `xYYYY-MM-DD` or `xYYYY_MM_DD`). Cumulative in the repository's HEAD files, DAILY in
 *   the paper-era files: the caller says which (`kind`), nothing is guessed.
 * - USAFacts (`covid_confirmed_usafacts.csv`, `covid_deaths_usafacts.csv`):
 *   `countyFIPS,County Name,State,stateFIPS,1/22/20,…`, cumulative.
 *
 * → one {@link Panel} by 5-character FIPS. Streams the file row by row.
 */
import { EpikitError, describeValue } from '../errors.js';
import { isCountyFips, normalizeFips } from './fips.js';
import { openDataFile, readCsvRecords, type CsvInput } from './csv-file.js';
import { parseCountCell } from './load-nyt-counties.js';
import { calendarDay, dayToIsoDate, isoDateRange, isoDateToDay, type Panel } from './panel.js';

export type WideCountyShape = 'hawkpr' | 'usafacts';
export type CountSeriesKind = 'cumulative' | 'daily';

export interface LoadWideCountySeriesOptions {
  /** `'cumulative'` or `'daily'`. Required for the HawkPR shape; USAFacts files are cumulative (the default for them). */
  kind?: CountSeriesKind;
  /** `'auto'` (default): recognised from the header. */
  shape?: WideCountyShape | 'auto';
  /** Quantity name, e.g. `'cases'` (default) or `'deaths'`: the panel's quantity is `total_<q>` (cumulative) or `new_<q>` (daily). */
  quantity?: string;
  /** Name of the file in error messages (default: the path, or `'<input>'`). */
  source?: string;
  /** Keep dates from this ISO date (must be one of the file's dates). */
  start?: string;
  /** Keep dates up to this ISO date (must be one of the file's dates). */
  end?: string;
}

/** Rows that are not a county (USAFacts "Statewide Unallocated" FIPS 0, cruise ships SS000, …), dropped. */
export interface DroppedWideRow {
  line: number;
  fips: string;
  name: string;
}

export interface WideCountySeries {
  /** Counties sorted by FIPS × the file's dates (within start..end). Cumulative or daily as `kind`. */
  panel: Panel;
  shape: WideCountyShape;
  kind: CountSeriesKind;
  source: string;
  /** Data rows read (header excluded). */
  rows: number;
  /** Rows dropped because their FIPS is not a county code, in file order. */
  dropped: DroppedWideRow[];
  /**
   * Empty or `nan` cells in the kept window, and how they were filled: cumulative — before the
   * county's first value → 0 (`leading`), after it → previous value carried forward (`carried`);
   * daily — 0 (`zeroed`).
   */
  missing: { leading: number; carried: number; zeroed: number };
}

/** Missing-value tokens in wide files (pandas writes `nan`, R `NA`). */
const MISSING = new Set(['', 'nan', 'NaN', 'NAN', 'NA', 'N/A', 'null']);
const HAWKPR_DATE = /^x?(\d{4})[-_](\d{2})[-_](\d{2})$/;
const USAFACTS_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/;

function detectShape(header: string[]): WideCountyShape | undefined {
  const h = header.map((s) => s.trim().toLowerCase());
  if (h[0] === 'countyfips' && h[1] === 'county name') return 'usafacts';
  if (h[0] === 'fips' && h[1] === 'state' && h[2] === 'county') return 'hawkpr';
  return undefined;
}

function headerDay(shape: WideCountyShape, text: string): number | undefined {
  const t = text.trim();
  if (shape === 'hawkpr') {
    const m = HAWKPR_DATE.exec(t);
    return m ? calendarDay(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  }
  const m = USAFACTS_DATE.exec(t);
  if (!m) return undefined;
  const y = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  return calendarDay(y, Number(m[1]), Number(m[2]));
}

function optionDay(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const day = typeof value === 'string' ? isoDateToDay(value) : undefined;
  if (day === undefined) throw new EpikitError('E_INPUT_RANGE', `options.${name} is ${describeValue(value)}: expected an ISO date yyyy-mm-dd`, { argument: `options.${name}`, value });
  return day;
}

/**
 * Parses a wide county file (text or chunks) into one Panel: see the module comment for the
 * shapes.
 *
 * Rules:
 * - Shape from the header (`shape: 'auto'`), or forced. HawkPR: columns FIPS, State, County,
 *   then dates; USAFacts: countyFIPS, County Name, State, stateFIPS, then dates. Date columns
 *   must be consecutive days in ascending order (else E_DATA_FORMAT naming the header column);
 *   an empty trailing header column is ignored.
 * - `kind` is required for the HawkPR shape (the repository's HEAD files are cumulative, the
 *   paper-era files daily); USAFacts defaults to cumulative.
 * - FIPS cells are zero-padded to 5 characters. Rows whose FIPS is not a county code (state
 *   part 00 or county part 000: USAFacts "Statewide Unallocated" = 0, "Grand Princess Cruise
 *   Ship" = 6000) are dropped and listed in `dropped`. A FIPS that is not 1–5 digits, or a
 *   FIPS seen twice (naming both lines), is E_DATA_FORMAT.
 * - Values must be non-negative integers ("12" or "12.0"): negative, fractional or unparsable
 *   cells are E_DATA_FORMAT "SOURCE:LINE:COLUMN (date): value …". Empty / `nan` / `NA` cells:
 *   cumulative → 0 before the county's first value (HawkPR's HEAD files write `nan` before the
 *   first report), the previous value after it; daily → 0. All counted in `missing`.
 *   Decreasing cumulative values are kept (cumulativeToDailyByRegion clips and counts them).
 * - Names: HawkPR "County, State"; USAFacts "County Name, ST".
 *
 * Complexity: O(C·T) time and memory for C counties × T days.
 * @example
 * const { panel } = await parseWideCountySeries('FIPS,State,County,x2020-02-15,x2020-02-16\n17031,Illinois,Cook,0,2\n', { kind: 'daily' });
 * panel.quantity; // 'new_cases'
 * @throws EpikitError E_DATA_FORMAT (content, with file:line:column), E_INPUT_RANGE / E_INPUT_TYPE (options).
 */
export async function parseWideCountySeries(input: CsvInput, options: LoadWideCountySeriesOptions = {}): Promise<WideCountySeries> {
  if (!options || typeof options !== 'object') throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  const source = options.source ?? '<input>';
  const shapeOption = options.shape ?? 'auto';
  if (!['auto', 'hawkpr', 'usafacts'].includes(shapeOption)) {
    throw new EpikitError('E_INPUT_RANGE', `options.shape is ${describeValue(shapeOption)}: expected "auto", "hawkpr" or "usafacts"`, { argument: 'options.shape', value: shapeOption });
  }
  if (options.kind !== undefined && options.kind !== 'cumulative' && options.kind !== 'daily') {
    throw new EpikitError('E_INPUT_RANGE', `options.kind is ${describeValue(options.kind)}: expected "cumulative" or "daily"`, { argument: 'options.kind', value: options.kind });
  }
  const quantity = options.quantity ?? 'cases';
  if (typeof quantity !== 'string' || quantity === '') throw new EpikitError('E_INPUT_TYPE', `options.quantity must be a non-empty string, got ${describeValue(quantity)}`, { argument: 'options.quantity' });
  const startDay = optionDay('start', options.start);
  const endDay = optionDay('end', options.end);

  let shape: WideCountyShape = 'hawkpr';
  let kind: CountSeriesKind = 'cumulative';
  let firstDateCol = 0;
  let nDates = 0;
  let firstDay = 0;
  let t0 = 0; // first kept date column offset
  let T = 0; // kept dates
  let width = 0;
  let rows = -1;
  const dropped: DroppedWideRow[] = [];
  const missing = { leading: 0, carried: 0, zeroed: 0 };
  const fipsLine = new Map<string, number>();
  const ids: string[] = [];
  const names: string[] = [];
  let store = new Float64Array(0);
  let headerNames: string[] = [];

  await readCsvRecords(input, source, (f, line) => {
    rows++;
    if (rows === 0) {
      headerNames = f.map((s) => s.trim());
      while (headerNames.length > 0 && headerNames[headerNames.length - 1] === '') headerNames.pop();
      const detected = detectShape(headerNames);
      if (shapeOption === 'auto') {
        if (!detected) {
          throw new EpikitError('E_DATA_FORMAT', `${source}:${line}: unrecognised header ${JSON.stringify(headerNames.slice(0, 5).join(','))}: expected HawkPR "FIPS,State,County,x2020-02-15,…" or USAFacts "countyFIPS,County Name,State,stateFIPS,1/22/20,…"`, { file: source, line });
        }
        shape = detected;
      } else {
        shape = shapeOption;
        if (detected !== shape) {
          const want = shape === 'hawkpr' ? 'FIPS,State,County' : 'countyFIPS,County Name,State,stateFIPS';
          throw new EpikitError('E_DATA_FORMAT', `${source}:${line}: header starts ${JSON.stringify(headerNames.slice(0, 4).join(','))}: expected ${want} for shape ${JSON.stringify(shape)}`, { file: source, line });
        }
      }
      if (options.kind === undefined && shape === 'hawkpr') {
        throw new EpikitError('E_INPUT_RANGE', `options.kind is required for HawkPR-shaped files (${source}): "daily" for the paper-era files, "cumulative" for the repository's HEAD files`, { argument: 'options.kind' });
      }
      kind = options.kind ?? 'cumulative';
      firstDateCol = shape === 'hawkpr' ? 3 : 4;
      nDates = headerNames.length - firstDateCol;
      if (nDates <= 0) throw new EpikitError('E_DATA_FORMAT', `${source}:${line}: no date columns after ${headerNames.join(',')}`, { file: source, line });
      for (let j = 0; j < nDates; j++) {
        const c = firstDateCol + j;
        const d = headerDay(shape, headerNames[c]);
        const expected = j === 0 ? undefined : firstDay + j;
        if (d === undefined || (expected !== undefined && d !== expected)) {
          const what = shape === 'hawkpr' ? 'xYYYY-MM-DD' : 'M/D/YY';
          throw new EpikitError('E_DATA_FORMAT', `${source}:${line}:${c + 1}: header ${JSON.stringify(headerNames[c])} ${d === undefined ? `is not a date (expected ${what})` : `is ${dayToIsoDate(d)}, expected ${dayToIsoDate(expected as number)}: date columns must be consecutive days in ascending order`}`, { file: source, line, column: c + 1, value: headerNames[c] });
        }
        if (j === 0) firstDay = d;
      }
      const lastDay = firstDay + nDates - 1;
      const s = startDay ?? firstDay;
      const e = endDay ?? lastDay;
      for (const [name, d] of [['start', s], ['end', e]] as const) {
        if (d < firstDay || d > lastDay) {
          throw new EpikitError('E_INPUT_RANGE', `options.${name} ${dayToIsoDate(d)} is outside the file's dates ${dayToIsoDate(firstDay)}..${dayToIsoDate(lastDay)} (${source})`, { argument: `options.${name}` });
        }
      }
      if (s > e) throw new EpikitError('E_INPUT_RANGE', `options.start ${dayToIsoDate(s)} is after options.end ${dayToIsoDate(e)}`, { argument: 'options.start' });
      t0 = s - firstDay;
      T = e - s + 1;
      width = f.length;
      store = new Float64Array(T * 256);
      return;
    }
    if (f.length !== width) {
      throw new EpikitError('E_DATA_FORMAT', `${source}:${line}: ${f.length} fields, expected ${width} as in the header`, { file: source, line });
    }
    const fipsText = f[0].trim();
    const fips = normalizeFips(fipsText);
    if (fips === undefined) {
      throw new EpikitError('E_DATA_FORMAT', `${source}:${line}:1 (${headerNames[0]}): ${JSON.stringify(fipsText)} is not a FIPS code (1–5 digits)`, { file: source, line, column: 1, value: fipsText });
    }
    const name = shape === 'hawkpr' ? `${f[2].trim()}, ${f[1].trim()}` : `${f[1].trim()}, ${f[2].trim()}`;
    // Parse every value (also outside the window) so that a bad cell is always reported.
    const values = new Float64Array(nDates);
    for (let j = 0; j < nDates; j++) {
      const c = firstDateCol + j;
      const text = f[c].trim();
      if (MISSING.has(text)) {
        values[j] = NaN;
        continue;
      }
      const v = parseCountCell(text);
      if (typeof v !== 'number') {
        throw new EpikitError('E_DATA_FORMAT', `${source}:${line}:${c + 1} (${headerNames[c]}): ${v} (FIPS ${fips})`, { file: source, line, column: c + 1, value: text });
      }
      values[j] = v;
    }
    if (!isCountyFips(fips)) {
      dropped.push({ line, fips, name });
      return;
    }
    const seen = fipsLine.get(fips);
    if (seen !== undefined) {
      throw new EpikitError('E_DATA_FORMAT', `${source}:${line}:1 (${headerNames[0]}): duplicate FIPS ${fips} (${name}), also at line ${seen}`, { file: source, line, column: 1, lines: [seen, line], fips });
    }
    fipsLine.set(fips, line);
    const r = ids.length;
    ids.push(fips);
    names.push(name);
    if ((r + 1) * T > store.length) {
      const bigger = new Float64Array(store.length * 2);
      bigger.set(store);
      store = bigger;
    }
    // Fill missing cells (see the rules above), counting only those inside the window.
    let previous = 0;
    let seenValue = false;
    for (let j = 0; j < nDates; j++) {
      let v = values[j];
      const inWindow = j >= t0 && j < t0 + T;
      if (Number.isNaN(v)) {
        if (kind === 'daily') {
          v = 0;
          if (inWindow) missing.zeroed++;
        } else {
          v = previous;
          if (inWindow) {
            if (seenValue) missing.carried++;
            else missing.leading++;
          }
        }
      } else {
        seenValue = true;
      }
      previous = v;
      if (inWindow) store[r * T + (j - t0)] = v;
    }
  });
  if (rows < 0) throw new EpikitError('E_DATA_FORMAT', `${source}:1: empty input: expected a HawkPR or USAFacts header`, { file: source, line: 1 });
  if (ids.length === 0) {
    throw new EpikitError('E_INPUT_EMPTY', `${source}: no county rows (${rows} data rows, ${dropped.length} dropped as not counties)`, { file: source });
  }
  const order = ids.map((_, r) => r).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const values = new Float64Array(ids.length * T);
  order.forEach((r, i) => values.set(store.subarray(r * T, (r + 1) * T), i * T));
  return {
    panel: {
      quantity: `${kind === 'cumulative' ? 'total' : 'new'}_${quantity}`,
      regions: order.map((r) => ids[r]),
      names: order.map((r) => names[r]),
      dates: isoDateRange(firstDay + t0, T),
      values,
    },
    shape,
    kind,
    source,
    rows,
    dropped,
    missing,
  };
}

/**
 * Loads a wide county file from disk (streamed): see parseWideCountySeries. `source` defaults
 * to the path.
 *
 * Complexity: O(C·T).
 * @example
 * const { panel } = await loadWideCountySeries('data/us-counties-nyt/paper-era/NYT_Dconfirmed.csv', { kind: 'daily' });
 * panel.regions.length; // 2113
 * @throws EpikitError E_DATA_FORMAT (missing file or bad content), E_INPUT_* (options).
 */
export async function loadWideCountySeries(path: string | URL, options: LoadWideCountySeriesOptions = {}): Promise<WideCountySeries> {
  const { file, stream } = await openDataFile(path, 'a wide county file (HawkPR FIPS,State,County,x2020-02-15,… or USAFacts countyFIPS,County Name,State,stateFIPS,1/22/20,…)');
  try {
    return await parseWideCountySeries(stream, { ...options, source: options.source ?? file });
  } finally {
    stream.destroy();
  }
}
