import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import { fitHawkes } from '../lib/hawkes/fit-hawkes.js';
import { forecastHawkes, type HawkesForecast } from '../lib/hawkes/forecast-hawkes.js';
import { forecastHawkesAsync, hawkesCountyChunks } from '../lib/hawkes/forecast-hawkes-async.js';
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

  it('more workers than counties: one county per chunk, still identical (carry-forward beyond the mobility data)', async () => {
    const small = makeInputs(3, 30);
    const fit3 = fitHawkes(small, { backend, variant: 'mobility', lag: 2, maxIter: 20 });
    const o = { backend, horizon: 6, realisations: 40, seed: 5, beyondMobility: 'carry-forward' } as const;
    let total = 0;
    const f = await forecastHawkesAsync(fit3, small, { ...o, concurrency: 1, onProgress: (_d, t) => (total = t) });
    expect(total).toBe(3);
    expectSame(forecastHawkes(fit3, small, o), f);
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
