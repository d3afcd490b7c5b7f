// Panel helpers on small hand-made panels.
import { describe, expect, it } from 'vitest';
import { EpikitError } from '../lib/errors.js';
import {
  alignPanels,
  assertPanel,
  calendarDay,
  cumulativeToDaily,
  dayToIsoDate,
  decreases,
  isoDateRange,
  isoDateToDay,
  makeMonotone,
  panelRow,
  panelValue,
  slicePanel,
  type Panel,
} from '../lib/data/panel.js';

const DATES = ['2020-02-27', '2020-02-28', '2020-02-29', '2020-03-01'];

/** Regions A, B, C over 4 days; B drops once (7 → 6), C drops twice. */
function cumulative(): Panel {
  return {
    quantity: 'total_cases',
    regions: ['A', 'B', 'C'],
    names: ['Aland', 'Bland', 'Cland'],
    dates: DATES.slice(),
    values: new Float64Array([
      0, 1, 3, 3, //
      5, 7, 6, 8, //
      4, 2, 9, 1,
    ]),
  };
}

function expectError(fn: () => unknown, code: string, ...contains: (string | RegExp)[]): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected an EpikitError').toBeInstanceOf(EpikitError);
  expect((thrown as EpikitError).code).toBe(code);
  for (const c of contains) expect((thrown as EpikitError).message).toMatch(c);
}

describe('ISO dates', () => {
  it('converts both ways, rejects impossible dates and lists consecutive days across month ends', () => {
    expect(isoDateToDay('1970-01-01')).toBe(0);
    expect(isoDateToDay('2020-04-30')).toBe(18382);
    expect(dayToIsoDate(18382)).toBe('2020-04-30');
    expect(isoDateToDay('2020-02-30')).toBeUndefined();
    expect(isoDateToDay('2020-4-30')).toBeUndefined();
    expect(calendarDay(2021, 2, 29)).toBeUndefined();
    expect(calendarDay(2020, 2, 29)).toBe(isoDateToDay('2020-02-29'));
    expect(isoDateRange(isoDateToDay('2020-02-27')!, 4)).toEqual(DATES);
  });
});

describe('assertPanel', () => {
  it('accepts a well-formed panel and names the faulty part of a bad one', () => {
    expect(assertPanel('p', cumulative())).toBeTruthy();
    expectError(() => assertPanel('p', null), 'E_INPUT_TYPE', 'p must be a Panel');
    expectError(() => assertPanel('p', { ...cumulative(), values: [1, 2] }), 'E_INPUT_TYPE', 'p.values must be a Float64Array');
    expectError(() => assertPanel('p', { ...cumulative(), values: new Float64Array(11) }), 'E_INPUT_SHAPE', 'p.values has length 11', '3 × 4 = 12');
    expectError(() => assertPanel('p', { ...cumulative(), names: ['x'] }), 'E_INPUT_SHAPE', 'p.names has 1 entries');
    expectError(() => assertPanel('p', { ...cumulative(), regions: ['A', 'B', 'A'] }), 'E_INPUT_RANGE', 'p.regions[2] is "A", already at index 0');
    expectError(() => assertPanel('p', { ...cumulative(), dates: ['2020-02-27', '2020-02-28', '2020-03-01', '2020-03-02'] }), 'E_INPUT_RANGE', 'p.dates[2] is "2020-03-01": expected 2020-02-29');
    expectError(() => assertPanel('p', { ...cumulative(), dates: [] , values: new Float64Array(0) }), 'E_INPUT_EMPTY', 'p.dates is empty');
    const nan = cumulative();
    nan.values[5] = NaN;
    expectError(() => assertPanel('p', nan), 'E_INPUT_NAN', 'region "B", date 2020-02-28 is NaN');
  });
});

describe('panelValue and panelRow', () => {
  it('read by id or index; a row is a view into values', () => {
    const p = cumulative();
    expect(panelValue(p, 'B', '2020-02-29')).toBe(6);
    expect(panelValue(p, 1, 2)).toBe(6);
    expect(Array.from(panelRow(p, 'C'))).toEqual([4, 2, 9, 1]);
    const row = panelRow(p, 0);
    row[3] = 42;
    expect(p.values[3]).toBe(42);
    expect(row.buffer).toBe(p.values.buffer);
  });

  it('reject unknown regions and dates, naming the value', () => {
    const p = cumulative();
    expectError(() => panelValue(p, 'Z', '2020-02-27'), 'E_INPUT_RANGE', 'region is "Z"');
    expectError(() => panelValue(p, 'A', '2020-03-02'), 'E_INPUT_RANGE', 'date is 2020-03-02: outside the panel\'s dates 2020-02-27..2020-03-01');
    expectError(() => panelValue(p, 'A', '02/03/2020'), 'E_INPUT_RANGE', 'expected an ISO date');
    expectError(() => panelRow(p, 3), 'E_INPUT_RANGE', 'region is 3: expected a row index in [0, 2]');
    expectError(() => panelRow(p, 1.5), 'E_INPUT_TYPE', 'region must be a region id');
  });
});

