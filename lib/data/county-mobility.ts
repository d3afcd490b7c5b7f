/** The county mobility type (Google Community Mobility Reports by FIPS) and its categories. Browser-safe. */

/** The six CMR categories, in Google's (and HawkPR's) order. */
export const MOBILITY_TYPES = ['retail', 'grocery', 'parks', 'transit', 'workplaces', 'residential'] as const;
export type MobilityType = (typeof MOBILITY_TYPES)[number];

/** Google's column for each type in the official files. */
export const GOOGLE_MOBILITY_COLUMNS: Readonly<Record<MobilityType, string>> = {
  retail: 'retail_and_recreation_percent_change_from_baseline',
  grocery: 'grocery_and_pharmacy_percent_change_from_baseline',
  parks: 'parks_percent_change_from_baseline',
  transit: 'transit_stations_percent_change_from_baseline',
  workplaces: 'workplaces_percent_change_from_baseline',
  residential: 'residential_percent_change_from_baseline',
};

/**
 * Counties × consecutive days × the six mobility types (percent change from baseline).
 * Like a {@link Panel} per type, but NaN marks "not reported" (so assertPanel would reject it).
 *
 * - `values[(r * dates.length + t) * 6 + k]` for county r, day t, type `types[k]` (type fastest).
 */
export interface CountyMobility {
  regions: string[];
  names: string[];
  dates: string[];
  types: readonly MobilityType[];
  values: Float64Array;
}

