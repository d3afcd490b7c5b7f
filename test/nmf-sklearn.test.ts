import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nmf } from '../lib/nmfk/nmf.js';
import { backendsUnderTest, relDiff } from './helpers/backends.js';

// scikit-learn's NMF(solver='mu', init='custom', tol=0, no regularisation) run for a fixed number
// of iterations from explicit W0, H0 (Debian's python3-sklearn): see
// test/fixtures/scripts/sklearn_nmf_fixture.py, which wrote test/fixtures/sklearn-nmf.json.
interface SklearnCase {
  name: string;
  rows: number;
  cols: number;
  k: number;
  objective: 'kl' | 'fro';
  iterations: number;
  x: number[];
  w0: number[];
  h0: number[];
  initialObjective: number;
  finalObjective: number;
  w: number[];
  h: number[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sklearn-nmf.json', import.meta.url), 'utf8')) as { sklearn: string; cases: SklearnCase[] };

/** Largest |a − b| relative to the largest |b| (factors are compared as whole matrices: BLAS sums differ in order). */
function matrixRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return d / scale;
}

describe.each(backendsUnderTest())(`nmf against scikit-learn ${fixture.sklearn} (solver='mu') on %s`, (backend) => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s: same start, same iterations → same objective within 1e-6', (_, c) => {
    const r = nmf(Float64Array.from(c.x), c.k, {
      rows: c.rows,
      cols: c.cols,
      objective: c.objective,
      init: { w: c.w0, h: c.h0 },
      maxIterations: c.iterations,
      tolerance: 0,
      checkEvery: c.iterations,
      backend,
    });
    expect(r.iterations).toBe(c.iterations);
    expect(r.history.length).toBe(2);
    expect(relDiff(r.history[0], c.initialObjective) / Math.max(1e-300, Math.min(1, Math.abs(c.initialObjective)))).toBeLessThanOrEqual(1e-9);
    // relative to the objective itself (relDiff's max(1, ·) would be looser for small objectives)
    expect(Math.abs(r.objective - c.finalObjective) / c.finalObjective).toBeLessThanOrEqual(1e-6);
    expect(r.objective).toBeLessThan(c.initialObjective);
    expect(matrixRelDiff(r.w, c.w)).toBeLessThanOrEqual(1e-6);
    expect(matrixRelDiff(r.h, c.h)).toBeLessThanOrEqual(1e-6);
  });
});
