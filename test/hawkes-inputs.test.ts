// Hawkes county inputs: join by FIPS (shuffled rows → same result), drops with reasons,
// cumulative → daily with clipping, mobility imputation on a hand example, z-scored covariates,
// and the real paper-era deaths data whose Demo file is misaligned by row.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseGoogleMobility, loadGoogleMobility, type CountyMobility } from '../lib/data/load-google-mobility.js';
import { loadWideCountySeries, parseWideCountySeries } from '../lib/data/load-wide-county-series.js';
import { loadCountyTable, } from '../lib/data/load-county-table.js';
import { parseCountyTable } from '../lib/data/parse-county-table.js';
import { buildCountyHawkesInputs } from '../lib/hawkes/county-inputs.js';
import type { Panel } from '../lib/data/panel.js';
import type { Table } from '../lib/data/table.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string) => join(root, 'test', 'fixtures', name);
const dates = (n: number) => Array.from({ length: n }, (_, t) => `2020-03-${String(t + 1).padStart(2, '0')}`);

function panel(regions: string[], T: number, rows: number[][], quantity = 'new_cases'): Panel {
  return { quantity, regions, names: regions.map((r) => `County ${r}`), dates: dates(T), values: Float64Array.from(rows.flat()) };
}
function table(regions: string[], features: string[], rows: number[][]): Table {
  return { regions, names: regions, features, values: Float64Array.from(rows.flat()) };
}
/** CountyMobility with two types used ('retail', 'grocery'): the other four all NaN (left out via mobilityTypes). */
function mobility(regions: string[], T: number, rows: [number, number][][]): CountyMobility {
  const values = new Float64Array(regions.length * T * 6).fill(NaN);
  rows.forEach((days, r) => days.forEach(([a, b], t) => {
    values[(r * T + t) * 6] = a;
    values[(r * T + t) * 6 + 1] = b;
  }));
  return { regions, names: regions, dates: dates(T), types: ['retail', 'grocery', 'parks', 'transit', 'workplaces', 'residential'], values };
}

