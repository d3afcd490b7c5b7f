// One county, many realisations: forecastHawkes (one thread) against forecastHawkesAsync, which
// splits the county's realisations over the workers when there are fewer counties than tasks
// (each call starts its own pool, so the pool start-up is in the times). Data: a 120-day
// synthetic county (daily counts 20–80), constant-R fit; 400,000 realisations × 14 days.
import '../dist/index.js';
import { fitHawkes } from '../dist/hawkes/fit-hawkes.js';
import { forecastHawkes } from '../dist/hawkes/forecast-hawkes.js';
import { forecastHawkesAsync } from '../dist/hawkes/forecast-hawkes-async.js';

export const title = 'Hawkes forecast of one county: realisations over workers';

const T = 120;
const S = 400_000;
const horizon = 14;

export function cases() {
  const counts = Float64Array.from({ length: T }, (_, t) => Math.round(50 + 30 * Math.sin(t / 9)));
  const dates = Array.from({ length: T }, (_, t) => new Date(Date.UTC(2020, 2, 1 + t)).toISOString().slice(0, 10));
  const inputs = { fips: ['36061'], dates, counts };
  const fit = fitHawkes(inputs, { variant: 'constant', maxIter: 200 });
  const options = (backend) => ({ backend, horizon, realisations: S, seed: 1 });
  return [
    {
      name: `1 county × ${S.toLocaleString('en-US')} realisations × ${horizon} days`,
      tasks: {
        native: () => forecastHawkes(fit, inputs, options('native')),
        wasm: () => forecastHawkes(fit, inputs, options('wasm')),
        'native, async, 1 worker': async () => forecastHawkesAsync(fit, inputs, { ...options('native'), concurrency: 1 }),
        'native, async, 2 workers': async () => forecastHawkesAsync(fit, inputs, { ...options('native'), concurrency: 2 }),
        'wasm, async, 2 workers': async () => forecastHawkesAsync(fit, inputs, { ...options('wasm'), concurrency: 2 }),
      },
    },
  ];
}
