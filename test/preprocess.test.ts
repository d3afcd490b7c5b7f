// LANL preprocessing: every option on small hand-computed tables, errors, and the embedded default.
import { describe, expect, it } from 'vitest';
import { EpikitError } from '../lib/errors.js';
import type { Table } from '../lib/data/table.js';
import { COVID_RATE_COLUMN_PATTERN, covidColumnWeights, preprocessTable, type PreprocessOptions } from '../lib/nmfk/preprocess.js';
import { loadDefaultCountyTable } from '../lib/data/load-county-table.js';

/** Rows of numbers (NaN allowed) → Table with regions 0000r, names "R r". */
function table(features: string[], rows: number[][]): Table {
  return { regions: rows.map((_, r) => String(r + 1).padStart(5, '0')), names: rows.map((_, r) => `R ${r + 1}`), features, values: Float64Array.from(rows.flat()) };
}
const rowsOf = (t: Table): number[][] => t.regions.map((_, r) => Array.from(t.values.subarray(r * t.features.length, (r + 1) * t.features.length)));

function closeRows(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => row.forEach((v, j) => (Number.isNaN(expected[r][j]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(expected[r][j], 12))));
}

function error(t: Table, options: PreprocessOptions): EpikitError {
  try {
    preprocessTable(t, options);
  } catch (e) {
    expect(e).toBeInstanceOf(EpikitError);
    return e as EpikitError;
  }
  throw new Error('expected preprocessTable to throw');
}

