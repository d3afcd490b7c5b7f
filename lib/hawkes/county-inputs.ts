/**
 * The inputs of a county Hawkes fit (seed 004): daily counts, Google mobility and demographic
 * covariates joined BY FIPS (never by row order: HawkPR aligned its files by row, which breaks
 * on the paper-era deaths Demo file), restricted to a date window, with every dropped county,
 * imputed mobility value and clipped correction reported.
 */
import { EpikitError, describeValue } from '../errors.js';
import { cumulativeToDailyByRegion, type ClippedRegion } from '../data/daily-counts.js';
import { MOBILITY_TYPES, type CountyMobility, type MobilityType } from '../data/county-mobility.js';
import { assertPanel, dayToIsoDate, isoDateRange, isoDateToDay, type Panel } from '../data/panel.js';
import type { Table } from '../data/table.js';

export interface CountyHawkesInputOptions {
  /** Counts by FIPS: daily or cumulative as `countsKind` says. */
  counts: Panel;
  /** `'daily'` (HawkPR paper-era files) or `'cumulative'` (NYT, USAFacts, HawkPR HEAD): no guessing. */
  countsKind: 'daily' | 'cumulative';
  /** Google mobility by FIPS (loadGoogleMobility). Omit for the constant-R and demographics-only models. */
  mobility?: CountyMobility;
  /** County covariates by FIPS (loadCountyTable). Omit for the constant-R and mobility-only models. */
  covariates?: Table;
  /** First day of the window (ISO). Default: the first date of `counts`. */
  start?: string;
  /** Last day of the window (ISO), e.g. a backtest cut-off. Default: the last date of `counts`. */
  end?: string;
  /** Days of mobility to include before `start` (for a lag Δ, pass Δ). Default 0. */
  mobilityLead?: number;
  /** Mobility types to use, in this order. Default all six (the paper drops 'workplaces'). */
  mobilityTypes?: readonly MobilityType[];
  /** Covariate columns to use, in this order. Default every feature of `covariates`. */
  covariateColumns?: readonly string[];
  /** Keep only these FIPS (each must be a region of `counts`). Default: all counties of `counts`. */
  counties?: readonly string[];
  /** Drop counties whose total count in the window is below this. Default 1 (a county with no event carries no information). */
  minTotalCount?: number;
  /** A county without a covariate row or with a missing value in a used column: `'error'` (default) or `'drop'` (reported). */
  missingCovariates?: 'error' | 'drop';
}

export type DropReason = 'no-covariates' | 'missing-covariate' | 'no-mobility' | 'below-threshold';

export interface DroppedCounty {
  fips: string;
  name: string;
  /** Every reason that applies. */
  reasons: DropReason[];
  /** Human-readable detail (missing columns, window total, …). */
  detail: string;
}

export interface CountyInputsReport {
  /** Counties in `counts` (after `counties`) and kept. */
  counties: { input: number; kept: number };
  dropped: DroppedCounty[];
  /** Negative daily differences of cumulative counts clipped to 0 (whole panel, before windowing), per county. */
  clipped: { days: number; byCounty: ClippedRegion[] };
  /** Mobility imputation (see buildCountyHawkesInputs). */
  mobility?: {
    /** Cells (county × day × type) filled from the other types of the same county and day, per type. */
    imputedSameDay: number[];
    /** Of those, cells where too few complete rows existed for the regression and the type's mean was used, per type. */
    imputedByMean: number[];
    /** County-days with no type reported at all, filled by linear interpolation in time. */
    filledDays: number;
    /** Counties with such days and how many. */
    filledDaysByCounty: { fips: string; days: number }[];
    /** Observed cells per type (kept counties, mobility window). */
    observed: number[];
  };
  /** Covariate columns dropped because their standard deviation over the kept counties is 0. */
  zeroSdCovariates: string[];
}

