/**
 * Country cases and deaths from the two public shapes users have: Our World in Data's long
 * file (owid-covid-data.csv: `iso_code,location,date,total_cases,total_deaths,…`, cumulative)
 * and the ECDC daily file (`dateRep;…;cases;deaths;countriesAndTerritories;geoId;
 * countryterritoryCode;…`, daily). Both become two {@link Panel}s of cumulative counts on one
 * dense daily grid. Streaming (chunks in, nothing but the kept rows held), no Node built-ins:
 * runs in browsers as well as in Node.
 */
import { parse as parseInBrowsers } from 'csv-parse/browser/esm';
import { EpikitError, describeValue } from '../errors.js';
import { feedCsvParser, readCsvHead, textChunks, type CsvParserFactory, type CsvTextInput } from './csv-text-stream.js';
import {
  MONOTONE_MODES,
  calendarDay,
  dayToIsoDate,
  decreases,
  isoDateRange,
  isoDateToDay,
  makeMonotone,
  type Decrease,
  type MonotoneMode,
  type Panel,
} from './panel.js';

export type CountrySeriesFormat = 'owid' | 'ecdc';

/** Text of a file: a string, bytes, or chunks of either (sync or async, e.g. a stream). */
export type CountrySeriesInput = CsvTextInput;

export interface ParseCountrySeriesOptions {
  /** `'auto'` (default) recognises the shape from the header line. */
  format?: CountrySeriesFormat | 'auto';
  /** Name of the file, used in error messages (default `'<input>'`). */
  source?: string;
  /** First date of the output grid (ISO). Counts before it are still cumulated into it. Default: first date in the data. */
  start?: string;
  /** Last date of the output grid (ISO). Rows after it are checked but not kept. Default: last date in the data. */
  end?: string;
  /** `false` (default): decreasing cumulative counts are kept and reported; or a {@link MonotoneMode} repair. */
  monotone?: false | MonotoneMode;
  /** Keep only these region ids (each must occur in the data). */
  include?: readonly string[];
  /** Drop these region ids. */
  exclude?: readonly string[];
  /** OWID aggregates (`OWID_WRL`, continents, income groups, …): `'exclude'` (default) or `'keep'`. */
  aggregates?: 'exclude' | 'keep';
  /** Text encoding of byte chunks: `'utf-8'` (default) or `'latin1'`. */
  encoding?: 'utf-8' | 'latin1';
}

export interface CountrySeries {
  /** Cumulative confirmed cases (`total_cases`), regions sorted by id × consecutive dates. */
  cases: Panel;
  /** Cumulative deaths (`total_deaths`), same regions and dates as `cases`. */
  deaths: Panel;
  format: CountrySeriesFormat;
  source: string;
  /**
   * Days on which a cumulative count in the input decreased (ECDC corrections), within the
   * output window. Listed whether or not `monotone` repaired them.
   */
  corrections: { cases: Decrease[]; deaths: Decrease[] };
  /** Number of values the `monotone` repair changed (0 without it). */
  monotoneRepairs: number;
  /** Kept rows with an empty cases / deaths cell (OWID: value carried forward; ECDC: counted as 0 new). */
  emptyCells: { cases: number; deaths: number };
  /** Data rows read (excluding the header), kept or not. */
  rows: number;
}

export type { CsvParserStream, CsvParserFactory } from './csv-text-stream.js';

const REQUIRED: Record<CountrySeriesFormat, readonly string[]> = {
  owid: ['iso_code', 'location', 'date', 'total_cases', 'total_deaths'],
  ecdc: ['dateRep', 'cases', 'deaths', 'countriesAndTerritories', 'geoId', 'countryterritoryCode'],
};

const DELIMITER: Record<CountrySeriesFormat, string> = { owid: ',', ecdc: ';' };

/**
 * OWID `iso_code`s that start with `OWID_` but name one territory, not an aggregate: Kosovo,
 * Northern Cyprus, "International" (ships). Every other `OWID_…` code (World, continents, EU,
 * income groups, the UK's constituent nations, which would double-count GBR) is an aggregate.
 */
