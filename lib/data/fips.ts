/**
 * US county FIPS codes: normalisation to the 5-character zero-padded form every county loader
 * uses as its region id, and the test for a real county code (not a state or national
 * aggregate, not an "unallocated" pseudo-county). No Node built-ins: browser-safe.
 */

/** 1–5 digits, optionally followed by `.0…` (pandas writes integer columns with NaN as floats). */
const FIPS_TEXT = /^(\d{1,5})(?:\.0*)?$/;

/**
 * A FIPS cell as a 5-character code: digit strings of 1–5 digits ("1001", "01001", "1001.0")
 * and non-negative integers are zero-padded to 5. Anything else (empty, letters, 6+ digits,
 * negative, fractional) is `undefined`.
 *
 * Complexity: O(1).
 * @example
 * normalizeFips('1001');   // '01001'
 * normalizeFips(6037);     // '06037'
 * normalizeFips('1001.0'); // '01001'
 * normalizeFips('NYC');    // undefined
 */
export function normalizeFips(value: string | number): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= 99999 ? String(value).padStart(5, '0') : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const m = FIPS_TEXT.exec(value.trim());
  return m ? m[1].padStart(5, '0') : undefined;
}

/**
 * Whether a normalised 5-character FIPS names a county (or county equivalent): the state part
 * (first two digits) is not `00` and the county part (last three) is not `000`. USAFacts'
 * "Statewide Unallocated" rows (FIPS 0), its cruise-ship rows (e.g. 6000) and state totals
 * (SS000) are not counties.
 *
 * Complexity: O(1).
 * @example
 * isCountyFips('01001'); // true
 * isCountyFips('00000'); // false (USAFacts "Statewide Unallocated")
 * isCountyFips('06000'); // false (USAFacts "Grand Princess Cruise Ship")
 */
export function isCountyFips(fips: string): boolean {
  return /^\d{5}$/.test(fips) && !fips.startsWith('00') && !fips.endsWith('000');
}

/**
 * The two-digit state part of a 5-character FIPS.
 *
 * Complexity: O(1).
 * @example
 * fipsState('06037'); // '06'
 */
export function fipsState(fips: string): string {
  return fips.slice(0, 2);
}
