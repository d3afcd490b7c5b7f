import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import { fitHawkes, type HawkesFit } from '../lib/hawkes/fit-hawkes.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { discreteWeibullWeights } from '../lib/hawkes/discrete-weibull.js';
import { forecastHawkes, type HawkesForecast } from '../lib/hawkes/forecast-hawkes.js';
import { forecastHawkesAsync, hawkesCountyChunks, hawkesRealisationRanges, joinHawkesPaths, hawkesSplitsRealisations, HAWKES_PATHS_CAP } from '../lib/hawkes/forecast-hawkes-async.js';
import type { HawkesInputs } from '../lib/hawkes/hawkes-design.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest } from './helpers/backends.js';

/** C counties × T days, one mobility type with a lead of 5 days (mobility ends with the counts). */
function makeInputs(C: number, T: number): HawkesInputs {
  const rng = new Xoshiro256(77);
  const lead = 5;
  const Tm = T + lead;
  return {
    fips: Array.from({ length: C }, (_, c) => String(2001 + c)),
    dates: Array.from({ length: T }, (_, t) => `d${t}`),
    counts: Float64Array.from({ length: C * T }, (_, i) => Math.floor((1 + (i % 5)) * (2 + 6 * rng.uniform()) + (i % T) / 5)),
    mobilityTypes: ['retail'],
    mobilityDates: Array.from({ length: Tm }, (_, t) => (t < lead ? `m${t}` : `d${t - lead}`)),
    mobility: Float64Array.from({ length: C * Tm }, (_, i) => -25 + 12 * Math.cos(i / 7) + 4 * rng.uniform()),
  };
}

function expectSame(a: HawkesForecast, b: HawkesForecast): void {
  expect(b.horizon).toBe(a.horizon);
  expect(b.realisations).toBe(a.realisations);
  for (const key of ['mean', 'quantiles', 'cumulativeMean', 'cumulativeQuantiles', 'r'] as const) {
    expect(Array.from(b[key]), key).toEqual(Array.from(a[key]));
  }
}

const code = (c: string, message?: RegExp) => expect.objectContaining(message ? { code: c, message: expect.stringMatching(message) } : { code: c });

