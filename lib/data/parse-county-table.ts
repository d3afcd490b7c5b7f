/**
 * A counties × variables CSV keyed by FIPS (the input of NMFk county signals) read into a
 * {@link Table}. Streaming (chunks in, only the numeric cells held), no Node built-ins: runs in
 * browsers as well as in Node (the Node loader in load-county-table.ts passes Node's csv-parse).
 */
import { parse as parseInBrowsers } from 'csv-parse/browser/esm';
import { normalizeFips } from './fips.js';
import { EpikitError, describeValue } from '../errors.js';
import { feedCsvParser, readCsvHead, textChunks, type CsvParserFactory, type CsvTextInput } from './csv-text-stream.js';
import type { Table } from './table.js';

/** Text of a file: a string, bytes, or chunks of either (sync or async, e.g. a stream). */
export type CountyTableInput = CsvTextInput;

export interface ParseCountyTableOptions {
  /** Name of the file, used in error messages (default `'<input>'`). */
  source?: string;
  /** Name of the FIPS column (default: the first header among fips, FIPS, county_fips, countyFIPS, … — see parseCountyTable). */
  fipsColumn?: string;
  /** Column giving county names (default: recognised from the header, e.g. county_name, county, name). `null`: none. */
  nameColumn?: string | null;
  /** Column giving the state (name or USPS code) for display names (default: recognised, e.g. state_name, state, ST_ABBR). `null`: none. */
  stateColumn?: string | null;
  /** Keep only these feature columns, in this order (each must be a numeric column of the file). */
  columns?: readonly string[];
  /** Drop these columns (each must be a column of the file). */
  exclude?: readonly string[];
  /** Cell texts read as missing (after trimming), besides the empty cell. Default `['NA', 'N/A', 'NaN', 'nan', 'null']`; e.g. add `'-999'` for CDC SVI files. */
  missingValues?: readonly string[];
  /** Field delimiter: `','` (default), `';'` or `'\t'`; `'auto'` picks the one in the header line. */
  delimiter?: ',' | ';' | '\t' | 'auto';
  /** Text encoding of byte chunks: `'utf-8'` (default) or `'latin1'`. */
  encoding?: 'utf-8' | 'latin1';
}

/** A column that did not become a feature, and why. */
export interface IgnoredColumn {
  column: string;
  /** `'fips'`, `'name'`, `'state'`: identifier columns; `'text'`: first non-empty value is not a number; `'empty'`: no value at all; `'excluded'`: dropped by the options. */
  reason: 'fips' | 'name' | 'state' | 'text' | 'empty' | 'excluded';
}

export interface CountyTableReport {
  /** Name of the input in messages. */
  source: string;
  /** Data rows read (excluding the header). */
  rows: number;
  /** Counties kept (rows of the table). */
  regions: number;
  /** State or national aggregate rows skipped (FIPS 00000 or ending in 000, e.g. USAFacts "Statewide Unallocated"). */
  skippedAggregateRows: number;
  /** The columns that were used. */
  fipsColumn: string;
  nameColumn: string | null;
  stateColumn: string | null;
  /** Missing cells (empty or a `missingValues` token) per feature, for every feature. */
  missingByFeature: Record<string, number>;
  /** Total missing cells among the features. */
  missingCells: number;
  /** Columns that are not features, with the reason. */
  ignoredColumns: IgnoredColumn[];
}

export interface CountyTable {
  table: Table;
  report: CountyTableReport;
}

/** Header names (lower case, without spaces, `_` and `-`) recognised as the FIPS column, in order of preference. */
const FIPS_HEADERS = ['fips', 'countyfips', 'fipscode', 'countyfipscode', 'stcnty', 'geoid'];
/** Header names recognised as county names. */
const NAME_HEADERS = ['countyname', 'county', 'name', 'areaname', 'location'];
/** Header names recognised as states. */
const STATE_HEADERS = ['statename', 'state', 'stabbr', 'stateabbr', 'stateabbreviation', 'st'];

