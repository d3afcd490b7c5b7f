/**
 * LANL's preprocessing of a counties × variables table before NMFk (SmartTensors/NMFk.jl
 * `normalizematrix_col!` and the COVID-19 county notebooks; see
 * /work/shared/reference/nmfk-and-ensemble.md 1.7–1.8): per-column min–max to [0, 1], optional
 * log10 first, a weight on chosen columns (LANL: COVID-19 columns × 10), population weighting of
 * the rows, and the handling of negative values and constant columns. Browser-safe.
 */
import { EpikitError, describeValue } from '../errors.js';
import type { Table } from '../data/table.js';

/**
 * The COVID-19 columns of the embedded county matrix (monthly new cases and deaths per 100k,
 * `cases_per100k_2020-03` … `deaths_per100k_2020-08`): the counterpart of the 16 COVID-19
 * columns LANL multiplied by 10.
 */
export const COVID_RATE_COLUMN_PATTERN = /^(cases|deaths)_per100k_\d{4}-\d{2}$/;

export type NegativePolicy = 'error' | 'shift' | 'clip';

export interface PreprocessOptions {
  /** Per-column min–max scaling to [0, 1] (default true). A column with zero range becomes zeros (NMFk.jl uses dx = 1). */
  minMax?: boolean;
  /**
   * log10 before min–max (default false): `true` for every column, or the names of the columns.
   * A column whose smallest value is 0 is shifted first: log10(x + c) with c = its smallest
   * positive value (so 0 ↦ log10 c and that smallest positive value ↦ log10 2c; c = 1 if the
   * column has no positive value). Values must be ≥ 0: see `negative`.
   */
  log?: boolean | readonly string[];
  /** Multiply these columns by these weights after min–max (LANL: COVID-19 columns × 10; see covidColumnWeights). Weights finite and ≥ 0. */
  columnWeights?: Readonly<Record<string, number>>;
  /**
   * Name of a population column: every row is multiplied by pop / max(pop) at the end, and the
   * column is removed from the features unless `keepPopulationColumn`. Populations must be > 0.
   */
  populationWeight?: string | null;
  /** Keep the population column as a feature too (default false; LANL's 804 variables kept it). */
  keepPopulationColumn?: boolean;
  /**
   * Negative values where the factorisation or log10 cannot take them — in the columns given to
   * `log` (before log10), and anywhere when `minMax` is false (at the end): `'error'` (default)
   * throws naming the county and column, `'shift'` subtracts the column's minimum (so it becomes
   * 0), `'clip'` sets them to 0. With min–max and no log nothing can stay negative, so e.g. the
   * longitude column needs no policy.
   */
  negative?: NegativePolicy;
  /**
   * Columns with one observed value (min = max) carry no information for NMFk: `'error'` (default)
   * throws E_INPUT_RANGE naming them, `'drop'` removes them (reported), `'keep'` keeps them (they
   * become zeros under min–max).
   */
  constantColumns?: ConstantColumnPolicy;
}

/** What {@link preprocessTable} does with constant columns. */
export type ConstantColumnPolicy = 'error' | 'drop' | 'keep';

/** What preprocessTable did, in order. */
export interface PreprocessRecord {
  /** One readable line per step applied, in order. */
  steps: string[];
  /** Observed minimum and maximum of every input feature (NaN ignored): to map results back to data units. */
  ranges: { feature: string; min: number; max: number }[];
  /** Features removed, with the reason. */
  droppedColumns: { feature: string; reason: 'constant' | 'population' }[];
  negative: { policy: NegativePolicy; columns: { feature: string; stage: 'before log' | 'final'; count: number; min: number; shift?: number }[] };
  log: { columns: string[]; shifts: Record<string, number> };
  minMax: boolean;
  /** Features with zero range under min–max (kept constant columns): set to 0. */
  zeroRangeColumns: string[];
  constantColumns: { policy: ConstantColumnPolicy; columns: string[] };
  columnWeights: Record<string, number>;
  populationWeight: { column: string; kept: boolean; maxPopulation: number; maxRegion: string } | null;
}

export interface PreprocessResult {
  /** Same regions and names; features possibly fewer; values non-negative (NaN = missing kept). */
  table: Table;
  record: PreprocessRecord;
}