const OWID_SINGLE_ENTITIES = new Set(['OWID_KOS', 'OWID_CYN', 'OWID_INT']);

/** Whether an OWID `iso_code` is an aggregate row excluded by default. */
export function isOwidAggregate(isoCode: string): boolean {
  return isoCode.startsWith('OWID_') && !OWID_SINGLE_ENTITIES.has(isoCode);
}

/**
 * OWID's names for ECDC geoIds whose ECDC name differs from OWID's (from OWID's
 * public/data/ecdc/locations.csv as used in data/countries-2020/owid-2020-04.csv). Other ECDC
 * names get underscores replaced by spaces.
 */
const OWID_NAME_BY_ECDC_GEOID: Readonly<Record<string, string>> = {
  BN: 'Brunei',
  BQ: 'Bonaire Sint Eustatius and Saba',
  CD: 'Democratic Republic of Congo',
  CI: "Cote d'Ivoire",
  CW: 'Curacao',
  CZ: 'Czech Republic',
  FK: 'Falkland Islands',
  FO: 'Faeroe Islands',
  GW: 'Guinea-Bissau',
  JPG11668: 'International',
  MK: 'Macedonia',
  SX: 'Sint Maarten (Dutch part)',
  SZ: 'Swaziland',
  TC: 'Turks and Caicos Islands',
  TL: 'Timor',
  TZ: 'Tanzania',
  US: 'United States',
  VA: 'Vatican',
};

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ECDC_DATE = /^(\d{1,2})([./])(\d{1,2})\2(\d{4})$/;

/** Growable column store of kept rows. */
class RowStore {
  length = 0;
  region = new Int32Array(1024);
  day = new Int32Array(1024);
  line = new Int32Array(1024);
  cases = new Float64Array(1024);
  deaths = new Float64Array(1024);

  push(region: number, day: number, line: number, cases: number, deaths: number): void {
    if (this.length === this.region.length) this.grow();
    const i = this.length++;
    this.region[i] = region;
    this.day[i] = day;
    this.line[i] = line;
    this.cases[i] = cases;
    this.deaths[i] = deaths;
  }

  private grow(): void {
    const n = this.region.length * 2;
    const grow = <A extends Int32Array | Float64Array>(a: A, make: (n: number) => A): A => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.region = grow(this.region, (k) => new Int32Array(k));
    this.day = grow(this.day, (k) => new Int32Array(k));
    this.line = grow(this.line, (k) => new Int32Array(k));
    this.cases = grow(this.cases, (k) => new Float64Array(k));
    this.deaths = grow(this.deaths, (k) => new Float64Array(k));
  }
}

interface NormalizedOptions {
  format: CountrySeriesFormat | 'auto';
  source: string;
  startDay?: number;
  endDay?: number;
  monotone: false | MonotoneMode;
  include?: Set<string>;
  exclude: Set<string>;
  aggregates: 'exclude' | 'keep';
  encoding: 'utf-8' | 'latin1';
}

function optionDay(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const day = typeof value === 'string' ? isoDateToDay(value) : undefined;
  if (day === undefined) throw new EpikitError('E_INPUT_RANGE', `options.${name} is ${describeValue(value)}: expected an ISO date yyyy-mm-dd`, { argument: `options.${name}`, value });
  return day;
}

function optionIds(name: string, value: unknown): Set<string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new EpikitError('E_INPUT_TYPE', `options.${name} must be an array of region ids, got ${describeValue(value)}`, { argument: `options.${name}` });
  value.forEach((id, i) => {
    if (typeof id !== 'string') throw new EpikitError('E_INPUT_TYPE', `options.${name}[${i}] must be a region id (string), got ${describeValue(id)}`, { argument: `options.${name}`, index: i });
  });
  return new Set(value as string[]);
}

