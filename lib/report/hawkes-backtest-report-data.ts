/** The backtest section of the Hawkes report (hawkes-report-data.ts) from backtestHawkes results. */
import { BACKTEST_MODEL_LABELS, type BacktestModel, type HawkesBacktestResult } from '../hawkes/backtest-hawkes.js';
import type { HawkesReportBacktest, HawkesReportData, HawkesReportDropped } from './hawkes-report-data.js';

const label = (m: string) => BACKTEST_MODEL_LABELS[m as BacktestModel] ?? m;

/**
 * One report for the backtests of one or more targets (scores, per-window MAE, cut-offs; model
 * ids replaced by their display names). O(scores + windows).
 *
 * @example
 * writeHawkesReport(hawkesBacktestReportData([cases, deaths], { source: 'embedded' }), 'out');
 */
export function hawkesBacktestReportData(results: readonly HawkesBacktestResult[], options: { source: string; notes?: string[]; title?: string }): HawkesReportData {
  const first = results[0];
  const cutoffs = [...new Set(results.flatMap((r) => r.cutoffs.flatMap((c) => c.cutoffs)))].sort();
  const backtest: HawkesReportBacktest = {
    cutoffs,
    horizons: first ? first.horizons : [],
    models: first ? first.models.map(label) : [],
    targets: results.map((r) => r.target),
    rankDate: first ? first.rankDate : '',
    scores: results.flatMap((r) => r.scores.map((s) => ({ ...s, model: label(s.model) }))),
    windows: results.flatMap((r) => r.windows.map((w) => ({ ...w, model: label(w.model) }))),
  };
  const dropped: HawkesReportDropped[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const d of r.excluded) {
      const key = `${r.target}|${d.fips}`;
      if (seen.has(key)) continue;
      seen.add(key);
      dropped.push({ fips: d.fips, name: d.name, reasons: d.reasons, detail: `${r.target}: ${d.detail}` });
    }
  }
  const notes = [...(options.notes ?? [])];
  for (const r of results) {
    notes.push(`${r.target}: ${r.fips.length} counties evaluated, training from ${r.start}, Δ = ${r.lag}, ${r.realisations} realisations, seed ${r.seed}; subsets ranked on ${r.rankDate}`);
    const unconverged = r.fits.filter((f) => !f.converged).length;
    if (unconverged) notes.push(`${r.target}: ${unconverged} of ${r.fits.length} fits stopped at the EM step cap`);
  }
  return {
    title: options.title ?? `Hawkes walk-forward backtest (${results.map((r) => r.target).join(' and ')})`,
    source: options.source,
    generated: new Date().toISOString(),
    backtest,
    dropped,
    notes,
  };
}
