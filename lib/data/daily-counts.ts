/**
 * Cumulative → daily counts with the negative corrections clipped to 0 and counted per region
 * (panel.ts's cumulativeToDaily gives only the total count; the Hawkes inputs report them per
 * county). No Node built-ins: browser-safe.
 */
import { assertPanel, type Panel } from './panel.js';

/** Clipped corrections of one region. */
export interface ClippedRegion {
  region: string;
  name: string;
  /** Days whose difference was negative (set to 0). */
  days: number;
  /** Sum of the negative differences' magnitudes (cases removed by corrections, not subtracted). */
  amount: number;
}

export interface DailyCounts {
  /** Daily counts; quantity `total_X` → `new_X` (anything else gets a `new_` prefix). */
  panel: Panel;
  /** Days clipped in all regions. */
  clipped: number;
  /** Regions with at least one clipped day, in panel order. */
  clippedByRegion: ClippedRegion[];
}

/**
 * Daily counts from a cumulative panel: `daily[t] = cum[t] − cum[t−1]`, `daily[0] = cum[0]` when
 * `first` is `'total'` (default, as cumulativeToDaily in panel.ts: everything before the first
 * date is attributed to it) or 0 when `first` is `'zero'` (HawkPR's convention n(1) = 0). A
 * negative difference (a correction lowering the cumulative count) becomes 0 and is counted per
 * region; the daily series then sums to more than the last cumulative value by `amount`.
 *
 * Complexity: O(R·T).
 * @example
 * const p = { quantity: 'total_cases', regions: ['01001'], names: ['Autauga, Alabama'], dates: ['2020-03-01', '2020-03-02', '2020-03-03'], values: new Float64Array([2, 5, 4]) };
 * cumulativeToDailyByRegion(p).panel.values; // Float64Array [2, 3, 0]
 * cumulativeToDailyByRegion(p).clippedByRegion; // [{ region: '01001', name: 'Autauga, Alabama', days: 1, amount: 1 }]
 * @throws EpikitError (E_INPUT_*) when `panel` is not a well-formed Panel.
 */
export function cumulativeToDailyByRegion(panel: Panel, options: { first?: 'total' | 'zero' } = {}): DailyCounts {
  assertPanel('panel', panel);
  const zeroFirst = options.first === 'zero';
  const T = panel.dates.length;
  const src = panel.values;
  const out = new Float64Array(src.length);
  const clippedByRegion: ClippedRegion[] = [];
  let clipped = 0;
  for (let r = 0; r < panel.regions.length; r++) {
    const o = r * T;
    out[o] = zeroFirst ? 0 : src[o];
    let days = 0;
    let amount = 0;
    for (let t = 1; t < T; t++) {
      const d = src[o + t] - src[o + t - 1];
      if (d < 0) {
        days++;
        amount -= d;
        out[o + t] = 0;
      } else out[o + t] = d;
    }
    if (days > 0) {
      clipped += days;
      clippedByRegion.push({ region: panel.regions[r], name: panel.names[r], days, amount });
    }
  }
  const quantity = panel.quantity.startsWith('total_') ? `new_${panel.quantity.slice('total_'.length)}` : `new_${panel.quantity}`;
  return { panel: { quantity, regions: panel.regions.slice(), names: panel.names.slice(), dates: panel.dates.slice(), values: out }, clipped, clippedByRegion };
}
