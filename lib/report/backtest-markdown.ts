/**
 * The walk-forward backtest as Markdown (REPRODUCTION.md, `epikit backtest --markdown`): per
 * target one table of every model × horizon × county subset, and the comparison the paper
 * draws — dynamic R (mobility, mobility + demographics) against constant R on MAE.
 */
import { BACKTEST_MODEL_LABELS, type BacktestModel, type HawkesBacktestResult } from '../hawkes/backtest-hawkes.js';
import type { BacktestScore } from '../hawkes/backtest-scores.js';

const SUBSET_LABELS: Record<string, string> = { top10: 'top 10 %', top25: 'top 25 %', '25-50': '25–50 %', all: 'all' };

const num = (v: number | null, digits: number): string => (v === null || !Number.isFinite(v) ? '–' : v.toFixed(digits));

/** Relative MAE change of `model` against constant-R Hawkes, per horizon × subset (negative = better). */
export function maeChangeAgainstConstant(scores: readonly BacktestScore[], model: string): { horizon: number; subset: string; change: number }[] {
  const out: { horizon: number; subset: string; change: number }[] = [];
  for (const s of scores) {
    if (s.model !== model) continue;
    const base = scores.find((b) => b.model === 'hawkes-constant' && b.horizon === s.horizon && b.subset === s.subset && b.target === s.target);
    if (base && base.mae > 0) out.push({ horizon: s.horizon, subset: s.subset, change: s.mae / base.mae - 1 });
  }
  return out;
}

/**
 * Markdown for one or more targets' backtests: a table per target (rows horizon × subset ×
 * model; MAE, PE, NDCG, interval coverage, WIS; the best MAE of each group in bold) and, when
 * constant-R Hawkes was run, the MAE change of every dynamic-R model against it.
 *
 * @example
 * writeFileSync('backtest.md', backtestMarkdown([cases, deaths]));
 */
export function backtestMarkdown(results: readonly HawkesBacktestResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const name = r.target === 'cases' ? 'Confirmed cases' : 'Deaths';
    lines.push(`### ${name}: MAE, PE, NDCG, coverage and WIS of the ${r.horizons.join('/')}-day window totals`, '');
    lines.push(
      `${r.fips.length} counties, training from ${r.start}, cut-offs ${r.cutoffs.map((c) => `h = ${c.horizon}: ${c.cutoffs[0]} … ${c.cutoffs[c.cutoffs.length - 1]} (${c.cutoffs.length})`).join('; ')}; subsets ranked by cumulative ${r.target} on ${r.rankDate}; ${r.realisations} realisations, seed ${r.seed}, Δ = ${r.lag}.`,
      '',
    );
    lines.push('| h | subset | model | MAE | PE % | NDCG | cover 50 % | cover 95 % | WIS |', '|---:|---|---|---:|---:|---:|---:|---:|---:|');
    for (const h of r.horizons) {
      const subsets = [...new Set(r.scores.filter((s) => s.horizon === h).map((s) => s.subset))];
      for (const subset of subsets) {
        const group = r.scores.filter((s) => s.horizon === h && s.subset === subset);
        const best = Math.min(...group.map((s) => s.mae));
        for (const s of group) {
          const mae = num(s.mae, 1);
          lines.push(
            `| ${h} | ${SUBSET_LABELS[subset] ?? subset} | ${BACKTEST_MODEL_LABELS[s.model as BacktestModel] ?? s.model} | ${s.mae === best ? `**${mae}**` : mae} | ${num(s.pe, 1)} | ${num(s.ndcg, 3)} | ${num(s.coverage50, 2)} | ${num(s.coverage95, 2)} | ${num(s.wis, 1)} |`,
          );
        }
      }
    }
    lines.push('');
    const dynamic = r.models.filter((m) => m === 'hawkes-mobility' || m === 'hawkes-full' || m === 'hawkes-demographics');
    if (r.models.includes('hawkes-constant') && dynamic.length) {
      lines.push(`MAE change against constant-R Hawkes (negative = dynamic R better):`, '');
      const subsets = [...new Set(r.scores.map((s) => s.subset))];
      lines.push(`| model | h | ${subsets.map((s) => SUBSET_LABELS[s] ?? s).join(' | ')} |`, `|---|---:|${subsets.map(() => '---:').join('|')}|`);
      for (const m of dynamic) {
        const changes = maeChangeAgainstConstant(r.scores, m);
        for (const h of r.horizons) {
          lines.push(`| ${BACKTEST_MODEL_LABELS[m]} | ${h} | ${subsets.map((s) => { const c = changes.find((x) => x.horizon === h && x.subset === s); return c ? `${c.change >= 0 ? '+' : ''}${(100 * c.change).toFixed(1)} %` : '–'; }).join(' | ')} |`);
        }
      }
      lines.push('');
    }
    const unconverged = r.fits.filter((f) => !f.converged);
    if (unconverged.length) lines.push(`${unconverged.length} of ${r.fits.length} fits stopped at the EM step cap: ${unconverged.map((f) => `${f.model} ${f.cutoff}`).join(', ')}.`, '');
  }
  return lines.join('\n');
}
