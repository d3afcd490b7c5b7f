/**
 * Node loader for counties × variables CSV files: streams a file from disk into
 * readCountyTable, and the embedded default matrix
 * data/us-counties-features/reduced_monthly_county_matrix_2020-03_to_2020-08.csv.
 */
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { openDataFile } from './csv-file.js';
import { EpikitError, describeValue } from '../errors.js';
import type { CsvParserFactory } from './csv-text-stream.js';
import { readCountyTable, type CountyTable, type ParseCountyTableOptions } from './parse-county-table.js';

/** The package root: lib/data and dist/data are both two levels below it. */
const packageRoot = new URL('../../', import.meta.url);

/** Path of the embedded default inside the package. */
export const DEFAULT_COUNTY_TABLE_FILE = 'data/us-counties-features/reduced_monthly_county_matrix_2020-03_to_2020-08.csv';

/** Absolute path of the embedded default (3,142 counties × 56 numeric variables; source in data/SOURCES.md). */
export const DEFAULT_COUNTY_TABLE_PATH = fileURLToPath(new URL(DEFAULT_COUNTY_TABLE_FILE, packageRoot));

/** The COVID-19 columns of the embedded default (defined with the preprocessing that weights them). */
export { COVID_RATE_COLUMN_PATTERN } from '../nmfk/preprocess.js';

/**
 * Loads a counties × variables CSV keyed by FIPS: see parseCountyTable for the rules and
 * options. `options.source` defaults to the path. A missing or unreadable file is an EpikitError
 * E_DATA_FORMAT naming the path.
 *
 * Complexity: O(file size) time; the file is streamed in 1 MiB chunks, memory O(rows × columns).
 * @example
 * const { table, report } = await loadCountyTable('svi.csv', { missingValues: ['-999'] });
 * @throws EpikitError E_DATA_FORMAT (file, format), E_INPUT_RANGE (options).
 */
export async function loadCountyTable(path: string | URL, options: ParseCountyTableOptions = {}): Promise<CountyTable> {
  const { file, stream } = await openDataFile(path, 'a counties × variables CSV file keyed by FIPS');
  try {
    return await readCountyTable(parse as unknown as CsvParserFactory, stream as AsyncIterable<Uint8Array>, { ...options, source: options.source ?? file });
  } finally {
    stream.destroy();
  }
}

/**
 * The embedded default: 3,142 US counties × 56 numeric variables — 44 static features of the
 * Haratian et al. data set (population, density, age bands, hospital/ICU/ventilator ratios,
 * income, GDP, education, smokers, diabetes, insured, religion, party, airports, meat plants, …)
 * and monthly new COVID-19 cases and deaths per 100k (USAFacts), March–August 2020. Source and
 * licence: data/SOURCES.md. Options as for loadCountyTable (`columns`, `exclude`, …).
 *
 * Complexity: about 1.3 MB read.
 * @example
 * const { table } = await loadDefaultCountyTable();
 * table.regions.length; // 3142
 */
export function loadDefaultCountyTable(options: Omit<ParseCountyTableOptions, 'source'> = {}): Promise<CountyTable> {
  return loadCountyTable(DEFAULT_COUNTY_TABLE_PATH, { ...options, source: DEFAULT_COUNTY_TABLE_FILE });
}
