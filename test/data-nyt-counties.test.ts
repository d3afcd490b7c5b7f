// NYT us-counties.csv (long, cumulative): fixture cut from the team's NYT data, FIPS padding,
// FIPS-less rows, missing days, every content error with file:line:column, file loading, chunking.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EpikitError } from '../lib/errors.js';
import { panelRow } from '../lib/data/panel.js';
import { loadNytCounties, parseNytCounties } from '../lib/data/load-nyt-counties.js';
import { cumulativeToDailyByRegion } from '../lib/data/daily-counts.js';
import { isCountyFips, normalizeFips } from '../lib/data/fips.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(root, 'test', 'fixtures', 'counties-nyt-long.csv');
const HEAD = 'date,county,state,fips,cases,deaths\n';

async function error(text: string): Promise<EpikitError> {
  try {
    await parseNytCounties(text, { source: 'x.csv' });
  } catch (e) {
    expect(e).toBeInstanceOf(EpikitError);
    return e as EpikitError;
  }
  throw new Error('expected an error');
}

describe('FIPS helpers', () => {
  it('pads, rejects non-codes and tells counties from aggregates', () => {
    expect(normalizeFips('1001')).toBe('01001');
    expect(normalizeFips(' 06037 ')).toBe('06037');
    expect(normalizeFips('1001.0')).toBe('01001');
    expect(normalizeFips(6037)).toBe('06037');
    expect(normalizeFips('')).toBeUndefined();
    expect(normalizeFips('NYC')).toBeUndefined();
    expect(normalizeFips('123456')).toBeUndefined();
    expect(normalizeFips(-1)).toBeUndefined();
    expect(isCountyFips('01001')).toBe(true);
    expect(isCountyFips('00000')).toBe(false);
    expect(isCountyFips('06000')).toBe(false);
    expect(isCountyFips('00001')).toBe(false);
  });
});

