// Google mobility: the official shape filtered to US counties and the compact shape give the same
// grid; NaN = not reported; errors with file:line:column.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EpikitError } from '../lib/errors.js';
import { MOBILITY_TYPES, loadGoogleMobility, mobilityOfType, parseGoogleMobility } from '../lib/data/load-google-mobility.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string) => join(root, 'test', 'fixtures', name);
const H = 'fips,date,retail,grocery,parks,transit,workplaces,residential\n';

async function error(text: string): Promise<EpikitError> {
  try {
    await parseGoogleMobility(text, { source: 'm.csv' });
  } catch (e) {
    expect(e).toBeInstanceOf(EpikitError);
    return e as EpikitError;
  }
  throw new Error('expected an error');
}

describe('Google mobility loaders', () => {
  it('reads both shapes of the same data into the same grid (official shape filtered to county rows)', async () => {
    const compact = await loadGoogleMobility(fixture('counties-mobility-compact.csv'));
    const google = await loadGoogleMobility(fixture('counties-mobility-google.csv'));
    expect(compact.shape).toBe('compact');
    expect(google.shape).toBe('google');
    expect(google.nonCountyRows).toBe(3); // GB, US total, Illinois
    expect(google.mobility.regions).toEqual(compact.mobility.regions);
    expect(compact.mobility.regions).toEqual(['01001', '06037', '17031', '36059', '53033']);
    expect(google.mobility.names[0]).toBe('Autauga County, Alabama');
    expect(compact.mobility.dates).toHaveLength(14);
    expect(compact.mobility.types).toEqual(MOBILITY_TYPES);
    const a = Array.from(compact.mobility.values);
    const b = Array.from(google.mobility.values);
    expect(b).toEqual(a); // NaN equal NaN in toEqual
    expect(compact.reported.reduce((x, y) => x + y, 0) + compact.notReported).toBe(5 * 14 * 6);
    expect(a.some(Number.isNaN)).toBe(true);
  });

  it('puts values at (county, day, type), NaN for empty cells and missing days, any row order', async () => {
    const s = await parseGoogleMobility(H + '1003,2020-03-02,1,2,3,4,5,6\n1001,2020-03-03,-7,,,,-4,2\n1001,2020-03-01,5,7,,,-4,\n');
    expect(s.mobility.regions).toEqual(['01001', '01003']);
    expect(s.mobility.dates).toEqual(['2020-03-01', '2020-03-02', '2020-03-03']);
    const v = Array.from(s.mobility.values);
    expect(v.slice(0, 6)).toEqual([5, 7, NaN, NaN, -4, NaN]);
    expect(v.slice(6, 12).every(Number.isNaN)).toBe(true); // 01001 has no row on 03-02
    expect(v.slice(12, 18)).toEqual([-7, NaN, NaN, NaN, -4, 2]);
    expect(v.slice(24, 30)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(mobilityOfType(s.mobility, 'residential'))).toEqual([NaN, NaN, 2, NaN, 6, NaN]);
    const w = await parseGoogleMobility(H + '1001,2020-03-01,5,7,,,-4,\n1001,2020-03-03,5,7,,,-4,\n', { start: '2020-03-02', end: '2020-03-04' });
    expect(w.mobility.dates).toEqual(['2020-03-02', '2020-03-03', '2020-03-04']);
    expect(w.keptRows).toBe(1);
  });

  it('reports errors with file:line:column', async () => {
    const cases: [string, RegExp][] = [
      [H + '1001,2020-03-01,5,7,,,-4,\n1001,2020-03-01,5,7,,,-4,\n', /^m\.csv:3: duplicate row for FIPS 01001 on 2020-03-01 \(also at line 2\)/],
      [H + '1001,2020-03-01,5,x7,,,-4,\n', /^m\.csv:2:4 \(grocery\): "x7" is not a number/],
      [H + '1001,03/01/2020,5,7,,,-4,\n', /^m\.csv:2:2 \(date\): "03\/01\/2020" is not a date/],
      [H + 'A1,2020-03-01,5,7,,,-4,\n', /^m\.csv:2:1 \(fips\): "A1" is not a FIPS code/],
      [H + '1001,2020-03-01,5,7,,,-4\n', /^m\.csv:2: 7 fields, expected 8/],
      ['fips,date,retail\n1001,2020-03-01,5\n', /^m\.csv:1: missing column grocery, parks, transit, workplaces, residential/],
    ];
    for (const [text, re] of cases) {
      const e = await error(text);
      expect(e.code).toBe('E_DATA_FORMAT');
      expect(e.message).toMatch(re);
    }
    await expect(parseGoogleMobility('country_region_code,census_fips_code,date,' + Array(6).fill(0).map((_, i) => ['retail_and_recreation', 'grocery_and_pharmacy', 'parks', 'transit_stations', 'workplaces', 'residential'][i] + '_percent_change_from_baseline').join(',') + '\nGB,,2020-03-01,1,2,3,4,5,6\n')).rejects.toMatchObject({ code: 'E_INPUT_EMPTY' });
  });
});
