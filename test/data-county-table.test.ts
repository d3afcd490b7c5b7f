// County tables (counties × variables keyed by FIPS): parsing rules, the report, every error
// with file:line:column, options, streaming chunk independence and the embedded default.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EpikitError } from '../lib/errors.js';
import { normalizeFips } from '../lib/data/fips.js';
import { parseCountyTable, stateCode, type CountyTableInput, type ParseCountyTableOptions } from '../lib/data/parse-county-table.js';
import { COVID_RATE_COLUMN_PATTERN, DEFAULT_COUNTY_TABLE_PATH, loadCountyTable, loadDefaultCountyTable } from '../lib/data/load-county-table.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SMALL = join(root, 'test', 'fixtures', 'county-table-small.csv');
const tmp = mkdtempSync(join(tmpdir(), 'epikit-county-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function parseError(input: CountyTableInput, options: ParseCountyTableOptions = {}): Promise<EpikitError> {
  try {
    await parseCountyTable(input, { source: 'f.csv', ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(EpikitError);
    return e as EpikitError;
  }
  throw new Error('expected parseCountyTable to throw');
}

describe('parseCountyTable', () => {
  it('reads the small fixture: FIPS padded, names, text columns ignored, missing counted, aggregates skipped', async () => {
    const { table, report } = await loadCountyTable(SMALL);
    expect(table.regions).toEqual(['01001', '01003', '06037', '56045']);
    expect(table.names).toEqual(['Autauga County, AL', 'Baldwin County, AL', 'Los Angeles County, CA', 'Weston County, WY']);
    expect(table.features).toEqual(['population', 'income', 'rate']);
    expect(Array.from(table.values)).toEqual([55869, 58786, 12.5, 223234, NaN, 0, 10039107, 72797, 325, 6927, 61250, NaN]);
    expect(report.rows).toBe(5);
    expect(report.regions).toBe(4);
    expect(report.skippedAggregateRows).toBe(1);
    expect(report.fipsColumn).toBe('countyFIPS');
    expect(report.nameColumn).toBe('County Name');
    expect(report.stateColumn).toBe('State');
    expect(report.missingByFeature).toEqual({ population: 0, income: 1, rate: 1 });
    expect(report.missingCells).toBe(2);
    expect(report.ignoredColumns).toEqual([
      { column: 'countyFIPS', reason: 'fips' },
      { column: 'County Name', reason: 'name' },
      { column: 'State', reason: 'state' },
      { column: 'region', reason: 'text' },
    ]);
    expect(report.source).toBe(SMALL);
  });

  it.each(['fips', 'FIPS', 'county_fips', 'countyFIPS', 'County FIPS'])('recognises the FIPS column %s', async (name) => {
    const { table, report } = await parseCountyTable(`${name},x\n1001,1\n"02013",2\n`);
    expect(report.fipsColumn).toBe(name);
    expect(table.regions).toEqual(['01001', '02013']);
    expect(table.names).toEqual(['01001', '02013']);
  });

  it('state names become USPS codes; a state without a county name labels the FIPS', async () => {
    const { table } = await parseCountyTable('fips,state_name,x\n1001,Alabama,1\n72001,Puerto Rico,2\n99001,Atlantis,3\n');
    expect(table.names).toEqual(['01001 (AL)', '72001 (PR)', '99001 (Atlantis)']);
    expect(stateCode('new york')).toBe('NY');
    expect(normalizeFips('1001.0')).toBe('01001');
    expect(normalizeFips('123456')).toBeUndefined();
    expect(normalizeFips('1a')).toBeUndefined();
  });

  it('a column empty at first and text later is text; an all-empty column is reported as empty', async () => {
    const { table, report } = await parseCountyTable('fips,a,b,c\n1001,,,1\n1003,x,,2\n');
    expect(table.features).toEqual(['c']);
    expect(report.ignoredColumns).toContainEqual({ column: 'a', reason: 'text' });
    expect(report.ignoredColumns).toContainEqual({ column: 'b', reason: 'empty' });
  });

  it('columns picks and orders features, exclude drops them', async () => {
    const text = 'fips,a,b,c\n1001,1,2,3\n1003,4,5,6\n';
    const picked = await parseCountyTable(text, { columns: ['c', 'a'] });
    expect(picked.table.features).toEqual(['c', 'a']);
    expect(Array.from(picked.table.values)).toEqual([3, 1, 6, 4]);
    expect(picked.report.ignoredColumns).toContainEqual({ column: 'b', reason: 'excluded' });
    const dropped = await parseCountyTable(text, { exclude: ['b'] });
    expect(dropped.table.features).toEqual(['a', 'c']);
    expect(Array.from(dropped.table.values)).toEqual([1, 3, 4, 6]);
  });

  it('missingValues tokens, semicolons and tabs (auto delimiter), explicit fipsColumn/nameColumn', async () => {
    const svi = await parseCountyTable('FIPS,COUNTY,E_X\n1001,Autauga,-999\n1003,Baldwin,4\n', { missingValues: ['-999'] });
    expect(Array.from(svi.table.values)).toEqual([NaN, 4]);
    expect(svi.table.names).toEqual(['Autauga', 'Baldwin']);
    const semi = await parseCountyTable('fips;x\n1001;1.5\n', { delimiter: 'auto' });
    expect(Array.from(semi.table.values)).toEqual([1.5]);
    const tab = await parseCountyTable('code\tlabel\tx\n1001\tA\t2\n', { delimiter: 'auto', fipsColumn: 'code', nameColumn: 'label' });
    expect(tab.table.names).toEqual(['A']);
    expect(tab.table.features).toEqual(['x']);
    const noName = await parseCountyTable('fips,county,x\n1001,A,2\n', { nameColumn: null });
    expect(noName.table.names).toEqual(['01001']);
  });

  it('gives the same table whatever the chunking (bytes split inside a multi-byte character)', async () => {
    const text = 'fips,county_name,x\n1001,Doña Ana,1\n1003,B,2\n';
    const bytes = new TextEncoder().encode(text);
    const whole = await parseCountyTable(text);
    for (const size of [1, 2, 3, 7]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const split = await parseCountyTable(chunks);
      expect(split.table).toEqual(whole.table);
    }
    expect(whole.table.names[0]).toBe('Doña Ana');
  });
});

describe('parseCountyTable errors', () => {
  it('non-number in a numeric column: file:line:column, value and column name', async () => {
    const e = await parseError('fips,name,x,y\n1001,A,1,2\n1003,B,3,abc\n');
    expect(e.code).toBe('E_DATA_FORMAT');
    expect(e.message).toMatch(/^f\.csv:3:4 \(y\): "abc" is not a number, but column "y" is numeric \(first value at line 2\)/);
    expect(e.details).toMatchObject({ file: 'f.csv', line: 3, column: 4, columnName: 'y' });
  });

  it('duplicate FIPS names both lines (also when written differently)', async () => {
    const e = await parseError('fips,x\n1001,1\n1003,2\n01001,3\n');
    expect(e.code).toBe('E_DATA_FORMAT');
    expect(e.message).toBe('f.csv:4: duplicate FIPS 01001 (also at line 2)');
    expect(e.details).toMatchObject({ lines: [2, 4], fips: '01001' });
  });

  it('bad and empty FIPS cells', async () => {
    const bad = await parseError('fips,x\n1001,1\n10A1,2\n');
    expect(bad.message).toMatch(/^f\.csv:3:1 \(fips\): "10A1" is not a county FIPS code/);
    const long = await parseError('fips,x\n123456,1\n');
    expect(long.message).toMatch(/^f\.csv:2:1 \(fips\): "123456"/);
    const empty = await parseError('x,fips\n1,\n');
    expect(empty.message).toBe('f.csv:2:2 (fips): empty FIPS code');
  });

  it('no FIPS column, no numeric column, no rows, empty input, only aggregates', async () => {
    expect((await parseError('id,x\n1001,1\n')).message).toMatch(/^f\.csv:1: no FIPS column: expected a column named fips, FIPS, county_fips or countyFIPS .*found: id, x/);
    expect((await parseError('fips,name\n1001,A\n')).message).toBe('f.csv:1: no numeric column to use as a feature');
    expect((await parseError('fips,name,kind\n1001,A,b\n')).message).toBe('f.csv:1: no numeric column to use as a feature (text columns: kind)');
    expect((await parseError('fips,x\n')).message).toBe('f.csv:2: no data rows after the header');
    expect((await parseError('')).message).toMatch(/^f\.csv:1: empty input/);
    expect((await parseError('fips,x\n1000,1\n0,2\n')).message).toMatch(/^f\.csv:2: no county rows/);
    for (const text of ['id,x\n1,1\n', 'fips,name\n1001,A\n', 'fips,x\n', '']) expect((await parseError(text)).code).toBe('E_DATA_FORMAT');
  });

  it('malformed CSV (ragged row, unclosed quote) names the line', async () => {
    const ragged = await parseError('fips,x\n1001,1\n1003,2,3\n');
    expect(ragged.code).toBe('E_DATA_FORMAT');
    expect(ragged.message).toMatch(/^f\.csv:3: malformed CSV/);
    const quote = await parseError('fips,x\n1001,"1\n');
    expect(quote.message).toMatch(/^f\.csv(:\d+)?: malformed CSV/);
  });

  it('header problems: duplicate and empty column names', async () => {
    expect((await parseError('fips,x,x\n1001,1,2\n')).message).toBe('f.csv:1: column name "x" appears twice (columns 2 and 3)');
    expect((await parseError('fips,,x\n1001,1,2\n')).message).toBe('f.csv:1: column 2 has an empty name');
  });

  it('options naming unknown or non-numeric columns', async () => {
    const unknown = await parseError('fips,x\n1001,1\n', { columns: ['y'] });
    expect(unknown.code).toBe('E_INPUT_RANGE');
    expect(unknown.message).toMatch(/options\.columns names "y", which is not a column of f\.csv/);
    const text = await parseError('fips,name,x\n1001,A,1\n', { columns: ['name'] });
    expect(text.code).toBe('E_INPUT_RANGE');
    expect(text.message).toMatch(/"name", which is not a numeric column of f\.csv \(it is the name column\)/);
    expect((await parseError('fips,x\n1001,1\n', { exclude: ['nope'] })).message).toMatch(/options\.exclude names "nope"/);
    expect((await parseError('fips,x\n1001,1\n', { fipsColumn: 'code' })).message).toMatch(/^f\.csv:1: no column "code" \(options\.fipsColumn\)/);
    expect((await parseError('fips,x\n1001,1\n', { exclude: 'x' as unknown as string[] })).code).toBe('E_INPUT_TYPE');
    expect((await parseError('fips,x\n1001,1\n', { delimiter: '|' as ',' })).code).toBe('E_INPUT_RANGE');
    expect((await parseError(42 as unknown as string)).code).toBe('E_INPUT_TYPE');
  });
});

describe('loadCountyTable', () => {
  it('streams a file and names it in errors; a missing file is E_DATA_FORMAT', async () => {
    const file = join(tmp, 'bad.csv');
    writeFileSync(file, 'fips,x\n1001,1\n1003,?\n');
    await expect(loadCountyTable(file)).rejects.toThrow(`${file}:3:2 (x): "?" is not a number`);
    await expect(loadCountyTable(join(tmp, 'nope.csv'))).rejects.toMatchObject({ code: 'E_DATA_FORMAT', message: expect.stringContaining('file not found') });
    await expect(loadCountyTable(tmp)).rejects.toMatchObject({ code: 'E_DATA_FORMAT' });
  });

  it('the embedded default: 3,142 counties × 56 variables, 12 COVID rate columns, known missing cells', async () => {
    const { table, report } = await loadDefaultCountyTable();
    expect(table.regions).toHaveLength(3142);
    expect(table.features).toHaveLength(56);
    expect(table.regions[0]).toBe('01001');
    expect(table.names[0]).toBe('Autauga County, AL');
    expect(new Set(table.regions).size).toBe(3142);
    expect(table.regions.every((r) => /^\d{5}$/.test(r))).toBe(true);
    expect(table.regions).toContain('46102');
    expect(table.features.filter((f) => COVID_RATE_COLUMN_PATTERN.test(f))).toHaveLength(12);
    expect(report.missingCells).toBe(207);
    expect(report.missingByFeature).toMatchObject({ ventilator_capacity: 60, icu_beds: 60, deaths_per_100000: 84, Religious: 2, '%insured': 1 });
    expect(report.source).toBe('data/us-counties-features/reduced_monthly_county_matrix_2020-03_to_2020-08.csv');
    // The first data row, checked against the file text.
    const firstRow = readFileSync(DEFAULT_COUNTY_TABLE_PATH, 'utf8').split('\n')[1].split(',').slice(3).map(Number);
    expect(Array.from(table.values.subarray(0, 56))).toEqual(firstRow);
  });
});
