/**
 * What the Hawkes forecast / backtest report shows (`epikit forecast`, `epikit backtest`): plain
 * JSON (numbers, strings, arrays; null for missing), built in Node by lib/cli and drawn in the
 * browser by lib/report/client/draw-hawkes.ts. Every section is optional: a forecast report has
 * `fit` and `forecast`, a backtest report has `backtest`.
 */
import type { BacktestScore } from '../hawkes/backtest-scores.js';

/** One coefficient of R's log-linear regression. */
export interface HawkesReportCoefficient {
  /** 'intercept', 'mobility:retail', covariate names… */
  name: string;
  estimate: number;
  /** Observed-information standard error (null if singular). */
  standardError: number | null;
  /** estimate / standardError. */
  z: number | null;
  /** Two-sided normal p-value. */
  p: number | null;
}

export interface HawkesReportFit {
  variant: 'constant' | 'mobility' | 'demographics' | 'full';
  /** Δ, days. */
  lag: number;
  psi: number;
  /** Weibull kernel of the inter-event time and its standard errors. */
  shape: number;
  scale: number;
  shapeStandardError: number | null;
  scaleStandardError: number | null;
  /** Kernel support, days, and the mass beyond it. */
  L: number;
  truncationMass: number;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  coefficients: HawkesReportCoefficient[];
  /** Training window. */
  start: string;
  end: string;
  counties: number;
}

/** One county of the fan charts / R(t) charts. */
export interface HawkesReportCounty {
  fips: string;
  name: string;
  /** Observed daily counts on `HawkesReportForecast.observedDates`. */
  observed: number[];
  /** Forecast per horizon day: mean and the 7 quantiles (HawkesReportForecast.quantileLevels). */
  mean: number[];
  /** horizon × 7. */
  quantiles: number[][];
  /** The 7 quantiles of the simulated total over the whole horizon (not the sum of the daily quantiles). */
  totalQuantiles: number[];
  /** R_c(t) over the fit window (`HawkesReportForecast.rDates`) followed by the horizon (`dates`). */
  r: number[];
  /**
   * Mobility Δ days earlier (percent change from baseline), one series per type of
   * `HawkesReportForecast.mobilityTypes`, aligned with rDates + dates (null where unknown).
   */
  laggedMobility: (number | null)[][];
}

export interface HawkesReportForecast {
  target: 'cases' | 'deaths';
  horizon: number;
  realisations: number;
  seed: number;
  /** [0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975]. */
  quantileLevels: number[];
  /** Forecast dates (horizon of them). */
  dates: string[];
  /** Dates of `observed` (the last weeks before the forecast). */
  observedDates: string[];
  /** Dates of the fitted R (the fit window). */
  rDates: string[];
  mobilityTypes: string[];
  /** Fan-chart counties (the largest by forecast total), full detail. */
  counties: HawkesReportCounty[];
  /** Every forecast county, for the map: FIPS, name, observed total of the last `horizon` days, forecast mean total, growth = forecast / observed (null when observed is 0). */
  map: { fips: string[]; names: string[]; observed: number[]; forecast: number[]; growth: (number | null)[] };
}

/** A backtest score as the report shows it: model display names, subset any string ('top10', 'top25', '25-50', 'all'). */
export type HawkesReportScore = Omit<BacktestScore, 'subset'> & { subset: string };

export interface HawkesReportBacktest {
  /** Cut-off dates: the first forecast day of each window. */
  cutoffs: string[];
  horizons: number[];
  models: string[];
  targets: ('cases' | 'deaths')[];
  /** Date at which counties were ranked for the subsets. */
  rankDate: string;
  scores: HawkesReportScore[];
  /** Per window MAE for a chart: model × target × horizon × subset × cut-off. */
  windows: { model: string; target: 'cases' | 'deaths'; horizon: number; subset: string; cutoff: string; mae: number }[];
}

export interface HawkesReportDropped {
  fips: string;
  name: string;
  reasons: string[];
  detail: string;
}

export interface HawkesReportData {
  title: string;
  /** Where the data came from (file paths or 'embedded paper-era data'). */
  source: string;
  /** ISO time the report was generated. */
  generated: string;
  fit?: HawkesReportFit;
  forecast?: HawkesReportForecast;
  backtest?: HawkesReportBacktest;
  /** Counties left out of the fit and why. */
  dropped: HawkesReportDropped[];
  /** Free-text notes shown under the title (imputation counts, clipped corrections, …). */
  notes: string[];
}