const DEFAULT_MISSING = ['NA', 'N/A', 'NaN', 'nan', 'null'];

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** USPS codes of the states, DC and territories, for display names like "Autauga County, AL". */
const STATE_CODES: Readonly<Record<string, string>> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT',
  delaware: 'DE', 'district of columbia': 'DC', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL',
  indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD',
  massachusetts: 'MA', michigan: 'MI', minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT', nebraska: 'NE',
  nevada: 'NV', 'new hampshire': 'NH', 'new jersey': 'NJ', 'new mexico': 'NM', 'new york': 'NY', 'north carolina': 'NC',
  'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA', 'rhode island': 'RI',
  'south carolina': 'SC', 'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT', vermont: 'VT', virginia: 'VA',
  washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY', 'puerto rico': 'PR', guam: 'GU',
  'american samoa': 'AS', 'northern mariana islands': 'MP', 'virgin islands': 'VI', 'u.s. virgin islands': 'VI',
};

/** Lower case without spaces, underscores and hyphens: how headers are matched. */
const headerKey = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, '');

/** "Alabama" → "AL"; a USPS code or an unknown name is returned as given. */
export function stateCode(state: string): string {
  return STATE_CODES[state.trim().toLowerCase()] ?? state.trim();
}

function formatError(source: string, line: number, message: string, details: Record<string, unknown> = {}): EpikitError {
  return new EpikitError('E_DATA_FORMAT', `${source}:${line}: ${message}`, { file: source, line, ...details });
}

function stringList(name: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new EpikitError('E_INPUT_TYPE', `options.${name} must be an array of column names (strings), got ${describeValue(value)}`, { argument: `options.${name}` });
  }
  return value as string[];
}

/** Growable row-major store of the candidate numeric cells (NaN = missing or not numeric). */
class CellStore {
  rows = 0;
  values: Float64Array;
  constructor(readonly width: number) {
    this.values = new Float64Array(Math.max(1, width) * 256);
  }
  addRow(): number {
    const need = (this.rows + 1) * this.width;
    if (need > this.values.length) {
      const bigger = new Float64Array(Math.max(need, this.values.length * 2));
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values.fill(NaN, this.rows * this.width, need);
    return this.rows++;
  }
}

/**
 * Reads a counties × variables CSV keyed by FIPS into a Table plus a report of what was read.
 *
 * Rules:
 * - The header names the columns. The FIPS column is `options.fipsColumn`, else the first header
 *   that reads (ignoring case, spaces, `_` and `-`) fips, county_fips, fips_code, STCNTY or GEOID
 *   (so fips, FIPS, county_fips and countyFIPS all match). FIPS cells are integers or digit
 *   strings of 1–5 digits, zero-padded to 5 ("1001" → "01001"). Rows whose FIPS is 00000 or ends
 *   in 000 are state/national aggregates: skipped and counted.
 * - A county-name column (county_name, county, name, area_name, location) and a state column
 *   (state_name, state, ST_ABBR, st, …) are recognised and give display names
 *   ("Autauga County, AL"; state names become USPS codes); without them the name is the FIPS.
 * - Every other column is a feature if its first non-empty value is a number; a column whose
 *   first non-empty value is text is ignored (listed in `report.ignoredColumns` with reason
 *   'text'), a column with no value at all likewise ('empty'). A later non-number in a numeric
 *   column is an error naming file:line:column, the value and the column.
 * - Empty cells and `missingValues` tokens are NaN (missing): counted per feature in the report.
 * - `columns` keeps only the named features (in that order), `exclude` drops columns.
 * - Errors (EpikitError): E_DATA_FORMAT for no FIPS column, a bad or empty FIPS
 *   ("FILE:LINE:COL (fips): …"), a non-number in a numeric column, a duplicate FIPS (naming both
 *   lines), malformed CSV, empty input, no data rows, and no numeric column; E_INPUT_RANGE when
 *   `columns`/`exclude` name a column the file lacks (or a non-numeric one).
 *
 * Complexity: O(file size) time; memory O(rows × columns) numbers (text cells are not kept).
 * @example
 * const { table, report } = await parseCountyTable('fips,county_name,state,x\n1001,Autauga County,AL,3.5\n');
 * table.regions; // ['01001']
 * table.names; // ['Autauga County, AL']
 * @throws EpikitError E_DATA_FORMAT / E_INPUT_RANGE / E_INPUT_TYPE as above.
 */
export function parseCountyTable(input: CountyTableInput, options: ParseCountyTableOptions = {}): Promise<CountyTable> {
  return readCountyTable(parseInBrowsers as unknown as CsvParserFactory, input, options);
}

/**
 * parseCountyTable with a given csv-parse implementation (the Node loader passes Node's `parse`
 * from 'csv-parse'). Same rules, options and result.
 *
 * Complexity: as parseCountyTable.
 * @example
 * import { parse } from 'csv-parse';
 * await readCountyTable(parse, createReadStream('counties.csv'), { source: 'counties.csv' });
 */
export async function readCountyTable(makeParser: CsvParserFactory, input: CountyTableInput, options: ParseCountyTableOptions = {}): Promise<CountyTable> {
  if (options === null || typeof options !== 'object') {
    throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  }
  const source = options.source ?? '<input>';
  const encoding = options.encoding ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'latin1') {
    throw new EpikitError('E_INPUT_RANGE', `options.encoding is ${describeValue(encoding)}: expected 'utf-8' or 'latin1'`, { argument: 'options.encoding' });
  }
  const delimiterOption = options.delimiter ?? ',';
  if (![',', ';', '\t', 'auto'].includes(delimiterOption)) {
    throw new EpikitError('E_INPUT_RANGE', `options.delimiter is ${describeValue(delimiterOption)}: expected ',', ';', '\\t' or 'auto'`, { argument: 'options.delimiter' });
  }
  const keepColumns = stringList('columns', options.columns);
  const excludeColumns = new Set(stringList('exclude', options.exclude) ?? []);
  const missingTokens = new Set(stringList('missingValues', options.missingValues) ?? DEFAULT_MISSING);
  missingTokens.add('');