export interface CountyHawkesInputs {
  /** Kept counties, sorted by FIPS. */
  fips: string[];
  names: string[];
  /** The window's dates (consecutive). */
  dates: string[];
  /** The counts' quantity, e.g. `new_cases`. */
  quantity: string;
  /** Daily counts, C × T row-major: `counts[c * T + t]`. */
  counts: Float64Array;
  mobilityTypes: MobilityType[];
  /** Mobility dates: `mobilityLead` days before `start` through `end`. */
  mobilityDates: string[];
  /** Percent change from baseline, imputed (no NaN): C × Tm × K, `mobility[(c * Tm + t) * K + k]`. Empty without mobility. */
  mobility: Float64Array;
  covariateNames: string[];
  /** z-scored covariates, C × P: (x − mean) / sd with the population sd (denominator C) over the kept counties. */
  covariates: Float64Array;
  /** Mean and sd used for each covariate (to standardise new counties the same way). */
  covariateMean: Float64Array;
  covariateSd: Float64Array;
  report: CountyInputsReport;
}

function optionDay(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const day = typeof value === 'string' ? isoDateToDay(value) : undefined;
  if (day === undefined) throw new EpikitError('E_INPUT_RANGE', `options.${name} is ${describeValue(value)}: expected an ISO date yyyy-mm-dd`, { argument: `options.${name}`, value });
  return day;
}

/** Solves the symmetric positive-definite system A x = b (n ≤ 7) by Cholesky; false if A is not PD. */
function choleskySolve(A: Float64Array, n: number, b: Float64Array, x: Float64Array): boolean {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0)) return false;
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return true;
}

/**
 * Joins counts, mobility and covariates by FIPS into the arrays a Hawkes fit needs.
 *
 * What it does, in order:
 * 1. Counts: a cumulative panel becomes daily over its whole date range (negative corrections
 *    clipped to 0 and counted per county; the first date keeps its cumulative value), then the
 *    window `start..end` is cut, so the window's first day is a true daily count whenever the
 *    panel starts earlier. A daily panel must hold non-negative integers.
 * 2. Counties: every county of `counts` (or `counties`) is checked; it is dropped — and listed
 *    in `report.dropped` with all its reasons — when it has no covariate row or a missing value
 *    in a used column (`missingCovariates: 'drop'`; the default `'error'` throws instead), no
 *    mobility row or no mobility value at all in the mobility window, or a window total below
 *    `minTotalCount`. Kept counties are sorted by FIPS, so input row orders never matter.
 * 3. Mobility (kept counties, dates `start − mobilityLead .. end`, only data up to `end`: no
 *    look-ahead in a walk-forward backtest):
 *    - a value missing on a day when the county reported other types is imputed from those
 *      types of the same county and day, by a least-squares regression with intercept of the
 *      missing type on exactly the reported ones, fitted on all county-days (kept counties,
 *      mobility window) where all of them and the missing type were reported — the conditional
 *      mean that the paper's multivariate imputer (scikit-learn IterativeImputer) approximates,
 *      computed exactly per missingness pattern. With fewer than max(10, 2·(predictors + 1))
 *      such rows the type's mean over all its reported cells is used (counted in imputedByMean).
 *      A type never reported by any kept county in the window is an error (leave it out with
 *      `mobilityTypes`);
 *    - a day with no type reported (no row, or all empty) is filled per type by linear
 *      interpolation between the county's nearest filled days before and after (the nearest
 *      value at the ends), counted per county.
 *    Values stay in Google's unit (percent change from baseline): the fit standardises.
 * 4. Covariates: the used columns for the kept counties, z-scored with the mean and the
 *    population standard deviation (denominator C, as HawkPR) over the kept counties; a column
 *    with sd 0 is dropped and listed in `report.zeroSdCovariates`.
 *
 * Complexity: O(C·T + C·Tm·K·K² + R) for R input regions; memory O(C·(T + Tm·K + P)).
 * @example
 * const { panel } = await loadWideCountySeries('data/us-counties-nyt/paper-era/NYT_Dconfirmed.csv', { kind: 'daily' });
 * const { mobility } = await loadGoogleMobility('data/us-counties-mobility/mobility-paper-era.csv');
 * const { table } = await loadCountyTable('data/us-counties-nyt/paper-era/Demo_Dconfirmed.csv');
 * const inputs = buildCountyHawkesInputs({ counts: panel, countsKind: 'daily', mobility, covariates: table, end: '2020-04-14', mobilityLead: 14 });
 * inputs.counts.length === inputs.fips.length * inputs.dates.length; // true
 * @throws EpikitError E_INPUT_TYPE / E_INPUT_RANGE / E_INPUT_SHAPE / E_INPUT_NAN (bad options, panels or tables, a
 *   window outside the counts, covariates missing with missingCovariates 'error', a never-reported mobility type),
 *   E_INPUT_EMPTY (no county left).
 */