/**
 * Column weights for the COVID-19 columns: `{ name: weight }` for every feature matching
 * `pattern` (default: the monthly case/death rate columns of the embedded matrix). LANL
 * multiplied its 16 COVID-19 columns by 10 after min–max.
 *
 * @example covidColumnWeights(table.features, 10) // { 'cases_per100k_2020-03': 10, … }
 */
export function covidColumnWeights(features: readonly string[], weight: number, pattern: RegExp = COVID_RATE_COLUMN_PATTERN): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of features) if (pattern.test(f)) out[f] = weight;
  return out;
}

/** Column names for a step line: all of them up to 6, else the first 4 and how many more. */
const nameList = (names: readonly string[]): string => (names.length <= 6 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`);

const regionLabel = (t: Table, r: number): string => (t.names[r] && t.names[r] !== t.regions[r] ? `${t.names[r]} (${t.regions[r]})` : t.regions[r]);

function validateTable(table: Table): void {
  if (table === null || typeof table !== 'object' || !Array.isArray(table.regions) || !Array.isArray(table.features) || !(table.values instanceof Float64Array)) {
    throw new EpikitError('E_INPUT_TYPE', `table must be a Table { regions, names, features, values: Float64Array }, got ${describeValue(table)}`, { argument: 'table' });
  }
  const n = table.regions.length;
  const d = table.features.length;
  if (n === 0 || d === 0) throw new EpikitError('E_INPUT_EMPTY', `table has ${n} regions × ${d} features: expected at least one of each`, { argument: 'table' });
  if (table.values.length !== n * d) {
    throw new EpikitError('E_INPUT_SHAPE', `table.values has length ${table.values.length}, expected regions × features = ${n} × ${d} = ${n * d}`, { argument: 'table.values' });
  }
  if (!Array.isArray(table.names) || table.names.length !== n) {
    throw new EpikitError('E_INPUT_SHAPE', `table.names has ${Array.isArray(table.names) ? table.names.length : describeValue(table.names)} entries, expected ${n} (one per region)`, { argument: 'table.names' });
  }
  const observedInRow = new Int32Array(n);
  const observedInCol = new Int32Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) {
      const v = table.values[r * d + j];
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) {
        throw new EpikitError('E_INPUT_NAN', `table value of ${regionLabel(table, r)}, column ${JSON.stringify(table.features[j])} is ${v}: expected a finite number or NaN (missing)`, { argument: 'table.values', region: table.regions[r], feature: table.features[j] });
      }
      observedInRow[r]++;
      observedInCol[j]++;
    }
  }
  for (let j = 0; j < d; j++) {
    if (observedInCol[j] === 0) throw new EpikitError('E_INPUT_NAN', `column ${JSON.stringify(table.features[j])} has no value (all ${n} regions missing): drop it`, { argument: 'table.values', feature: table.features[j] });
  }
  for (let r = 0; r < n; r++) {
    if (observedInRow[r] === 0) throw new EpikitError('E_INPUT_NAN', `region ${regionLabel(table, r)} has no value (all ${d} features missing): drop it`, { argument: 'table.values', region: table.regions[r] });
  }
}

/** Observed min and max of column j (NaN ignored). */
function columnRange(values: Float64Array, n: number, d: number, j: number): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < n; r++) {
    const v = values[r * d + j];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * LANL's preprocessing, in this order:
 * 1. checks: finite values or NaN, no all-missing row or column (E_INPUT_NAN naming it);
 * 2. population weight: w_r = pop_r / max(pop) read from `populationWeight` (before any scaling),
 *    and that column removed unless `keepPopulationColumn`;
 * 3. constant columns (one observed value): an error (`constantColumns: 'error'`, default), dropped or kept;
 * 4. `negative` policy on the `log` columns, then x ↦ log10(x + c) (c = 0, or the column's
 *    smallest positive value when its minimum is 0);
 * 5. min–max per column: (x − min) / (max − min), zero range ↦ 0 (NMFk.jl `normalizematrix_col!`);
 *    without min–max, the `negative` policy on whatever is still negative;
 * 6. `columnWeights` (e.g. COVID-19 columns × 10, as LANL did after min–max);
 * 7. rows × w_r.
 * NaN (missing) stays NaN throughout: NMFk ignores it in the objective.
 *
 * What LANL did (reference 1.8): min–max per column, COVID-19 columns × 10, and
 * `weight = pop / max(pop)` passed to NMFk.execute — where NMFk.jl uses it only to weight the
 * residuals of its stopping criterion, not the updates (reference 1.2), and the population
 * column stayed among the 804 variables. `populationWeight` here scales the rows of X itself
 * (a row-weighted fit in which populous counties count more), which is a stronger and
 * different effect; leave it off to match LANL's factors.
 *
 * Complexity: O(regions × features) time and one output array.
 * @example
 * const { table: x, record } = preprocessTable(table, { columnWeights: covidColumnWeights(table.features, 10) });
 * @throws EpikitError E_INPUT_TYPE / E_INPUT_SHAPE / E_INPUT_EMPTY (bad table), E_INPUT_NAN (±Infinity,
 *   all-missing row or column), E_INPUT_RANGE (negative values under 'error', unknown column names,
 *   bad weights, non-positive or missing populations, no column left).
 */
export function preprocessTable(table: Table, options: PreprocessOptions = {}): PreprocessResult {
  validateTable(table);
  if (options === null || typeof options !== 'object') throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  const minMax = options.minMax ?? true;
  const negative: NegativePolicy = options.negative ?? 'error';
  if (!['error', 'shift', 'clip'].includes(negative)) throw new EpikitError('E_INPUT_RANGE', `options.negative is ${describeValue(negative)}: expected 'error', 'shift' or 'clip'`, { argument: 'options.negative' });
  const constantPolicy: ConstantColumnPolicy = options.constantColumns ?? 'error';
  if (!['error', 'drop', 'keep'].includes(constantPolicy)) throw new EpikitError('E_INPUT_RANGE', `options.constantColumns is ${describeValue(constantPolicy)}: expected 'error', 'drop' or 'keep'`, { argument: 'options.constantColumns' });
  if (typeof minMax !== 'boolean') throw new EpikitError('E_INPUT_TYPE', `options.minMax must be a boolean, got ${describeValue(minMax)}`, { argument: 'options.minMax' });

  const n = table.regions.length;
  const d0 = table.features.length;
  const src = table.values;
  const known = (name: string, argument: string): number => {
    const j = table.features.indexOf(name);
    if (j < 0) throw new EpikitError('E_INPUT_RANGE', `${argument} names ${JSON.stringify(name)}, which is not a feature of the table`, { argument, value: name });
    return j;
  };
  const steps: string[] = [];
  const ranges = table.features.map((feature, j) => ({ feature, ...columnRange(src, n, d0, j) }));

  // 2. Population weight (raw populations).
  let rowWeight: Float64Array | null = null;
  let populationRecord: PreprocessRecord['populationWeight'] = null;
  const popName = options.populationWeight ?? null;
  let popCol = -1;
  if (popName !== null) {
    if (typeof popName !== 'string') throw new EpikitError('E_INPUT_TYPE', `options.populationWeight must be a column name, got ${describeValue(popName)}`, { argument: 'options.populationWeight' });
    popCol = known(popName, 'options.populationWeight');
    let max = 0;
    let maxRow = 0;
    for (let r = 0; r < n; r++) {
      const p = src[r * d0 + popCol];
      if (!(p > 0)) {
        throw new EpikitError('E_INPUT_RANGE', `population weight: ${regionLabel(table, r)} has ${Number.isNaN(p) ? 'no value' : `value ${p}`} in column ${JSON.stringify(popName)}: expected a population > 0`, { argument: 'options.populationWeight', region: table.regions[r], value: p });
      }
      if (p > max) {
        max = p;
        maxRow = r;
      }
    }
    rowWeight = new Float64Array(n);
    for (let r = 0; r < n; r++) rowWeight[r] = src[r * d0 + popCol] / max;
    const kept = options.keepPopulationColumn === true;
    populationRecord = { column: popName, kept, maxPopulation: max, maxRegion: table.regions[maxRow] };
  }

  // 3. Constant columns; choose the kept columns.
  const dropped: PreprocessRecord['droppedColumns'] = [];
  const constant: string[] = [];
  const keep: number[] = [];
  for (let j = 0; j < d0; j++) {
    if (j === popCol && options.keepPopulationColumn !== true) {
      dropped.push({ feature: table.features[j], reason: 'population' });
      continue;
    }
    if (ranges[j].min === ranges[j].max) {
      constant.push(table.features[j]);
      if (constantPolicy === 'drop') {
        dropped.push({ feature: table.features[j], reason: 'constant' });
        continue;
      }
    }
    keep.push(j);
  }
  if (constant.length && constantPolicy === 'error') {
    throw new EpikitError(
      'E_INPUT_RANGE',
      `${constant.length} constant column${constant.length > 1 ? 's' : ''} (one observed value, no information for the factorisation): ${nameList(constant)}; drop ${constant.length > 1 ? 'them' : 'it'} from the data or pass constantColumns: 'drop' (CLI: --constant-columns drop) or 'keep'`,
      { argument: 'options.constantColumns', columns: constant },
    );
  }
  if (keep.length === 0) {
    throw new EpikitError('E_INPUT_RANGE', `no feature left after dropping ${dropped.map((c) => `${c.feature} (${c.reason})`).join(', ')}`, { argument: 'table' });
  }
  if (popCol >= 0) steps.push(`population weight from ${JSON.stringify(popName)}: rows will be × pop / ${populationRecord!.maxPopulation} (max at ${populationRecord!.maxRegion})${populationRecord!.kept ? '; column kept as a feature' : '; column removed from the features'}`);
  if (constant.length) steps.push(`${constant.length} constant column${constant.length > 1 ? 's' : ''} ${constantPolicy === 'drop' ? 'dropped' : 'kept'}: ${nameList(constant)}`);

  const d = keep.length;
  const features = keep.map((j) => table.features[j]);
  const x = new Float64Array(n * d);
  for (let r = 0; r < n; r++) for (let k = 0; k < d; k++) x[r * d + k] = src[r * d0 + keep[k]];

  const negativeRecord: PreprocessRecord['negative'] = { policy: negative, columns: [] };
  /** Apply the negative policy to column k; returns after recording. */
  const fixNegatives = (k: number, stage: 'before log' | 'final', why: string): void => {
    let count = 0;
    let min = Infinity;
    let first = -1;
    for (let r = 0; r < n; r++) {
      const v = x[r * d + k];
      if (v < 0) {
        count++;
        if (first < 0) first = r;
      }
      if (v < min) min = v;
    }
    if (count === 0) return;
    if (negative === 'error') {
      throw new EpikitError(
        'E_INPUT_RANGE',
        `${regionLabel(table, first)} has ${x[first * d + k]} in column ${JSON.stringify(features[k])} (${count} negative value${count > 1 ? 's' : ''} in that column): ${why}; use the option negative: 'shift' or 'clip' (epikit signals --negative shift|clip), or drop the column`,
        { argument: 'table.values', region: table.regions[first], feature: features[k], value: x[first * d + k] },
      );
    }
    if (negative === 'shift') {
      for (let r = 0; r < n; r++) x[r * d + k] -= min;
      negativeRecord.columns.push({ feature: features[k], stage, count, min, shift: -min });
    } else {
      for (let r = 0; r < n; r++) if (x[r * d + k] < 0) x[r * d + k] = 0;
      negativeRecord.columns.push({ feature: features[k], stage, count, min });
    }
  };

  // 4. log10.
  const logOption = options.log ?? false;
  let logCols: number[] = [];
  if (logOption === true) logCols = features.map((_, k) => k);
  else if (Array.isArray(logOption)) {
    for (const name of logOption) {
      if (typeof name !== 'string') throw new EpikitError('E_INPUT_TYPE', `options.log must be a boolean or an array of column names, got an entry ${describeValue(name)}`, { argument: 'options.log' });
      known(name, 'options.log');
      const k = features.indexOf(name);
      if (k >= 0) logCols.push(k); // a dropped (constant/population) column is silently not logged
    }
  } else if (logOption !== false) {
    throw new EpikitError('E_INPUT_TYPE', `options.log must be a boolean or an array of column names, got ${describeValue(logOption)}`, { argument: 'options.log' });
  }
  const shifts: Record<string, number> = {};
  for (const k of logCols) {
    fixNegatives(k, 'before log', 'log10 needs values ≥ 0');
    let min = Infinity;
    let minPositive = Infinity;
    for (let r = 0; r < n; r++) {
      const v = x[r * d + k];
      if (v < min) min = v;
      if (v > 0 && v < minPositive) minPositive = v;
    }
    const c = min > 0 ? 0 : Number.isFinite(minPositive) ? minPositive : 1;
    shifts[features[k]] = c;
    for (let r = 0; r < n; r++) x[r * d + k] = Math.log10(x[r * d + k] + c);
  }
  if (logCols.length) {
    const shifted = Object.entries(shifts).filter(([, c]) => c > 0);
    steps.push(`log10 of ${logCols.length} column${logCols.length > 1 ? 's' : ''}${shifted.length ? `; ${shifted.length} with zeros shifted by their smallest positive value` : ''}`);
  }

  // 5. min–max, or the final negative check.
  const zeroRange: string[] = [];
  if (minMax) {
    for (let k = 0; k < d; k++) {
      const { min, max } = columnRange(x, n, d, k);
      const dx = max - min;
      if (dx === 0) zeroRange.push(features[k]);
      for (let r = 0; r < n; r++) {
        const i = r * d + k;
        x[i] = dx === 0 ? x[i] - min : (x[i] - min) / dx; // NaN stays NaN; zero range ↦ 0 (NMFk.jl dx = 1)
      }
    }
    steps.push(`min–max per column to [0, 1]${zeroRange.length ? ` (${zeroRange.length} with zero range set to 0)` : ''}`);
  } else {
    for (let k = 0; k < d; k++) fixNegatives(k, 'final', 'NMF needs non-negative data (min–max is off)');
  }
  if (negativeRecord.columns.length) {
    steps.push(`negative values ${negative === 'shift' ? 'shifted to 0' : 'clipped to 0'} in ${nameList(negativeRecord.columns.map((c) => c.feature))}`);
  }

  // 6. Column weights.
  const weights: Record<string, number> = {};
  const columnWeights = options.columnWeights ?? {};
  if (columnWeights === null || typeof columnWeights !== 'object') throw new EpikitError('E_INPUT_TYPE', `options.columnWeights must be an object { column: weight }, got ${describeValue(columnWeights)}`, { argument: 'options.columnWeights' });
  for (const [name, w] of Object.entries(columnWeights)) {
    known(name, 'options.columnWeights');
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new EpikitError('E_INPUT_RANGE', `options.columnWeights[${JSON.stringify(name)}] is ${describeValue(w)}: expected a finite number ≥ 0`, { argument: 'options.columnWeights', value: w });
    }
    const k = features.indexOf(name);
    if (k < 0) continue; // dropped column
    weights[name] = w;
    for (let r = 0; r < n; r++) x[r * d + k] *= w;
  }
  const weighted = Object.entries(weights).filter(([, w]) => w !== 1);
  if (weighted.length) {
    const distinct = [...new Set(weighted.map(([, w]) => w))];
    steps.push(`${weighted.length} column${weighted.length > 1 ? 's' : ''} multiplied by ${distinct.length === 1 ? distinct[0] : 'their weights'}: ${nameList(weighted.map(([f]) => f))}`);
  }

  // 7. Rows × population weight.
  if (rowWeight) {
    for (let r = 0; r < n; r++) for (let k = 0; k < d; k++) x[r * d + k] *= rowWeight[r];
    steps.push(`rows multiplied by population / max population`);
  }

  return {
    table: { regions: table.regions.slice(), names: table.names.slice(), features, values: x },
    record: {
      steps,
      ranges,
      droppedColumns: dropped,
      negative: negativeRecord,
      log: { columns: logCols.map((k) => features[k]), shifts },
      minMax,
      zeroRangeColumns: zeroRange,
      constantColumns: { policy: constantPolicy, columns: constant },
      columnWeights: weights,
      populationWeight: populationRecord,
    },
  };
}
