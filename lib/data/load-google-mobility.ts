/**
 * Google COVID-19 Community Mobility Reports (CMR), US counties → one {@link CountyMobility}:
 * six mobility types × counties × days of percent change from Google's baseline, NaN where
 * Google reported nothing. Two shapes:
 *
 * - the official `Global_Mobility_Report.csv` / `2020_US_Region_Mobility_Report.csv`
 *   (country_region_code, country_region, sub_region_1, sub_region_2, metro_area?,
 *   iso_3166_2_code, census_fips_code, place_id?, date, retail_and_recreation_percent_change_from_baseline,
 *   grocery_and_pharmacy_…, parks_…, transit_stations_…, workplaces_…, residential_…), filtered to
 *   the rows with a `census_fips_code` (US counties);
 * - the team's compact shape `fips,date,retail,grocery,parks,transit,workplaces,residential`
 *   (data/us-counties-mobility/).
 *
 * Streams the file; only the kept rows are held (as Float32: Google's values are integers).
 */
import { EpikitError, describeValue } from '../errors.js';
import { normalizeFips } from './fips.js';
import { openDataFile, readCsvRecords, type CsvInput } from './csv-file.js';
import { dayToIsoDate, isoDateRange, isoDateToDay } from './panel.js';

export { MOBILITY_TYPES, GOOGLE_MOBILITY_COLUMNS, type MobilityType, type CountyMobility } from './county-mobility.js';
import { MOBILITY_TYPES, GOOGLE_MOBILITY_COLUMNS, type MobilityType, type CountyMobility } from './county-mobility.js';

export type GoogleMobilityShape = 'google' | 'compact';

export interface LoadGoogleMobilityOptions {
  /** `'auto'` (default) recognises the shape from the header. */
  shape?: GoogleMobilityShape | 'auto';
  /** Name of the file in error messages (default: the path, or `'<input>'`). */
  source?: string;
  /** First date kept (ISO). Default: first date in the file. */
  start?: string;
  /** Last date kept (ISO). Default: last date in the file. */
  end?: string;
}