describe('hawkesCountyChunks', () => {
  it('contiguous, non-empty chunks covering every county in order', () => {
    expect(hawkesCountyChunks(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    for (let C = 1; C <= 30; C++) {
      for (let n = 1; n <= C; n++) {
        const chunks = hawkesCountyChunks(C, n);
        expect(chunks.length).toBe(n);
        expect(chunks[0][0]).toBe(0);
        expect(chunks[n - 1][1]).toBe(C);
        for (let i = 0; i < n; i++) {
          expect(chunks[i][1]).toBeGreaterThan(chunks[i][0]);
          if (i > 0) expect(chunks[i][0]).toBe(chunks[i - 1][1]);
        }
      }
    }
    expect(() => hawkesCountyChunks(3, 4)).toThrow(code('E_INPUT_RANGE', /chunks/));
    expect(() => hawkesCountyChunks(3, 0)).toThrow(code('E_INPUT_RANGE', /chunks/));
  });
});

describe('hawkesRealisationRanges', () => {
  it('each county: contiguous, non-empty ranges covering 0..S−1 in ascending order; about `chunks` in all', () => {
    expect(hawkesRealisationRanges(1, 10, 3)).toEqual([
      [0, 0, 3],
      [0, 3, 6],
      [0, 6, 10],
    ]);
    expect(hawkesRealisationRanges(2, 2, 8)).toEqual([
      [0, 0, 1],
      [0, 1, 2],
      [1, 0, 1],
      [1, 1, 2],
    ]);
    for (let C = 1; C <= 7; C++) {
      for (const S of [1, 2, 3, 10, 101]) {
        for (let chunks = C; chunks <= 3 * C + 5; chunks++) {
          const ranges = hawkesRealisationRanges(C, S, chunks);
          expect(ranges.length).toBeLessThanOrEqual(chunks);
          if (S >= chunks) expect(ranges.length).toBe(chunks);
          let i = 0;
          for (let c = 0; c < C; c++) {
            let next = 0;
            for (; i < ranges.length && ranges[i][0] === c; i++) {
              expect(ranges[i][1]).toBe(next);
              expect(ranges[i][2]).toBeGreaterThan(ranges[i][1]);
              next = ranges[i][2];
            }
            expect(next, `C=${C} S=${S} chunks=${chunks} county ${c}`).toBe(S);
          }
          expect(i).toBe(ranges.length);
        }
      }
    }
    expect(() => hawkesRealisationRanges(3, 10, 2)).toThrow(code('E_INPUT_RANGE', /chunks/));
    expect(() => hawkesRealisationRanges(1, 0, 2)).toThrow(code('E_INPUT_RANGE', /\bS\b/));
  });

  it('realisations are split only with fewer counties than planned tasks, S > 1 and C·S·h within the 2^23 cap', () => {
    expect(HAWKES_PATHS_CAP).toBe(2 ** 23);
    expect(hawkesSplitsRealisations(1, 200000, 7, 8)).toBe(true);
    expect(hawkesSplitsRealisations(8, 1000, 7, 8)).toBe(false);
    expect(hawkesSplitsRealisations(3, 1, 7, 8)).toBe(false);
    expect(hawkesSplitsRealisations(1, 2 ** 20, 8, 8)).toBe(true);
    expect(hawkesSplitsRealisations(1, 2 ** 20 + 1, 8, 8)).toBe(false);
  });
});

describe.each(backendsUnderTest())('forecastHawkesAsync on %s', (backend) => {
  const C = 9;
  const inputs = makeInputs(C, 30);
  const fit = fitHawkes(inputs, { backend, variant: 'mobility', lag: 5, maxIter: 30 });
  const options = { backend, horizon: 5, realisations: 60, seed: 11 } as const;
  const sync = forecastHawkes(fit, inputs, options);

  it.each([1, 2])('bit-identical to forecastHawkes at concurrency %i; progress counts chunks (about 4 per worker)', async (concurrency) => {
    const progress: [number, number][] = [];
    const f = await forecastHawkesAsync(fit, inputs, { ...options, concurrency, onProgress: (done, total) => progress.push([done, total]) });
    expectSame(sync, f);
    const total = Math.min(C, 4 * concurrency);
    expect(progress.length).toBe(total);
    expect(progress.map((p) => p[1]).every((t) => t === total)).toBe(true);
    expect(progress.map((p) => p[0]).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('more planned tasks than counties: realisations split too, still identical (carry-forward beyond the mobility data)', async () => {
    const small = makeInputs(3, 30);
    const fit3 = fitHawkes(small, { backend, variant: 'mobility', lag: 2, maxIter: 20 });
    const o = { backend, horizon: 6, realisations: 40, seed: 5, beyondMobility: 'carry-forward' } as const;
    let total = 0;
    const f = await forecastHawkesAsync(fit3, small, { ...o, concurrency: 1, onProgress: (_d, t) => (total = t) });
    expect(total).toBe(4); // 4 planned tasks: ranges 1, 1, 2 over the 3 counties
    expectSame(forecastHawkes(fit3, small, o), f);
    // one realisation: nothing to split, one chunk per county
    const f1 = await forecastHawkesAsync(fit3, small, { ...o, realisations: 1, concurrency: 1, onProgress: (_d, t) => (total = t) });
    expect(total).toBe(3);
    expectSame(forecastHawkes(fit3, small, { ...o, realisations: 1 }), f1);
  });

  describe('few counties, many realisations (realisations split over the workers)', () => {
    const one = makeInputs(1, 30);
    const three = makeInputs(3, 30);
    const fits = new Map<number, readonly [HawkesInputs, HawkesFit]>([
      [1, [one, fitHawkes(one, { backend, variant: 'mobility', lag: 5, maxIter: 20 })]],
      [3, [three, fitHawkes(three, { backend, variant: 'mobility', lag: 5, maxIter: 20 })]],
    ]);
    // 1500 realisations: quantiles interpolate between distinct order statistics, so a reused
    // or skipped stream would change them
    const o = { backend, horizon: 5, realisations: 1500, seed: 21 } as const;
    const syncs = new Map([...fits].map(([C, [inputs, fit]]) => [C, forecastHawkes(fit, inputs, o)] as const));

    it.each([
      [1, 2],
      [1, 3],
      [3, 2],
      [3, 3],
    ])('%i counties at concurrency %i: bit-identical to forecastHawkes; progress counts the realisation ranges', async (C, concurrency) => {
      const [inputs, fit] = fits.get(C)!;
      const progress: [number, number][] = [];
      const f = await forecastHawkesAsync(fit, inputs, { ...o, concurrency, onProgress: (done, total) => progress.push([done, total]) });
      expectSame(syncs.get(C)!, f);
      const total = hawkesRealisationRanges(C, o.realisations, 4 * concurrency).length;
      expect(total).toBe(4 * concurrency);
      expect(progress.length).toBe(total);
      expect(progress.every((p) => p[1] === total)).toBe(true);
      expect(progress.map((p) => p[0]).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    });

    it('the forecast depends on every realisation: a different seed or fewer realisations change the quantiles', async () => {
      const [inputs, fit] = fits.get(1)!;
      const sync = syncs.get(1)!;
      // guards the comparison above: the quantiles are not a constant that any stream would reproduce
      expect(new Set(sync.quantiles).size).toBeGreaterThan(10);
      const other = await forecastHawkesAsync(fit, inputs, { ...o, seed: 22, concurrency: 2 });
      expect(Array.from(other.quantiles)).not.toEqual(Array.from(sync.quantiles));
      const fewer = await forecastHawkesAsync(fit, inputs, { ...o, realisations: 1499, concurrency: 2 });
      expect(Array.from(fewer.mean)).not.toEqual(Array.from(sync.mean));
    });

    it('joinHawkesPaths: ranges simulated separately and joined in order are the paths of one run over all realisations', () => {
      const k = kernelsFor(backend);
      const C = 3;
      const T = 12;
      const h = 4;
      const S = 37;
      const rng = new Xoshiro256(5);
      const counts = Float64Array.from({ length: C * T }, () => rng.below(30));
      const r = Float64Array.from({ length: C * (T + h) }, () => 1.5 * rng.uniform());
      const mu = Float64Array.of(3, 0.5, 12);
      const w = discreteWeibullWeights(1.5, 3, 6);
      const whole = new Float64Array(C * S * h);
      k.hawkesSimulatePaths(counts, r, mu, w, C, T, 6, h, 0, S, 9, 0, whole);
      const ranges = hawkesRealisationRanges(C, S, 11);
      const parts = ranges.map(([c, first, end]) => {
        const paths = new Float64Array((end - first) * h);
        k.hawkesSimulatePaths(counts.subarray(c * T, (c + 1) * T), r.subarray(c * (T + h), (c + 1) * (T + h)), mu.subarray(c, c + 1), w, 1, T, 6, h, first, end - first, 9, c, paths);
        return { paths };
      });
      for (let c = 0; c < C; c++) expect(Array.from(joinHawkesPaths(ranges, parts, c, S, h)), `county ${c}`).toEqual(Array.from(whole.subarray(c * S * h, (c + 1) * S * h)));
      // ranges out of order, a missing range or a result of the wrong length: E_WORKER, not a silent mix-up
      const swapped = [...ranges];
      [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
      const swappedParts = [parts[1], parts[0], ...parts.slice(2)];
      expect(() => joinHawkesPaths(swapped, swappedParts, 0, S, h)).toThrow(code('E_WORKER'));
      expect(() => joinHawkesPaths(ranges.slice(1), parts.slice(1), 0, S, h)).toThrow(code('E_WORKER'));
      expect(() => joinHawkesPaths(ranges.slice(0, -1), parts.slice(0, -1), C - 1, S, h)).toThrow(code('E_WORKER', /cover realisations/));
      expect(() => joinHawkesPaths(ranges, [{ paths: new Float64Array(3) }, ...parts.slice(1)], 0, S, h)).toThrow(code('E_WORKER'));
      expect(() => joinHawkesPaths(ranges, parts.slice(1), 0, S, h)).toThrow(code('E_WORKER'));
    });

    it('aborting during the run (after the first range) rejects with E_ABORTED', async () => {
      const [inputs, fit] = fits.get(1)!;
      const controller = new AbortController();
      let calls = 0;
      const run = forecastHawkesAsync(fit, inputs, {
        ...o,
        concurrency: 2,
        signal: controller.signal,
        onProgress: () => {
          calls++;
          controller.abort();
        },
      });
      await expect(run).rejects.toThrow(code('E_ABORTED'));
      expect(calls).toBe(1);
    });
  });

  it('an already-aborted signal rejects with E_ABORTED', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(forecastHawkesAsync(fit, inputs, { ...options, concurrency: 1, signal: controller.signal })).rejects.toThrow(code('E_ABORTED'));
    await expect(forecastHawkesAsync(fit, inputs, { ...options, concurrency: 2, signal: controller.signal })).rejects.toThrow(code('E_ABORTED'));
  });

  it.each([1, 2])('aborting during the run (after the first chunk) rejects with E_ABORTED at concurrency %i', async (concurrency) => {
    const controller = new AbortController();
    let calls = 0;
    const run = forecastHawkesAsync(fit, inputs, {
      ...options,
      concurrency,
      signal: controller.signal,
      onProgress: () => {
        calls++;
        controller.abort();
      },
    });
    await expect(run).rejects.toThrow(code('E_ABORTED'));
    expect(calls).toBe(1);
  });

  it('bad input rejects with the same errors as forecastHawkes', async () => {
    await expect(forecastHawkesAsync(fit, inputs, { ...options, horizon: 6 })).rejects.toThrow(code('E_INPUT_RANGE', /options\.horizon is 6.*Δ = 5.*d29/));
    await expect(forecastHawkesAsync(fit, inputs, { ...options, horizon: 0 })).rejects.toThrow(code('E_INPUT_RANGE', /options\.horizon/));
    await expect(forecastHawkesAsync(fit, inputs, { ...options, concurrency: 0 })).rejects.toThrow(code('E_INPUT_RANGE', /options\.concurrency/));
    await expect(forecastHawkesAsync(fit, inputs, { ...options, concurrency: 1.5 })).rejects.toThrow(code('E_INPUT_TYPE', /options\.concurrency/));
    await expect(forecastHawkesAsync(fit, inputs, { ...options, onProgress: 3 as never })).rejects.toThrow(code('E_INPUT_TYPE', /onProgress/));
    await expect(forecastHawkesAsync(fit, { ...inputs, fips: ['a'] }, options)).rejects.toThrow(code('E_INPUT_SHAPE'));
    await expect(forecastHawkesAsync(fit, inputs, { ...options, backend: 'gpu' as never })).rejects.toThrow(code('E_INPUT_RANGE', /options\.backend/));
  });
});
