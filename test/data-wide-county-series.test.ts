// Wide county series: HawkPR (daily paper-era, cumulative HEAD) and USAFacts shapes, unallocated
// rows, missing cells, errors with file:line:column, and the real paper-era extract in data/.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EpikitError } from '../lib/errors.js';
import { panelRow } from '../lib/data/panel.js';
import { loadWideCountySeries, parseWideCountySeries, type LoadWideCountySeriesOptions } from '../lib/data/load-wide-county-series.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string) => join(root, 'test', 'fixtures', name);
const H = 'FIPS,State,County,x2020-02-15,x2020-02-16,x2020-02-17\n';

async function error(text: string, options: LoadWideCountySeriesOptions = { kind: 'daily' }): Promise<EpikitError> {
  try {
    await parseWideCountySeries(text, { source: 'w.csv', ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(EpikitError);
    return e as EpikitError;
  }
  throw new Error('expected an error');
}

describe('parseWideCountySeries: HawkPR shape', () => {
  it('loads the paper-era daily fixture by FIPS (sorted), with names "County, State"', async () => {
    const s = await loadWideCountySeries(fixture('counties-hawkpr-daily.csv'), { kind: 'daily' });
    expect(s.shape).toBe('hawkpr');
    expect(s.kind).toBe('daily');
    expect(s.panel.quantity).toBe('new_cases');
    expect(s.panel.regions).toEqual(['01001', '06037', '17031', '36059', '53033']);
    expect(s.panel.names[2]).toBe('Cook, Illinois');
    expect(s.panel.dates).toHaveLength(20);
    expect(s.panel.dates[0]).toBe('2020-02-15');
    expect(Array.from(panelRow(s.panel, '17031')).slice(14, 20)).toEqual([1, 0, 1, 0, 0, 1]);
    const w = await loadWideCountySeries(fixture('counties-hawkpr-daily.csv'), { kind: 'daily', start: '2020-03-01', end: '2020-03-02', quantity: 'deaths' });
    expect(w.panel.dates).toEqual(['2020-03-01', '2020-03-02']);
    expect(w.panel.quantity).toBe('new_deaths');
  });

  it('requires kind for HawkPR files (no guessing) and fills missing cells as documented', async () => {
    expect((await error(H + '1001,Alabama,Autauga,1,2,3\n', {})).message).toMatch(/options\.kind is required/);
    const cum = await parseWideCountySeries(H + '1001,Alabama,Autauga,nan,2,\n1003,Alabama,Baldwin,,nan,4\n', { kind: 'cumulative' });
    expect(cum.panel.quantity).toBe('total_cases');
    expect(Array.from(cum.panel.values)).toEqual([0, 2, 2, 0, 0, 4]);
    expect(cum.missing).toEqual({ leading: 3, carried: 1, zeroed: 0 });
    const daily = await parseWideCountySeries(H + '1001,Alabama,Autauga,nan,2,\n', { kind: 'daily' });
    expect(Array.from(daily.panel.values)).toEqual([0, 2, 0]);
    expect(daily.missing).toEqual({ leading: 0, carried: 0, zeroed: 2 });
    expect(daily.panel.regions).toEqual(['01001']); // padded
  });

  it('reports every content error with file:line:column', async () => {
    const cases: [string, RegExp][] = [
      [H + '1001,A,B,1,-2,3\n', /^w\.csv:2:5 \(x2020-02-16\): "-2" is negative/],
      [H + '1001,A,B,1,2.5,3\n', /^w\.csv:2:5 \(x2020-02-16\): "2\.5" is not an integer/],
      [H + '1001,A,B,1,x,3\n', /^w\.csv:2:5 \(x2020-02-16\): "x" is not a number/],
      [H + 'abc,A,B,1,2,3\n', /^w\.csv:2:1 \(FIPS\): "abc" is not a FIPS code/],
      [H + '1001,A,B,1,2,3\n01001,A,B,1,2,3\n', /^w\.csv:3:1 \(FIPS\): duplicate FIPS 01001 .*also at line 2/],
      [H + '1001,A,B,1,2\n', /^w\.csv:2: 5 fields, expected 6/],
      ['FIPS,State,County,x2020-02-15,x2020-02-17\n1001,A,B,1,2\n', /^w\.csv:1:5: header "x2020-02-17" is 2020-02-17, expected 2020-02-16/],
      ['FIPS,State,County,x2020-02-15,total\n1001,A,B,1,2\n', /^w\.csv:1:5: header "total" is not a date/],
      ['fips,name,x\n1,2,3\n', /^w\.csv:1: unrecognised header/],
    ];
    for (const [text, re] of cases) {
      const e = await error(text);
      expect(e.code).toBe('E_DATA_FORMAT');
      expect(e.message).toMatch(re);
    }
    expect((await error(H + '1001,A,B,1,2,3\n', { kind: 'daily', start: '2020-02-10' })).code).toBe('E_INPUT_RANGE');
    expect((await error(H + '1001,A,B,1,2,3\n', { kind: 'daily', shape: 'usafacts' })).message).toMatch(/expected countyFIPS/);
    await expect(loadWideCountySeries(join(root, 'nope.csv'), { kind: 'daily' })).rejects.toMatchObject({ code: 'E_DATA_FORMAT' });
  });

  it('reads the real paper-era extracts in data/ (2,113 and 1,236 counties × 96 days, totals as published)', async () => {
    const dir = join(root, 'data', 'us-counties-nyt', 'paper-era');
    const c = await loadWideCountySeries(join(dir, 'NYT_Dconfirmed.csv'), { kind: 'daily' });
    const d = await loadWideCountySeries(join(dir, 'NYT_Ddeath.csv'), { kind: 'daily', quantity: 'deaths' });
    const total = (v: Float64Array) => v.reduce((a, b) => a + b, 0);
    expect([c.panel.regions.length, c.panel.dates.length, total(c.panel.values)]).toEqual([2113, 96, 1337233]);
    expect([d.panel.regions.length, d.panel.dates.length, total(d.panel.values)]).toEqual([1236, 96, 72256]);
    expect(c.panel.dates.at(-1)).toBe('2020-05-20');
    expect(c.panel.regions).not.toContain('36061'); // no New York City in NYT county data
  });
});

describe('parseWideCountySeries: USAFacts shape', () => {
  it('drops and reports Statewide Unallocated (FIPS 0) and the cruise ship, reads M/D/YY dates, BOM', async () => {
    const s = await loadWideCountySeries(fixture('counties-usafacts.csv'));
    expect(s.shape).toBe('usafacts');
    expect(s.kind).toBe('cumulative');
    expect(s.panel.regions).toEqual(['01001', '06037', '17031']);
    expect(s.panel.names).toEqual(['Autauga County, AL', 'Los Angeles County, CA', 'Cook County, IL']);
    expect(s.panel.dates[0]).toBe('2020-03-01');
    expect(s.panel.dates).toHaveLength(10);
    expect(s.dropped.map((d) => [d.fips, d.name])).toEqual([
      ['00000', 'Statewide Unallocated, AL'],
      ['00000', 'Statewide Unallocated, CA'],
      ['06000', 'Grand Princess Cruise Ship, CA'],
    ]);
    const text = readFileSync(fixture('counties-usafacts.csv'));
    const again = await parseWideCountySeries([text.subarray(0, 50), text.subarray(50)]);
    expect(Array.from(again.panel.values)).toEqual(Array.from(s.panel.values));
  });
});