  const chunks = textChunks(input, encoding);
  const head = await readCsvHead(chunks);
  const { headerLine } = head;
  if (headerLine.trim() === '') throw formatError(source, 1, 'empty input: expected a header line with a FIPS column and numeric columns');
  const delimiter =
    delimiterOption !== 'auto' ? delimiterOption : ([',', ';', '\t'] as const).reduce((best, d) => (headerLine.split(d).length > headerLine.split(best).length ? d : best), ',' as ',' | ';' | '\t');

  // Column roles, fixed at the header.
  let names: string[] = [];
  let fipsCol = -1;
  let nameCol = -1;
  let stateCol = -1;
  /** Per column: 0 = undecided (only empty cells so far), 1 = numeric, 2 = text/ignored. */
  let kind = new Uint8Array(0);
  let firstValueLine = new Int32Array(0);
  let store = new CellStore(0);
  const regions: string[] = [];
  const displayNames: string[] = [];
  const lineOfFips = new Map<string, number>();
  let dataRows = 0;
  let skippedAggregates = 0;
  let header = true;
  let failure: unknown;

  const fail = (error: EpikitError): never => {
    failure ??= error;
    throw error;
  };
  const cellError = (line: number, column: number, message: string): never =>
    fail(new EpikitError('E_DATA_FORMAT', `${source}:${line}:${column + 1} (${names[column]}): ${message}`, { file: source, line, column: column + 1, columnName: names[column] }));

