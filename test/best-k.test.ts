import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import { EpikitError } from '../lib/errors.js';
import { INDEX_RULES, bestK } from '../lib/cluster/best-k.js';
import { INDEX_NAMES, validityIndices, type IndexName } from '../lib/cluster/validity-indices.js';
import { backendsUnderTest } from './helpers/backends.js';

describe('INDEX_RULES', () => {
  it("is NbClust's table: maximum for ptbiserial, silhouette, KL, Dunn; minimum for C-index, McClain", () => {
    expect(INDEX_RULES).toEqual({ ptbiserial: 'max', silhouette: 'max', kl: 'max', cindex: 'min', mcclain: 'min', dunn: 'max' });
    expect(Object.keys(INDEX_RULES).sort()).toEqual([...INDEX_NAMES].sort());
    expect(Object.isFrozen(INDEX_RULES)).toBe(true);
  });
});

describe('bestK', () => {
  const ks = [2, 3, 4, 5];
  const values = [0.3, 0.9, -0.2, 0.5];

  it('takes the maximum or the minimum according to the rule of each index', () => {
    for (const index of ['ptbiserial', 'silhouette', 'kl', 'dunn'] as IndexName[]) expect(bestK(index, ks, values)).toBe(3);
    for (const index of ['cindex', 'mcclain'] as IndexName[]) expect(bestK(index, ks, values)).toBe(4);
  });

  it('accepts { k, value } entries in any order (the result does not depend on the order)', () => {
    const entries = ks.map((k, i) => ({ k, value: values[i] }));
    expect(bestK('silhouette', entries)).toBe(3);
    expect(bestK('silhouette', [...entries].reverse())).toBe(3);
    expect(bestK('cindex', [...entries].reverse())).toBe(4);
  });

  it('skips NaN (NbClust NA) like which.max / which.min, and returns null when every value is NaN', () => {
    expect(bestK('kl', [2, 3, 4], [NaN, 1.5, 0.5])).toBe(3);
    expect(bestK('mcclain', [2, 3, 4], [0.1, NaN, 0.5])).toBe(2);
    expect(bestK('dunn', [2, 3], [NaN, NaN])).toBeNull();
    expect(bestK('dunn', [])).toBeNull();
  });

  it('breaks ties towards the smallest k (which.max returns the first maximum)', () => {
    expect(bestK('silhouette', [2, 3, 4], [0.5, 0.7, 0.7])).toBe(3);
    expect(bestK('silhouette', [{ k: 4, value: 0.7 }, { k: 3, value: 0.7 }, { k: 2, value: 0.1 }])).toBe(3);
    expect(bestK('cindex', [5, 6, 7], [0.2, 0.2, 0.2])).toBe(5);
  });

  it('treats ±Infinity as ordinary values, as R does', () => {
    // which.max(c(1, Inf, 2)) = 2; which.min(c(1, -Inf)) = 2; which.max(c(NaN, -Inf)) = 2.
    expect(bestK('dunn', [2, 3, 4], [1, Infinity, 2])).toBe(3);
    expect(bestK('dunn', [2, 3, 4], [Infinity, Infinity, 2])).toBe(2);
    expect(bestK('mcclain', [2, 3], [1, -Infinity])).toBe(3);
    expect(bestK('kl', [2, 3], [NaN, -Infinity])).toBe(3);
    expect(bestK('cindex', [2, 3], [Infinity, 5])).toBe(3);
  });

  it('rejects bad input with EpikitError', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EpikitError);
        return `${(e as EpikitError).code}: ${(e as Error).message}`;
      }
      return 'no error';
    };
    expect(code(() => bestK('gamma' as IndexName, [2], [1]))).toMatch(/E_INPUT_RANGE: index is "gamma"/);
    expect(code(() => bestK('kl', [2, 3], [1]))).toMatch(/E_INPUT_SHAPE: ks has length 2 but values has length 1/);
    expect(code(() => bestK('kl', [2, 2], [1, 2]))).toMatch(/E_INPUT_RANGE: k = 2 appears twice/);
    expect(code(() => bestK('kl', [2.5], [1]))).toMatch(/E_INPUT_TYPE: ks\[0\] is 2.5/);
    expect(code(() => bestK('kl', [{ k: 2, value: '1' as unknown as number }]))).toMatch(/E_INPUT_TYPE: values\[0\].value is "1"/);
    expect(code(() => bestK('kl', [null as never]))).toMatch(/E_INPUT_TYPE: values\[0\] is null/);
    expect(code(() => bestK('kl', 'x' as never))).toMatch(/E_INPUT_TYPE: values must be an array/);
  });
});

describe.each(backendsUnderTest())('bestK over validityIndices on %s', (backend) => {
  it('finds the planted three-group structure of a 1-D sample', () => {
    // Three well separated groups; partitions by thresholds (what Ckmeans would return).
    const x = [0, 0.2, 0.4, 0.5, 10, 10.3, 10.4, 10.8, 20, 20.1, 20.5, 21];
    const cut = (bounds: number[]) => x.map((v) => bounds.filter((b) => v > b).length);
    const partitions: Record<number, number[]> = {
      1: cut([]),
      2: cut([5]),
      3: cut([5, 15]),
      4: cut([0.3, 5, 15]),
      5: cut([0.3, 5, 10.35, 15]),
      6: cut([0.3, 5, 10.35, 15, 20.3]),
    };
    const rows = [2, 3, 4, 5].map((k) => ({
      k,
      r: validityIndices(x, { prev: partitions[k - 1], labels: partitions[k], next: partitions[k + 1] }, { backend }),
    }));
    for (const index of ['ptbiserial', 'silhouette', 'kl', 'dunn', 'mcclain'] as IndexName[]) {
      expect(bestK(index, rows.map(({ k, r }) => ({ k, value: r[index] }))), index).toBe(3);
    }
  });
});