describe('preprocessTable', () => {
  const base = table(['a', 'b'], [
    [2, 10],
    [4, NaN],
    [6, 30],
  ]);

  it('min–max per column by default (NaN kept), input ranges recorded', () => {
    const { table: out, record } = preprocessTable(base);
    closeRows(rowsOf(out), [
      [0, 0],
      [0.5, NaN],
      [1, 1],
    ]);
    expect(out.features).toEqual(['a', 'b']);
    expect(out.regions).toEqual(base.regions);
    expect(record.ranges).toEqual([
      { feature: 'a', min: 2, max: 6 },
      { feature: 'b', min: 10, max: 30 },
    ]);
    expect(record.minMax).toBe(true);
    expect(record.steps).toEqual(['min–max per column to [0, 1]']);
    expect(Array.from(base.values)).toEqual([2, 10, 4, NaN, 6, 30]); // input untouched
  });

  it('minMax: false passes non-negative data through', () => {
    const { table: out, record } = preprocessTable(base, { minMax: false });
    expect(Array.from(out.values)).toEqual([2, 10, 4, NaN, 6, 30]);
    expect(record.steps).toEqual([]);
  });

  it('constant columns: an error by default naming them, dropped or kept → zeros under min–max (reported)', () => {
    const t = table(['a', 'c'], [
      [1, 5],
      [3, 5],
      [2, NaN],
    ]);
    let failure: unknown;
    try {
      preprocessTable(t);
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(EpikitError);
    expect((failure as EpikitError).code).toBe('E_INPUT_RANGE');
    expect((failure as EpikitError).message).toBe(
      "1 constant column (one observed value, no information for the factorisation): c; drop it from the data or pass constantColumns: 'drop' (CLI: --constant-columns drop) or 'keep'",
    );
    const dropped = preprocessTable(t, { constantColumns: 'drop' });
    expect(dropped.table.features).toEqual(['a']);
    closeRows(rowsOf(dropped.table), [[0], [1], [0.5]]);
    expect(dropped.record.droppedColumns).toEqual([{ feature: 'c', reason: 'constant' }]);
    expect(dropped.record.constantColumns).toEqual({ policy: 'drop', columns: ['c'] });
    const kept = preprocessTable(t, { constantColumns: 'keep' });
    closeRows(rowsOf(kept.table), [
      [0, 0],
      [1, 0],
      [0.5, NaN],
    ]);
    expect(kept.record.zeroRangeColumns).toEqual(['c']);
    expect(kept.record.steps[0]).toBe('1 constant column kept: c');
  });

  it('log10 then min–max; a column with zeros is shifted by its smallest positive value', () => {
    const t = table(['p', 'z'], [
      [1, 0],
      [10, 2],
      [100, 8],
    ]);
    const { table: out, record } = preprocessTable(t, { log: true });
    // p: log10 → 0, 1, 2 → min–max 0, .5, 1. z: c = 2: log10(2), log10(4), log10(10) → (x − log 2)/(1 − log 2).
    const l2 = Math.log10(2);
    closeRows(rowsOf(out), [
      [0, 0],
      [0.5, (Math.log10(4) - l2) / (1 - l2)],
      [1, 1],
    ]);
    expect(record.log).toEqual({ columns: ['p', 'z'], shifts: { p: 0, z: 2 } });
    const onlyZ = preprocessTable(t, { log: ['z'], minMax: false });
    closeRows(rowsOf(onlyZ.table), [
      [1, l2],
      [10, Math.log10(4)],
      [100, 1],
    ]);
  });

  it('negative values: error names county and column; shift and clip', () => {
    const t = table(['lon', 'x'], [
      [-3, 1],
      [1, 2],
      [-1, 4],
    ]);
    // With min–max and no log, negatives are harmless: no policy needed.
    closeRows(rowsOf(preprocessTable(t).table), [
      [0, 0],
      [1, 1 / 3],
      [0.5, 1],
    ]);
    const e = error(t, { minMax: false });
    expect(e.code).toBe('E_INPUT_RANGE');
    expect(e.message).toBe(`R 1 (00001) has -3 in column "lon" (2 negative values in that column): NMF needs non-negative data (min–max is off); use the option negative: 'shift' or 'clip' (epikit signals --negative shift|clip), or drop the column`);
    expect(e.details).toMatchObject({ region: '00001', feature: 'lon', value: -3 });
    const shifted = preprocessTable(t, { minMax: false, negative: 'shift' });
    expect(rowsOf(shifted.table)).toEqual([
      [0, 1],
      [4, 2],
      [2, 4],
    ]);
    expect(shifted.record.negative).toEqual({ policy: 'shift', columns: [{ feature: 'lon', stage: 'final', count: 2, min: -3, shift: 3 }] });
    const clipped = preprocessTable(t, { minMax: false, negative: 'clip' });
    expect(rowsOf(clipped.table)).toEqual([
      [0, 1],
      [1, 2],
      [0, 4],
    ]);
    // Before log10: error by default, shift makes the minimum 0 (then the zero shift applies).
    expect(error(t, { log: ['lon'] }).message).toMatch(/^R 1 \(00001\) has -3 in column "lon" .*log10 needs values ≥ 0/);
    const logShift = preprocessTable(t, { log: ['lon'], negative: 'shift', minMax: false });
    // lon + 3 = 0, 4, 2 → c = 2 → log10(2), log10(6), log10(4).
    closeRows(rowsOf(logShift.table), [
      [Math.log10(2), 1],
      [Math.log10(6), 2],
      [Math.log10(4), 4],
    ]);
    expect(logShift.record.negative.columns[0].stage).toBe('before log');
    // log10 of values in (0, 1) is negative: without min–max the final check applies.
    expect(error(table(['f'], [[0.5], [2]]), { log: true, minMax: false }).message).toMatch(/has -0\.30\d+ in column "f"/);
  });

  it('column weights multiply after min–max (LANL: COVID-19 columns × 10)', () => {
    const t = table(['pop', 'cases_per100k_2020-03', 'deaths_per100k_2020-04'], [
      [1, 0, 5],
      [3, 10, 15],
    ]);
    const weights = covidColumnWeights(t.features, 10);
    expect(weights).toEqual({ 'cases_per100k_2020-03': 10, 'deaths_per100k_2020-04': 10 });
    const { table: out, record } = preprocessTable(t, { columnWeights: weights });
    expect(rowsOf(out)).toEqual([
      [0, 0, 0],
      [1, 10, 10],
    ]);
    expect(record.columnWeights).toEqual(weights);
    expect(record.steps).toContain('2 columns multiplied by 10: cases_per100k_2020-03, deaths_per100k_2020-04');
    expect(covidColumnWeights(['x'], 10)).toEqual({});
    expect(COVID_RATE_COLUMN_PATTERN.test('cases_per100k_2020-08')).toBe(true);
  });

  it('population weight: rows × pop / max(pop) from raw populations; column dropped unless kept', () => {
    const t = table(['population', 'x', 'y'], [
      [100, 1, 4],
      [400, 3, 2],
      [200, 2, 0],
    ]);
    const { table: out, record } = preprocessTable(t, { populationWeight: 'population' });
    expect(out.features).toEqual(['x', 'y']);
    // min–max x: 0, 1, .5; y: 1, .5, 0; weights .25, 1, .5.
    closeRows(rowsOf(out), [
      [0, 0.25],
      [1, 0.5],
      [0.25, 0],
    ]);
    expect(record.populationWeight).toEqual({ column: 'population', kept: false, maxPopulation: 400, maxRegion: '00002' });
    expect(record.droppedColumns).toEqual([{ feature: 'population', reason: 'population' }]);
    const kept = preprocessTable(t, { populationWeight: 'population', keepPopulationColumn: true });
    expect(kept.table.features).toEqual(['population', 'x', 'y']);
    closeRows(rowsOf(kept.table), [
      [0, 0, 0.25],
      [1, 1, 0.5],
      [(1 / 3) * 0.5, 0.25, 0],
    ]);
    const bad = error(table(['population', 'x'], [[100, 1], [NaN, 2]]), { populationWeight: 'population' });
    expect(bad.code).toBe('E_INPUT_RANGE');
    expect(bad.message).toBe('population weight: R 2 (00002) has no value in column "population": expected a population > 0');
    expect(error(table(['population', 'x'], [[0, 1], [1, 2]]), { populationWeight: 'population' }).message).toMatch(/R 1 \(00001\) has value 0/);
    expect(error(t, { populationWeight: 'pop' }).message).toBe('options.populationWeight names "pop", which is not a feature of the table');
  });

  it('errors: all-NaN rows and columns, infinities, shapes, options', () => {
    const col = error(table(['a', 'b'], [[1, NaN], [2, NaN]]), {});
    expect(col.code).toBe('E_INPUT_NAN');
    expect(col.message).toBe('column "b" has no value (all 2 regions missing): drop it');
    const row = error(table(['a', 'b'], [[1, 2], [NaN, NaN]]), {});
    expect(row.code).toBe('E_INPUT_NAN');
    expect(row.message).toBe('region R 2 (00002) has no value (all 2 features missing): drop it');
    expect(error(table(['a'], [[1], [Infinity]]), {}).code).toBe('E_INPUT_NAN');
    expect(error({ ...base, values: new Float64Array(5) }, {}).code).toBe('E_INPUT_SHAPE');
    expect(error(table([], []), {}).code).toBe('E_INPUT_EMPTY');
    expect(error(null as unknown as Table, {}).code).toBe('E_INPUT_TYPE');
    expect(error(base, { negative: 'abs' as 'clip' }).code).toBe('E_INPUT_RANGE');
    expect(error(base, { columnWeights: { a: -1 } }).message).toBe('options.columnWeights["a"] is -1: expected a finite number ≥ 0');
    expect(error(base, { columnWeights: { q: 2 } }).code).toBe('E_INPUT_RANGE');
    expect(error(base, { log: ['q'] }).code).toBe('E_INPUT_RANGE');
    expect(error(table(['c'], [[1], [1]]), { constantColumns: 'drop' }).message).toBe('no feature left after dropping c (constant)');
    expect(error(base, { constantColumns: 'ignore' as 'drop' }).code).toBe('E_INPUT_RANGE');
  });

  it('the embedded default with LANL settings: non-negative, COVID columns in [0, 10], 56 columns', async () => {
    const { table: t } = await loadDefaultCountyTable();
    const { table: out, record } = preprocessTable(t, { columnWeights: covidColumnWeights(t.features, 10) });
    expect(out.features).toHaveLength(56);
    expect(Object.keys(record.columnWeights)).toHaveLength(12);
    expect(record.steps).toEqual([
      'min–max per column to [0, 1]',
      '12 columns multiplied by 10: cases_per100k_2020-03, cases_per100k_2020-04, cases_per100k_2020-05, cases_per100k_2020-06 and 8 more',
    ]);
    let maxCovid = 0;
    let maxOther = 0;
    let min = Infinity;
    out.features.forEach((f, k) => {
      const covid = COVID_RATE_COLUMN_PATTERN.test(f);
      for (let r = 0; r < out.regions.length; r++) {
        const v = out.values[r * 56 + k];
        if (Number.isNaN(v)) continue;
        min = Math.min(min, v);
        if (covid) maxCovid = Math.max(maxCovid, v);
        else maxOther = Math.max(maxOther, v);
      }
    });
    expect(min).toBe(0);
    expect(maxOther).toBe(1);
    expect(maxCovid).toBe(10);
    const weighted = preprocessTable(t, { populationWeight: 'total_population' });
    expect(weighted.table.features).not.toContain('total_population');
    expect(weighted.record.populationWeight?.maxRegion).toBe('06037'); // Los Angeles County
  });
});
