import { describe, expect, it } from 'vitest';
import { expectEpikitError } from './helpers/errors.js';
import { clepForecast, clepForecastDetails } from '../lib/hawkes/clep-forecast.js';
import { persistenceForecast } from '../lib/hawkes/persistence-forecast.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';

/** Daily counts whose running sum is `cum`. */
function dailyOf(cum: number[]): number[] {
  return cum.map((v, i) => (i === 0 ? v : v - cum[i - 1]));
}

function maxRel(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  return m;
}

describe('persistenceForecast', () => {
  it('repeats the mean of the last window days per county', () => {
    // 2 counties × 8 days
    const counts = [0, 1, 2, 3, 4, 5, 6, 7, 50, 0, 0, 0, 0, 0, 0, 7];
    expect(Array.from(persistenceForecast(counts, 2, 8, 3))).toEqual([4, 4, 4, 1, 1, 1]); // (1+…+7)/7, 7/7
    expect(Array.from(persistenceForecast(counts, 2, 8, 2, { window: 2 }))).toEqual([6.5, 6.5, 3.5, 3.5]);
    expect(Array.from(persistenceForecast(counts, 2, 8, 1, { window: 8 }))).toEqual([3.5, 57 / 8]);
    expect(Array.from(persistenceForecast(new Float64Array([1, 2, 4, 6]), 1, 4, 3, { window: 2 }))).toEqual([5, 5, 5]);
  });

  it('rejects bad input', () => {
    expectEpikitError(() => persistenceForecast([], 1, 1, 3), 'E_INPUT_EMPTY', /counts is empty/);
    expectEpikitError(() => persistenceForecast([1, 2, 3], 1, 4, 3), 'E_INPUT_SHAPE', /counts has length 3: expected counties × days = 1 × 4 = 4/);
    expectEpikitError(() => persistenceForecast([1, NaN, 3], 1, 3, 3), 'E_INPUT_NAN', /counts\[1\] is NaN/);
    expectEpikitError(() => persistenceForecast([1, -1, 3, 4], 2, 2, 3), 'E_INPUT_RANGE', /counts\[1\] \(county 0, day 1\) is -1/);
    expectEpikitError(() => persistenceForecast([1, 2, 3], 1, 3, 0), 'E_INPUT_RANGE', /horizon is 0/);
    expectEpikitError(() => persistenceForecast([1, 2, 3], 1, 3, 2, { window: 4 }), 'E_INPUT_RANGE', /window is 4: expected an integer in \[1, 3\]/);
    expectEpikitError(() => persistenceForecast([1, 2, 3], 1, 3, 2.5), 'E_INPUT_TYPE', /horizon must be an integer, got 2.5/);
    expectEpikitError(() => persistenceForecast([1, 2, 3], 0, 3, 2), 'E_INPUT_RANGE', /counties is 0/);
  });
});

