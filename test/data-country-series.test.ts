// Country series: OWID and ECDC parsing, errors, the embedded default, the ECDC → OWID oracle,
// streaming a large file and chunk-boundary independence.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EpikitError } from '../lib/errors.js';
import { panelRow, panelValue } from '../lib/data/panel.js';
import { isOwidAggregate, parseCountrySeries, type CountrySeries, type CountrySeriesInput, type ParseCountrySeriesOptions } from '../lib/data/parse-country-series.js';
import { DEFAULT_COUNTRY_SERIES_PATH, loadCountrySeries, loadDefaultCountrySeries } from '../lib/data/load-country-series.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ECDC_FIXTURE = join(root, 'test', 'fixtures', 'data-ecdc-2020-06-22.csv');
const EXTRACT = join(root, 'data', 'countries-2020', 'owid-2020-04.csv');

async function parseError(input: CountrySeriesInput, options: ParseCountrySeriesOptions = {}): Promise<EpikitError> {
  try {
    await parseCountrySeries(input, options);
  } catch (e) {
    expect(e).toBeInstanceOf(EpikitError);
    return e as EpikitError;
  }
  throw new Error('expected parseCountrySeries to throw');
}

const rowOf = (s: CountrySeries, id: string) => ({ cases: Array.from(panelRow(s.cases, id)), deaths: Array.from(panelRow(s.deaths, id)) });

const OWID_SMALL = [
  'iso_code,continent,location,date,total_cases,new_cases,total_deaths,stringency_index',
  'BBB,Europe,Bland,2020-01-02,5,5,1,11.1',
  'BBB,Europe,Bland,2020-01-04,9,4,2,',
  'AAA,Asia,Aland,2020-01-01,1,1,0,',
  'AAA,Asia,Aland,2020-01-02,3,2,0,',
  'AAA,Asia,Aland,2020-01-03,,,,',
  'AAA,Asia,Aland,2020-01-04,2,-1,1,',
  'OWID_WRL,,World,2020-01-01,1,1,0,',
  'OWID_KOS,Europe,Kosovo,2020-01-03,4,4,0,',
  '',
].join('\n');

