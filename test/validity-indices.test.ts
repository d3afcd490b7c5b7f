import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EpikitError } from '../lib/errors.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { validityIndices, type IndexVariant, type ValidityIndices } from '../lib/cluster/validity-indices.js';
import { backendsUnderTest, parityBackends, relDiff } from './helpers/backends.js';

const NAMES = ['ptbiserial', 'silhouette', 'kl', 'cindex', 'mcclain', 'dunn'] as const;

/** Same number, NaN equal to NaN, ±Infinity equal to itself, else within `tol` (relDiff). */
function close(a: number, b: number, tol = 1e-12): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return relDiff(a, b) <= tol;
}

function expectIndices(got: ValidityIndices, want: ValidityIndices, tol = 1e-12): void {
  for (const name of NAMES) {
    if (!close(got[name], want[name], tol)) {
      throw new Error(`${name}: got ${got[name]}, expected ${want[name]}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Independent brute-force implementation of every formula (pair loops, no shared code).
// ---------------------------------------------------------------------------------------------

type Forms = Record<'ptbiserial' | 'silhouette' | 'cindex' | 'mcclain', IndexVariant>;

function dist(a: number[], b: number[]): number {
  return Math.hypot(...a.map((v, t) => v - b[t]));
}

function clustersOf(labels: number[]): number[][] {
  const k = Math.max(...labels) + 1;
  const out: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((c, i) => out[c].push(i));
  return out;
}

function wss(x: number[][], labels: number[]): number {
  let w = 0;
  for (const members of clustersOf(labels)) {
    const centre = x[0].map((_, t) => members.reduce((s, i) => s + x[i][t], 0) / members.length);
    for (const i of members) w += x[i].reduce((s, v, t) => s + (v - centre[t]) ** 2, 0);
  }
  return w;
}

function bruteForce(x: number[][], labels: number[], prev: number[] | null, next: number[] | null, forms: Forms): ValidityIndices {
  const n = x.length;
  const p = x[0].length;
  const clusters = clustersOf(labels);
  const k = clusters.length;
  const within: number[] = [];
  const between: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dij = dist(x[i], x[j]);
      (labels[i] === labels[j] ? within : between).push(dij);
      all.push(dij);
    }
  }
  const sum = (v: number[]) => v.reduce((s, a) => s + a, 0);
  const mean = (v: number[]) => sum(v) / v.length;

  // Point-biserial.
  let ptbiserial = NaN;
  if (within.length > 0 && between.length > 0) {
    const m = mean(all);
    const ss = sum(all.map((v) => (v - m) ** 2));
    const sd = Math.sqrt(ss / (forms.ptbiserial === 'textbook' ? all.length : all.length - 1));
    const pb = between.length / all.length;
    ptbiserial = ((mean(between) - mean(within)) * Math.sqrt(pb * (1 - pb))) / sd;
  }

  // Silhouette: s(i) from per-point averages.
  const s: number[] = [];
  for (let i = 0; i < n; i++) {
    const own = clusters[labels[i]];
    if (own.length === 1) {
      s.push(NaN); // singleton marker, resolved per form below
      continue;
    }
    const a = sum(own.map((j) => dist(x[i], x[j]))) / (own.length - 1);
    let b = Infinity;
    clusters.forEach((members, c) => {
      if (c !== labels[i]) b = Math.min(b, mean(members.map((j) => dist(x[i], x[j]))));
    });
    s.push(forms.silhouette === 'textbook' && a === b ? 0 : (b - a) / Math.max(a, b));
  }
  let silhouette: number;
  if (forms.silhouette === 'textbook') {
    silhouette = k >= n ? NaN : mean(s.map((v, i) => (clusters[labels[i]].length === 1 ? 0 : v)));
  } else {
    silhouette = sum(clusters.map((members) => (members.length <= 1 ? 1 : sum(members.map((i) => s[i]))))) / n;
  }

  // KL.
  let kl = NaN;
  if (prev && next) {
    const e = 2 / p;
    const diff = (q: number, wPrev: number, wCur: number) => (q - 1) ** e * wPrev - q ** e * wCur;
    const w0 = wss(x, prev);
    const w1 = wss(x, labels);
    const w2 = wss(x, next);
    kl = Math.abs(diff(k, w0, w1)) / Math.abs(diff(k + 1, w1, w2));
  }

  // C-index.
  const r = within.length;
  const sw = sum(within);
  let cindex = NaN;
  if (forms.cindex === 'textbook') {
    const sorted = [...all].sort((a, b) => a - b);
    const sMin = sum(sorted.slice(0, r));
    const sMax = sum(sorted.slice(sorted.length - r));
    if (r > 0 && sMax !== sMin) cindex = (sw - sMin) / (sMax - sMin);
  } else {
    let dMin = Infinity;
    let dMax = -Infinity;
    for (const members of clusters) {
      let u = 1;
      let l = 1;
      if (members.length > 1) {
        const ds: number[] = [];
        for (const i of members) for (const j of members) if (i < j) ds.push(dist(x[i], x[j]));
        u = Math.max(...ds);
        l = ds.some((v) => v === 0) ? 0 : Math.min(...ds);
      }
      dMin = Math.min(dMin, l);
      dMax = Math.max(dMax, u);
    }
    if (dMin !== dMax) cindex = (sw - r * dMin) / (r * dMax - r * dMin);
  }

  // McClain–Rao.
  const mcclain =
    forms.mcclain === 'textbook'
      ? mean(within) / mean(between)
      : mean(within) / within.length / (mean(between) / between.length);

  // Dunn.
  let diam = 0;
  for (const members of clusters) for (const i of members) for (const j of members) diam = Math.max(diam, dist(x[i], x[j]));
  const dunn = Math.min(...between) / diam;

  return { ptbiserial, silhouette, kl, cindex, mcclain, dunn };
}

const NB: Forms = { ptbiserial: 'nbclust', silhouette: 'nbclust', cindex: 'nbclust', mcclain: 'nbclust' };
const TB: Forms = { ptbiserial: 'textbook', silhouette: 'textbook', cindex: 'textbook', mcclain: 'textbook' };

// ---------------------------------------------------------------------------------------------
// Random cases: duplicates and ties (integer grids), singleton clusters (small n / many k).
// ---------------------------------------------------------------------------------------------

interface Case {
  x: number[][];
  labels: number[];
  prev: number[] | null;
  next: number[] | null;
}

function randomPartition(rng: Xoshiro256, n: number, k: number): number[] {
  const labels = Array.from({ length: n }, (_, i) => (i < k ? i : rng.below(k)));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  return labels;
}

function randomCase(rng: Xoshiro256, maxN = 30): Case {
  const n = 3 + rng.below(maxN - 2);
  const d = [1, 1, 2, 3, 5][rng.below(5)];
  const grid = rng.below(2) === 0;
  const x = Array.from({ length: n }, () => Array.from({ length: d }, () => (grid ? rng.below(5) : rng.uniform() * 20 - 10)));
  const k = 2 + rng.below(Math.min(6, n - 1));
  const labels = randomPartition(rng, n, k);
  const prev = k === 2 ? new Array(n).fill(0) : rng.below(4) === 0 ? null : randomPartition(rng, n, k - 1);
  const next = k + 1 <= n && rng.below(5) !== 0 ? randomPartition(rng, n, k + 1) : null;
  return { x, labels, prev, next };
}

function run(c: Case, forms: Forms, backend: 'native' | 'wasm'): ValidityIndices {
  return validityIndices(c.x, { labels: c.labels, prev: c.prev ?? undefined, next: c.next ?? undefined }, { variant: forms, backend });
}

// ---------------------------------------------------------------------------------------------

describe.each(backendsUnderTest())('validityIndices on %s', (backend) => {
  it('hand-computed 1-D case with duplicated points and a singleton cluster (NbClust forms)', () => {
    // x = 0 0 1 | 4 6 | 10 (labels 0 0 0 1 1 2); prev (k = 2): 0 0 1 | 4 6 10; next (k = 4): 0 0 | 1 | 4 6 | 10.
    // Pairs (15): within 0 (x0,x1), 1, 1, 2 → N_w = 4, S_w = 4;
    // between 4 6 10 4 6 10 3 5 9 6 4 → N_b = 11, S_b = 67; S_t = 71, Σd² = 6 + 471 = 477.
    const x = [0, 0, 1, 4, 6, 10];
    const r = validityIndices(x, { prev: [0, 0, 0, 1, 1, 1], labels: [0, 0, 0, 1, 1, 2], next: [0, 0, 1, 2, 2, 3] }, { backend });
    // ptbiserial: Σ(d − 71/15)² = 477 − 71²/15 = 2114/15; sample sd = √(2114/15/14) = √(1057/105);
    // (67/11 − 1)·√(11/15 · 4/15) / sd = (56/11)(2√11/15) / √(1057/105).
    expect(r.ptbiserial).toBeCloseTo(((56 / 11) * ((2 * Math.sqrt(11)) / 15)) / Math.sqrt(1057 / 105), 13);
    // silhouette: s = 0.9, 0.9 (a = 1/2, b = 5), 0.75 (a = 1, b = 4) → Sil_0 = 2.55;
    // s = 5/11 (a = 2, b = 11/3), 1/2 (a = 2, b = 4) → Sil_1 = 21/22; singleton → 1. S = Σ / 6.
    expect(r.silhouette).toBeCloseTo((2.55 + 21 / 22 + 1) / 6, 14);
    // KL (p = 1 → exponent 2): W0 = 2/3 + 56/3 = 58/3, W1 = 2/3 + 2 + 0 = 8/3, W2 = 0 + 0 + 2 + 0 = 2;
    // DIFF(3) = 4·58/3 − 9·8/3 = 160/3; DIFF(4) = 9·8/3 − 16·2 = −8; KL = (160/3)/8 = 20/3.
    expect(r.kl).toBeCloseTo(20 / 3, 13);
    // C-index (NbClust): cluster 0 has a duplicate → l = 0, u = 1; cluster 1: l = u = 2;
    // singleton: l = u = 1. D_min = 0, D_max = 2, r = 4: (4 − 0)/(8 − 0) = 0.5.
    expect(r.cindex).toBeCloseTo(0.5, 14);
    // McClain (NbClust): (4/4/4) / (67/11/11) = 121/268.
    expect(r.mcclain).toBeCloseTo(121 / 268, 14);
    // Dunn: min between = |1 − 4| = 3, max diameter = 2 → 1.5.
    expect(r.dunn).toBe(1.5);
  });

  it('hand-computed 1-D case, textbook forms', () => {
    const x = [0, 0, 1, 4, 6, 10];
    const r = validityIndices(x, { prev: [0, 0, 0, 1, 1, 1], labels: [0, 0, 0, 1, 1, 2], next: [0, 0, 1, 2, 2, 3] }, { backend, variant: 'textbook' });
    // ptbiserial, population sd √(2114)/15: (56/11)(2√11/15)/(√2114/15) = 112/(√11·√2114).
    expect(r.ptbiserial).toBeCloseTo(112 / (Math.sqrt(11) * Math.sqrt(2114)), 13);
    // silhouette: mean of s_i with the singleton at 0: (0.9 + 0.9 + 0.75 + 5/11 + 0.5 + 0)/6.
    expect(r.silhouette).toBeCloseTo((3.05 + 5 / 11) / 6, 14);
    expect(r.kl).toBeCloseTo(20 / 3, 13); // single form
    // C-index (Hubert–Levin): sorted distances 0 1 1 2 3 4 4 4 5 6 6 6 9 10 10, r = 4:
    // S_min = 0+1+1+2 = 4 = S_w, S_max = 10+10+9+6 = 35 → (4 − 4)/(35 − 4) = 0.
    expect(r.cindex).toBe(0);
    // McClain–Rao: mean(within)/mean(between) = 1/(67/11) = 11/67.
    expect(r.mcclain).toBeCloseTo(11 / 67, 14);
    expect(r.dunn).toBe(1.5); // single form
  });

  it('C-index: singleton placeholders u = l = 1 and NA when D_min = D_max', () => {
    // x = 0 3 | 10 13 | 30: within distances 3, 3 → l = u = 3 for both pairs; singleton → 1.
    // D_min = 1, D_max = 3, r = 2, S_w = 6: (6 − 2·1)/(2·3 − 2·1) = 1 (without the placeholder: NA).
    const r = validityIndices([0, 3, 10, 13, 30], { labels: [0, 0, 1, 1, 2] }, { backend });
    expect(r.cindex).toBe(1);
    // textbook: distances sorted 3 3 7 10 10 13 17 20 27 30; S_min = 6 = S_w, S_max = 57 → 0.
    expect(validityIndices([0, 3, 10, 13, 30], { labels: [0, 0, 1, 1, 2] }, { backend, variant: { cindex: 'textbook' } }).cindex).toBe(0);
    // x = 0 1 | 5 6: l = u = 1 in both clusters → D_min = D_max → NA (NaN).
    expect(validityIndices([0, 1, 5, 6], { labels: [0, 0, 1, 1] }, { backend }).cindex).toBeNaN();
    // KL without a (k+1)-partition is NaN; prev defaults to the single cluster for k = 2.
    expect(validityIndices([0, 1, 5, 6], { labels: [0, 0, 1, 1] }, { backend }).kl).toBeNaN();
  });

  it('a_i = b_i = 0 gives NaN silhouette (NbClust) and s_i = 0 (textbook); 0/0 Dunn is NaN', () => {
    // x = 2 2 | 2 2 | 9: point 0 has a = 0 and b = min(0, 7) = 0 → 0/0.
    const x = [2, 2, 2, 2, 9];
    const labels = [0, 0, 1, 1, 2];
    const nb = validityIndices(x, { labels }, { backend });
    expect(nb.silhouette).toBeNaN();
    // Dunn: min between = 0 (x=2 in two clusters), max diameter 0 → 0/0.
    expect(nb.dunn).toBeNaN();
    // McClain: S_w = 0 → 0. ptbiserial: within 0 0; between 0 0 0 0 7 7 7 7 → means 3.5 and 0.
    expect(nb.mcclain).toBe(0);
    // Σd = 28, mean 2.8, Σd² = 196 → Σ(d − m)² = 196 − 78.4 = 117.6; sd = √(117.6/9);
    // p_b = 0.8: 3.5·√0.16/sd = 1.4/√(117.6/9).
    expect(nb.ptbiserial).toBeCloseTo(1.4 / Math.sqrt(117.6 / 9), 13);
    // C-index: clusters 0 and 1 are duplicates (l = 0, u = 0), singleton → 1: D_min 0, D_max 1, r = 2:
    // (0 − 0)/(2 − 0) = 0.
    expect(nb.cindex).toBe(0);
    // textbook silhouette: s = 0, 0, 0, 0 (a = b = 0 → 0), singleton 0 → mean 0 (R: 0, see fixture).
    expect(validityIndices(x, { labels }, { backend, variant: { silhouette: 'textbook' } }).silhouette).toBe(0);
  });

  it('all singleton clusters: Dunn is Infinity, NbClust silhouette 1, the rest NaN', () => {
    const r = validityIndices([0, 1, 3], { labels: [0, 1, 2] }, { backend });
    expect(r.dunn).toBe(Infinity); // 1 / 0
    expect(r.silhouette).toBe(1); // (1 + 1 + 1)/3
    expect(r.ptbiserial).toBeNaN(); // no within pairs
    expect(r.cindex).toBeNaN(); // D_min = D_max = 1
    expect(r.mcclain).toBeNaN(); // 0/0
    const t = validityIndices([0, 1, 3], { labels: [0, 1, 2] }, { backend, variant: 'textbook' });
    expect(t.silhouette).toBeNaN(); // cluster::silhouette returns NA when k = n
    expect(t.cindex).toBeNaN(); // r = 0
  });

  it('KL: k = 2 uses the single cluster as the k − 1 partition; d = 2 uses exponent 2/p = 1', () => {
    // 1-D: x = 0 2 | 10 12 20 (k = 2), next 0 2 | 10 12 | 20, prev = the single cluster.
    // W1 = {0,2}: 2 + {10,12,20}: mean 14, 16+4+36 = 56 → 58; W0 = total: mean 8.8,
    // Σx² = 0+4+100+144+400 = 648 − 5·8.8² = 648 − 387.2 = 260.8; W2 = 2 + 2 + 0 = 4.
    // KL = |1·260.8 − 4·58| / |4·58 − 9·4| = 28.8/196.
    const x = [0, 2, 10, 12, 20];
    const r = validityIndices(x, { labels: [0, 0, 1, 1, 1], next: [0, 0, 1, 1, 2] }, { backend });
    expect(r.kl).toBeCloseTo(28.8 / 196, 13);
    // Same points on the line y = x in 2-D: distances ×√2, W ×2, exponent 1:
    // KL = |1·521.6 − 2·116| / |2·116 − 3·8| = 289.6/208.
    const x2 = x.map((v) => [v, v]);
    expect(validityIndices(x2, { labels: [0, 0, 1, 1, 1], next: [0, 0, 1, 1, 2] }, { backend }).kl).toBeCloseTo(289.6 / 208, 12);
  });

  it('matches cluster::silhouette (R) average widths (textbook form) on the stored fixture', () => {
    const cases = JSON.parse(readFileSync(new URL('./fixtures/indices-silhouette.json', import.meta.url), 'utf8')) as {
      name: string;
      points: number[][];
      labels: number[];
      avgWidth: number | null;
    }[];
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) {
      const got = validityIndices(c.points, { labels: c.labels }, { backend, variant: { silhouette: 'textbook' } }).silhouette;
      const want = c.avgWidth === null ? NaN : c.avgWidth;
      if (!close(got, want, 1e-12)) throw new Error(`${c.name}: got ${got}, R gives ${want}`);
    }
  });

  it('equals the brute-force implementation on 300 random cases (NbClust and textbook forms)', () => {
    const rng = new Xoshiro256(20200630);
    for (let t = 0; t < 300; t++) {
      const c = randomCase(rng);
      for (const forms of [NB, TB]) {
        const got = run(c, forms, backend);
        const want = bruteForce(c.x, c.labels, c.prev, c.next, forms);
        try {
          expectIndices(got, want, 1e-9);
        } catch (e) {
          throw new Error(`case ${t} (${JSON.stringify(c)}) ${forms.cindex}: ${(e as Error).message}`);
        }
      }
    }
  });

  it('large n (more than 2^22 pairs: distances recomputed in pass 2) agrees with a direct pair loop', () => {
    const rng = new Xoshiro256(3);
    const n = 3000;
    const x = Array.from({ length: n }, () => rng.below(400) / 7);
    const labels = x.map((v) => Math.min(3, Math.floor(v / 15)));
    let sw = 0, sb = 0, nw = 0, nb = 0, st = 0, minB = Infinity, diam = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dij = Math.abs(x[i] - x[j]);
        st += dij;
        if (labels[i] === labels[j]) {
          sw += dij;
          nw++;
          diam = Math.max(diam, dij);
        } else {
          sb += dij;
          nb++;
          minB = Math.min(minB, dij);
        }
      }
    }
    const nt = nw + nb;
    let ss = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) ss += (Math.abs(x[i] - x[j]) - st / nt) ** 2;
    const pb = nb / nt;
    const nbc = validityIndices(x, { labels }, { backend });
    const tb = validityIndices(x, { labels }, { backend, variant: 'textbook' });
    expect(relDiff(nbc.ptbiserial, ((sb / nb - sw / nw) * Math.sqrt(pb * (1 - pb))) / Math.sqrt(ss / (nt - 1)))).toBeLessThan(1e-9);
    expect(relDiff(tb.ptbiserial, ((sb / nb - sw / nw) * Math.sqrt(pb * (1 - pb))) / Math.sqrt(ss / nt))).toBeLessThan(1e-9);
    expect(relDiff(nbc.mcclain, sw / nw / nw / (sb / nb / nb))).toBeLessThan(1e-9);
    expect(relDiff(tb.mcclain, sw / nw / (sb / nb))).toBeLessThan(1e-9);
    expect(nbc.dunn).toBe(minB / diam);
    // Duplicated values in every cluster: D_min = 0, D_max = the largest diameter.
    expect(relDiff(nbc.cindex, sw / (nw * diam))).toBeLessThan(1e-9);
    expect(tb.cindex).toBeGreaterThanOrEqual(0);
    expect(tb.cindex).toBeLessThan(0.05); // contiguous 1-D clusters: S_w is close to S_min
  });

  it('per-index variant objects select the form of each index independently', () => {
    const rng = new Xoshiro256(7);
    const c = randomCase(rng);
    const mixed: Forms = { ptbiserial: 'textbook', silhouette: 'nbclust', cindex: 'textbook', mcclain: 'nbclust' };
    expectIndices(run(c, mixed, backend), bruteForce(c.x, c.labels, c.prev, c.next, mixed), 1e-9);
  });

  it('accepts ml-matrix style packed points and typed label arrays', () => {
    const packed = { data: Float64Array.from([0, 0, 0, 1, 5, 5, 6, 5]), rows: 4, cols: 2 };
    const a = validityIndices(packed, { labels: Int32Array.from([0, 0, 1, 1]) }, { backend });
    const b = validityIndices([[0, 0], [0, 1], [5, 5], [6, 5]], { labels: [0, 0, 1, 1] }, { backend });
    expectIndices(a, b, 0);
    expect(a.dunn).toBeCloseTo(Math.hypot(5, 4) / 1, 14);
  });

  it('rejects bad input with EpikitError naming the argument and value', () => {
    const err = (f: () => unknown, code: string, msg: RegExp) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EpikitError);
        expect((e as EpikitError).code).toBe(code);
        expect((e as Error).message).toMatch(msg);
        return;
      }
      throw new Error('expected an error');
    };
    err(() => validityIndices([], { labels: [] }, { backend }), 'E_INPUT_EMPTY', /points is empty/);
    err(() => validityIndices([1, NaN, 3], { labels: [0, 0, 1] }, { backend }), 'E_INPUT_NAN', /points\[1\] is NaN/);
    err(() => validityIndices([1, Infinity, 3], { labels: [0, 0, 1] }, { backend }), 'E_INPUT_NAN', /points\[1\] is Infinity/);
    err(() => validityIndices([[1, 2], [3]], { labels: [0, 1] }, { backend }), 'E_INPUT_SHAPE', /points\[1\] has 1 values.*ragged/);
    err(() => validityIndices([1, 2, 3], { labels: [0, 1] }, { backend }), 'E_INPUT_SHAPE', /partitions.labels has length 2: expected 3/);
    err(() => validityIndices([1, 2, 3], { labels: [0, 0, 0] }, { backend }), 'E_INPUT_RANGE', /partitions.labels has 1 cluster: expected k >= 2/);
    err(() => validityIndices([1, 2, 3], { labels: [0, 2, 2] }, { backend }), 'E_INPUT_RANGE', /no point in cluster 1/);
    err(() => validityIndices([1, 2, 3], { labels: [0, -1, 1] }, { backend }), 'E_INPUT_RANGE', /partitions.labels\[1\] is -1/);
    err(() => validityIndices([1, 2, 3], { labels: [0, 1.5, 1] }, { backend }), 'E_INPUT_TYPE', /partitions.labels\[1\] is 1.5/);
    err(() => validityIndices([1, 2, 3], { labels: 'abc' as unknown as number[] }, { backend }), 'E_INPUT_TYPE', /partitions.labels must be an array/);
    err(() => validityIndices([1, 2, 3, 4], { labels: [0, 0, 1, 2], prev: [0, 0, 0, 0] }, { backend }), 'E_INPUT_RANGE', /partitions.prev has 1 clusters: expected 2/);
    err(() => validityIndices([1, 2, 3, 4], { labels: [0, 0, 1, 1], next: [0, 0, 1, 1] }, { backend }), 'E_INPUT_RANGE', /partitions.next has 2 clusters: expected 3/);
    err(() => validityIndices([1, 2, 3], { labels: [0, 1, 2], next: [0, 1, 2] }, { backend }), 'E_INPUT_RANGE', /partitions.next cannot have k \+ 1 = 4 clusters of 3 points/);
    err(() => validityIndices([1, 2, 3], { labels: [0, 0, 1] }, { backend, variant: 'other' as IndexVariant }), 'E_INPUT_RANGE', /options.variant is "other"/);
    err(() => validityIndices([1, 2, 3], { labels: [0, 0, 1] }, { backend, variant: { gamma: 'textbook' } as never }), 'E_INPUT_RANGE', /unknown index "gamma"/);
    err(() => validityIndices([1, 2, 3], { labels: [0, 0, 1] }, { backend, variant: { cindex: 'x' as IndexVariant } }), 'E_INPUT_RANGE', /options.variant.cindex is "x"/);
    err(() => validityIndices([1, 2, 3], null as never, { backend }), 'E_INPUT_TYPE', /partitions must be an object/);
  });

  it('the raw kernel rejects wrong lengths and out-of-range labels without crashing', () => {
    const k = kernelsFor(backend);
    const data = Float64Array.from([0, 1, 2, 3]);
    const lab = Int32Array.from([0, 0, 1, 1]);
    const out = new Float64Array(6);
    const call = (over: Partial<{ data: Float64Array; n: number; d: number; prev: Int32Array | null; kPrev: number; lab: Int32Array; k: number; next: Int32Array | null; kNext: number; variant: number; out: Float64Array }>) => {
      const a = { data, n: 4, d: 1, prev: null, kPrev: 1, lab, k: 2, next: null, kNext: 3, variant: 0, out, ...over };
      return () => k.clusterIndices(a.data, a.n, a.d, a.prev, a.kPrev, a.lab, a.k, a.next, a.kNext, a.variant, a.out);
    };
    expect(call({})).not.toThrow();
    expect(call({ n: 5 })).toThrow(EpikitError);
    expect(call({ d: 2 })).toThrow(/data has length 4/);
    expect(call({ lab: Int32Array.from([0, 0, 1]) })).toThrow(/labels has length 3/);
    expect(call({ lab: Int32Array.from([0, 0, 2, 1]) })).toThrow(/labels\[2\] is 2/);
    expect(call({ lab: Int32Array.from([0, -5, 1, 1]) })).toThrow(/labels\[1\] is -5/);
    expect(call({ prev: Int32Array.from([0, 1, 0, 0]) })).toThrow(/labelsPrev\[1\] is 1/);
    expect(call({ next: Int32Array.from([0, 1, 2]) })).toThrow(/labelsNext has length 3/);
    expect(call({ next: Int32Array.from([0, 1, 2, 3]) })).toThrow(/labelsNext\[3\] is 3/);
    expect(call({ k: 0 })).toThrow(/k is 0/);
    expect(call({ k: 9 })).toThrow(/k is 9/);
    expect(call({ variant: 64 })).toThrow(/variant is 64/);
    expect(call({ out: new Float64Array(5) })).toThrow(/out/);
    expect(call({ data: Float64Array.from([0, NaN, 2, 3]) })).toThrow(/data\[1\] is/);
    expect(() => (k.clusterIndices as unknown as (...a: unknown[]) => void)(data, 4, 1, null, 1, [0, 0, 1, 1], 2, null, 3, 0, out)).toThrow(/labels must be an? Int32Array/);
  });
});

describe('validityIndices: native / wasm parity', () => {
  const backends = parityBackends();
  it('both backends agree within 1e-9 on 400 random cases and variant masks', () => {
    const rng = new Xoshiro256(99);
    let worst = 0;
    for (let t = 0; t < 400; t++) {
      const c = randomCase(rng, 60);
      const variant = rng.below(64);
      const n = c.x.length;
      const d = c.x[0].length;
      const data = Float64Array.from(c.x.flat());
      const k = Math.max(...c.labels) + 1;
      const outs = backends.map((b) => {
        const out = new Float64Array(6);
        kernelsFor(b).clusterIndices(
          data,
          n,
          d,
          c.prev ? Int32Array.from(c.prev) : null,
          Math.max(1, k - 1),
          Int32Array.from(c.labels),
          k,
          c.next ? Int32Array.from(c.next) : null,
          Math.min(n, k + 1),
          variant,
          out,
        );
        return out;
      });
      for (const o of outs) {
        for (let s = 0; s < 6; s++) {
          if (!close(o[s], outs[0][s], 1e-9)) throw new Error(`case ${t} slot ${NAMES[s]}: ${o[s]} vs ${outs[0][s]}`);
          if (Number.isFinite(o[s])) worst = Math.max(worst, relDiff(o[s], outs[0][s]));
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
  });
});