describe('clepForecast', () => {
  const T = 14;
  const H = 7;
  const exponentialCum = Array.from({ length: T + H }, (_, t) => 10 * 1.3 ** t);
  const linearCum = Array.from({ length: T + H }, (_, t) => 2 + 5 * t);

  it('continues an exact exponential: the exponential predictor is exact and dominates', () => {
    const truth = exponentialCum.slice(T);
    const d = clepForecastDetails(dailyOf(exponentialCum.slice(0, T)), 1, T, H);
    expect(maxRel(d.exponential, truth)).toBeLessThan(1e-12);
    expect(maxRel(d.linear, truth)).toBeGreaterThan(0.1);
    // CLEP's defaults (c = 1, μ = 0.5 on the log(1 + ·) scale) favour it only mildly …
    expect(d.weights[0]).toBeGreaterThan(d.weights[1]);
    expect(d.weights[0] + d.weights[1]).toBeCloseTo(1, 15);
    // … a sharper c lets it take (almost) all the weight and the forecast is the continuation.
    const sharp = clepForecastDetails(dailyOf(exponentialCum.slice(0, T)), 1, T, H, { c: 1000 });
    expect(sharp.weights[0]).toBeGreaterThan(1 - 1e-12);
    expect(maxRel(sharp.cumulative, truth)).toBeLessThan(1e-9);
    expect(maxRel(clepForecast(dailyOf(exponentialCum.slice(0, T)), 1, T, H, { c: 1000 }), dailyOf(exponentialCum).slice(T))).toBeLessThan(1e-9);
  });

  it('continues an exact line: the linear predictor is exact and dominates', () => {
    const truth = linearCum.slice(T);
    const d = clepForecastDetails(dailyOf(linearCum.slice(0, T)), 1, T, H);
    expect(maxRel(d.linear, truth)).toBeLessThan(1e-12);
    expect(maxRel(d.exponential, truth)).toBeGreaterThan(0.05);
    expect(d.weights[1]).toBeGreaterThan(d.weights[0]);
    const sharp = clepForecastDetails(dailyOf(linearCum.slice(0, T)), 1, T, H, { c: 1000 });
    expect(sharp.weights[1]).toBeGreaterThan(1 - 1e-9);
    expect(maxRel(sharp.cumulative, truth)).toBeLessThan(1e-8);
    expect(maxRel(sharp.daily, new Array(H).fill(5))).toBeLessThan(1e-7);
  });

  it('combines the predictors with the CLEP weights of their one-day-ahead errors', () => {
    // Two counties; brute-force the weights from one-day-ahead forecasts of the last 4 days.
    const counts = [...dailyOf(exponentialCum.slice(0, T)), ...dailyOf(linearCum.slice(0, T))];
    const d = clepForecastDetails(counts, 2, T, H, { c: 3 });
    for (let k = 0; k < 2; k++) {
      const cum = k === 0 ? exponentialCum : linearCum;
      const loss = [0, 0];
      for (let i = T - 4; i < T; i++) {
        const past = clepForecastDetails(dailyOf(cum.slice(0, i)), 1, i, 1, { c: 3 });
        loss[0] += 0.5 ** (T - 1 - i) * Math.abs(Math.log1p(past.exponential[0]) - Math.log1p(cum[i]));
        loss[1] += 0.5 ** (T - 1 - i) * Math.abs(Math.log1p(past.linear[0]) - Math.log1p(cum[i]));
      }
      const we = Math.exp(-3 * 0.5 * loss[0]);
      const wl = Math.exp(-3 * 0.5 * loss[1]);
      expect(d.weights[2 * k]).toBeCloseTo(we / (we + wl), 12);
      for (let h = 0; h < H; h++) {
        const combined = d.weights[2 * k] * d.exponential[k * H + h] + d.weights[2 * k + 1] * d.linear[k * H + h];
        expect(d.cumulative[k * H + h]).toBeCloseTo(Math.max(combined, h === 0 ? cum[T - 1] : d.cumulative[k * H + h - 1]), 9);
      }
    }
  });

  it('matches a Poisson GLM fitted by brute-force grid search on a noisy series', () => {
    // cumulative 3, 5, 9, 14, 26 on the last 5 days: the MLE (a, b) maximises Σ y η − e^η.
    const cum = [1, 2, 3, 5, 9, 14, 26];
    const d = clepForecastDetails(dailyOf(cum), 1, cum.length, 2);
    const y = cum.slice(-5);
    const ll = (a: number, b: number) => y.reduce((s, v, j) => s + v * (a + b * j) - Math.exp(a + b * j), 0);
    let best = { a: 0, b: 0, ll: -Infinity };
    for (let a = 0.5; a <= 2; a += 0.002) for (let b = 0.2; b <= 0.8; b += 0.001) if (ll(a, b) > best.ll) best = { a, b, ll: ll(a, b) };
    expect(Math.abs(d.exponential[0] / Math.exp(best.a + best.b * 5) - 1)).toBeLessThan(0.01);
    expect(Math.abs(d.exponential[1] / Math.exp(best.a + best.b * 6) - 1)).toBeLessThan(0.01);
    // linear: least squares over the last 4 days 5, 9, 14, 26 → slope 34/5, mean 13.5 at x̄ = 1.5
    expect(d.linear[0]).toBeCloseTo(13.5 + 6.8 * 2.5, 10);
    expect(d.linear[1]).toBeCloseTo(13.5 + 6.8 * 3.5, 10);
  });

  it('gives a non-decreasing cumulative forecast and daily counts >= 0 on random series', () => {
    const rng = new Xoshiro256(33);
    const C = 60;
    const days = 20;
    const counts = new Float64Array(C * days);
    for (let c = 0; c < C; c++) {
      const kind = c % 4;
      for (let t = 0; t < days; t++) {
        let v: number;
        if (kind === 0) v = rng.below(3); // sparse small counts
        else if (kind === 1) v = t < days - 3 ? rng.below(50) : 0; // stops: the fitted curves may fall below the last value
        else if (kind === 2) v = Math.floor(5 * Math.exp(0.2 * t) * rng.uniform());
        else v = rng.uniform() < 0.7 ? 0 : rng.below(200); // bursts
        counts[c * days + t] = v;
      }
    }
    const d = clepForecastDetails(counts, C, days, 10);
    let raised = 0; // forecast days where the weighted combination fell below the previous value
    for (let c = 0; c < C; c++) {
      let last = 0;
      for (let t = 0; t < days; t++) last += counts[c * days + t];
      let prev = last;
      for (let h = 0; h < 10; h++) {
        const v = d.cumulative[c * 10 + h];
        if (d.weights[2 * c] * d.exponential[c * 10 + h] + d.weights[2 * c + 1] * d.linear[c * 10 + h] < prev) raised++;
        expect(v).toBeGreaterThanOrEqual(prev);
        expect(d.daily[c * 10 + h]).toBeGreaterThanOrEqual(0);
        expect(d.daily[c * 10 + h]).toBeCloseTo(v - prev, 9);
        expect(Number.isFinite(v)).toBe(true);
        prev = v;
      }
      expect(d.weights[2 * c] + d.weights[2 * c + 1]).toBeCloseTo(1, 14);
    }
    expect(raised).toBeGreaterThan(0); // the non-decreasing rule was exercised
  });

  it('forecasts zero for a zero series and flat below one cumulative count', () => {
    expect(Array.from(clepForecast(new Float64Array(3 * 10), 3, 10, 5))).toEqual(new Array(15).fill(0));
    // below one cumulative count the exponential predictor is flat (the linear one still extrapolates)
    const small = clepForecastDetails([0, 0, 0, 0, 0, 0, 0.25, 0.5], 1, 8, 3);
    expect(Array.from(small.exponential)).toEqual([0.75, 0.75, 0.75]);
    expect(Array.from(small.linear)).toEqual([0.875, 1.125, 1.375]); // 0, 0, 0.25, 0.75 → slope 0.25, mean 0.25 at x̄ = 1.5
    // a county whose count stopped growing stays flat
    expect(Array.from(clepForecast([3, 4, 0, 0, 0, 0, 0, 0], 1, 8, 3))).toEqual([0, 0, 0]);
  });

  it('uses initialCumulative as the level of the exponential fit', () => {
    const counts = dailyOf(exponentialCum.slice(0, T)).slice(5); // drop the first 5 days …
    const before = exponentialCum[4]; // … and give their total as the starting level
    const d = clepForecastDetails(counts, 1, T - 5, H, { initialCumulative: [before] });
    expect(maxRel(d.exponential, exponentialCum.slice(T))).toBeLessThan(1e-12);
  });

  it('rejects bad input and options', () => {
    expectEpikitError(() => clepForecast([], 1, 1, 3), 'E_INPUT_EMPTY', /counts is empty/);
    expectEpikitError(() => clepForecast([1, 2, 3], 2, 2, 3), 'E_INPUT_SHAPE', /counts has length 3: expected counties × days = 2 × 2 = 4/);
    expectEpikitError(() => clepForecast([1, Infinity], 1, 2, 3), 'E_INPUT_NAN', /counts\[1\] is Infinity/);
    expectEpikitError(() => clepForecast([1, -2], 1, 2, 3), 'E_INPUT_RANGE', /counts\[1\] \(county 0, day 1\) is -2/);
    expectEpikitError(() => clepForecast([1, 2], 1, 2, 0), 'E_INPUT_RANGE', /horizon is 0/);
    expectEpikitError(() => clepForecast([1, 2], 1, 2, 3, { mu: 1 }), 'E_INPUT_RANGE', /options\.mu is 1/);
    expectEpikitError(() => clepForecast([1, 2], 1, 2, 3, { c: -1 }), 'E_INPUT_RANGE', /options\.c is -1/);
    expectEpikitError(() => clepForecast([1, 2], 1, 2, 3, { exponentialWindow: 2 }), 'E_INPUT_RANGE', /options\.exponentialWindow is 2/);
    expectEpikitError(() => clepForecast([1, 2], 1, 2, 3, { loss: 'abs' as 'sqrt' }), 'E_INPUT_RANGE', /options\.loss is "abs"/);
    expectEpikitError(() => clepForecast([1, 2], 1, 2, 3, { initialCumulative: [1, 2] }), 'E_INPUT_SHAPE', /options\.initialCumulative has length 2: expected one value per county \(1\)/);
    expectEpikitError(() => clepForecast([1, 2], 1, 2, 3, { initialCumulative: [-1] }), 'E_INPUT_RANGE', /options\.initialCumulative\[0\] is -1/);
  });
});
