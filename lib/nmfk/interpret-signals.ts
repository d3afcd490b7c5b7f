/**
 * Interpretation of NMFk signals: the most influential variables (H), the dominant regions
 * (W), a short label and the contribution share. Reference:
 * /work/shared/reference/nmfk-and-ensemble.md §1.6 (`_postprocess_one_k!`) and §1.5 (the 0.25
 * cutoff of `getks` on max-normalised H/W entries); seed 000 (signal descriptions such as
 * "Most influential county-level variables: …").
 */
import type { NmfkSignal } from './nmfk-result.js';
import { signalContributions } from './signal-factors.js';

export interface InterpretSignalsOptions {
  /** Feature (column) names, length n. */
  features: readonly string[];
  /** Region ids, length m. */
  regions: readonly string[];
  /** Region display names, length m (defaults to the ids). */
  names?: readonly string[];
  /**
   * A variable is listed for a signal when its max-normalised H entry is ≥ this cutoff
   * (default 0.25: NMFk.jl's `getks` cutoff on max-normalised H entries, §1.5 — a variable
   * is kept when it loads at least a quarter as much as the signal's strongest variable).
   */
  variableCutoff?: number;
  /** How many regions to list per signal (default 10). */
  topRegions?: number;
  /** How many top variables make the label (default 3). */
  labelVariables?: number;
}

/**
 * Per signal a (0-based, in the given order):
 * - topVariables: H row a divided by its maximum (NMFk.jl's Hm, §1.6), the variables at or
 *   above `variableCutoff`, largest first (ties by column order);
 * - topRegions: W column a divided by its maximum, the `topRegions` largest, largest first;
 * - label: the shortened names ({@link shortFeatureName}) of the top `labelVariables`
 *   variables joined by " / ";
 * - contribution: Σ_ij W_ia H_aj / Σ_ij (WH)_ij.
 * An all-zero signal gets empty lists, the label "(empty signal)" and contribution 0.
 *
 * Complexity: O((m + n)·k·log(m + n)).
 *
 * @example
 * interpretSignals(w, h, m, n, k, { features, regions, names })[0].label; // e.g. "poverty / unemployment / disability"
 */
export function interpretSignals(
  w: Float64Array,
  h: Float64Array,
  m: number,
  n: number,
  k: number,
  options: InterpretSignalsOptions,
): NmfkSignal[] {
  const cutoff = options.variableCutoff ?? 0.25;
  const topRegionCount = options.topRegions ?? 10;
  const labelCount = options.labelVariables ?? 3;
  const names = options.names ?? options.regions;
  const contributions = signalContributions(w, h, m, n, k);
  let total = 0;
  for (let a = 0; a < k; a++) total += contributions[a];
  const signals: NmfkSignal[] = [];
  for (let a = 0; a < k; a++) {
    let hMax = 0;
    for (let j = 0; j < n; j++) hMax = Math.max(hMax, h[a * n + j]);
    const topVariables: NmfkSignal['topVariables'] = [];
    if (hMax > 0) {
      for (let j = 0; j < n; j++) {
        const weight = h[a * n + j] / hMax;
        if (weight >= cutoff) topVariables.push({ feature: options.features[j], weight });
      }
      stableSortDescending(topVariables);
    }
    let wMax = 0;
    for (let i = 0; i < m; i++) wMax = Math.max(wMax, w[i * k + a]);
    let topRegions: NmfkSignal['topRegions'] = [];
    if (wMax > 0) {
      const all = Array.from({ length: m }, (_, i) => ({ region: options.regions[i], name: names[i], weight: w[i * k + a] / wMax }));
      stableSortDescending(all);
      topRegions = all.slice(0, topRegionCount);
    }
    const label =
      topVariables.length > 0
        ? topVariables
            .slice(0, labelCount)
            .map((v) => shortFeatureName(v.feature))
            .join(' / ')
        : '(empty signal)';
    signals.push({ index: a, label, contribution: total > 0 ? contributions[a] / total : 0, topVariables, topRegions });
  }
  return signals;
}

function stableSortDescending<T extends { weight: number }>(items: T[]): void {
  const indexed = items.map((item, i) => ({ item, i }));
  indexed.sort((p, q) => q.item.weight - p.item.weight || p.i - q.i);
  for (let i = 0; i < items.length; i++) items[i] = indexed[i].item;
}

/**
 * A short, readable form of a variable name for labels:
 * - a LANL-style label "COLUMN: 998 | CATEGORY: 'COVID-19 (05-07-2020)' | VARIABLE: 'Case rate
 *   (per million)' | …" becomes its VARIABLE part (with the category's date when there is one,
 *   e.g. "Case rate (per million) 05-07-2020");
 * - underscores and repeated spaces become single spaces;
 * - anything longer than `maxLength` (default 28) characters is cut at the last word boundary
 *   that fits and ends with "…".
 *
 * @example
 * shortFeatureName('pct_households_without_vehicle_access_2019'); // "pct households without…"
 */
export function shortFeatureName(name: string, maxLength = 28): string {
  let s = name;
  const variable = /VARIABLE:\s*'([^']*)'/.exec(name);
  if (variable) {
    s = variable[1];
    const date = /CATEGORY:\s*'[^']*?(\d{2}-\d{2}-\d{4})[^']*'/.exec(name);
    if (date) s = `${s} ${date[1]}`;
  }
  s = s.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  if (s.length <= maxLength) return s;
  const cut = s.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space >= maxLength / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