describe('parseNytCounties', () => {
  it('loads the fixture (file path) into cumulative panels by padded FIPS, dropping FIPS-less rows by name', async () => {
    const s = await loadNytCounties(FIXTURE);
    expect(s.source).toBe(FIXTURE);
    expect(s.cases.regions).toEqual(['06037', '17031', '36059', '53033']); // 6037 padded; Autauga has no row before 03-10
    expect(s.cases.names).toEqual(['Los Angeles, California', 'Cook, Illinois', 'Nassau, New York', 'King, Washington']);
    expect(s.cases.dates[0]).toBe('2020-03-01');
    expect(s.cases.dates.at(-1)).toBe('2020-03-10');
    expect(s.cases.quantity).toBe('total_cases');
    expect(s.deaths.quantity).toBe('total_deaths');
    expect(s.dropped).toEqual([
      { county: 'New York City', state: 'New York', rows: 10 },
      { county: 'Unknown', state: 'Rhode Island', rows: 4 },
    ]);
    // Values equal the team's HEAD wide file (NYT_Dconfirmed.csv) for Cook on 03-01..03-10.
    expect(Array.from(panelRow(s.cases, '17031'))).toEqual([3, 4, 4, 4, 5, 6, 6, 7, 11, 17]);
    // Nassau's first report is on 03-05: zeros before it.
    const nassau = Array.from(panelRow(s.cases, '36059'));
    expect(nassau.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(nassau[4]).toBeGreaterThan(0);
    expect(s.filled).toEqual([]);
    expect(s.rows).toBe(50);
  });

  it('gives the same panels from a string, from bytes in small chunks, and from shuffled rows', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const a = await parseNytCounties(text);
    const bytes = new TextEncoder().encode(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 37) }, (_, i) => bytes.subarray(i * 37, (i + 1) * 37));
    const b = await parseNytCounties(chunks);
    const lines = text.trim().split('\n');
    // Reverse the order of counties within each date block: the order across counties does not matter.
    const c = await parseNytCounties([lines[0], ...lines.slice(1).reverse().sort((x, y) => (x.slice(0, 10) < y.slice(0, 10) ? -1 : x.slice(0, 10) > y.slice(0, 10) ? 1 : 0))].join('\n'));
    for (const s of [b, c]) {
      expect(s.cases.regions).toEqual(a.cases.regions);
      expect(Array.from(s.cases.values)).toEqual(Array.from(a.cases.values));
      expect(Array.from(s.deaths.values)).toEqual(Array.from(a.deaths.values));
    }
  });

  it('carries cumulative counts over missing days and after the last row, and counts them', async () => {
    const s = await parseNytCounties(HEAD + '2020-03-01,A,S,1001,1,0\n2020-03-04,A,S,1001,5,1\n2020-03-01,B,S,1003,2,0\n2020-03-05,B,S,1003,3,\n2020-03-02,C,S,1005,1,0\n');
    expect(Array.from(panelRow(s.cases, '01001'))).toEqual([1, 1, 1, 5, 5]);
    expect(Array.from(panelRow(s.deaths, '01003'))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(panelRow(s.cases, '01005'))).toEqual([0, 1, 1, 1, 1]);
    expect(s.filled).toEqual([
      { fips: '01001', name: 'A, S', interior: 2, trailing: 1 },
      { fips: '01003', name: 'B, S', interior: 3, trailing: 0 },
      { fips: '01005', name: 'C, S', interior: 0, trailing: 3 },
    ]);
    expect(s.emptyCells).toEqual({ cases: 0, deaths: 1 });
    const w = await parseNytCounties(HEAD + '2020-03-01,A,S,1001,1,0\n2020-03-04,A,S,1001,5,1\n', { start: '2020-03-03', end: '2020-03-03' });
    expect(w.cases.dates).toEqual(['2020-03-03']);
    expect(Array.from(w.cases.values)).toEqual([1]);
  });

  it('reports every content error with file:line:column and the value', async () => {
    const ok = '2020-03-01,A,S,1001,1,0\n';
    const cases: [string, RegExp][] = [
      [ok + '2020-03-01,A,S,1001,2,0\n', /^x\.csv:3:1 \(date\): duplicate row for FIPS 01001 .* on 2020-03-01 \(also at line 2\)/],
      [ok + '2020-03-03,A,S,1001,2,0\n2020-03-02,A,S,1001,2,0\n', /^x\.csv:4:1 \(date\): 2020-03-02 for FIPS 01001 .* comes after 2020-03-03 at line 3: dates out of order/],
      [ok + '2020-03-02,A,S,1001,-2,0\n', /^x\.csv:3:5 \(cases\): "-2" is negative/],
      [ok + '2020-03-02,A,S,1001,2,0.5\n', /^x\.csv:3:6 \(deaths\): "0.5" is not an integer/],
      [ok + '2020-03-02,A,S,1001,two,0\n', /^x\.csv:3:5 \(cases\): "two" is not a number/],
      [ok + '2020-02-30,A,S,1001,2,0\n', /^x\.csv:3:1 \(date\): "2020-02-30" is not a date/],
      [ok + '2020-03-02,A,S,10x1,2,0\n', /^x\.csv:3:4 \(fips\): "10x1" is not a FIPS code/],
      [ok + '2020-03-02,A,S,1001,2\n', /^x\.csv:3: 5 fields, expected 6/],
      [ok + '2020-03-02,"A,S,1001,2,0\n', /^x\.csv:3: malformed CSV/],
    ];
    for (const [body, re] of cases) {
      const e = await error(HEAD + body);
      expect(e.code).toBe('E_DATA_FORMAT');
      expect(e.message).toMatch(re);
    }
    expect((await error('date,county,state,cases,deaths\n')).message).toMatch(/^x\.csv:1: missing column fips/);
    expect((await error(HEAD)).message).toMatch(/no data rows/);
    expect((await error('')).message).toMatch(/empty input/);
    expect((await error(HEAD + '2020-03-01,New York City,New York,,1,0\n')).code).toBe('E_INPUT_EMPTY');
  });

  it('rejects a missing file and bad options', async () => {
    await expect(loadNytCounties(join(root, 'no-such.csv'))).rejects.toMatchObject({ code: 'E_DATA_FORMAT' });
    await expect(parseNytCounties(HEAD, { start: '2020-13-01' })).rejects.toMatchObject({ code: 'E_INPUT_RANGE' });
  });
});

describe('cumulativeToDailyByRegion', () => {
  it('clips negative corrections to 0 and counts them per county', () => {
    const p = { quantity: 'total_cases', regions: ['01001', '01003'], names: ['A', 'B'], dates: ['2020-03-01', '2020-03-02', '2020-03-03', '2020-03-04'], values: new Float64Array([2, 5, 4, 6, 1, 1, 2, 3]) };
    const d = cumulativeToDailyByRegion(p);
    expect(d.panel.quantity).toBe('new_cases');
    expect(Array.from(d.panel.values)).toEqual([2, 3, 0, 2, 1, 0, 1, 1]);
    expect(d.clipped).toBe(1);
    expect(d.clippedByRegion).toEqual([{ region: '01001', name: 'A', days: 1, amount: 1 }]);
    expect(Array.from(cumulativeToDailyByRegion(p, { first: 'zero' }).panel.values.subarray(0, 4))).toEqual([0, 3, 0, 2]);
  });
});
