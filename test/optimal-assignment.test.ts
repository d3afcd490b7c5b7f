import { describe, expect, it } from 'vitest';
import '../lib/index.js';
import { assignRowsToColumns, optimalAssignment } from '../lib/cluster/optimal-assignment.js';
import { EpikitError } from '../lib/errors.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';

/** Best total over every injective map of the smaller side into the larger one (plain enumeration). */
function bruteForceBest(cost: number[][], maximize: boolean): number {
  const rows = cost.length;
  const cols = cost[0].length;
  const small = Math.min(rows, cols);
  const large = Math.max(rows, cols);
  const value = (s: number, l: number) => (rows <= cols ? cost[s][l] : cost[l][s]);
  let best = maximize ? -Infinity : Infinity;
  const used = new Array<boolean>(large).fill(false);
  const walk = (s: number, acc: number) => {
    if (s === small) {
      best = maximize ? Math.max(best, acc) : Math.min(best, acc);
      return;
    }
    for (let l = 0; l < large; l++) {
      if (used[l]) continue;
      used[l] = true;
      walk(s + 1, acc + value(s, l));
      used[l] = false;
    }
  };
  walk(0, 0);
  return best;
}

function randomMatrix(rng: Xoshiro256, rows: number, cols: number, kind: number): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => {
      if (kind === 0) return rng.below(4); // many ties
      if (kind === 1) return rng.uniform() * 2 - 1;
      return Math.round((rng.uniform() * 200 - 100) * 4) / 4; // quarter steps, some ties, negatives
    }),
  );
}

function checkValid(a: { rowToColumn: Int32Array; columnToRow: Int32Array; total: number }, cost: number[][]) {
  const rows = cost.length;
  const cols = cost[0].length;
  let pairs = 0;
  let total = 0;
  const seen = new Set<number>();
  for (let i = 0; i < rows; i++) {
    const j = a.rowToColumn[i];
    if (j < 0) continue;
    expect(j).toBeLessThan(cols);
    expect(seen.has(j)).toBe(false);
    seen.add(j);
    expect(a.columnToRow[j]).toBe(i);
    total += cost[i][j];
    pairs++;
  }
  expect(pairs).toBe(Math.min(rows, cols));
  for (let j = 0; j < cols; j++) if (a.columnToRow[j] >= 0) expect(a.rowToColumn[a.columnToRow[j]]).toBe(j);
  expect(a.total).toBeCloseTo(total, 9);
}

describe('optimalAssignment', () => {
  it('solves the documented example', () => {
    const a = optimalAssignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]);
    expect(Array.from(a.rowToColumn)).toEqual([1, 0, 2]);
    expect(a.total).toBe(5);
    expect(Array.from(optimalAssignment([[0.9, 0.1], [0.2, 0.8]], { maximize: true }).rowToColumn)).toEqual([0, 1]);
  });

  it('matches brute force on square matrices k ≤ 7 (min and max, with ties)', () => {
    const rng = new Xoshiro256(20261123);
    let cases = 0;
    for (let k = 1; k <= 7; k++) {
      const reps = k <= 5 ? 60 : 25;
      for (let rep = 0; rep < reps; rep++) {
        const cost = randomMatrix(rng, k, k, rep % 3);
        for (const maximize of [false, true]) {
          const a = optimalAssignment(cost, { maximize });
          checkValid(a, cost);
          expect(a.total).toBeCloseTo(bruteForceBest(cost, maximize), 9);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(600);
  });

  it('matches brute force on rectangular matrices (more rows or more columns)', () => {
    const rng = new Xoshiro256(7);
    for (let rep = 0; rep < 200; rep++) {
      const rows = 1 + rng.below(6);
      const cols = 1 + rng.below(6);
      const cost = randomMatrix(rng, rows, cols, rep % 3);
      const maximize = rep % 2 === 1;
      const a = optimalAssignment(cost, { maximize });
      checkValid(a, cost);
      expect(a.total).toBeCloseTo(bruteForceBest(cost, maximize), 9);
      if (rows > cols) expect(Array.from(a.rowToColumn).filter((j) => j < 0).length).toBe(rows - cols);
      if (cols > rows) expect(Array.from(a.columnToRow).filter((i) => i < 0).length).toBe(cols - rows);
    }
  });

  it('is deterministic and leaves the input untouched (packed form)', () => {
    const data = Float64Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1);
    const copy = data.slice();
    const a = assignRowsToColumns(data, 3, 3);
    const b = assignRowsToColumns(data, 3, 3);
    expect(Array.from(a.rowToColumn)).toEqual(Array.from(b.rowToColumn));
    expect(a.total).toBe(3);
    expect(Array.from(data)).toEqual(Array.from(copy));
    expect(optimalAssignment({ data: Float64Array.of(5, 1, 2, 7), rows: 2, cols: 2 }).total).toBe(3);
  });

  it('handles a permutation matrix under maximisation exactly', () => {
    const perm = [3, 0, 4, 1, 2];
    const cost = perm.map((p) => Array.from({ length: 5 }, (_, j) => (j === p ? 1 : 0)));
    expect(Array.from(optimalAssignment(cost, { maximize: true }).rowToColumn)).toEqual(perm);
  });

  it('rejects bad input with EpikitError codes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EpikitError);
        return (e as EpikitError).code;
      }
      return 'no error';
    };
    expect(code(() => optimalAssignment([]))).toBe('E_INPUT_EMPTY');
    expect(code(() => optimalAssignment([[]]))).toBe('E_INPUT_EMPTY');
    expect(code(() => optimalAssignment([[1, 2], [3]]))).toBe('E_INPUT_SHAPE');
    expect(code(() => optimalAssignment([[1, NaN], [3, 4]]))).toBe('E_INPUT_NAN');
    expect(code(() => optimalAssignment([[1, Infinity], [3, 4]]))).toBe('E_INPUT_NAN');
    expect(code(() => optimalAssignment([1, 2, 3] as unknown as number[][]))).toBe('E_INPUT_SHAPE');
    expect(code(() => optimalAssignment([[1, '2' as unknown as number]]))).toBe('E_INPUT_TYPE');
    expect(code(() => optimalAssignment({ data: [1, 2, 3], rows: 2, cols: 2 }))).toBe('E_INPUT_SHAPE');
  });
});
