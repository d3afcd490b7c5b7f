/** epikit for Node: kernels from the native addon when it loads, WebAssembly otherwise. */
import { availableParallelism } from 'node:os';
import { setKernelProvider } from './backend/registry.js';
import { selectKernels } from './backend/select.js';
import { setTaskRunner } from './parallel/run-tasks.js';
import { runTasksInWorkers } from './parallel/task-pool.js';

setKernelProvider(selectKernels);
// Parallel work (NMFk restarts, …) fans out over worker threads in Node.
setTaskRunner(runTasksInWorkers, availableParallelism);

export * from './api.js';
export { backendInfo, availableBackends, resolveBackend, type BackendInfo } from './backend/select.js';
// Node only: the CSV parser is csv-parse, which the dependency-free browser facade leaves out.
export {
  isOwidAggregate,
  parseCountrySeries,
  type CountrySeries,
  type CountrySeriesFormat,
  type CountrySeriesInput,
  type ParseCountrySeriesOptions,
} from './data/parse-country-series.js';
export { loadCountrySeries, loadDefaultCountrySeries, DEFAULT_COUNTRY_SERIES_PATH } from './data/load-country-series.js';
// Node only: the worker-thread pool (piscina) and the event-loop lag probe.
export { TaskPool, runTasksInWorkers, liveWorkerThreads, type TaskPoolOptions, type TaskPoolRunOptions } from './parallel/task-pool.js';
export { measureEventLoopLag, type EventLoopLag } from './parallel/event-loop-lag.js';
// Node only: county file loaders (streamed with csv-parse) and the Hawkes input join.
export { parseCountyTable, stateCode, type CountyTable, type CountyTableReport, type CountyTableInput, type ParseCountyTableOptions } from './data/parse-county-table.js';
export { loadCountyTable, loadDefaultCountyTable, DEFAULT_COUNTY_TABLE_PATH } from './data/load-county-table.js';
export { parseNytCounties, loadNytCounties, type NytCounties, type LoadNytCountiesOptions, type DroppedCountyRows, type FilledCountyDays } from './data/load-nyt-counties.js';
export {
  parseWideCountySeries,
  loadWideCountySeries,
  type WideCountySeries,
  type LoadWideCountySeriesOptions,
  type WideCountyShape,
  type CountSeriesKind,
  type DroppedWideRow,
} from './data/load-wide-county-series.js';
export {
  parseGoogleMobility,
  loadGoogleMobility,
  mobilityOfType,
  MOBILITY_TYPES,
  type CountyMobility,
  type MobilityType,
  type GoogleMobility,
  type LoadGoogleMobilityOptions,
} from './data/load-google-mobility.js';
export { buildCountyHawkesInputs, type CountyHawkesInputOptions, type CountyHawkesInputs, type CountyInputsReport, type DroppedCounty, type DropReason } from './hawkes/county-inputs.js';
export { writeSignalsReport, signalsReportHtml, nmfkResultJson } from './report/signals-report.js';