function choice<T extends string | false>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new EpikitError('E_INPUT_RANGE', `options.${name} is ${describeValue(value)}: expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, { argument: `options.${name}`, value });
  }
  return value as T;
}

function normalizeOptions(options: ParseCountrySeriesOptions): NormalizedOptions {
  if (!options || typeof options !== 'object') throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  if (options.source !== undefined && typeof options.source !== 'string') {
    throw new EpikitError('E_INPUT_TYPE', `options.source must be a file name (string), got ${describeValue(options.source)}`, { argument: 'options.source' });
  }
  const startDay = optionDay('start', options.start);
  const endDay = optionDay('end', options.end);
  if (startDay !== undefined && endDay !== undefined && startDay > endDay) {
    throw new EpikitError('E_INPUT_RANGE', `options.start ${options.start} is after options.end ${options.end}`, { argument: 'options.start', value: options.start });
  }
  return {
    format: choice('format', options.format, ['auto', 'owid', 'ecdc'] as const, 'auto'),
    source: options.source ?? '<input>',
    startDay,
    endDay,
    monotone: choice<false | MonotoneMode>('monotone', options.monotone, [false, ...MONOTONE_MODES], false),
    include: optionIds('include', options.include),
    exclude: optionIds('exclude', options.exclude) ?? new Set(),
    aggregates: choice('aggregates', options.aggregates, ['exclude', 'keep'] as const, 'exclude'),
    encoding: choice('encoding', options.encoding, ['utf-8', 'latin1'] as const, 'utf-8'),
  };
}

/** The format a header line announces, for `format: 'auto'`. */
function detectFormat(headerLine: string): CountrySeriesFormat {
  if (/(^|;)\s*"?dateRep"?\s*(;|$)/.test(headerLine)) return 'ecdc';
  if (/(^|,)\s*"?iso_code"?\s*(,|$)/.test(headerLine)) return 'owid';
  return headerLine.split(';').length > headerLine.split(',').length ? 'ecdc' : 'owid';
}

function formatError(source: string, line: number, message: string, details: Record<string, unknown> = {}): EpikitError {
  return new EpikitError('E_DATA_FORMAT', `${source}:${line}: ${message}`, { file: source, line, ...details });
}

/**
 * Reads an OWID or ECDC country file into two panels of cumulative counts (cases, deaths)
 * aligned on the same regions and days.
 *
 * Rules (the ones data/countries-2020/owid-2020-04.csv was built with):
 * - Region ids: OWID `iso_code`, else the `ecdc_geoId` column when the file has one, else
 *   `location`; ECDC `countryterritoryCode`, else `geoId`, else `countriesAndTerritories`
 *   (so the ships "International" are `JPG11668` in both shapes). Regions sorted by id.
 * - Names: OWID `location`; ECDC names as OWID standardised them (a built-in table of the 18
 *   that differ, e.g. `United_States_of_America` → "United States",
 *   `Cases_on_an_international_conveyance_Japan` → "International"), others with `_` → space.
 * - OWID aggregates (`OWID_WRL`, `OWID_EUR`, income groups, UK nations, …: every `OWID_…` code
 *   except `OWID_KOS`, `OWID_CYN`, `OWID_INT`) are dropped unless `aggregates: 'keep'`.
 * - Dense grid over [`start`, `end`] (default: the first and last date with data). ECDC daily
 *   counts are summed per country from the first row on, so values at `start` include every
 *   earlier row. Days before a region's first row are 0; days without a row (gaps, or after a
 *   series ends early) carry the last cumulative value forward. The same holds for empty cells:
 *   an empty OWID `total_cases` carries the previous value forward (0 before the first value),
 *   an empty ECDC `cases` counts as 0 new cases; both are counted in `emptyCells`.
 * - Regions with no row on or before `end` are absent. Rows after `end`, and rows of excluded
 *   regions, are checked for dates and numbers but not kept (nor checked for duplicates).
 * - Bytes are decoded as UTF-8 by default (`encoding: 'latin1'` for ECDC files with accented
 *   names; the only one in the 2020 ECDC files, Curaçao, is renamed by the table above anyway).
 * - Decreasing cumulative counts (ECDC corrections) are kept as given and listed in
 *   `corrections`; `monotone: 'cummax' | 'backward'` repairs them (see makeMonotone) over the
 *   output window and counts the values changed in `monotoneRepairs`.
 * - Errors are EpikitError `E_DATA_FORMAT` naming `source`, line and column: missing required
 *   columns ("FILE:1: missing column total_cases (found: …)"), unparsable numbers
 *   ("FILE:12:5 (total_cases): 'abc' is not a number") or dates, malformed CSV, empty input,
 *   and duplicate (region, date) rows (naming both lines). Extra columns are ignored.
 *
 * Complexity: O(N + R·T) time for N rows, R regions and T days; memory O(N_kept + R·T).
 * @example
 * const { cases, deaths, corrections } = await parseCountrySeries(text, { source: 'owid-covid-data.csv', end: '2020-04-30' });
 * panelValue(cases, 'USA', '2020-04-30');
 */
export function parseCountrySeries(input: CountrySeriesInput, options: ParseCountrySeriesOptions = {}): Promise<CountrySeries> {
  return readCountrySeries(parseInBrowsers, input, options);
}

/**
 * parseCountrySeries with a given csv-parse implementation: the Node loader passes Node's
 * `parse` from 'csv-parse' (native Buffer decoding, about 2.5× faster than the browser build
 * parseCountrySeries uses). Same rules, options and result.
 *
 * Complexity: as parseCountrySeries.
 * @example
 * import { parse } from 'csv-parse';
 * await readCountrySeries(parse, createReadStream('owid-covid-data.csv'), { source: 'owid-covid-data.csv' });
 */
export async function readCountrySeries(makeParser: CsvParserFactory, input: CountrySeriesInput, options: ParseCountrySeriesOptions = {}): Promise<CountrySeries> {
  const opts = normalizeOptions(options);
  const { source } = opts;
  const chunks = textChunks(input, opts.encoding);

  // Read up to the end of the header line to learn the delimiter.
  const head = await readCsvHead(chunks);
  const { headerLine } = head;
  if (headerLine.trim() === '') throw formatError(source, 1, 'empty input: expected a header line (OWID or ECDC country file)');
  const format = opts.format === 'auto' ? detectFormat(headerLine) : opts.format;

  const rows = new RowStore();
  const regionIndex = new Map<string, number>();
  const regionIds: string[] = [];
  const regionNames: string[] = [];
  const dayCache = new Map<string, number>();
  let dataRows = 0;
  let emptyCases = 0;
  let emptyDeaths = 0;
  let header = true;
  let columns: number[] = [];
  let optionalGeoId = -1;
  let failure: unknown;

  const fail = (error: EpikitError): never => {
    failure ??= error;
    throw error;
  };

  // "FILE:LINE:COL (column name): message", COL 1-based.
  const cellError = (line: number, column: number, message: string): never =>
    fail(new EpikitError('E_DATA_FORMAT', `${source}:${line}:${column + 1} (${REQUIRED[format][columns.indexOf(column)]}): ${message}`, { file: source, line, column: column + 1 }));

  const owidDay = (text: string, line: number, column: number): number => {
    let day = dayCache.get(text);
    if (day === undefined) {
      day = isoDateToDay(text.trim());
      if (day === undefined) return cellError(line, column, `${JSON.stringify(text)} is not a date (expected yyyy-mm-dd)`);
      dayCache.set(text, day);
    }
    return day;
  };
  const ecdcDay = (text: string, line: number, column: number): number => {
    let day = dayCache.get(text);
    if (day === undefined) {
      const m = ECDC_DATE.exec(text.trim());
      day = m ? calendarDay(Number(m[4]), Number(m[3]), Number(m[1])) : undefined;
      if (day === undefined) return cellError(line, column, `${JSON.stringify(text)} is not a date (expected dd/mm/yyyy or dd.mm.yyyy)`);
      dayCache.set(text, day);
    }
    return day;
  };
  const cellNumber = (text: string, line: number, column: number): number => {
    const t = text.trim();
    if (t === '') return NaN;
    if (!NUMBER.test(t)) return cellError(line, column, `${JSON.stringify(t)} is not a number`);
    return Number(t);
  };
  const keep = (id: string, name: string, day: number, line: number, cases: number, deaths: number): void => {
    if (opts.endDay !== undefined && day > opts.endDay) return;
    if (opts.exclude.has(id) || (opts.include && !opts.include.has(id))) return;
    let r = regionIndex.get(id);
    if (r === undefined) {
      r = regionIds.length;
      regionIndex.set(id, r);
      regionIds.push(id);
      regionNames.push(name);
    }
    if (Number.isNaN(cases)) emptyCases++;
    if (Number.isNaN(deaths)) emptyDeaths++;
    rows.push(r, day, line, cases, deaths);
  };

  const onHeader = (record: string[], line: number): void => {
    const names = record.map((f) => f.trim());
    const missing = REQUIRED[format].filter((c) => !names.includes(c));
    if (missing.length > 0) {
      const found = names.length > 20 ? `${names.slice(0, 20).join(', ')}, … (${names.length} columns)` : names.join(', ');
      fail(formatError(source, line, `missing column ${missing.join(', ')} for the ${format === 'owid' ? 'OWID' : 'ECDC'} format (found: ${found})`, { missing }));
    }
    columns = REQUIRED[format].map((c) => names.indexOf(c));
    optionalGeoId = format === 'owid' ? names.indexOf('ecdc_geoId') : -1;
  };

  const onOwid = (f: string[], line: number): void => {
    const [cIso, cLoc, cDate, cCases, cDeaths] = columns;
    const iso = f[cIso].trim();
    const day = owidDay(f[cDate], line, cDate);
    const cases = cellNumber(f[cCases], line, cCases);
    const deaths = cellNumber(f[cDeaths], line, cDeaths);
    if (opts.aggregates === 'exclude' && isOwidAggregate(iso)) return;
    const location = f[cLoc].trim();
    const id = iso || (optionalGeoId >= 0 ? f[optionalGeoId].trim() : '') || location;
    keep(id, location, day, line, cases, deaths);
  };

  const onEcdc = (f: string[], line: number): void => {
    const [cDate, cCases, cDeaths, cName, cGeo, cCode] = columns;
    const day = ecdcDay(f[cDate], line, cDate);
    const cases = cellNumber(f[cCases], line, cCases);
    const deaths = cellNumber(f[cDeaths], line, cDeaths);
    const rawName = f[cName].trim();
    const geoId = f[cGeo].trim();
    const id = f[cCode].trim() || geoId || rawName;
    keep(id, OWID_NAME_BY_ECDC_GEOID[geoId] ?? rawName.replace(/_/g, ' '), day, line, cases, deaths);
  };

  const onRecord = (record: string[], info: { lines: number }): null => {
    const line = info.lines;
    if (header) {
      header = false;
      onHeader(record, line);
      return null;
    }
    dataRows++;
    if (format === 'owid') onOwid(record, line);
    else onEcdc(record, line);
    return null;
  };

  const parser = makeParser({
    delimiter: DELIMITER[format],
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    on_record: onRecord,
  });
  await feedCsvParser(parser, chunks, head, source, {
    get: () => failure,
    set: (error) => {
      failure = error;
    },
  });
  if (dataRows === 0) throw formatError(source, 2, 'no data rows after the header');

  return buildSeries(format, source, opts, rows, regionIds, regionNames, { cases: emptyCases, deaths: emptyDeaths }, dataRows);
}

/** Rows → dense cumulative panels, checks for duplicates, corrections and monotone repair. */
function buildSeries(
  format: CountrySeriesFormat,
  source: string,
  opts: NormalizedOptions,
  rows: RowStore,
  ids: string[],
  names: string[],
  emptyCells: { cases: number; deaths: number },
  dataRows: number,
): CountrySeries {
  if (opts.include) {
    const present = new Set(ids);
    for (const id of opts.include) {
      if (!present.has(id)) {
        throw new EpikitError('E_INPUT_RANGE', `options.include lists ${JSON.stringify(id)}, which has no row in ${source}${opts.endDay !== undefined ? ` on or before ${dayToIsoDate(opts.endDay)}` : ''}`, { argument: 'options.include', value: id });
      }
    }
  }
  if (rows.length === 0) {
    throw new EpikitError('E_INPUT_EMPTY', `${source}: no rows left after the options (end ${opts.endDay !== undefined ? dayToIsoDate(opts.endDay) : '-'}, include, exclude, aggregates) out of ${dataRows} data rows`, { file: source });
  }
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    const d = rows.day[i];
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const startDay = opts.startDay ?? minDay;
  const endDay = opts.endDay ?? maxDay;
  if (startDay > endDay) {
    throw new EpikitError('E_INPUT_RANGE', `options.start ${dayToIsoDate(startDay)} is after the last date with data in ${source} (${dayToIsoDate(endDay)})`, { argument: 'options.start' });
  }
  const first = Math.min(minDay, startDay); // cumulate from the first row even if start is later
  const T = endDay - first + 1;
  const order = ids.map((_, r) => r).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const rowOf = new Int32Array(ids.length);
  order.forEach((r, i) => (rowOf[r] = i));
  const R = ids.length;

  const rawCases = new Float64Array(R * T).fill(NaN);
  const rawDeaths = new Float64Array(R * T).fill(NaN);
  const lineAt = new Int32Array(R * T);
  for (let i = 0; i < rows.length; i++) {
    const cell = rowOf[rows.region[i]] * T + (rows.day[i] - first);
    if (lineAt[cell] !== 0) {
      const [a, b] = [lineAt[cell], rows.line[i]].sort((x, y) => x - y);
      throw new EpikitError(
        'E_DATA_FORMAT',
        `${source}:${b}: duplicate row for region ${JSON.stringify(ids[rows.region[i]])} on ${dayToIsoDate(rows.day[i])} (also at line ${a})`,
        { file: source, line: b, lines: [a, b], region: ids[rows.region[i]], date: dayToIsoDate(rows.day[i]) },
      );
    }
    lineAt[cell] = rows.line[i];
    rawCases[cell] = rows.cases[i];
    rawDeaths[cell] = rows.deaths[i];
  }
  const cumulate = (raw: Float64Array): Float64Array => {
    for (let r = 0; r < R; r++) {
      let previous = 0;
      for (let t = 0; t < T; t++) {
        const v = raw[r * T + t];
        if (format === 'owid') previous = Number.isNaN(v) ? previous : v;
        else previous += Number.isNaN(v) ? 0 : v;
        raw[r * T + t] = previous;
      }
    }
    return raw;
  };
  const t0 = startDay - first;
  const width = endDay - startDay + 1;
  const window = (full: Float64Array): Float64Array => {
    if (t0 === 0) return full;
    const out = new Float64Array(R * width);
    for (let r = 0; r < R; r++) out.set(full.subarray(r * T + t0, r * T + t0 + width), r * width);
    return out;
  };
  const regions = order.map((r) => ids[r]);
  const regionNames = order.map((r) => names[r]);
  const dates = isoDateRange(startDay, width);
  const panel = (quantity: string, values: Float64Array): Panel => ({ quantity, regions: regions.slice(), names: regionNames.slice(), dates: dates.slice(), values });
  let cases = panel('total_cases', window(cumulate(rawCases)));
  let deaths = panel('total_deaths', window(cumulate(rawDeaths)));

  const corrections = { cases: decreases(cases), deaths: decreases(deaths) };
  let monotoneRepairs = 0;
  if (opts.monotone) {
    const repair = (p: Panel): Panel => {
      const q = makeMonotone(p, opts.monotone as MonotoneMode);
      for (let i = 0; i < q.values.length; i++) if (q.values[i] !== p.values[i]) monotoneRepairs++;
      return q;
    };
    cases = repair(cases);
    deaths = repair(deaths);
  }
  return { cases, deaths, format, source, corrections, monotoneRepairs, emptyCells, rows: dataRows };
}