export function buildCountyHawkesInputs(options: CountyHawkesInputOptions): CountyHawkesInputs {
  if (!options || typeof options !== 'object') throw new EpikitError('E_INPUT_TYPE', `options must be an object, got ${describeValue(options)}`, { argument: 'options' });
  const counts = assertPanel('options.counts', options.counts);
  if (options.countsKind !== 'daily' && options.countsKind !== 'cumulative') {
    throw new EpikitError('E_INPUT_RANGE', `options.countsKind is ${describeValue(options.countsKind)}: expected "daily" or "cumulative"`, { argument: 'options.countsKind', value: options.countsKind });
  }
  const minTotal = options.minTotalCount ?? 1;
  if (typeof minTotal !== 'number' || !Number.isFinite(minTotal) || minTotal < 0) {
    throw new EpikitError('E_INPUT_RANGE', `options.minTotalCount is ${describeValue(minTotal)}: expected a number ≥ 0`, { argument: 'options.minTotalCount', value: minTotal });
  }
  const lead = options.mobilityLead ?? 0;
  if (!Number.isInteger(lead) || lead < 0 || lead > 366) {
    throw new EpikitError('E_INPUT_RANGE', `options.mobilityLead is ${describeValue(lead)}: expected an integer in [0, 366]`, { argument: 'options.mobilityLead', value: lead });
  }
  const missingCovariates = options.missingCovariates ?? 'error';
  if (missingCovariates !== 'error' && missingCovariates !== 'drop') {
    throw new EpikitError('E_INPUT_RANGE', `options.missingCovariates is ${describeValue(missingCovariates)}: expected "error" or "drop"`, { argument: 'options.missingCovariates', value: missingCovariates });
  }

  // 1. Daily counts and the window.
  let daily = counts;
  let clipped = { days: 0, byCounty: [] as ClippedRegion[] };
  const Tall = counts.dates.length;
  if (options.countsKind === 'cumulative') {
    const d = cumulativeToDailyByRegion(counts);
    daily = d.panel;
    clipped = { days: d.clipped, byCounty: d.clippedByRegion };
  } else {
    for (let i = 0; i < counts.values.length; i++) {
      const v = counts.values[i];
      if (v < 0 || !Number.isInteger(v)) {
        const r = Math.floor(i / Tall);
        throw new EpikitError('E_INPUT_RANGE', `options.counts (daily) at FIPS ${counts.regions[r]}, ${counts.dates[i - r * Tall]} is ${v}: daily counts must be non-negative integers`, { argument: 'options.counts', index: i, value: v });
      }
    }
  }
  const panelFirst = isoDateToDay(counts.dates[0]) as number;
  const startDay = optionDay('start', options.start) ?? panelFirst;
  const endDay = optionDay('end', options.end) ?? panelFirst + Tall - 1;
  if (startDay > endDay) throw new EpikitError('E_INPUT_RANGE', `options.start ${dayToIsoDate(startDay)} is after options.end ${dayToIsoDate(endDay)}`, { argument: 'options.start' });
  if (startDay < panelFirst || endDay > panelFirst + Tall - 1) {
    throw new EpikitError('E_INPUT_RANGE', `the window ${dayToIsoDate(startDay)}..${dayToIsoDate(endDay)} is not inside the counts' dates ${counts.dates[0]}..${counts.dates[Tall - 1]}`, { argument: options.start !== undefined && startDay < panelFirst ? 'options.start' : 'options.end' });
  }
  const t0 = startDay - panelFirst;
  const T = endDay - startDay + 1;

  // Candidate counties.
  const rowOfFips = new Map(counts.regions.map((id, r) => [id, r] as const));
  let candidates: number[];
  if (options.counties !== undefined) {
    if (!Array.isArray(options.counties)) throw new EpikitError('E_INPUT_TYPE', `options.counties must be an array of FIPS codes, got ${describeValue(options.counties)}`, { argument: 'options.counties' });
    const seen = new Set<string>();
    candidates = options.counties.map((id, i) => {
      const r = rowOfFips.get(id);
      if (r === undefined) throw new EpikitError('E_INPUT_RANGE', `options.counties[${i}] is ${describeValue(id)}: not a county of options.counts`, { argument: 'options.counties', index: i, value: id });
      if (seen.has(id)) throw new EpikitError('E_INPUT_RANGE', `options.counties[${i}] is ${describeValue(id)}, listed twice`, { argument: 'options.counties', index: i, value: id });
      seen.add(id);
      return r;
    });
  } else candidates = counts.regions.map((_, r) => r);
  candidates.sort((a, b) => (counts.regions[a] < counts.regions[b] ? -1 : counts.regions[a] > counts.regions[b] ? 1 : 0));

  // Covariate columns.
  const table = options.covariates;
  let covColumns: number[] = [];
  let tableRow = new Map<string, number>();
  if (table !== undefined) {
    if (!table || typeof table !== 'object' || !Array.isArray(table.regions) || !Array.isArray(table.features) || !(table.values instanceof Float64Array) || table.values.length !== table.regions.length * table.features.length) {
      throw new EpikitError('E_INPUT_TYPE', `options.covariates must be a Table { regions, names, features, values: Float64Array(regions × features) }, got ${describeValue(table)}`, { argument: 'options.covariates' });
    }
    const wanted = options.covariateColumns ?? table.features;
    covColumns = wanted.map((name, i) => {
      const f = table.features.indexOf(name);
      if (f < 0) throw new EpikitError('E_INPUT_RANGE', `options.covariateColumns[${i}] is ${describeValue(name)}: not a feature of options.covariates (${table.features.join(', ')})`, { argument: 'options.covariateColumns', index: i, value: name });
      return f;
    });
    tableRow = new Map(table.regions.map((id, r) => [id, r] as const));
  }

  // Mobility window and types.
  const mob = options.mobility;
  const types = (options.mobilityTypes ?? MOBILITY_TYPES).slice() as MobilityType[];
  let mobTypeIndex: number[] = [];
  let mobRow = new Map<string, number>();
  const Tm = T + lead;
  const mobFirst = startDay - lead;
  let mobOffset = 0; // mobility date index of mobFirst
  if (mob !== undefined) {
    if (!mob || typeof mob !== 'object' || !Array.isArray(mob.regions) || !Array.isArray(mob.dates) || !Array.isArray(mob.types) || !(mob.values instanceof Float64Array) || mob.values.length !== mob.regions.length * mob.dates.length * mob.types.length) {
      throw new EpikitError('E_INPUT_TYPE', `options.mobility must be a CountyMobility { regions, names, dates, types, values: Float64Array(regions × dates × types) }, got ${describeValue(mob)}`, { argument: 'options.mobility' });
    }
    mobTypeIndex = types.map((t, i) => {
      const k = mob.types.indexOf(t);
      if (k < 0) throw new EpikitError('E_INPUT_RANGE', `options.mobilityTypes[${i}] is ${describeValue(t)}: not a type of options.mobility (${mob.types.join(', ')})`, { argument: 'options.mobilityTypes', index: i, value: t });
      return k;
    });
    if (new Set(types).size !== types.length) throw new EpikitError('E_INPUT_RANGE', `options.mobilityTypes lists a type twice (${types.join(', ')})`, { argument: 'options.mobilityTypes' });
    mobRow = new Map(mob.regions.map((id, r) => [id, r] as const));
    const first = isoDateToDay(mob.dates[0]);
    if (first === undefined) throw new EpikitError('E_INPUT_RANGE', `options.mobility.dates[0] is ${describeValue(mob.dates[0])}: expected an ISO date`, { argument: 'options.mobility' });
    mobOffset = mobFirst - first;
  }
  const K = types.length;
  const Tsrc = mob ? mob.dates.length : 0;
  const Ksrc = mob ? mob.types.length : 0;
  /** Raw mobility of source row r on window day t (0..Tm-1), type k (0..K-1); NaN outside the source dates. */
  const rawMob = (r: number, t: number, k: number): number => {
    const ts = mobOffset + t;
    if (ts < 0 || ts >= Tsrc) return NaN;
    return (mob as CountyMobility).values[(r * Tsrc + ts) * Ksrc + mobTypeIndex[k]];
  };

  // 2. Checks per county.
  const dropped: DroppedCounty[] = [];
  const covMissing: string[] = [];
  const kept: number[] = [];
  for (const r of candidates) {
    const fips = counts.regions[r];
    const reasons: DropReason[] = [];
    const details: string[] = [];
    if (table !== undefined) {
      const tr = tableRow.get(fips);
      if (tr === undefined) {
        reasons.push('no-covariates');
        details.push('no covariate row');
      } else {
        const P0 = table.features.length;
        const empty = covColumns.filter((f) => Number.isNaN(table.values[tr * P0 + f])).map((f) => table.features[f]);
        if (empty.length > 0) {
          reasons.push('missing-covariate');
          details.push(`missing ${empty.join(', ')}`);
        }
      }
      if (reasons.length > 0) covMissing.push(`${fips} (${counts.names[r]}: ${details.join('; ')})`);
    }
    if (mob !== undefined) {
      const mr = mobRow.get(fips);
      let any = false;
      if (mr !== undefined) {
        for (let t = 0; t < Tm && !any; t++) for (let k = 0; k < K; k++) if (!Number.isNaN(rawMob(mr, t, k))) { any = true; break; }
      }
      if (!any) {
        reasons.push('no-mobility');
        details.push(mr === undefined ? 'no mobility rows' : `no mobility value ${dayToIsoDate(mobFirst)}..${dayToIsoDate(endDay)}`);
      }
    }
    let total = 0;
    for (let t = 0; t < T; t++) total += daily.values[r * Tall + t0 + t];
    if (total < minTotal) {
      reasons.push('below-threshold');
      details.push(`total ${total} < ${minTotal} in the window`);
    }
    if (reasons.length > 0) dropped.push({ fips, name: counts.names[r], reasons, detail: details.join('; ') });
    else kept.push(r);
  }
  if (covMissing.length > 0 && missingCovariates === 'error') {
    throw new EpikitError('E_INPUT_RANGE', `options.covariates lacks values for ${covMissing.length} count${covMissing.length === 1 ? 'y' : 'ies'}: ${covMissing.slice(0, 8).join(', ')}${covMissing.length > 8 ? ', …' : ''} (pass missingCovariates: 'drop' to drop them, reported)`, { argument: 'options.covariates', counties: covMissing });
  }
  const C = kept.length;
  if (C === 0) {
    throw new EpikitError('E_INPUT_EMPTY', `no county left of ${candidates.length}: ${dropped.slice(0, 5).map((d) => `${d.fips} ${d.reasons.join('+')}`).join(', ')}${dropped.length > 5 ? ', …' : ''}`, { argument: 'options.counts', dropped });
  }

  const countsOut = new Float64Array(C * T);
  kept.forEach((r, c) => countsOut.set(daily.values.subarray(r * Tall + t0, r * Tall + t0 + T), c * T));

  // 3. Mobility.
  let mobility = new Float64Array(0);
  let mobilityReport: CountyInputsReport['mobility'];
  if (mob !== undefined) {
    mobility = new Float64Array(C * Tm * K);
    kept.forEach((r, c) => {
      const mr = mobRow.get(counts.regions[r]) as number;
      for (let t = 0; t < Tm; t++) for (let k = 0; k < K; k++) mobility[(c * Tm + t) * K + k] = rawMob(mr, t, k);
    });
    mobilityReport = imputeMobility(mobility, C, Tm, K, types, kept.map((r) => counts.regions[r]));
  }

  // 4. Covariates, z-scored over the kept counties.
  const covNames: string[] = [];
  const covValues: number[][] = [];
  const zeroSd: string[] = [];
  const means: number[] = [];
  const sds: number[] = [];
  if (table !== undefined) {
    const P0 = table.features.length;
    for (const f of covColumns) {
      const col = kept.map((r) => table.values[(tableRow.get(counts.regions[r]) as number) * P0 + f]);
      let mean = 0;
      for (const v of col) mean += v;
      mean /= C;
      let ss = 0;
      for (const v of col) ss += (v - mean) * (v - mean);
      const sd = Math.sqrt(ss / C);
      if (!(sd > 0) || sd <= 1e-12 * Math.max(1, Math.abs(mean))) {
        zeroSd.push(table.features[f]);
        continue;
      }
      covNames.push(table.features[f]);
      covValues.push(col.map((v) => (v - mean) / sd));
      means.push(mean);
      sds.push(sd);
    }
  }
  const P = covNames.length;
  const covariates = new Float64Array(C * P);
  for (let p = 0; p < P; p++) for (let c = 0; c < C; c++) covariates[c * P + p] = covValues[p][c];

  return {
    fips: kept.map((r) => counts.regions[r]),
    names: kept.map((r) => counts.names[r]),
    dates: isoDateRange(startDay, T),
    quantity: daily.quantity,
    counts: countsOut,
    mobilityTypes: mob !== undefined ? types : [],
    mobilityDates: mob !== undefined ? isoDateRange(mobFirst, Tm) : [],
    mobility,
    covariateNames: covNames,
    covariates,
    covariateMean: Float64Array.from(means),
    covariateSd: Float64Array.from(sds),
    report: {
      counties: { input: candidates.length, kept: C },
      dropped,
      clipped,
      mobility: mobilityReport,
      zeroSdCovariates: zeroSd,
    },
  };
}