export interface GoogleMobility {
  mobility: CountyMobility;
  shape: GoogleMobilityShape;
  source: string;
  /** Data rows read (header excluded). */
  rows: number;
  /** Rows kept (US county rows within start..end). */
  keptRows: number;
  /** Official shape: rows without a census_fips_code (other countries, states, the US total), skipped. */
  nonCountyRows: number;
  /** Reported values per type (`types` order) in the kept grid. */
  reported: number[];
  /** Grid cells (county × day × type) with no value: the day's row missing or the cell empty. */
  notReported: number;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

class MobilityRows {
  length = 0;
  county = new Int32Array(4096);
  day = new Int32Array(4096);
  line = new Int32Array(4096);
  values = new Float32Array(4096 * 6);
  push(county: number, day: number, line: number, v: Float64Array): void {
    if (this.length === this.county.length) {
      const n = this.county.length * 2;
      const c = new Int32Array(n);
      c.set(this.county);
      this.county = c;
      const d = new Int32Array(n);
      d.set(this.day);
      this.day = d;
      const l = new Int32Array(n);
      l.set(this.line);
      this.line = l;
      const x = new Float32Array(n * 6);
      x.set(this.values);
      this.values = x;
    }
    const i = this.length++;
    this.county[i] = county;
    this.day[i] = day;
    this.line[i] = line;
    for (let k = 0; k < 6; k++) this.values[i * 6 + k] = v[k];
  }
}

function optionDay(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const day = typeof value === 'string' ? isoDateToDay(value) : undefined;
  if (day === undefined) throw new EpikitError('E_INPUT_RANGE', `options.${name} is ${describeValue(value)}: expected an ISO date yyyy-mm-dd`, { argument: `options.${name}`, value });
  return day;
}

/**
 * Parses a Google mobility CSV (official or compact shape; text or chunks) into county ×
 * day × type percent changes.
 *
 * Rules:
 * - Columns are found by name; a missing one is E_DATA_FORMAT at line 1. Official shape: rows
 *   with an empty `census_fips_code` (other countries, states, the national total) are skipped
 *   and counted in `nonCountyRows`; county names are "sub_region_2, sub_region_1". Compact
 *   shape: names are the FIPS codes.
 * - FIPS zero-padded to 5; dates ISO; values numbers (percent change, may be negative) or empty
 *   (= not reported → NaN). A bad FIPS, date or value is E_DATA_FORMAT
 *   "SOURCE:LINE:COLUMN (name): value …"; a repeated (fips, date) is E_DATA_FORMAT naming both
 *   lines. Row order does not matter.
 * - The grid spans start..end (default: the file's first..last date); days without a row are NaN.
 *   Counties are sorted by FIPS.
 *
 * Complexity: O(N + C·T) for N rows; memory O(N_kept + C·T).
 * @example
 * const { mobility } = await parseGoogleMobility('fips,date,retail,grocery,parks,transit,workplaces,residential\n1001,2020-02-15,5,7,,,-4,\n');
 * mobility.values.slice(0, 6); // Float64Array [5, 7, NaN, NaN, -4, NaN]
 * @throws EpikitError E_DATA_FORMAT (content), E_INPUT_EMPTY (no county rows), E_INPUT_* (options).
 */
export async function parseGoogleMobility(input: CsvInput, options: LoadGoogleMobilityOptions = {}): Promise<GoogleMobility> {
  if (!options || typeof options !== 'object') throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  const source = options.source ?? '<input>';
  const shapeOption = options.shape ?? 'auto';
  if (!['auto', 'google', 'compact'].includes(shapeOption)) {
    throw new EpikitError('E_INPUT_RANGE', `options.shape is ${describeValue(shapeOption)}: expected "auto", "google" or "compact"`, { argument: 'options.shape', value: shapeOption });
  }
  const startDay = optionDay('start', options.start);
  const endDay = optionDay('end', options.end);
  if (startDay !== undefined && endDay !== undefined && startDay > endDay) {
    throw new EpikitError('E_INPUT_RANGE', `options.start ${options.start} is after options.end ${options.end}`, { argument: 'options.start' });
  }

  let shape: GoogleMobilityShape = 'compact';
  let header: string[] = [];
  let cFips = -1;
  let cDate = -1;
  let cSub1 = -1;
  let cSub2 = -1;
  let cValue: number[] = [];
  let width = 0;
  let rows = -1;
  let nonCountyRows = 0;
  const index = new Map<string, number>();
  const ids: string[] = [];
  const names: string[] = [];
  const dayCache = new Map<string, number>();
  const kept = new MobilityRows();
  const v = new Float64Array(6);

  const cellError = (line: number, c: number, message: string, value: string): never => {
    throw new EpikitError('E_DATA_FORMAT', `${source}:${line}:${c + 1} (${header[c]}): ${message}`, { file: source, line, column: c + 1, value });
  };

  await readCsvRecords(input, source, (f, line) => {
    rows++;
    if (rows === 0) {
      header = f.map((s) => s.trim());
      const has = (c: string) => header.includes(c);
      const detected: GoogleMobilityShape | undefined = has('census_fips_code') ? 'google' : has('fips') && has('retail') ? 'compact' : undefined;
      shape = shapeOption === 'auto' ? (detected ?? 'compact') : shapeOption;
      const required = shape === 'google' ? ['census_fips_code', 'date', ...MOBILITY_TYPES.map((t) => GOOGLE_MOBILITY_COLUMNS[t])] : ['fips', 'date', ...MOBILITY_TYPES];
      const missing = required.filter((c) => !has(c));
      if (missing.length > 0) {
        throw new EpikitError('E_DATA_FORMAT', `${source}:${line}: missing column ${missing.join(', ')} for the ${shape === 'google' ? 'official Google mobility' : 'compact mobility'} shape (found: ${header.slice(0, 16).join(', ')})`, { file: source, line, missing });
      }
      cFips = header.indexOf(shape === 'google' ? 'census_fips_code' : 'fips');
      cDate = header.indexOf('date');
      cSub1 = header.indexOf('sub_region_1');
      cSub2 = header.indexOf('sub_region_2');
      cValue = MOBILITY_TYPES.map((t) => header.indexOf(shape === 'google' ? GOOGLE_MOBILITY_COLUMNS[t] : t));
      width = f.length;
      return;
    }
    if (f.length !== width) {
      throw new EpikitError('E_DATA_FORMAT', `${source}:${line}: ${f.length} fields, expected ${width} as in the header`, { file: source, line });
    }
    const fipsText = f[cFips].trim();
    if (fipsText === '' && shape === 'google') {
      nonCountyRows++;
      return;
    }
    const fips = normalizeFips(fipsText);
    if (fips === undefined) cellError(line, cFips, `${JSON.stringify(fipsText)} is not a FIPS code (1–5 digits)`, fipsText);
    const dateText = f[cDate];
    let day = dayCache.get(dateText);
    if (day === undefined) {
      day = isoDateToDay(dateText.trim());
      if (day === undefined) cellError(line, cDate, `${JSON.stringify(dateText)} is not a date (expected yyyy-mm-dd)`, dateText);
      dayCache.set(dateText, day as number);
    }
    for (let k = 0; k < 6; k++) {
      const text = f[cValue[k]].trim();
      if (text === '') v[k] = NaN;
      else if (NUMBER.test(text)) v[k] = Number(text);
      else cellError(line, cValue[k], `${JSON.stringify(text)} is not a number (percent change from baseline)`, text);
    }
    const d = day as number;
    if ((startDay !== undefined && d < startDay) || (endDay !== undefined && d > endDay)) return;
    let r = index.get(fips as string);
    if (r === undefined) {
      r = ids.length;
      index.set(fips as string, r);
      ids.push(fips as string);
      names.push(shape === 'google' && cSub1 >= 0 && cSub2 >= 0 ? `${f[cSub2].trim()}, ${f[cSub1].trim()}` : (fips as string));
    }
    kept.push(r, d, line, v);
  });
  if (rows < 0) throw new EpikitError('E_DATA_FORMAT', `${source}:1: empty input: expected a Google mobility header`, { file: source, line: 1 });
  if (kept.length === 0) {
    throw new EpikitError('E_INPUT_EMPTY', `${source}: no US county rows${startDay !== undefined || endDay !== undefined ? ' within start..end' : ''} (${rows} data rows, ${nonCountyRows} without census_fips_code)`, { file: source });
  }
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < kept.length; i++) {
    minDay = Math.min(minDay, kept.day[i]);
    maxDay = Math.max(maxDay, kept.day[i]);
  }
  const first = startDay ?? minDay;
  const last = endDay ?? maxDay;
  const T = last - first + 1;
  const C = ids.length;
  const order = ids.map((_, r) => r).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const rowOf = new Int32Array(C);
  order.forEach((r, i) => (rowOf[r] = i));
  const values = new Float64Array(C * T * 6).fill(NaN);
  const lineAt = new Int32Array(C * T);
  for (let i = 0; i < kept.length; i++) {
    const cell = rowOf[kept.county[i]] * T + (kept.day[i] - first);
    if (lineAt[cell] !== 0) {
      const [a, b] = [lineAt[cell], kept.line[i]].sort((x, y) => x - y);
      throw new EpikitError('E_DATA_FORMAT', `${source}:${b}: duplicate row for FIPS ${ids[kept.county[i]]} on ${dayToIsoDate(kept.day[i])} (also at line ${a})`, {
        file: source, line: b, lines: [a, b], fips: ids[kept.county[i]], date: dayToIsoDate(kept.day[i]),
      });
    }
    lineAt[cell] = kept.line[i];
    for (let k = 0; k < 6; k++) values[cell * 6 + k] = kept.values[i * 6 + k];
  }
  const reported = [0, 0, 0, 0, 0, 0];
  let notReported = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) notReported++;
    else reported[i % 6]++;
  }
  return {
    mobility: { regions: order.map((r) => ids[r]), names: order.map((r) => names[r]), dates: isoDateRange(first, T), types: MOBILITY_TYPES, values },
    shape,
    source,
    rows,
    keptRows: kept.length,
    nonCountyRows,
    reported,
    notReported,
  };
}

