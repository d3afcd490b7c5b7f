/** `epikit evolution`: the cluster-evolution method on country cases and deaths, with a report. */
import { Command, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { resolve } from 'node:path';
import { evolution, loadCountrySeries, loadDefaultCountrySeries, resolveBackend, type BackendChoice, type EvolutionProgress } from '../index.js';
import { writeEvolutionReport } from '../report/evolution-report.js';

interface EvolutionCliOptions {
  data?: string;
  format: 'owid' | 'ecdc' | 'auto';
  start?: string[];
  out: string;
  json?: boolean;
  report: boolean;
  backend?: BackendChoice;
  alpha?: string;
  tauMax?: string;
  from?: string;
  to?: string;
  partition: 'ckmeans' | 'kmeans-window';
  window?: string;
  seed?: string;
}

const STAGES: Record<EvolutionProgress['stage'], string> = {
  'k-cases': 'clusters per day (cases)',
  'k-deaths': 'clusters per day (deaths)',
  dendrograms: 'date dendrograms',
  offsets: 'consistency offsets',
  anomalies: 'anomalies',
};

/** Progress on stderr: a bar on a terminal, one line per stage otherwise. */
function progressReporter(quiet: boolean): { update: (p: EvolutionProgress) => void; stop: () => void } {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  if (!process.stderr.isTTY) {
    let last = '';
    return {
      update: (p) => {
        if (p.stage !== last) process.stderr.write(`epikit evolution: ${STAGES[p.stage]}…\n`);
        last = p.stage;
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({ format: 'epikit evolution {bar} {percentage}% | {stage}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update: (p) => {
      if (!started) bar.start(p.total, 0, { stage: STAGES[p.stage] });
      started = true;
      bar.setTotal(p.total);
      bar.update(p.done, { stage: STAGES[p.stage] });
    },
    stop: () => started && bar.stop(),
  };
}

export function evolutionCommand(): Command {
  return new Command('evolution')
    .description('cluster evolution of cases and deaths across countries (James & Menzies 2020): k curves, offsets, dendrograms, anomalies, report')
    .option('--data <file>', 'OWID or ECDC country file (default: the embedded 2019-12-31..2020-04-30 extract)')
    .addOption(new Option('--format <format>', 'format of --data').choices(['owid', 'ecdc', 'auto']).default('auto'))
    .option('--from <date>', 'first date (yyyy-mm-dd)')
    .option('--to <date>', 'last date (yyyy-mm-dd)')
    .option('--start <date...>', 'start dates of the consistency offsets (Table I)')
    .option('--alpha <number>', 'exponential smoothing constant of the k curves (default 0.5)')
    .option('--tau-max <days>', 'largest offset tried (default 60)')
    .addOption(new Option('--partition <how>', "daily clustering: Ckmeans on the day's counts, or k-means on w-day vectors (the paper's Appendix B)").choices(['ckmeans', 'kmeans-window']).default('ckmeans'))
    .option('--window <days>', 'window length w of --partition kmeans-window (default 3)')
    .option('--seed <integer>', 'seed of the k-means restarts (default 0)')
    .option('--out <dir>', 'directory for result.json and report.html', 'epikit-evolution')
    .option('--no-report', 'write result.json only')
    .option('--json', 'print the result as JSON on stdout')
    .addOption(new Option('--backend <backend>', 'kernel backend').choices(['native', 'wasm', 'auto']))
    .action(async (opts: EvolutionCliOptions) => {
      const backend = opts.backend;
      const range = { start: opts.from, end: opts.to };
      const series = opts.data
        ? await loadCountrySeries(opts.data, { format: opts.format, ...range })
        : await loadDefaultCountrySeries(range);
      const progress = progressReporter(false);
      const result = evolution(series.cases, series.deaths, {
        backend,
        startDates: opts.start,
        alpha: opts.alpha === undefined ? undefined : Number(opts.alpha),
        tauMax: opts.tauMax === undefined ? undefined : Number(opts.tauMax),
        partition: opts.partition,
        window: opts.window === undefined ? undefined : Number(opts.window),
        seed: opts.seed === undefined ? undefined : Number(opts.seed),
        onProgress: progress.update,
      });
      progress.stop();
      result.source = opts.data ? resolve(opts.data) : 'embedded: data/countries-2020/owid-2020-04.csv';
      result.backend = resolveBackend(backend);
      const dir = resolve(opts.out);
      const written = writeEvolutionReport(result, dir, { report: opts.report });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      const aff = result.consistency.find((c) => c.matrix === 'aff' && c.start === result.dates[0]);
      const lines = [
        `cluster evolution of ${result.regions.length} regions × ${result.dates.length} days (${result.dates[0]}..${result.dates[result.dates.length - 1]}), ${result.backend} backend`,
        `k̂ cases ${Math.min(...result.cases.kHat)}..${Math.max(...result.cases.kHat)}, deaths ${Math.min(...result.deaths.kHat)}..${Math.max(...result.deaths.kHat)}`,
        `series evolution offset δ = ${result.seriesOffset.delta} days (deaths behind cases)`,
        `cluster consistency offset τ (Aff, from ${result.dates[0]}) = ${aff ? aff.tau : 'n/a'} days`,
        `date groups, cases: ${result.cases.dendrogram.groups.map((g) => `${g.start}..${g.end}`).join(', ')}`,
        `date groups, deaths: ${result.deaths.dendrogram.groups.map((g) => `${g.start}..${g.end}`).join(', ')}`,
        `wrote ${written.json}${written.html ? ` and ${written.html}` : ''}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
