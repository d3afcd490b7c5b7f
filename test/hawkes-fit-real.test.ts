// The fit and forecast on the paper's own data (paper-era NYT daily cases, Demo covariates,
// Google mobility), the 150 counties with most cases up to 2020-05-13: a smoke test of the
// whole path on real inputs (mobility lag 14, as in the paper), not a reproduction.
import '../lib/index.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCountyTable } from '../lib/data/load-county-table.js';
import { loadGoogleMobility } from '../lib/data/load-google-mobility.js';
import { loadWideCountySeries } from '../lib/data/load-wide-county-series.js';
import { buildCountyHawkesInputs, type CountyHawkesInputs } from '../lib/hawkes/county-inputs.js';
import { fitHawkes } from '../lib/hawkes/fit-hawkes.js';
import { forecastHawkes } from '../lib/hawkes/forecast-hawkes.js';
import { backendsUnderTest } from './helpers/backends.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let inputs: CountyHawkesInputs;

beforeAll(async () => {
  const dir = join(root, 'data', 'us-counties-nyt', 'paper-era');
  const cases = await loadWideCountySeries(join(dir, 'NYT_Dconfirmed.csv'), { kind: 'daily', quantity: 'cases' });
  const demo = await loadCountyTable(join(dir, 'Demo_Dconfirmed.csv'));
  const mob = await loadGoogleMobility(join(root, 'data', 'us-counties-mobility', 'mobility-paper-era.csv'), { end: '2020-05-13' });
  const all = buildCountyHawkesInputs({ counts: cases.panel, countsKind: 'daily', mobility: mob.mobility, covariates: demo.table, start: '2020-03-01', end: '2020-05-13', mobilityLead: 14, missingCovariates: 'drop', mobilityTypes: ['retail', 'grocery', 'parks', 'transit', 'residential'] });
  const T = all.dates.length;
  const totals = all.fips.map((f, c) => [f, all.counts.subarray(c * T, (c + 1) * T).reduce((a, b) => a + b, 0)] as const);
  const top = totals.sort((a, b) => b[1] - a[1]).slice(0, 150).map(([f]) => f);
  inputs = buildCountyHawkesInputs({ counts: cases.panel, countsKind: 'daily', mobility: mob.mobility, covariates: demo.table, start: '2020-03-01', end: '2020-05-13', mobilityLead: 14, missingCovariates: 'drop', counties: top, mobilityTypes: ['retail', 'grocery', 'parks', 'transit', 'residential'] });
}, 60000);

describe.each(backendsUnderTest())('fitHawkes on paper-era county data on %s', (backend) => {
  it('full model, Δ = 14: converges, log-likelihood non-decreasing, finite θ and standard errors; forecast in the range of the last week', () => {
    const fit = fitHawkes(inputs, { backend, variant: 'full', lag: 14, maxIter: 1000 });
    expect(fit.converged).toBe(true);
    expect(fit.coefficientNames.slice(0, 6)).toEqual(['intercept', 'mobility:retail', 'mobility:grocery', 'mobility:parks', 'mobility:transit', 'mobility:residential']);
    expect(fit.theta.every(Number.isFinite) && fit.standardErrors.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    const h = fit.logLikelihoodHistory;
    for (let i = 1; i < h.length; i++) expect(h[i]).toBeGreaterThanOrEqual(h[i - 1] - 1e-9 * Math.abs(h[i - 1]));
    expect(fit.shape).toBeGreaterThan(0.3);
    expect(fit.scale).toBeGreaterThan(0.5);
    const f = forecastHawkes(fit, inputs, { backend, horizon: 7, realisations: 200, seed: 1 });
    const T = inputs.dates.length;
    let within = 0;
    for (let c = 0; c < inputs.fips.length; c++) {
      let last = 0;
      let next = 0;
      for (let t = T - 7; t < T; t++) last += inputs.counts[c * T + t];
      for (let d = 0; d < 7; d++) next += f.mean[c * 7 + d];
      if (next >= last / 3 && next <= last * 3 + 20) within++;
    }
    expect(within).toBeGreaterThan(0.9 * inputs.fips.length);
  });
});