  const pickColumn = (option: string | null | undefined, what: string, candidates: readonly string[], argument: string): number => {
    if (option === null) return -1;
    if (option !== undefined) {
      if (typeof option !== 'string') throw new EpikitError('E_INPUT_TYPE', `options.${argument} must be a column name, got ${describeValue(option)}`, { argument: `options.${argument}` });
      const i = names.indexOf(option);
      if (i < 0) fail(formatError(source, 1, `no column ${JSON.stringify(option)} (options.${argument}) for the ${what} (found: ${foundList()})`, { argument: `options.${argument}` }));
      return i;
    }
    const keys = names.map(headerKey);
    for (const c of candidates) {
      const i = keys.indexOf(c);
      if (i >= 0) return i;
    }
    return -1;
  };
  const foundList = (): string => (names.length > 20 ? `${names.slice(0, 20).join(', ')}, … (${names.length} columns)` : names.join(', '));

  const onHeader = (record: string[], line: number): void => {
    names = record.map((f) => f.trim());
    const seen = new Map<string, number>();
    names.forEach((n, i) => {
      if (n === '') fail(formatError(source, line, `column ${i + 1} has an empty name`, { column: i + 1 }));
      const j = seen.get(n);
      if (j !== undefined) fail(formatError(source, line, `column name ${JSON.stringify(n)} appears twice (columns ${j + 1} and ${i + 1})`, { column: i + 1 }));
      seen.set(n, i);
    });
    fipsCol = pickColumn(options.fipsColumn, 'FIPS codes', FIPS_HEADERS, 'fipsColumn');
    if (fipsCol < 0) fail(formatError(source, line, `no FIPS column: expected a column named fips, FIPS, county_fips or countyFIPS (or set options.fipsColumn); found: ${foundList()}`));
    nameCol = pickColumn(options.nameColumn, 'county names', NAME_HEADERS, 'nameColumn');
    stateCol = pickColumn(options.stateColumn, 'states', STATE_HEADERS, 'stateColumn');
    if (nameCol === fipsCol) nameCol = -1;
    if (stateCol === fipsCol || stateCol === nameCol) stateCol = -1;
    for (const c of [...excludeColumns, ...(keepColumns ?? [])]) {
      if (!seen.has(c)) {
        const argument = excludeColumns.has(c) ? 'exclude' : 'columns';
        fail(new EpikitError('E_INPUT_RANGE', `options.${argument} names ${JSON.stringify(c)}, which is not a column of ${source} (found: ${foundList()})`, { argument: `options.${argument}`, value: c }));
      }
    }
    kind = new Uint8Array(names.length);
    firstValueLine = new Int32Array(names.length);
    for (const c of [fipsCol, nameCol, stateCol]) if (c >= 0) kind[c] = 2;
    store = new CellStore(names.length);
  };

  const onRow = (f: string[], line: number): void => {
    dataRows++;
    const fipsText = f[fipsCol].trim();
    if (fipsText === '') cellError(line, fipsCol, 'empty FIPS code');
    const fips = normalizeFips(fipsText);
    if (fips === undefined) cellError(line, fipsCol, `${JSON.stringify(fipsText)} is not a county FIPS code (expected 1 to 5 digits, e.g. 1001 or 01001)`);
    // Numeric cells are checked on every row, aggregates included.
    const r = store.addRow();
    const base = r * store.width;
    for (let c = 0; c < f.length; c++) {
      const k = kind[c];
      if (k === 2) continue;
      const t = f[c].trim();
      if (missingTokens.has(t)) continue;
      if (NUMBER.test(t)) {
        if (k === 0) {
          kind[c] = 1;
          firstValueLine[c] = line;
        }
        store.values[base + c] = Number(t);
      } else if (k === 0) {
        kind[c] = 2; // text column: its earlier cells were all empty
      } else {
        cellError(line, c, `${JSON.stringify(t)} is not a number, but column ${JSON.stringify(names[c])} is numeric (first value at line ${firstValueLine[c]}); use options.missingValues for missing-value codes or options.exclude to drop the column`);
      }
    }
    if (fips!.endsWith('000')) {
      skippedAggregates++;
      store.rows--; // forget the row
      return;
    }
    const previous = lineOfFips.get(fips!);
    if (previous !== undefined) {
      fail(new EpikitError('E_DATA_FORMAT', `${source}:${line}: duplicate FIPS ${fips} (also at line ${previous})`, { file: source, line, lines: [previous, line], fips }));
    }
    lineOfFips.set(fips!, line);
    regions.push(fips!);
    const county = nameCol >= 0 ? f[nameCol].trim() : '';
    const state = stateCol >= 0 ? f[stateCol].trim() : '';
    displayNames.push(county ? (state ? `${county}, ${stateCode(state)}` : county) : state ? `${fips} (${stateCode(state)})` : fips!);
  };

