/**
 * The data of `epikit forecast` and `epikit backtest`: county counts (NYT long file, or a wide
 * HawkPR / USAFacts file), Google mobility and county covariates from files, or the paper-era
 * extracts shipped in the repository's data/ (NYT daily counts, HawkPR's Demo covariates, Google
 * mobility, 2020-02-15..2020-05-20/21 — the window of the paper's backtest). Node only.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EpikitError } from '../errors.js';
import { loadCountyTable } from '../data/load-county-table.js';
import { loadGoogleMobility, type CountyMobility } from '../data/load-google-mobility.js';
import { loadNytCounties } from '../data/load-nyt-counties.js';
import { loadWideCountySeries } from '../data/load-wide-county-series.js';
import type { Panel } from '../data/panel.js';
import type { Table } from '../data/table.js';

const packageRoot = new URL('../../', import.meta.url);

/** The paper-era extracts (repository data/, not in the npm package: NYT data are CC BY-NC, Google's under its terms). */
export const PAPER_ERA_FILES = {
  cases: 'data/us-counties-nyt/paper-era/NYT_Dconfirmed.csv',
  deaths: 'data/us-counties-nyt/paper-era/NYT_Ddeath.csv',
  casesCovariates: 'data/us-counties-nyt/paper-era/Demo_Dconfirmed.csv',
  deathsCovariates: 'data/us-counties-nyt/paper-era/Demo_Ddeath-by-fips.csv',
  mobility: 'data/us-counties-mobility/mobility-paper-era.csv',
} as const;

export interface HawkesDataOptions {
  /** Counts file; omitted: the paper-era extracts. */
  data?: string;
  /** For wide files: daily or cumulative (HawkPR's paper-era files are daily, USAFacts cumulative). */
  kind?: 'daily' | 'cumulative';
  mobility?: string;
  covariates?: string;
  /** Do not load mobility / covariates (also skips the embedded ones). */
  noMobility?: boolean;
  noCovariates?: boolean;
}

export interface HawkesData {
  target: 'cases' | 'deaths';
  counts: Panel;
  countsKind: 'daily' | 'cumulative';
  mobility?: CountyMobility;
  covariates?: Table;
  /** Files read, for the report. */
  sources: { counts: string; mobility?: string; covariates?: string };
  /** What the loaders dropped or filled, in words. */
  notes: string[];
  embedded: boolean;
  /** 'embedded' (paper-era wide daily files), 'nyt' (long, both targets) or 'wide' (one quantity per file). */
  format: 'embedded' | 'nyt' | 'wide';
}

function packageFile(relative: string): string {
  const path = fileURLToPath(new URL(relative, packageRoot));
  if (!existsSync(path)) {
    throw new EpikitError(
      'E_DATA_FORMAT',
      `${relative}: not found. The paper-era county data ship in the epikit repository's data/ folder, not in the npm package (NYT data are CC BY-NC 4.0, Google mobility under Google's terms): pass --data (and --mobility, --covariates), or run from a clone of the repository`,
      { file: path },
    );
  }
  return path;
}

/** The first line of a file (its header). */
function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads the counts of `target` and, unless turned off, mobility and covariates. A NYT long file
 * (header date,county,state,fips,cases,deaths) is recognised from its header; anything else
 * goes to the wide loader (HawkPR or USAFacts shape).
 * @throws EpikitError from the loaders (file, line, column), E_DATA_FORMAT for a missing file.
 */
export async function loadHawkesData(target: 'cases' | 'deaths', options: HawkesDataOptions): Promise<HawkesData> {
  const notes: string[] = [];
  const embedded = options.data === undefined;
  let counts: Panel;
  let countsKind: 'daily' | 'cumulative';
  let countsSource: string;
  let format: HawkesData['format'] = 'embedded';
  if (embedded) {
    const file = packageFile(PAPER_ERA_FILES[target]);
    const series = await loadWideCountySeries(file, { kind: 'daily', quantity: target, source: PAPER_ERA_FILES[target] });
    counts = series.panel;
    countsKind = 'daily';
    countsSource = `${PAPER_ERA_FILES[target]} (embedded paper-era NYT daily ${target})`;
    if (series.dropped.length) notes.push(`${series.dropped.length} rows of ${PAPER_ERA_FILES[target]} are not counties (dropped)`);
  } else {
    const file = resolve(options.data as string);
    countsSource = file;
    if (existsSync(file) && /^date,county,state,fips,cases,deaths$/i.test(firstLine(file).trim())) {
      format = 'nyt';
      const nyt = await loadNytCounties(file);
      counts = nyt[target];
      countsKind = 'cumulative';
      if (nyt.dropped.length) notes.push(`NYT rows without FIPS dropped: ${nyt.dropped.map((d) => `${d.county}, ${d.state} (${d.rows})`).join('; ')}`);
      if (nyt.filled.length) notes.push(`${nyt.filled.length} counties had missing days filled by carrying the cumulative count forward`);
    } else {
      format = 'wide';
      const series = await loadWideCountySeries(file, { kind: options.kind, quantity: target });
      counts = series.panel;
      countsKind = series.kind;
      if (series.dropped.length) notes.push(`${series.dropped.length} rows are not counties (dropped): ${series.dropped.slice(0, 5).map((d) => `${d.fips} ${d.name}`).join('; ')}${series.dropped.length > 5 ? ', …' : ''}`);
      const m = series.missing;
      if (m.leading + m.carried + m.zeroed > 0) notes.push(`empty cells filled: ${m.leading} leading zeros, ${m.carried} carried forward, ${m.zeroed} zeroed`);
    }
  }
  let mobility: CountyMobility | undefined;
  let mobilitySource: string | undefined;
  if (!options.noMobility && (options.mobility !== undefined || embedded)) {
    const file = options.mobility !== undefined ? resolve(options.mobility) : packageFile(PAPER_ERA_FILES.mobility);
    const m = await loadGoogleMobility(file);
    mobility = m.mobility;
    mobilitySource = options.mobility !== undefined ? file : `${PAPER_ERA_FILES.mobility} (embedded Google mobility)`;
  }
  let covariates: Table | undefined;
  let covariatesSource: string | undefined;
  if (!options.noCovariates && (options.covariates !== undefined || embedded)) {
    const relative = target === 'cases' ? PAPER_ERA_FILES.casesCovariates : PAPER_ERA_FILES.deathsCovariates;
    const file = options.covariates !== undefined ? resolve(options.covariates) : packageFile(relative);
    covariates = (await loadCountyTable(file)).table;
    covariatesSource = options.covariates !== undefined ? file : `${relative} (embedded HawkPR Demo covariates)`;
  }
  return { target, counts, countsKind, mobility, covariates, sources: { counts: countsSource, mobility: mobilitySource, covariates: covariatesSource }, notes, embedded, format };
}
