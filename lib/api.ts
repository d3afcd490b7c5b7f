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
