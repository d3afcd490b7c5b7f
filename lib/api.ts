/** The public API shared by the Node and browser entries (no backend loading here). */
export { EpikitError, type EpikitErrorCode } from './errors.js';
export type { BackendChoice, BackendName, BackendOption, Kernels } from './backend/kernels.js';
export { Xoshiro256 } from './random/xoshiro256.js';
export { randomUniform, type RandomUniformOptions } from './random/random-uniform.js';
export * from './cluster/index.js';
export * from './data/panel.js';
export type { Table } from './data/table.js';
// Parallel work: the runner is inline here; the Node entry plugs in the worker-thread pool.
export { runTasks, taskModuleUrl, type RunTasksOptions, type TaskFunction, type TaskRunner } from './parallel/run-tasks.js';
export { runInline } from './parallel/run-inline.js';
export { moveResult, type MovedResult } from './parallel/move-result.js';
export { toShared, sharedArray, isShared, type SharableArray } from './parallel/to-shared.js';
// Cluster evolution (seed 003), the parts built so far: preprocessing, daily k selection, k̂ smoothing,
// daily clustering and the series evolution offset δ.
export {
  logCounts,
  assertDayMatrix,
  type DayMatrix,
  type RawCounts,
  type LogCountsOptions,
  type LogCountsResult,
  type NegativeRule,
} from './evolution/log-counts.js';
export { dailyClusters, countDistinct, windowPoints, type DailyClustersOptions, type DailyClustersResult, type DailyPartition, type DayK } from './evolution/daily-clusters.js';
export {
  smoothK,
  clusterDays,
  type SmoothKOptions,
  type SmoothKResult,
  type KRounding,
  type ClusterDaysOptions,
  type ClusterDaysResult,
} from './evolution/smooth-k.js';
export { seriesOffset, type SeriesOffsetOptions, type SeriesOffsetResult } from './evolution/series-offset.js';
export {
  evolution,
  CONSISTENCY_MATRICES,
  PAPER_ANOMALY_DATES,
  PAPER_LDR_REGIONS,
  PAPER_START_DATES,
  type EvolutionOptions,
  type EvolutionProgress,
} from './evolution/evolution.js';
export type { EvolutionResult, SeriesEvolution, ConsistencyOffset, ConsistencyMatrix, AnomalyRow } from './evolution/evolution-result.js';
export { offsetObjectives, type OffsetObjectivesOptions } from './evolution/matrix-offsets.js';
export {
  adjacencyDistances,
  anomalyScores,
  offsetObjective,
  EVOLUTION_MATRICES,
  OFFSET_NORMS,
  type DaySeries,
  type EvolutionMatrix,
  type OffsetNorm,
  type EvolutionMatrixOptions,
  type OffsetObjectiveOptions,
  type OffsetObjectiveResult,
} from './evolution/matrix-offsets.js';

// County FIPS helpers and daily counts (the CSV parsers and loaders are in the Node entry).
export { normalizeFips, isCountyFips, fipsState } from './data/fips.js';
export { cumulativeToDailyByRegion, type DailyCounts, type ClippedRegion } from './data/daily-counts.js';

// County signals by NMFk (seed 000).
export { nmf, nmfFitStatistics, type NmfInput, type NmfOptions, type NmfResult, type NmfObjectiveName, type NmfFitStatistics } from './nmfk/nmf.js';
export { nmfk, type NmfkOptions, type NmfkProgress } from './nmfk/nmfk.js';
export type { NmfkResult, NmfkKResult, NmfkSignal } from './nmfk/nmfk-result.js';
export { preprocessTable, covidColumnWeights, COVID_RATE_COLUMN_PATTERN, type PreprocessOptions, type PreprocessRecord } from './nmfk/preprocess.js';
export { optimalAssignment, type OptimalAssignment, type OptimalAssignmentOptions } from './cluster/optimal-assignment.js';
export { clusterRestartSignals, type RestartSignalClustering, type ClusterRestartSignalsOptions } from './nmfk/cluster-restart-signals.js';
export { signalSilhouettes, type SignalSilhouettes, type SignalDistance } from './nmfk/signal-silhouettes.js';
export { chooseKByRobustness, chooseKByPyDnmfk, type PyDnmfkKChoice } from './nmfk/choose-k.js';
export { wilcoxonSignedRank, type WilcoxonSignedRankResult } from './nmfk/wilcoxon-signed-rank.js';
export { interpretSignals, type InterpretSignalsOptions } from './nmfk/interpret-signals.js';

// Hawkes-process forecasting (seed 004): EM fit, forecast simulation, lag choice, walk-forward backtest.
export { fitHawkes, type HawkesFit, type HawkesFitOptions } from './hawkes/fit-hawkes.js';
export { fitHawkesAsync, type HawkesFitAsyncOptions } from './hawkes/fit-hawkes-async.js';
export { forecastHawkes, HAWKES_QUANTILES, type HawkesForecast, type HawkesForecastOptions } from './hawkes/forecast-hawkes.js';
export { forecastHawkesAsync, type HawkesForecastAsyncOptions } from './hawkes/forecast-hawkes-async.js';
export {
  backtestHawkes,
  BACKTEST_MODELS,
  PAPER_BACKTEST_MODELS,
  BACKTEST_MODEL_LABELS,
  PAPER_MOBILITY_TYPES,
  type BacktestModel,
  type HawkesBacktestData,
  type HawkesBacktestOptions,
  type HawkesBacktestResult,
  type HawkesBacktestFit,
  type HawkesBacktestProgress,
} from './hawkes/backtest-hawkes.js';
export { backtestCutoffs } from './hawkes/backtest-cutoffs.js';
export { scoreBacktest, type BacktestScore, type BacktestWindowScore, type WindowForecast, type WindowTruth } from './hawkes/backtest-scores.js';
export { countySubsets, COUNTY_SUBSETS, type CountySubset } from './hawkes/county-subsets.js';
export { meanAbsoluteError, percentageError, ndcg, intervalCoverage, intervalScores, weightedIntervalScores, weightedIntervalScore, quantileIntervals, FORECAST_QUANTILE_LEVELS, type ForecastInterval, type QuantileIntervals } from './hawkes/forecast-metrics.js';
export { persistenceForecast, type PersistenceForecastOptions } from './hawkes/persistence-forecast.js';
export { clepForecast, clepForecastDetails, type ClepForecastOptions, type ClepForecastDetails } from './hawkes/clep-forecast.js';
export { buildCountyHawkesInputs, type CountyHawkesInputs, type CountyHawkesInputOptions, type CountyInputsReport, type DroppedCounty } from './hawkes/county-inputs.js';
export { deriveSeed } from './random/derive-seed.js';
export { hawkesDesign, HAWKES_VARIANTS, type HawkesVariant, type HawkesInputs, type HawkesDesign } from './hawkes/hawkes-design.js';
export { poissonRegression, type PoissonRegressionResult, type PoissonRegressionOptions } from './hawkes/poisson-regression.js';
export { discreteWeibullWeights, discreteWeibullTail, discreteWeibullSupport, fitDiscreteWeibull, type DiscreteWeibullFit } from './hawkes/discrete-weibull.js';
export { wallingaTeunis } from './hawkes/wallinga-teunis.js';
export { selectHawkesLag, type HawkesLagSelection } from './hawkes/select-lag.js';
