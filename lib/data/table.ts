/**
 * Table: regions × features of static values (county covariates, societal variables), packed
 * row-major in a Float64Array with NaN marking a missing value. No Node built-ins: browser-safe.
 */

/**
 * Regions × features.
 *
 * - `regions`: region ids, unique (5-character zero-padded FIPS codes for US counties).
 * - `names`: display names, one per region (e.g. "Autauga County, AL"; the id when unknown).
 * - `features`: feature (column) names, unique.
 * - `values`: `regions.length × features.length`, row-major: `values[r * features.length + f]`;
 *   NaN where the source had no value (the missing-value mask).
 */
export interface Table {
  regions: string[];
  names: string[];
  features: string[];
  values: Float64Array;
}