describe('cumulativeToDaily', () => {
  it('differences each row, keeps the first value, clips negative differences to 0 and counts them', () => {
    const { panel, clipped } = cumulativeToDaily(cumulative());
    expect(panel.quantity).toBe('new_cases');
    expect(Array.from(panel.values)).toEqual([0, 1, 2, 0, 5, 2, 0, 2, 4, 0, 7, 0]);
    expect(clipped).toBe(3);
    expect(panel.regions).toEqual(['A', 'B', 'C']);
    expect(panel.dates).toEqual(DATES);
    expect(cumulativeToDaily({ ...cumulative(), quantity: 'deaths' }).panel.quantity).toBe('new_deaths');
  });
});

describe('decreases', () => {
  it('lists every day below the day before, with region, name and both values', () => {
    expect(decreases(cumulative())).toEqual([
      { region: 'B', name: 'Bland', date: '2020-02-29', previous: 7, value: 6 },
      { region: 'C', name: 'Cland', date: '2020-02-28', previous: 4, value: 2 },
      { region: 'C', name: 'Cland', date: '2020-03-01', previous: 9, value: 1 },
    ]);
  });
});

describe('makeMonotone', () => {
  it("'cummax' keeps the running maximum forward", () => {
    const p = cumulative();
    const m = makeMonotone(p, 'cummax');
    expect(Array.from(m.values)).toEqual([0, 1, 3, 3, 5, 7, 7, 8, 4, 4, 9, 9]);
    expect(decreases(m)).toEqual([]);
    expect(Array.from(p.values)).toEqual(Array.from(cumulative().values)); // input untouched
  });

  it("'backward' lowers earlier values to the later ones (running minimum from the end)", () => {
    const m = makeMonotone(cumulative(), 'backward');
    expect(Array.from(m.values)).toEqual([0, 1, 3, 3, 5, 6, 6, 8, 1, 1, 1, 1]);
    expect(decreases(m)).toEqual([]);
  });

  it('rejects an unknown mode', () => {
    expectError(() => makeMonotone(cumulative(), 'max' as never), 'E_INPUT_RANGE', 'mode is "max"', '"cummax", "backward"');
  });
});

describe('slicePanel', () => {
  it('keeps a date window and the listed regions in the order given', () => {
    const s = slicePanel(cumulative(), { start: '2020-02-28', end: '2020-02-29', regions: ['C', 'A'] });
    expect(s.regions).toEqual(['C', 'A']);
    expect(s.names).toEqual(['Cland', 'Aland']);
    expect(s.dates).toEqual(['2020-02-28', '2020-02-29']);
    expect(Array.from(s.values)).toEqual([2, 9, 1, 3]);
  });

  it('clamps bounds to the panel and copies (no shared buffer)', () => {
    const p = cumulative();
    const s = slicePanel(p, { start: '2019-01-01' });
    expect(s.dates).toEqual(DATES);
    s.values[0] = 99;
    expect(p.values[0]).toBe(0);
  });

  it('names bad arguments', () => {
    const p = cumulative();
    expectError(() => slicePanel(p, { regions: ['A', 'Q'] }), 'E_INPUT_RANGE', 'regions[1] is "Q"');
    expectError(() => slicePanel(p, { regions: ['A', 'A'] }), 'E_INPUT_RANGE', 'listed twice');
    expectError(() => slicePanel(p, { regions: [] }), 'E_INPUT_EMPTY', 'regions is empty');
    expectError(() => slicePanel(p, { start: '2020-03-05' }), 'E_INPUT_RANGE', 'contains none of the panel');
    expectError(() => slicePanel(p, { start: '2020-03-01', end: '2020-02-28' }), 'E_INPUT_RANGE', 'start 2020-03-01 is after end 2020-02-28');
    expectError(() => slicePanel(p, { end: 'March' }), 'E_INPUT_RANGE', 'end is "March"');
  });
});

describe('alignPanels', () => {
  it('restricts both panels to shared regions (in a’s order) and shared dates', () => {
    const a = cumulative();
    const b: Panel = {
      quantity: 'total_deaths',
      regions: ['C', 'X', 'A'],
      names: ['Cland', 'Xland', 'Aland'],
      dates: ['2020-02-29', '2020-03-01', '2020-03-02'],
      values: new Float64Array([1, 2, 3, 10, 20, 30, 7, 8, 9]),
    };
    const { a: a2, b: b2 } = alignPanels(a, b);
    expect(a2.regions).toEqual(['A', 'C']);
    expect(b2.regions).toEqual(['A', 'C']);
    expect(a2.dates).toEqual(['2020-02-29', '2020-03-01']);
    expect(b2.dates).toEqual(a2.dates);
    expect(Array.from(a2.values)).toEqual([3, 3, 9, 1]);
    expect(Array.from(b2.values)).toEqual([7, 8, 1, 2]);
    expect(b2.quantity).toBe('total_deaths');
  });

  it('refuses panels without a shared region or date', () => {
    const a = cumulative();
    expectError(() => alignPanels(a, { ...a, regions: ['X', 'Y', 'Z'] }), 'E_INPUT_EMPTY', 'share no region');
    expectError(() => alignPanels(a, { ...a, dates: isoDateRange(isoDateToDay('2021-01-01')!, 4) }), 'E_INPUT_EMPTY', 'share no date');
    expectError(() => alignPanels(a, { ...a, values: new Float64Array(3) }), 'E_INPUT_SHAPE', 'b.values has length 3');
  });
});
