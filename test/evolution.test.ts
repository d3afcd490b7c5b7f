// The cluster-evolution method end to end on the embedded 2019-12-31..2020-04-30 country data,
// against the numbers printed in James & Menzies (Chaos 30, 061108, 2020) that the reference
// notes confirm on this data, and identical on both backends.
import { beforeAll, describe, expect, it } from 'vitest';
import { EpikitError, loadDefaultCountrySeries, type Panel } from '../lib/index.js';
import { evolution } from '../lib/evolution/evolution.js';
import type { EvolutionResult } from '../lib/evolution/evolution-result.js';
import { backendsUnderTest, parityBackends, relDiff } from './helpers/backends.js';

let cases: Panel;
let deaths: Panel;
const results = new Map<string, EvolutionResult>();

beforeAll(async () => {
  ({ cases, deaths } = await loadDefaultCountrySeries());
  for (const backend of new Set([...backendsUnderTest(), ...parityBackends()])) {
    results.set(backend, evolution(cases, deaths, { backend }));
  }
}, 120_000);

const ldr = (r: EvolutionResult, id: string, date: string) => r.ldr.values[r.ldr.regions.indexOf(id)][r.dates.indexOf(date)];

describe.each(backendsUnderTest())('evolution on the embedded 2020 data (%s)', (backend) => {
  it('finds the paper cluster consistency offset τ = 16 for Aff from 2019-12-31', () => {
    const r = results.get(backend)!;
    expect(r.consistency.find((c) => c.matrix === 'aff' && c.start === '2019-12-31')?.tau).toBe(16);
    // Table I's later start dates give τ within a few days of 16 for every matrix type.
    for (const c of r.consistency) expect(Math.abs(c.tau - 16)).toBeLessThanOrEqual(4);
  });

  it('reproduces the paper lag-adjusted death rates at τ = 16 (Italy, Qatar, Australia, UK)', () => {
    const r = results.get(backend)!;
    expect(r.ldr.tau).toBe(16);
    expect(ldr(r, 'ITA', '2020-03-28')).toBeCloseTo(0.733, 3);
    expect(ldr(r, 'QAT', '2020-04-27')).toBeCloseTo(0.00398, 5);
    expect(ldr(r, 'AUS', '2020-04-27')).toBeCloseTo(0.0133, 4);
    expect(ldr(r, 'GBR', '2020-04-27')).toBeCloseTo(0.342, 3);
  });

  it('ranks the anomalous countries of Table II on 2020-02-27 and 2020-03-28', () => {
    const r = results.get(backend)!;
    const top = (date: string) => r.anomalies.dates.find((d) => d.date === date)!.top.map((x) => x.region);
    // Paper 02/27: IR SG MY IT AU US DE UK AE CA — the same ten countries.
    expect(new Set(top('2020-02-27'))).toEqual(new Set(['IRN', 'SGP', 'MYS', 'ITA', 'AUS', 'USA', 'DEU', 'GBR', 'ARE', 'CAN']));
    // Paper 03/28: QA ES TR UK SG KR AE BY US IT — Qatar first, nine of ten shared.
    expect(top('2020-03-28')[0]).toBe('QAT');
    const shared = top('2020-03-28').filter((id) => ['QAT', 'ESP', 'TUR', 'GBR', 'SGP', 'KOR', 'ARE', 'BLR', 'USA', 'ITA'].includes(id));
    expect(shared.length).toBeGreaterThanOrEqual(9);
    for (const d of r.anomalies.dates) for (const row of d.top) expect(r.lastCases[r.regions.indexOf(row.region)]).toBeGreaterThanOrEqual(5000);
  });

  it('has the smoothed k ranges and the series offset of the paper to within the reconstruction', () => {
    const r = results.get(backend)!;
    expect(Math.min(...r.cases.kHat)).toBe(2);
    expect(Math.min(...r.deaths.kHat)).toBe(1);
    expect(Math.max(...r.cases.kHat)).toBeGreaterThanOrEqual(14);
    expect(Math.max(...r.cases.kHat)).toBeLessThanOrEqual(20);
    // Paper: δ = 32; the smoothing constant is not published (α = 0.5 here gives 36).
    expect(r.seriesOffset.delta).toBeGreaterThanOrEqual(28);
    expect(r.seriesOffset.delta).toBeLessThanOrEqual(40);
    expect(r.seriesOffsetByStart.map((s) => s.start)).toEqual(['2019-12-31', '2020-01-13', '2020-01-21', '2020-01-31']);
    expect(r.seriesOffsetByStart[0].delta).toBe(r.seriesOffset.delta);
  });

  it('splits each date dendrogram into contiguous groups after the identical leading days', () => {
    const r = results.get(backend)!;
    for (const s of [r.cases, r.deaths]) {
      const g = s.dendrogram.groups;
      expect(g.length).toBe(3);
      expect(g[0].start).toBe(r.dates[s.dendrogram.firstDay]);
      expect(g[g.length - 1].end).toBe('2020-04-30');
      expect(g.reduce((a, x) => a + x.size, 0)).toBe(r.dates.length - s.dendrogram.firstDay);
    }
    // The deaths partitions start changing no earlier than the cases partitions.
    expect(r.cases.dendrogram.firstDay).toBeGreaterThan(0);
  });

  it('gives the same result twice', () => {
    const again = evolution(cases, deaths, { backend });
    const { timings: _a, ...x } = again;
    const { timings: _b, ...y } = results.get(backend)!;
    expect(x).toEqual(y);
  });
});

describe('evolution: parity between backends', () => {
  it('native and wasm agree on every discrete output and within 1e-9 on floats', () => {
    const [a, b] = parityBackends().map((bk) => results.get(bk)!);
    if (!b) return;
    expect(a.cases.kHat).toEqual(b.cases.kHat);
    expect(a.deaths.kHat).toEqual(b.deaths.kHat);
    expect(a.cases.display).toEqual(b.cases.display);
    expect(a.seriesOffset.delta).toBe(b.seriesOffset.delta);
    expect(a.consistency.map((c) => c.tau)).toEqual(b.consistency.map((c) => c.tau));
    for (let i = 0; i < a.consistency.length; i++) {
      a.consistency[i].objective.forEach((v, j) => expect(relDiff(v, b.consistency[i].objective[j])).toBeLessThan(1e-9));
    }
    expect(a.anomalies.dates.map((d) => d.top.map((x) => x.region))).toEqual(b.anomalies.dates.map((d) => d.top.map((x) => x.region)));
    expect(a.cases.dendrogram.groups).toEqual(b.cases.dendrogram.groups);
  });
});

describe('evolution: bad input', () => {
  it('needs at least 3 shared regions', () => {
    const small = (p: Panel): Panel => ({ ...p, regions: p.regions.slice(0, 2), names: p.names.slice(0, 2), values: p.values.slice(0, 2 * p.dates.length) });
    expect(() => evolution(small(cases), small(deaths))).toThrow(/share 2 regions: the method needs at least 3/);
  });

  it('names bad options', () => {
    expect(() => evolution(cases, deaths, { startDates: ['2021-01-01'] })).toThrow(/options.startDates\[0\] "2021-01-01" is not a date of the data/);
    expect(() => evolution(cases, deaths, { alpha: 2 })).toThrow(EpikitError);
    expect(() => evolution(cases, deaths, { matrices: ['gauss' as never] })).toThrow(/options.matrices\[0\]/);
  });
});
