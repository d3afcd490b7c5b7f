import { EpikitError } from '../../errors.js';
import type { HawkesKernels } from '../kernels/hawkes.js';
import { input, output, type WasmInstance } from './instance.js';
import { I32_MAX, integer, f64, finiteEntries, length } from './argument-checks.js';
import { eStepByBlocks } from './hawkes-e-step.js';

/** Hawkes kernels over one WebAssembly instance (same checks as the native glue). */
export function hawkesWasm(w: WasmInstance): HawkesKernels {
  return {
    hawkesEStep(counts, r, mu, wk, c, t, l, psi, lambda, q, background, freq) {
      for (const [n, a] of [['counts', counts], ['r', r], ['mu', mu], ['w', wk], ['lambda', lambda], ['q', q], ['background', background], ['freq', freq]] as const) f64(n, a);
      integer('c', c, 1, I32_MAX);
      integer('t', t, 1, I32_MAX);
      integer('l', l, 1, t);
      integer('psi', psi, 0, t - 1);
      length('counts', counts.length, c * t);
      length('r', r.length, c * t);
      length('mu', mu.length, c);
      length('w', wk.length, l);
      length('lambda', lambda.length, c * t);
      length('q', q.length, c * t);
      length('background', background.length, c * t);
      length('freq', freq.length, l);
      // value checks (counts, r, mu, w finite and ≥ 0) run inside, on the blocks in linear memory
      return eStepByBlocks(w, { counts, r, mu, w: wk, lambda, q, background, freq }, c, t, l, psi);
    },
    hawkesPoissonAccumulate(x, rows, p, y, weight, offset, beta, xtwx, xtwz) {
      f64('x', x);
      integer('rows', rows, 0, I32_MAX);
      integer('p', p, 1, 4096);
      f64('y', y);
      f64('weight', weight);
      if (offset !== null && offset !== undefined) f64('offset', offset);
      f64('beta', beta);
      f64('xtwx', xtwx);
      f64('xtwz', xtwz);
      length('x', x.length, rows * p);
      length('y', y.length, rows);
      length('weight', weight.length, rows);
      if (offset) length('offset', offset.length, rows);
      length('beta', beta.length, p);
      length('xtwx', xtwx.length, p * p);
      length('xtwz', xtwz.length, p);
      finiteEntries('x', x, false);
      finiteEntries('y', y, true);
      finiteEntries('weight', weight, true);
      if (offset) finiteEntries('offset', offset, false);
      finiteEntries('beta', beta, false);
      return w.call('hawkesPoissonAccumulate', [input(x), rows, p, input(y), input(weight), offset ? input(offset) : null, input(beta), output(xtwx), output(xtwz)]);
    },
    hawkesSimulate(counts, r, mu, wk, c, t, l, h, realisations, seed, countyOffset, mean, quantiles, cumulativeQuantiles) {
      for (const [n, a] of [['counts', counts], ['r', r], ['mu', mu], ['w', wk], ['mean', mean], ['quantiles', quantiles]] as const) f64(n, a);
      // null, undefined or empty: not computed (0 pointer), as the native glue
      const cumulative = cumulativeQuantiles === null || cumulativeQuantiles === undefined ? null : cumulativeQuantiles;
      if (cumulative !== null) f64('cumulativeQuantiles', cumulative);
      integer('c', c, 1, I32_MAX);
      integer('t', t, 1, 1 << 24);
      integer('l', l, 1, 1 << 24);
      integer('h', h, 1, 1 << 24);
      integer('realisations', realisations, 1, 1 << 24);
      integer('seed', seed, 0, Number.MAX_SAFE_INTEGER);
      integer('countyOffset', countyOffset, 0, I32_MAX - c);
      length('counts', counts.length, c * t);
      length('r', r.length, c * (t + h));
      length('mu', mu.length, c);
      length('w', wk.length, l);
      length('mean', mean.length, c * h);
      length('quantiles', quantiles.length, c * h * 7);
      if (cumulative !== null && cumulative.length > 0) length('cumulativeQuantiles', cumulative.length, c * h * 7);
      finiteEntries('counts', counts, true);
      finiteEntries('r', r, true);
      finiteEntries('mu', mu, true);
      finiteEntries('w', wk, true);
      w.call('hawkesSimulate', [input(counts), input(r), input(mu), input(wk), c, t, l, h, realisations, seed, countyOffset, output(mean), output(quantiles), cumulative !== null && cumulative.length > 0 ? output(cumulative) : null]);
    },
    hawkesSimulatePaths(counts, r, mu, wk, c, t, l, h, firstRealisation, realisations, seed, countyOffset, paths) {
      for (const [n, a] of [['counts', counts], ['r', r], ['mu', mu], ['w', wk], ['paths', paths]] as const) f64(n, a);
      integer('c', c, 1, I32_MAX);
      integer('t', t, 1, 1 << 24);
      integer('l', l, 1, 1 << 24);
      integer('h', h, 1, 1 << 24);
      // realisations first: it bounds firstRealisation (as the native glue)
      integer('realisations', realisations, 1, 1 << 24);
      integer('firstRealisation', firstRealisation, 0, (1 << 24) - realisations);
      integer('seed', seed, 0, Number.MAX_SAFE_INTEGER);
      integer('countyOffset', countyOffset, 0, I32_MAX - c);
      length('counts', counts.length, c * t);
      length('r', r.length, c * (t + h));
      length('mu', mu.length, c);
      length('w', wk.length, l);
      const want = c * realisations * h;
      if (paths.length !== want) throw new EpikitError('E_INPUT_SHAPE', `paths has length ${paths.length}: expected c·realisations·h = ${want}`, { argument: 'paths' });
      finiteEntries('counts', counts, true);
      finiteEntries('r', r, true);
      finiteEntries('mu', mu, true);
      finiteEntries('w', wk, true);
      w.call('hawkesSimulatePaths', [input(counts), input(r), input(mu), input(wk), c, t, l, h, firstRealisation, realisations, seed, countyOffset, output(paths)]);
    },
    hawkesPoissonSample(mean, seed, out) {
      if (typeof mean !== 'number' || !Number.isFinite(mean)) throw new EpikitError('E_INPUT_NAN', `mean must be finite, got ${String(mean)}`, { argument: 'mean' });
      if (mean < 0) throw new EpikitError('E_INPUT_RANGE', `mean is ${mean}: expected a number ≥ 0`, { argument: 'mean', value: mean });
      integer('seed', seed, 0, Number.MAX_SAFE_INTEGER);
      f64('out', out);
      w.call('hawkesPoissonSample', [mean, seed, output(out), out.length]);
    },
  };
}