/**
 * Imputes `x` (C × Tm × K, NaN = missing) in place: same-day regression per missingness
 * pattern, then linear interpolation in time for days with nothing reported. See
 * buildCountyHawkesInputs, step 3.
 */
function imputeMobility(x: Float64Array, C: number, Tm: number, K: number, types: readonly string[], fips: readonly string[]): NonNullable<CountyInputsReport['mobility']> {
  const rows = C * Tm;
  const full = (1 << K) - 1;
  const D = K + 1; // intercept + K types
  // Moment matrices Σ [1, x][1, x]ᵀ per exact reported-mask.
  const moments = new Map<number, Float64Array>();
  const observed = new Array<number>(K).fill(0);
  const typeSum = new Array<number>(K).fill(0);
  const z = new Float64Array(D);
  for (let i = 0; i < rows; i++) {
    let mask = 0;
    for (let k = 0; k < K; k++) {
      const v = x[i * K + k];
      if (!Number.isNaN(v)) {
        mask |= 1 << k;
        observed[k]++;
        typeSum[k] += v;
      }
    }
    if (mask === 0) continue;
    let m = moments.get(mask);
    if (!m) moments.set(mask, (m = new Float64Array(D * D)));
    z[0] = 1;
    for (let k = 0; k < K; k++) z[k + 1] = (mask >> k) & 1 ? x[i * K + k] : 0;
    for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) m[a * D + b] += z[a] * z[b];
  }
  const never = types.filter((_, k) => observed[k] === 0);
  if (never.length > 0) {
    throw new EpikitError('E_INPUT_RANGE', `mobility type ${never.join(', ')} is never reported by the kept counties in the mobility window: leave it out with options.mobilityTypes`, { argument: 'options.mobilityTypes', types: never });
  }
  const typeMean = typeSum.map((s, k) => s / observed[k]);

  // Regression coefficients of type k on the reported set O (mask), cached: [intercept, β over O's types in order].
  const cache = new Map<number, { coef: Float64Array; byMean: boolean }>();
  const regression = (O: number, k: number): { coef: Float64Array; byMean: boolean } => {
    const key = O * 16 + k;
    const hit = cache.get(key);
    if (hit) return hit;
    const need = O | (1 << k);
    const idx = [0];
    for (let j = 0; j < K; j++) if ((O >> j) & 1) idx.push(j + 1);
    const n = idx.length;
    const A = new Float64Array(n * n);
    const b = new Float64Array(n);
    let count = 0;
    for (const [mask, m] of moments) {
      if ((mask & need) !== need) continue;
      count += m[0];
      for (let a = 0; a < n; a++) {
        b[a] += m[idx[a] * D + (k + 1)];
        for (let c = 0; c < n; c++) A[a * n + c] += m[idx[a] * D + idx[c]];
      }
    }
    const coef = new Float64Array(n);
    let byMean = count < Math.max(10, 2 * n);
    if (!byMean) {
      // A tiny ridge on the slopes (relative to their scale) keeps collinear patterns solvable.
      let ok = false;
      for (let ridge = 1e-10; ridge <= 1e-2 && !ok; ridge *= 100) {
        const Ar = Float64Array.from(A);
        for (let a = 1; a < n; a++) Ar[a * n + a] += ridge * Math.max(A[a * n + a], 1);
        ok = choleskySolve(Ar, n, b, coef);
      }
      byMean = !ok;
    }
    if (byMean) {
      coef.fill(0);
      coef[0] = typeMean[k];
    }
    const out = { coef, byMean };
    cache.set(key, out);
    return out;
  };

  const imputedSameDay = new Array<number>(K).fill(0);
  const imputedByMean = new Array<number>(K).fill(0);
  const emptyRow = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    let mask = 0;
    for (let k = 0; k < K; k++) if (!Number.isNaN(x[i * K + k])) mask |= 1 << k;
    if (mask === 0) {
      emptyRow[i] = 1;
      continue;
    }
    if (mask === full) continue;
    for (let k = 0; k < K; k++) {
      if ((mask >> k) & 1) continue;
      const { coef, byMean } = regression(mask, k);
      let v = coef[0];
      let a = 1;
      for (let j = 0; j < K; j++) if ((mask >> j) & 1) v += coef[a++] * x[i * K + j];
      x[i * K + k] = v;
      imputedSameDay[k]++;
      if (byMean) imputedByMean[k]++;
    }
  }

  // Days with nothing reported: linear interpolation in time per type (nearest value at the ends).
  let filledDays = 0;
  const filledDaysByCounty: { fips: string; days: number }[] = [];
  for (let c = 0; c < C; c++) {
    let days = 0;
    let prev = -1;
    for (let t = 0; t <= Tm; t++) {
      const i = c * Tm + t;
      if (t < Tm && emptyRow[i]) continue;
      if (prev < 0 && t >= Tm) break; // nothing reported at all (such counties are dropped before)
      // gap (prev, t) exclusive
      for (let g = prev + 1; g < t; g++) {
        days++;
        for (let k = 0; k < K; k++) {
          let v: number;
          if (prev < 0) v = x[(c * Tm + t) * K + k];
          else if (t >= Tm) v = x[(c * Tm + prev) * K + k];
          else {
            const a = x[(c * Tm + prev) * K + k];
            const b = x[(c * Tm + t) * K + k];
            v = a + ((b - a) * (g - prev)) / (t - prev);
          }
          x[(c * Tm + g) * K + k] = v;
        }
      }
      prev = t;
    }
    if (days > 0) {
      filledDays += days;
      filledDaysByCounty.push({ fips: fips[c], days });
    }
  }
  return { imputedSameDay, imputedByMean, filledDays, filledDaysByCounty, observed };
}