/**
 * Loads a Google mobility CSV from disk (streamed): see parseGoogleMobility. `source` defaults
 * to the path.
 *
 * Complexity: O(N + C·T).
 * @example
 * const { mobility } = await loadGoogleMobility('data/us-counties-mobility/us-county-mobility-2020.csv');
 * @throws EpikitError E_DATA_FORMAT (missing file or bad content), E_INPUT_* (options).
 */
export async function loadGoogleMobility(path: string | URL, options: LoadGoogleMobilityOptions = {}): Promise<GoogleMobility> {
  const { file, stream } = await openDataFile(path, 'a Google mobility CSV (official Global_Mobility_Report shape or fips,date,retail,…,residential)');
  try {
    return await parseGoogleMobility(stream, { ...options, source: options.source ?? file });
  } finally {
    stream.destroy();
  }
}

/**
 * One mobility type of a CountyMobility as a C × T Float64Array (NaN = not reported).
 *
 * Complexity: O(C·T).
 * @example
 * mobilityOfType(mobility, 'residential')[0]; // first county, first day
 */
export function mobilityOfType(mobility: CountyMobility, type: MobilityType): Float64Array {
  const k = mobility.types.indexOf(type);
  if (k < 0) throw new EpikitError('E_INPUT_RANGE', `type is ${describeValue(type)}: expected one of ${mobility.types.join(', ')}`, { argument: 'type', value: type });
  const K = mobility.types.length;
  const n = mobility.regions.length * mobility.dates.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mobility.values[i * K + k];
  return out;
}
