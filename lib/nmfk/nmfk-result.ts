/**
 * The typed result of {@link nmfk}: one row per number of signals k tried, the chosen k, and
 * the factors and their interpretation. Plain data (typed arrays, numbers, strings): it can be
 * posted to a worker, written as JSON (typed arrays become arrays) and drawn by the report.
 */

/** What was computed for one number of signals k. */
export interface NmfkKResult {
  k: number;
  /** Minimum over the k clusters of the mean cosine silhouette of the clustered signals (1 for k = 1). */
  robustness: number;
  /** Mean cosine silhouette of each cluster (length k, in the order of the final signals). */
  clusterSilhouettes: number[];
  /** Mean silhouette over all k × restarts clustered signals. */
  meanSilhouette: number;
  /** ‖X − WH‖_F over observed entries, for the factors reported at this k. */
  frobeniusError: number;
  /** frobeniusError / ‖X‖_F (observed entries). */
  relativeError: number;
  /** 2·(mk + kn) + N·log(‖X − WH‖²_F / N), N = observed entries (NMFk.jl's AIC, with the sum of squares). */
  aic: number;
  /** Final objective (KL divergence or ½‖X − WH‖²_F) of every restart, in restart order. */
  restartObjectives: number[];
  /** Iterations every restart ran, in restart order. */
  restartIterations: number[];
  /** Factors reported at this k (best restart or centroids, per `final`), normalised and ordered like the final signals. */
  w: Float64Array;
  h: Float64Array;
}

/** One signal of the chosen factorisation, with its interpretation. */
export interface NmfkSignal {
  /** 0-based position in the ordered signals (ordered by contribution Σ_ij W_ia H_aj, largest first). */
  index: number;
  /** Short label generated from the top variables. */
  label: string;
  /** Σ_ij W_ia H_aj as a share of Σ_ij (WH)_ij. */
  contribution: number;
  /** Variables whose max-normalised H entry is above the cutoff, largest first. */
  topVariables: { feature: string; weight: number }[];
  /** Regions with the largest max-normalised W entries, largest first. */
  topRegions: { region: string; name: string; weight: number }[];
}

export interface NmfkResult {
  /** Regions (rows of X and W), their names, and the variables (columns of X and H). */
  regions: string[];
  names: string[];
  features: string[];
  rows: number;
  cols: number;
  objective: 'kl' | 'fro';
  /** Every k tried, ascending, with its row in `perK`. */
  perK: NmfkKResult[];
  /** The k chosen by `rule` (null when no k qualifies under the strict NMFk.jl rule). */
  chosenK: number | null;
  rule: 'nmfk' | 'pydnmfk';
  threshold: number;
  /** Factors for chosenK (W: rows × k, H: k × cols, row-major; H rows sum to 1), or null. */
  w: Float64Array | null;
  h: Float64Array | null;
  /** Interpretation of the chosenK signals (empty when chosenK is null). */
  signals: NmfkSignal[];
  /** The options actually used (defaults filled in), for the report and reproducibility. */
  settings: Record<string, unknown>;
}
