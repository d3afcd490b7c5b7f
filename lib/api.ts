/** The public API shared by the Node and browser entries (no backend loading here). */
export { EpikitError, type EpikitErrorCode } from './errors.js';
export type { BackendChoice, BackendName, BackendOption, Kernels } from './backend/kernels.js';
export { Xoshiro256 } from './random/xoshiro256.js';
export { randomUniform, type RandomUniformOptions } from './random/random-uniform.js';
export * from './cluster/index.js';
export {
  alignPanels,
  assertPanel,
  calendarDay,
  cumulativeToDaily,
  dayToIsoDate,
  decreases,
  isoDateRange,
  isoDateToDay,
  makeMonotone,
  MONOTONE_MODES,
  panelRow,
  panelValue,
  slicePanel,
  type Decrease,
  type MonotoneMode,
  type Panel,
} from './data/panel.js';