describe('buildCountyHawkesInputs', () => {
  it('imputes a missing type from the other type of the same county-day (regression), and fills empty days by interpolation', () => {
    // grocery = 2·retail + 1 on every complete day, in three counties.
    const T = 5;
    const full = (r: number): [number, number][] => Array.from({ length: T }, (_, t) => [r * 3 + t, 2 * (r * 3 + t) + 1]);
    const rows = [full(0), full(1), full(2)];
    rows[1][2] = [3, NaN]; // grocery missing: expect 7
    rows[2][1] = [NaN, NaN]; // nothing reported on day 1: interpolate between days 0 and 2
    rows[2][4] = [NaN, NaN]; // nothing on the last day: nearest value
    const ids = ['01003', '01001', '01005'];
    const inputs = buildCountyHawkesInputs({
      counts: panel(ids, T, [[1, 0, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 3, 0, 0]]),
      countsKind: 'daily',
      mobility: mobility(ids, T, rows),
      mobilityTypes: ['retail', 'grocery'],
    });
    expect(inputs.fips).toEqual(['01001', '01003', '01005']); // sorted
    const K = 2;
    const at = (c: number, t: number, k: number) => inputs.mobility[(c * T + t) * K + k];
    const c1 = inputs.fips.indexOf('01001'); // source row 1
    expect(at(c1, 2, 0)).toBe(3);
    expect(at(c1, 2, 1)).toBeCloseTo(7, 6);
    const c2 = inputs.fips.indexOf('01005'); // source row 2: retail 6..10, day 1 interpolated between 6 and 8
    expect(at(c2, 1, 0)).toBeCloseTo(7, 12);
    expect(at(c2, 1, 1)).toBeCloseTo(15, 12);
    expect(at(c2, 4, 0)).toBe(9); // carried from day 3
    const m = inputs.report.mobility!;
    expect(m.imputedSameDay).toEqual([0, 1]);
    expect(m.imputedByMean).toEqual([0, 0]);
    expect(m.filledDays).toBe(2);
    expect(m.filledDaysByCounty).toEqual([{ fips: '01005', days: 2 }]);
    expect(inputs.mobility.every(Number.isFinite)).toBe(true);
  });

  it('falls back to the type mean when too few complete rows exist, and rejects a type never reported', () => {
    const T = 3;
    const ids = ['01001', '01003'];
    const rows: [number, number][][] = [[[1, 10], [2, NaN], [3, NaN]], [[4, NaN], [5, 20], [6, NaN]]];
    const inputs = buildCountyHawkesInputs({ counts: panel(ids, T, [[1, 1, 1], [1, 1, 1]]), countsKind: 'daily', mobility: mobility(ids, T, rows), mobilityTypes: ['retail', 'grocery'] });
    expect(inputs.report.mobility!.imputedByMean).toEqual([0, 4]);
    expect(inputs.mobility[3]).toBe(15); // county 0 day 1 grocery = mean(10, 20)
    expect(() => buildCountyHawkesInputs({ counts: panel(ids, T, [[1, 1, 1], [1, 1, 1]]), countsKind: 'daily', mobility: mobility(ids, T, rows), mobilityTypes: ['retail', 'parks'] }))
      .toThrow(/parks is never reported/);
  });

  it('drops counties with every reason, or throws on missing covariates by default', () => {
    const T = 4;
    const ids = ['01001', '01003', '01005', '01007', '01009'];
    const counts = panel(ids, T, [[1, 2, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1], [5, 0, 0, 0], [2, 2, 2, 2]]);
    const mob = mobility(['01001', '01003', '01005', '01009'], T, [0, 1, 2, 3].map((r) => Array.from({ length: T }, (_, t): [number, number] => [r + t, r - t])));
    const cov = table(['01001', '01003', '01005', '01007', '01009'], ['pop', 'age', 'const'], [[1, 30, 5], [2, 31, 5], [3, NaN, 5], [4, 33, 5], [5, 35, 5]]);
    expect(() => buildCountyHawkesInputs({ counts, countsKind: 'daily', mobility: mob, covariates: cov, mobilityTypes: ['retail', 'grocery'] }))
      .toThrow(/lacks values for 1 county: 01005 \(County 01005: missing age\)/);
    const inputs = buildCountyHawkesInputs({ counts, countsKind: 'daily', mobility: mob, covariates: cov, mobilityTypes: ['retail', 'grocery'], missingCovariates: 'drop', minTotalCount: 2 });
    expect(inputs.fips).toEqual(['01001', '01009']);
    expect(inputs.report.dropped.map((d) => [d.fips, d.reasons])).toEqual([
      ['01003', ['below-threshold']],
      ['01005', ['missing-covariate']],
      ['01007', ['no-mobility']],
    ]);
    expect(inputs.report.counties).toEqual({ input: 5, kept: 2 });
    // z-scores over the kept counties with the population sd; the constant column is dropped and reported.
    expect(inputs.covariateNames).toEqual(['pop', 'age']);
    expect(inputs.report.zeroSdCovariates).toEqual(['const']);
    expect(Array.from(inputs.covariates)).toEqual([-1, -1, 1, 1]);
    expect(Array.from(inputs.covariateMean)).toEqual([3, 32.5]);
    expect(Array.from(inputs.covariateSd)).toEqual([2, 2.5]);
  });

  it('turns cumulative counts into daily ones over the whole panel, clips corrections per county, cuts the window', () => {
    const ids = ['01001', '01003'];
    const cum = panel(ids, 5, [[1, 3, 2, 5, 9], [0, 0, 4, 4, 6]], 'total_cases');
    const inputs = buildCountyHawkesInputs({ counts: cum, countsKind: 'cumulative', start: '2020-03-02', end: '2020-03-04' });
    expect(inputs.quantity).toBe('new_cases');
    expect(inputs.dates).toEqual(['2020-03-02', '2020-03-03', '2020-03-04']);
    expect(Array.from(inputs.counts)).toEqual([2, 0, 3, 0, 4, 0]);
    expect(inputs.report.clipped).toEqual({ days: 1, byCounty: [{ region: '01001', name: 'County 01001', days: 1, amount: 1 }] });
    expect(() => buildCountyHawkesInputs({ counts: cum, countsKind: 'daily' })).not.toThrow();
    expect(() => buildCountyHawkesInputs({ counts: panel(ids, 2, [[1, -1], [0, 0]]), countsKind: 'daily' })).toThrow(/non-negative integers/);
    expect(() => buildCountyHawkesInputs({ counts: cum, countsKind: 'cumulative', end: '2020-04-01' })).toThrow(/not inside the counts' dates/);
    expect(() => buildCountyHawkesInputs({ counts: cum, countsKind: 'guess' as 'daily' })).toThrow(/countsKind/);
    expect(() => buildCountyHawkesInputs({ counts: cum, countsKind: 'daily', counties: ['99999'] })).toThrow(/not a county/);
  });

  it('joins by FIPS: shuffled row orders in every input file give the same inputs', async () => {
    const hawk = await loadWideCountySeries(fixture('counties-hawkpr-daily.csv'), { kind: 'daily' });
    const mob = await loadGoogleMobility(fixture('counties-mobility-compact.csv'));
    const demo = await loadCountyTable(fixture('counties-demo.csv'));
    const shuffle = (text: string) => {
      const [h, ...rest] = text.trim().split('\n');
      return [h, ...rest.reverse()].join('\n') + '\n';
    };
    const { readFileSync } = await import('node:fs');
    const hawk2 = await parseWideCountySeries(shuffle(readFileSync(fixture('counties-hawkpr-daily.csv'), 'utf8')), { kind: 'daily' });
    const mob2 = await parseGoogleMobility(shuffle(readFileSync(fixture('counties-mobility-compact.csv'), 'utf8')));
    const demo2 = await parseCountyTable(shuffle(readFileSync(fixture('counties-demo.csv'), 'utf8')));
    const opts = { countsKind: 'daily' as const, start: '2020-03-01', end: '2020-03-05', mobilityLead: 0, missingCovariates: 'drop' as const };
    const a = buildCountyHawkesInputs({ ...opts, counts: hawk.panel, mobility: mob.mobility, covariates: demo.table });
    const b = buildCountyHawkesInputs({ ...opts, counts: hawk2.panel, mobility: mob2.mobility, covariates: demo2.table });
    expect(b.fips).toEqual(a.fips);
    expect(Array.from(b.counts)).toEqual(Array.from(a.counts));
    expect(Array.from(b.mobility)).toEqual(Array.from(a.mobility));
    expect(Array.from(b.covariates)).toEqual(Array.from(a.covariates));
    expect(b.report).toEqual(a.report);
    // Every drop is reported with its reason.
    expect(a.report.dropped.map((d) => [d.fips, d.reasons])).toEqual([['01001', ['below-threshold']]]); // Autauga: no case before 03-06
    // Cook's row: counts 03-01..03-05 as in the paper-era file.
    expect(Array.from(a.counts.subarray(a.fips.indexOf('17031') * 5, a.fips.indexOf('17031') * 5 + 5))).toEqual([0, 1, 0, 0, 1]);
  });

  it('paper-era deaths: the corrected Demo file (by FIPS) covers all 1,236 counties and agrees with the cases Demo file', async () => {
    const dir = join(root, 'data', 'us-counties-nyt', 'paper-era');
    const deaths = await loadWideCountySeries(join(dir, 'NYT_Ddeath.csv'), { kind: 'daily', quantity: 'deaths' });
    const demoD = await loadCountyTable(join(dir, 'Demo_Ddeath-by-fips.csv'));
    const demoC = await loadCountyTable(join(dir, 'Demo_Dconfirmed.csv'));
    const mob = await loadGoogleMobility(join(root, 'data', 'us-counties-mobility', 'mobility-paper-era.csv'), { end: '2020-05-20' });
    const inputs = buildCountyHawkesInputs({ counts: deaths.panel, countsKind: 'daily', mobility: mob.mobility, covariates: demoD.table, end: '2020-05-20', minTotalCount: 1 });
    expect(inputs.report.counties).toEqual({ input: 1236, kept: 1236 });
    expect(inputs.mobility.every(Number.isFinite)).toBe(true);
    expect(inputs.covariateNames).toHaveLength(9);
    // Nassau (36059): the original Demo_Ddeath.csv row labelled 36059 holds Michigan's Wayne values; the corrected file has Nassau's.
    const P = demoC.table.features.length;
    const rowC = demoC.table.regions.indexOf('36059');
    const rowD = demoD.table.regions.indexOf('36059');
    expect(Array.from(demoD.table.values.subarray(rowD * P, rowD * P + P))).toEqual(Array.from(demoC.table.values.subarray(rowC * P, rowC * P + P)));
    let shared = 0;
    for (let r = 0; r < demoD.table.regions.length; r++) {
      const c = demoC.table.regions.indexOf(demoD.table.regions[r]);
      if (c < 0) continue;
      shared++;
      for (let p = 0; p < P; p++) {
        const x = demoD.table.values[r * P + p];
        const y = demoC.table.values[c * P + p];
        if (!(Number.isNaN(x) && Number.isNaN(y))) expect(x).toBe(y);
      }
    }
    expect(shared).toBe(1230);
  });
});
