/**
 * Node loader for country files: streams an OWID or ECDC file from disk into
 * parseCountrySeries (so a 100 MB owid-covid-data.csv is never held whole in memory), and the
 * embedded default extract data/countries-2020/owid-2020-04.csv.
 */
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { openDataFile } from './csv-file.js';
import { EpikitError, describeValue } from '../errors.js';
import { readCountrySeries, type CountrySeries, type ParseCountrySeriesOptions } from './parse-country-series.js';

/** The package root: lib/data and dist/data are both two levels below it. */
const packageRoot = new URL('../../', import.meta.url);

/** Absolute path of the embedded default extract (OWID shape, 2019-12-31..2020-04-30, 207 entities). */
export const DEFAULT_COUNTRY_SERIES_PATH = fileURLToPath(new URL('data/countries-2020/owid-2020-04.csv', packageRoot));

/**
 * Loads an OWID (`owid-covid-data.csv` shape) or ECDC (daily `dateRep;…` shape) country file
 * as two cumulative panels: see parseCountrySeries for the rules and options. The format is
 * detected from the header unless `options.format` says; `options.source` defaults to the path.
 * A missing or unreadable file is an EpikitError E_DATA_FORMAT naming the path.
 *
 * Complexity: O(file size + R·T) time; memory O(kept rows + R·T), the file is streamed in 1 MiB chunks.
 * @example
 * const { cases, deaths } = await loadCountrySeries('owid-covid-data.csv', { end: '2020-04-30' });
 */
export async function loadCountrySeries(path: string | URL, options: ParseCountrySeriesOptions = {}): Promise<CountrySeries> {
  const { file, stream } = await openDataFile(path, 'an OWID or ECDC country CSV file');
  try {
    return await readCountrySeries(parse, stream as AsyncIterable<Uint8Array>, { ...options, source: options.source ?? file });
  } finally {
    stream.destroy();
  }
}

/**
 * The embedded default: data/countries-2020/owid-2020-04.csv, the ECDC data of 2019-12-31 to
 * 2020-04-30 in OWID's shape (207 entities = 206 countries/territories + "International";
 * source and licence in data/SOURCES.md). Options as for loadCountrySeries (`start`, `end`,
 * `monotone`, `include`, `exclude`).
 *
 * Complexity: O(25,254 rows); about 1 MB read.
 * @example
 * const { cases, corrections } = await loadDefaultCountrySeries();
 * cases.regions.length; // 207
 * corrections.cases.length; // 3 (ESP 2020-04-19, JPG11668 "International" 2020-03-10, LTU 2020-04-29)
 */
export function loadDefaultCountrySeries(options: Omit<ParseCountrySeriesOptions, 'format' | 'source'> = {}): Promise<CountrySeries> {
  return loadCountrySeries(DEFAULT_COUNTRY_SERIES_PATH, { ...options, format: 'owid', source: 'data/countries-2020/owid-2020-04.csv' });
}
