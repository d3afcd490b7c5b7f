#!/usr/bin/env node
// Is the event loop free while a Hawkes fit and forecast run? The full model (mobility Δ = 14
// + demographics) on the paper-era data in data/ (2,069 counties, 2020-02-29..2020-05-13) and a
// 1,000-realisation 7-day forecast, each run (a) synchronously on the main thread (fitHawkes,
// forecastHawkes) and (b) off it (fitHawkesAsync: one worker thread; forecastHawkesAsync: county
// chunks on 2 workers), while monitorEventLoopDelay samples the main thread every 10 ms
// (lib/parallel/event-loop-lag.ts). Prints a Markdown table for BENCHMARKS.md.
// Needs the built package: npx tsc -p tsconfig.build.json. Usage: node bench/hawkes-event-loop.mjs [native|wasm]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildCountyHawkesInputs,
  fitHawkes,
  fitHawkesAsync,
  forecastHawkes,
  forecastHawkesAsync,
  loadCountyTable,
  loadGoogleMobility,
  loadWideCountySeries,
  resolveBackend,
} from '../dist/index.js';
import { measureEventLoopLag } from '../dist/parallel/event-loop-lag.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const backend = process.argv[2] ?? 'native';
const dir = join(root, 'data', 'us-counties-nyt', 'paper-era');
const { panel } = await loadWideCountySeries(join(dir, 'NYT_Dconfirmed.csv'), { kind: 'daily', quantity: 'cases' });
const { table } = await loadCountyTable(join(dir, 'Demo_Dconfirmed.csv'));
const { mobility } = await loadGoogleMobility(join(root, 'data', 'us-counties-mobility', 'mobility-paper-era.csv'));
const inputs = buildCountyHawkesInputs({
  counts: panel,
  countsKind: 'daily',
  mobility,
  covariates: table,
  start: '2020-02-29',
  end: '2020-05-13',
  mobilityLead: 14,
  missingCovariates: 'drop',
  mobilityTypes: ['retail', 'grocery', 'parks', 'transit', 'residential'],
});
const fitOptions = { variant: 'full', lag: 14, backend };
const forecastOptions = { horizon: 7, realisations: 1000, seed: 1, backend };

const rows = [];
const row = (what, lag) =>
  rows.push(`| ${what} | ${(lag.durationMs / 1000).toFixed(2)} | ${lag.p50Ms.toFixed(1)} | ${lag.p99Ms.toFixed(1)} | ${lag.maxMs.toFixed(0)} | ${lag.samples} |`);

const sync = await measureEventLoopLag(() => fitHawkes(inputs, fitOptions));
row('fitHawkes (main thread)', sync.lag);
const off = await measureEventLoopLag(() => fitHawkesAsync(inputs, fitOptions));
row('fitHawkesAsync (worker thread)', off.lag);
if (off.result.logLikelihood !== sync.result.logLikelihood) throw new Error('async fit differs from the sync fit');
const fsync = await measureEventLoopLag(() => forecastHawkes(sync.result, inputs, forecastOptions));
row('forecastHawkes (main thread)', fsync.lag);
const foff = await measureEventLoopLag(() => forecastHawkesAsync(sync.result, inputs, { ...forecastOptions, concurrency: 2 }));
row('forecastHawkesAsync (2 workers)', foff.lag);

console.log(`${inputs.fips.length} counties × ${inputs.dates.length} days, full model (${sync.result.iterations} EM steps), ${resolveBackend(backend)} backend, Node ${process.version}`);
console.log('');
console.log('| work | wall (s) | event-loop delay p50 (ms) | p99 (ms) | max (ms) | samples |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
