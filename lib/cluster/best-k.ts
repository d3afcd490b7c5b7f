/**
 * NbClust's choice of the number of clusters from one index evaluated over a range of k:
 * the k of the maximum (ptbiserial, silhouette, KL, Dunn) or of the minimum (C-index,
 * McClain–Rao) of the index (NbClust R/NbClust.R, "Best Number of Clusters" block, which uses
 * R's which.max / which.min).
 */
import { EpikitError, describeValue } from '../errors.js';
import { INDEX_NAMES, type IndexName } from './validity-indices.js';
import { oneOf } from '../validate.js';

/** NbClust's rule per index: the best k maximises or minimises the index. */
export const INDEX_RULES: Readonly<Record<IndexName, 'max' | 'min'>> = Object.freeze({
  ptbiserial: 'max',
  silhouette: 'max',
  kl: 'max',
  cindex: 'min',
  mcclain: 'min',
  dunn: 'max',
});

export interface IndexValue {
  k: number;
  value: number;
}

/**
 * The best number of clusters for `index` by NbClust's rule (INDEX_RULES), as R's
 * which.max / which.min over k: NaN values (NbClust's NA) are skipped; ties go to the
 * smallest k; ±Infinity are ordinary values (+Infinity wins a maximum, −Infinity a minimum,
 * and −Infinity can still be the maximum when every other value is NaN). Returns null when
 * there is no non-NaN value. The entries need not be sorted by k. O(m) for m values.
 *
 * @example
 * bestK('silhouette', [{ k: 2, value: 0.5 }, { k: 3, value: 0.7 }, { k: 4, value: NaN }]); // 3
 * bestK('cindex', [2, 3, 4], [0.2, 0.1, 0.1]); // 3 (tie → smallest k)
 *
 * @throws EpikitError E_INPUT_RANGE for an unknown index or a repeated k; E_INPUT_TYPE for a
 *   k that is not an integer or a value that is not a number; E_INPUT_SHAPE when the parallel
 *   arrays differ in length.
 */
export function bestK(index: IndexName, values: readonly IndexValue[]): number | null;
export function bestK(index: IndexName, ks: ArrayLike<number>, values: ArrayLike<number>): number | null;
export function bestK(index: IndexName, a: readonly IndexValue[] | ArrayLike<number>, b?: ArrayLike<number>): number | null {
  const rule = INDEX_RULES[oneOf('index', index, INDEX_NAMES)];
  const entries = toEntries(a, b);
  const seen = new Set<number>();
  let best: IndexValue | null = null;
  for (const e of entries) {
    if (seen.has(e.k)) {
      throw new EpikitError('E_INPUT_RANGE', `k = ${e.k} appears twice: expected one value per k`, { argument: 'k', value: e.k });
    }
    seen.add(e.k);
    if (Number.isNaN(e.value)) continue;
    if (best === null) {
      best = e;
      continue;
    }
    const better = rule === 'max' ? e.value > best.value : e.value < best.value;
    if (better || (e.value === best.value && e.k < best.k)) best = e;
  }
  return best === null ? null : best.k;
}

function toEntries(a: readonly IndexValue[] | ArrayLike<number>, b?: ArrayLike<number>): IndexValue[] {
  const out: IndexValue[] = [];
  if (b === undefined) {
    if (!Array.isArray(a)) {
      throw new EpikitError('E_INPUT_TYPE', `values must be an array of { k, value }, got ${describeValue(a)}`, { argument: 'values' });
    }
    a.forEach((e, i) => {
      if (e === null || typeof e !== 'object') {
        throw new EpikitError('E_INPUT_TYPE', `values[${i}] is ${describeValue(e)}: expected { k, value }`, { argument: 'values', index: i });
      }
      out.push(entry(`values[${i}].k`, (e as IndexValue).k, `values[${i}].value`, (e as IndexValue).value));
    });
    return out;
  }
  const ks = a as ArrayLike<number>;
  if (!isArrayLike(ks)) throw new EpikitError('E_INPUT_TYPE', `ks must be an array of integers, got ${describeValue(ks)}`, { argument: 'ks' });
  if (!isArrayLike(b)) throw new EpikitError('E_INPUT_TYPE', `values must be an array of numbers, got ${describeValue(b)}`, { argument: 'values' });
  if (ks.length !== b.length) {
    throw new EpikitError('E_INPUT_SHAPE', `ks has length ${ks.length} but values has length ${b.length}: expected one value per k`, { argument: 'values' });
  }
  for (let i = 0; i < ks.length; i++) out.push(entry(`ks[${i}]`, ks[i], `values[${i}]`, b[i]));
  return out;
}

function isArrayLike(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

function entry(kName: string, k: unknown, valueName: string, value: unknown): IndexValue {
  if (typeof k !== 'number' || !Number.isInteger(k)) {
    throw new EpikitError('E_INPUT_TYPE', `${kName} is ${describeValue(k)}: expected an integer number of clusters`, { argument: kName, value: k });
  }
  if (typeof value !== 'number') {
    throw new EpikitError('E_INPUT_TYPE', `${valueName} is ${describeValue(value)}: expected a number (NaN for NA)`, { argument: valueName, value });
  }
  return { k, value };
}