  const onRecord = (record: string[], info: { lines: number }): null => {
    if (header) {
      header = false;
      onHeader(record, info.lines);
      return null;
    }
    onRow(record, info.lines);
    return null;
  };

  const parser = makeParser({ delimiter, bom: true, skip_empty_lines: true, relax_column_count: false, on_record: onRecord });
  await feedCsvParser(parser, chunks, head, source, {
    get: () => failure,
    set: (error) => {
      failure = error;
    },
  });
  if (dataRows === 0) throw formatError(source, 2, 'no data rows after the header');
  if (regions.length === 0) throw formatError(source, 2, `no county rows: all ${dataRows} rows are state or national aggregates (FIPS ending in 000)`);

  // Features: numeric columns, in file order or in options.columns order.
  const ignored: IgnoredColumn[] = [];
  const roleOf = (c: number): IgnoredColumn['reason'] | null =>
    c === fipsCol ? 'fips' : c === nameCol ? 'name' : c === stateCol ? 'state' : kind[c] === 2 ? 'text' : kind[c] === 0 ? 'empty' : null;
  let featureCols: number[];
  if (keepColumns) {
    featureCols = keepColumns.map((name) => {
      const c = names.indexOf(name);
      const role = roleOf(c);
      if (role !== null) {
        throw new EpikitError('E_INPUT_RANGE', `options.columns names ${JSON.stringify(name)}, which is not a numeric column of ${source} (it is ${role === 'text' ? 'a text column' : role === 'empty' ? 'empty' : `the ${role} column`})`, { argument: 'options.columns', value: name });
      }
      return c;
    });
    names.forEach((name, c) => {
      const role = roleOf(c);
      if (role !== null) ignored.push({ column: name, reason: role });
      else if (!keepColumns.includes(name)) ignored.push({ column: name, reason: 'excluded' });
    });
  } else {
    featureCols = [];
    names.forEach((name, c) => {
      const role = roleOf(c);
      if (role !== null) ignored.push({ column: name, reason: role });
      else if (excludeColumns.has(name)) ignored.push({ column: name, reason: 'excluded' });
      else featureCols.push(c);
    });
  }
  if (featureCols.length === 0) {
    const text = ignored.filter((i) => i.reason === 'text').map((i) => i.column);
    throw formatError(source, 1, `no numeric column to use as a feature${text.length ? ` (text columns: ${text.join(', ')})` : ''}${excludeColumns.size ? ' after options.exclude' : ''}`);
  }

  const n = regions.length;
  const d = featureCols.length;
  const values = new Float64Array(n * d);
  const missingByFeature: Record<string, number> = {};
  let missingCells = 0;
  featureCols.forEach((c, j) => {
    let missing = 0;
    for (let r = 0; r < n; r++) {
      const v = store.values[r * store.width + c];
      values[r * d + j] = v;
      if (Number.isNaN(v)) missing++;
    }
    missingByFeature[names[c]] = missing;
    missingCells += missing;
  });
  return {
    table: { regions, names: displayNames, features: featureCols.map((c) => names[c]), values },
    report: {
      source,
      rows: dataRows,
      regions: n,
      skippedAggregateRows: skippedAggregates,
      fipsColumn: names[fipsCol],
      nameColumn: nameCol >= 0 ? names[nameCol] : null,
      stateColumn: stateCol >= 0 ? names[stateCol] : null,
      missingByFeature,
      missingCells,
      ignoredColumns: ignored,
    },
  };
}