describe('parseCountrySeries: OWID shape', () => {
  it('builds a dense grid of cumulative counts, regions sorted by id, extra columns ignored', async () => {
    const s = await parseCountrySeries(OWID_SMALL, { source: 'small.csv' });
    expect(s.format).toBe('owid');
    expect(s.source).toBe('small.csv');
    expect(s.rows).toBe(8);
    expect(s.cases.regions).toEqual(['AAA', 'BBB', 'OWID_KOS']); // World is an aggregate, Kosovo is not
    expect(s.cases.names).toEqual(['Aland', 'Bland', 'Kosovo']);
    expect(s.cases.dates).toEqual(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04']);
    expect(s.deaths.regions).toEqual(s.cases.regions);
    expect(s.deaths.dates).toEqual(s.cases.dates);
    expect(s.cases.quantity).toBe('total_cases');
    expect(s.deaths.quantity).toBe('total_deaths');
    // AAA: empty cells on 01-03 carry 3 forward; BBB: 0 before its first row, gap on 01-03 carried;
    // Kosovo: 0 before, carried after its last row.
    expect(rowOf(s, 'AAA')).toEqual({ cases: [1, 3, 3, 2], deaths: [0, 0, 0, 1] });
    expect(rowOf(s, 'BBB')).toEqual({ cases: [0, 5, 5, 9], deaths: [0, 1, 1, 2] });
    expect(rowOf(s, 'OWID_KOS')).toEqual({ cases: [0, 0, 4, 4], deaths: [0, 0, 0, 0] });
    expect(s.emptyCells).toEqual({ cases: 1, deaths: 1 });
    expect(s.corrections.cases).toEqual([{ region: 'AAA', name: 'Aland', date: '2020-01-04', previous: 3, value: 2 }]);
    expect(s.corrections.deaths).toEqual([]);
    expect(s.monotoneRepairs).toBe(0);
  });

  it('keeps aggregates on request and filters regions and dates', async () => {
    const all = await parseCountrySeries(OWID_SMALL, { aggregates: 'keep' });
    expect(all.cases.regions).toEqual(['AAA', 'BBB', 'OWID_KOS', 'OWID_WRL']);
    const some = await parseCountrySeries(OWID_SMALL, { include: ['BBB', 'AAA'], start: '2020-01-03', end: '2020-01-03' });
    expect(some.cases.regions).toEqual(['AAA', 'BBB']);
    expect(some.cases.dates).toEqual(['2020-01-03']);
    expect(Array.from(some.cases.values)).toEqual([3, 5]); // carried from rows before start
    const wide = await parseCountrySeries(OWID_SMALL, { exclude: ['AAA'], start: '2019-12-30', end: '2020-01-05' });
    expect(wide.cases.regions).toEqual(['BBB', 'OWID_KOS']);
    expect(rowOf(wide, 'BBB').cases).toEqual([0, 0, 0, 5, 5, 9, 9]);
  });

  it("repairs decreases with monotone: 'cummax' or 'backward', still listing the corrections found", async () => {
    const up = await parseCountrySeries(OWID_SMALL, { monotone: 'cummax' });
    expect(rowOf(up, 'AAA').cases).toEqual([1, 3, 3, 3]);
    expect(up.monotoneRepairs).toBe(1);
    expect(up.corrections.cases).toHaveLength(1);
    const down = await parseCountrySeries(OWID_SMALL, { monotone: 'backward' });
    expect(rowOf(down, 'AAA').cases).toEqual([1, 2, 2, 2]);
    expect(down.monotoneRepairs).toBe(2);
  });

  it('uses the ecdc_geoId column, then the location, when iso_code is empty', async () => {
    const text = 'date,iso_code,ecdc_geoId,location,total_cases,total_deaths\n2020-03-01,,JPG11668,International,705,6\n2020-03-01,,,Nowhere,1,0\n';
    const s = await parseCountrySeries(text);
    expect(s.cases.regions).toEqual(['JPG11668', 'Nowhere']);
    expect(s.cases.names).toEqual(['International', 'Nowhere']);
  });
});

describe('isOwidAggregate', () => {
  it('treats OWID_ codes as aggregates except Kosovo, Northern Cyprus and International', () => {
    for (const code of ['OWID_WRL', 'OWID_EUR', 'OWID_EUN', 'OWID_HIC', 'OWID_ENG']) expect(isOwidAggregate(code), code).toBe(true);
    for (const code of ['OWID_KOS', 'OWID_CYN', 'OWID_INT', 'USA', '']) expect(isOwidAggregate(code), code).toBe(false);
  });
});

const ECDC_SMALL = [
  'dateRep;day;month;year;cases;deaths;countriesAndTerritories;geoId;countryterritoryCode;popData2019;continentExp',
  '04/01/2020;4;1;2020;3;1;United_States_of_America;US;USA;329064917;America',
  '02/01/2020;2;1;2020;2;0;United_States_of_America;US;USA;329064917;America',
  '01/01/2020;1;1;2020;1;0;United_States_of_America;US;USA;329064917;America',
  '03/01/2020;3;1;2020;10;0;Cases_on_an_international_conveyance_Japan;JPG11668;;3000;Other',
  '04/01/2020;4;1;2020;-2;;Cases_on_an_international_conveyance_Japan;JPG11668;;3000;Other',
  '02/01/2020;2;1;2020;7;2;Some_Place;XX;;;Other',
  '',
].join('\r\n');

describe('parseCountrySeries: ECDC shape', () => {
  it('cumulates daily counts on a dense grid: 0 before the first row, gaps add nothing', async () => {
    const s = await parseCountrySeries(ECDC_SMALL, { source: 'ecdc.csv' });
    expect(s.format).toBe('ecdc');
    expect(s.cases.regions).toEqual(['JPG11668', 'USA', 'XX']); // countryterritoryCode, else geoId
    expect(s.cases.names).toEqual(['International', 'United States', 'Some Place']);
    expect(s.cases.dates).toEqual(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04']);
    expect(rowOf(s, 'USA')).toEqual({ cases: [1, 3, 3, 6], deaths: [0, 0, 0, 1] });
    expect(rowOf(s, 'JPG11668')).toEqual({ cases: [0, 0, 10, 8], deaths: [0, 0, 0, 0] });
    expect(rowOf(s, 'XX')).toEqual({ cases: [0, 7, 7, 7], deaths: [0, 2, 2, 2] });
    expect(s.emptyCells).toEqual({ cases: 0, deaths: 1 });
    expect(s.corrections.cases).toEqual([{ region: 'JPG11668', name: 'International', date: '2020-01-04', previous: 10, value: 8 }]);
  });

  it('accepts dd.mm.yyyy dates and a later start that still counts the earlier rows', async () => {
    const dotted = ECDC_SMALL.replace(/(\d\d)\/(\d\d)\/(\d{4})/g, '$1.$2.$3');
    const s = await parseCountrySeries(dotted, { start: '2020-01-03', include: ['USA'] });
    expect(s.cases.dates).toEqual(['2020-01-03', '2020-01-04']);
    expect(Array.from(s.cases.values)).toEqual([3, 6]);
  });
});

describe('parseCountrySeries: inputs and encodings', () => {
  it('accepts bytes, decodes latin-1 on request, and strips a byte-order mark', async () => {
    const header = 'dateRep;day;month;year;cases;deaths;countriesAndTerritories;geoId;countryterritoryCode;popData2019;continentExp\r\n';
    const latin1 = Uint8Array.from([...header, ...'01.03.2020;1;3;2020;4;0;R\u00e9union;RE;REU;1;Africa\r\n'].map((c) => c.charCodeAt(0)));
    const s = await parseCountrySeries(latin1, { encoding: 'latin1' });
    expect(s.cases.names).toEqual(['Réunion']);
    expect(Array.from(s.cases.values)).toEqual([4]);
    const bom = await parseCountrySeries(new TextEncoder().encode('\ufeff' + OWID_SMALL));
    expect(bom.cases.regions).toEqual(['AAA', 'BBB', 'OWID_KOS']);
  });

  it('an explicit format that does not match the header names the missing columns', async () => {
    const e = await parseError(OWID_SMALL, { format: 'ecdc', source: 'owid.csv' });
    expect(e.code).toBe('E_DATA_FORMAT');
    expect(e.message).toMatch(/^owid\.csv:1: missing column dateRep, cases, deaths, countriesAndTerritories, geoId, countryterritoryCode for the ECDC format \(found: iso_code,continent,/);
  });
});

describe('parseCountrySeries: errors name file, line and column', () => {
  it('a missing column', async () => {
    const e = await parseError('iso_code,location,date,total_cases\nAAA,A,2020-01-01,1\n', { source: 'owid.csv' });
    expect(e.code).toBe('E_DATA_FORMAT');
    expect(e.message).toContain('owid.csv:1: missing column total_deaths');
    expect(e.message).toContain('found: iso_code, location, date, total_cases');
    const ecdc = await parseError('dateRep;cases;deaths;geoId\n01/01/2020;1;0;AA\n', { source: 'e.csv' });
    expect(ecdc.message).toContain('e.csv:1: missing column countriesAndTerritories, countryterritoryCode for the ECDC format');
  });

  it('a bad number, with line:column and the column name', async () => {
    const text = 'iso_code,location,date,total_cases,total_deaths\nAAA,A,2020-01-01,1,0\nAAA,A,2020-01-02,abc,0\n';
    const e = await parseError(text, { source: 'owid.csv' });
    expect(e.code).toBe('E_DATA_FORMAT');
    expect(e.message).toBe('owid.csv:3:4 (total_cases): "abc" is not a number');
    expect(e.details).toMatchObject({ file: 'owid.csv', line: 3, column: 4 });
    const ecdc = await parseError(ECDC_SMALL.replace(';2;0;United', ';2;x1;United'), { source: 'e.csv' });
    expect(ecdc.message).toBe('e.csv:3:6 (deaths): "x1" is not a number');
  });

  it('a bad date', async () => {
    const e = await parseError('iso_code,location,date,total_cases,total_deaths\nAAA,A,2020-13-01,1,0\n', { source: 'owid.csv' });
    expect(e.code).toBe('E_DATA_FORMAT');
    expect(e.message).toBe('owid.csv:2:3 (date): "2020-13-01" is not a date (expected yyyy-mm-dd)');
    const ecdc = await parseError(ECDC_SMALL.replace('02/01/2020;2;1;2020;7', '2020-01-02;2;1;2020;7'), { source: 'e.csv' });
    expect(ecdc.message).toBe('e.csv:7:1 (dateRep): "2020-01-02" is not a date (expected dd/mm/yyyy or dd.mm.yyyy)');
  });

  it('a duplicate (region, date) row, naming both lines', async () => {
    const text = 'iso_code,location,date,total_cases,total_deaths\nAAA,A,2020-01-01,1,0\nAAA,A,2020-01-02,2,0\nBBB,B,2020-01-01,1,0\nAAA,A,2020-01-02,3,0\n';
    const e = await parseError(text, { source: 'owid.csv' });
    expect(e.code).toBe('E_DATA_FORMAT');
    expect(e.message).toBe('owid.csv:5: duplicate row for region "AAA" on 2020-01-02 (also at line 3)');
  });

  it('empty input, a header without rows, malformed CSV, an unreadable header', async () => {
    expect((await parseError('', { source: 'x.csv' })).message).toBe('x.csv:1: empty input: expected a header line (OWID or ECDC country file)');
    expect((await parseError([], { source: 'x.csv' })).code).toBe('E_DATA_FORMAT');
    expect((await parseError('\n\n', { source: 'x.csv' })).message).toContain('x.csv:1: empty input');
    const headerOnly = await parseError('iso_code,location,date,total_cases,total_deaths\n', { source: 'x.csv' });
    expect(headerOnly.message).toBe('x.csv:2: no data rows after the header');
    const ragged = await parseError('iso_code,location,date,total_cases,total_deaths\nAAA,A,2020-01-01,1,0\nAAA,A,2020-01-02,1\n', { source: 'x.csv' });
    expect(ragged.code).toBe('E_DATA_FORMAT');
    expect(ragged.message).toMatch(/^x\.csv:3: malformed CSV: /);
    const unknown = await parseError('a,b,c\n1,2,3\n', { source: 'x.csv' });
    expect(unknown.message).toContain('x.csv:1: missing column iso_code, location, date, total_cases, total_deaths for the OWID format (found: a, b, c)');
  });

  it('bad options and inputs name the argument', async () => {
    expect((await parseError(OWID_SMALL, { format: 'xlsx' as never })).message).toBe('options.format is "xlsx": expected one of "auto", "owid", "ecdc"');
    expect((await parseError(OWID_SMALL, { monotone: 'up' as never })).message).toContain('options.monotone is "up"');
    expect((await parseError(OWID_SMALL, { start: '2020-01-05', end: '2020-01-01' })).message).toContain('options.start 2020-01-05 is after options.end 2020-01-01');
    expect((await parseError(OWID_SMALL, { end: '31/01/2020' })).message).toContain('options.end is "31/01/2020"');
    const include = await parseError(OWID_SMALL, { include: ['AAA', 'ZZZ'], source: 's.csv' });
    expect(include.code).toBe('E_INPUT_RANGE');
    expect(include.message).toContain('options.include lists "ZZZ", which has no row in s.csv');
    expect((await parseError(OWID_SMALL, { end: '2019-01-01' })).code).toBe('E_INPUT_EMPTY');
    expect((await parseError(42 as never)).code).toBe('E_INPUT_TYPE');
    expect((await parseError([OWID_SMALL.slice(0, 80), 7] as never)).message).toContain('input chunks must be strings or Uint8Arrays');
  });
});

describe('parseCountrySeries: chunk boundaries', () => {
  it('gives the same result for any split of the text or of its UTF-8 bytes', async () => {
    const text = readFileSync(EXTRACT, 'utf8').split('\n').slice(0, 3000).join('\n').replace(/Afghanistan/g, 'Afġhanistan – Côte');
    const whole = await parseCountrySeries(text);
    expect(whole.cases.names[whole.cases.regions.indexOf('AFG')]).toBe('Afġhanistan – Côte');
    const bytes = new TextEncoder().encode(text);
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 6; trial++) {
      const max = [1, 3, 17, 100, 4096, 65536][trial];
      const strings: string[] = [];
      const pieces: Uint8Array[] = [];
      for (let i = 0; i < text.length; ) {
        const n = 1 + Math.floor(random() * max);
        strings.push(text.slice(i, i + n));
        i += n;
      }
      for (let i = 0; i < bytes.length; ) {
        const n = 1 + Math.floor(random() * max);
        pieces.push(bytes.subarray(i, i + n));
        i += n;
      }
      async function* slowly(): AsyncGenerator<Uint8Array> {
        for (const p of pieces) yield p;
      }
      for (const s of [await parseCountrySeries(strings), await parseCountrySeries(slowly())]) {
        expect(s.cases).toEqual(whole.cases);
        expect(s.deaths).toEqual(whole.deaths);
        expect(s.corrections).toEqual(whole.corrections);
      }
    }
  });
});

describe('loadDefaultCountrySeries: the embedded 2019-12-31..2020-04-30 extract', () => {
  it('has 207 regions × 122 days and the totals of the reference on 2020-04-30', async () => {
    const s = await loadDefaultCountrySeries();
    expect(s.format).toBe('owid');
    expect(s.cases.regions).toHaveLength(207);
    expect(s.cases.dates).toHaveLength(122);
    expect(s.cases.dates[0]).toBe('2019-12-31');
    expect(s.cases.dates[121]).toBe('2020-04-30');
    let cases = 0;
    let deaths = 0;
    for (let r = 0; r < 207; r++) {
      cases += s.cases.values[r * 122 + 121];
      deaths += s.deaths.values[r * 122 + 121];
    }
    expect(cases).toBe(3_133_235);
    expect(deaths).toBe(227_330);
    expect([panelValue(s.cases, 'USA', '2020-04-30'), panelValue(s.deaths, 'USA', '2020-04-30')]).toEqual([1_039_909, 60_966]);
    expect([panelValue(s.cases, 'CHN', '2020-04-30'), panelValue(s.deaths, 'CHN', '2020-04-30')]).toEqual([83_944, 4_637]);
    expect([panelValue(s.cases, 'ESP', '2020-04-30'), panelValue(s.deaths, 'ESP', '2020-04-30')]).toEqual([215_183, 24_543]);
    expect(panelValue(s.cases, 'CHN', '2019-12-31')).toBe(27);
    expect([panelValue(s.cases, 'AFG', '2020-03-08'), panelValue(s.deaths, 'AFG', '2020-04-28')]).toEqual([4, 57]);
    expect(s.cases.names[s.cases.regions.indexOf('JPG11668')]).toBe('International');
    expect(s.emptyCells).toEqual({ cases: 0, deaths: 0 });
  });

  it('reports exactly the three corrections of the reference, and repairs them on request', async () => {
    const s = await loadDefaultCountrySeries();
    expect(s.corrections.deaths).toEqual([]);
    expect(s.corrections.cases.map((c) => [c.name, c.date])).toEqual([
      ['Spain', '2020-04-19'], // regions in id order: ESP, JPG11668, LTU
      ['International', '2020-03-10'],
      ['Lithuania', '2020-04-29'],
    ]);
    const spain = s.corrections.cases.find((c) => c.region === 'ESP')!;
    expect(spain.value - spain.previous).toBe(-713);
    const repaired = await loadDefaultCountrySeries({ monotone: 'cummax' });
    expect(repaired.monotoneRepairs).toBeGreaterThanOrEqual(3);
    expect(repaired.corrections.cases).toHaveLength(3);
    expect(panelValue(repaired.cases, 'ESP', '2020-04-19')).toBe(spain.previous);
  });

  it('locates the file relative to the package root', () => {
    expect(DEFAULT_COUNTRY_SERIES_PATH).toBe(EXTRACT);
  });
});

describe('ECDC → OWID oracle', () => {
  it('the ECDC daily file of 2020-06-22, cut at 2020-04-30, reproduces owid-2020-04.csv exactly', async () => {
    const ecdc = await loadCountrySeries(ECDC_FIXTURE, { end: '2020-04-30', encoding: 'latin1' });
    expect(ecdc.format).toBe('ecdc');
    expect(ecdc.source).toBe(ECDC_FIXTURE);
    // Independent reading of the extract: plain split (the file has no quotes).
    const lines = readFileSync(EXTRACT, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const col = (name: string) => header.indexOf(name);
    const expected = new Map<string, { name: string; cases: number[]; deaths: number[] }>();
    for (const line of lines.slice(1)) {
      const f = line.split(',');
      const id = f[col('iso_code')] || f[col('ecdc_geoId')];
      let e = expected.get(id);
      if (!e) expected.set(id, (e = { name: f[col('location')], cases: [], deaths: [] }));
      e.cases.push(Number(f[col('total_cases')]));
      e.deaths.push(Number(f[col('total_deaths')]));
    }
    expect(expected.size).toBe(207);
    expect(ecdc.cases.regions).toEqual([...expected.keys()].sort());
    expect(ecdc.cases.dates).toHaveLength(122);
    expect(ecdc.cases.dates[0]).toBe('2019-12-31');
    for (const [id, e] of expected) {
      expect(rowOf(ecdc, id), id).toEqual({ cases: e.cases, deaths: e.deaths });
      expect(ecdc.cases.names[ecdc.cases.regions.indexOf(id)], id).toBe(e.name);
    }
    const owid = await loadDefaultCountrySeries();
    expect(ecdc.cases).toEqual(owid.cases);
    expect(ecdc.deaths).toEqual(owid.deaths);
    expect(ecdc.corrections).toEqual(owid.corrections);
  });
});

describe('loadCountrySeries: files on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'epikit-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing file is an E_DATA_FORMAT error naming the path', async () => {
    const path = join(dir, 'nope.csv');
    await expect(loadCountrySeries(path)).rejects.toMatchObject({ code: 'E_DATA_FORMAT', message: expect.stringContaining(`${path}: file not found`) });
    await expect(loadCountrySeries(dir)).rejects.toMatchObject({ code: 'E_DATA_FORMAT', message: expect.stringContaining(dir) });
  });

  it('errors name the file path by default', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'iso_code,location,date,total_cases,total_deaths\nAAA,A,2020-01-01,1,zero\n');
    await expect(loadCountrySeries(path)).rejects.toMatchObject({ code: 'E_DATA_FORMAT', message: `${path}:2:5 (total_deaths): "zero" is not a number` });
  });

  it('malformed CSV in a file is E_DATA_FORMAT with the path and line', async () => {
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, 'iso_code,location,date,total_cases,total_deaths\nAAA,A,2020-01-01,1,0\nAAA,A,"2020-01-02,1,0\n');
    await expect(loadCountrySeries(path)).rejects.toMatchObject({ code: 'E_DATA_FORMAT', message: expect.stringMatching(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: malformed CSV: `)) });
  });

  it('streams a 200,000-row OWID-shaped file with extra columns and aggregates', async () => {
    const path = join(dir, 'owid-covid-data.csv');
    const R = 250;
    const T = 800;
    const first = Date.UTC(2020, 0, 1);
    const iso = (t: number) => new Date(first + t * 86_400_000).toISOString().slice(0, 10);
    const extra = ',3.5,,1234567,Some text,0.25,,,,,,,,42'; // 13 more columns
    const parts: string[] = ['iso_code,continent,location,date,total_cases,new_cases,new_cases_smoothed,total_deaths,new_deaths,stringency_index,population,tests_units,positive_rate,a,b,c,d,e,f,g,h,i'];
    for (let r = 0; r < R; r++) {
      const id = `C${String(r).padStart(3, '0')}`;
      for (let t = 0; t < T; t++) parts.push(`${id},Somewhere,Country ${r},${iso(t)},${r * 1000 + t},1,1,${Math.floor(t / 2) + r},0${extra}`);
    }
    for (let t = 0; t < T; t++) parts.push(`OWID_WRL,,World,${iso(t)},9,9,9,9,9${extra}`);
    writeFileSync(path, parts.join('\n') + '\n');
    const s = await loadCountrySeries(path);
    expect(s.rows).toBe(R * T + T);
    expect(s.cases.regions).toHaveLength(R);
    expect(s.cases.dates).toHaveLength(T);
    expect(s.cases.dates[T - 1]).toBe(iso(T - 1));
    expect(panelValue(s.cases, 'C000', 0)).toBe(0);
    expect(panelValue(s.cases, 'C123', iso(456))).toBe(123_456);
    expect(panelValue(s.deaths, 'C249', iso(799))).toBe(399 + 249);
    expect(s.cases.names[7]).toBe('Country 7');
    expect(s.corrections).toEqual({ cases: [], deaths: [] });
    const window = await loadCountrySeries(path, { start: iso(100), end: iso(109), include: ['C010'] });
    expect(Array.from(window.cases.values)).toEqual(Array.from({ length: 10 }, (_, k) => 10_100 + k));
  }, 30_000);
});
