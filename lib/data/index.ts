/**
 * Browser-safe data layer: the Panel type and its helpers, and the OWID / ECDC country file
 * parser (strings, bytes or chunk streams). The Node file loaders live in
 * ./load-country-series.js (they import node:fs) and are not re-exported here.
 */
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
} from './panel.js';
export {
  isOwidAggregate,
  parseCountrySeries,
  type CountrySeries,
  type CountrySeriesFormat,
  type CountrySeriesInput,
  type ParseCountrySeriesOptions,
} from './parse-country-series.js';
