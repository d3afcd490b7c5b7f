import { describe, expect, it } from 'vitest';
import '../lib/index.js';
import { clusterRestartSignals } from '../lib/nmfk/cluster-restart-signals.js';
import { signalSilhouettes } from '../lib/nmfk/signal-silhouettes.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';

/** Plain silhouettes straight from the definition (Rousseeuw 1987) with NMFk.jl's conventions. */
function bruteSilhouettes(vectors: number[][], labels: number[], k: number, distance: 'cosine' | 'angular') {
  const eps2 = Number.EPSILON * Number.EPSILON;
  const dist = (p: number[], q: number[]) => {
    let dot = 0;
    let np = 0;
    let nq = 0;
    for (let t = 0; t < p.length; t++) {
      dot += p[t] * q[t];
      np += p[t] * p[t];
      nq += q[t] * q[t];
    }
    const cos = dot / Math.sqrt(np) / Math.sqrt(nq);
    let d = distance === 'cosine' ? 1 - cos : Math.acos(Math.max(-1, Math.min(1, cos)));
    if (Number.isNaN(d)) d = 0;
    return Math.max(d, eps2);
  };
  const n = vectors.length;
  const s: number[] = [];
  for (let i = 0; i < n; i++) {
    const own = labels.filter((l, j) => l === labels[i] && j !== i).length;
    if (own === 0) {
      s.push(0);
      continue;
    }
    let a = 0;
    for (let j = 0; j < n; j++) if (j !== i && labels[j] === labels[i]) a += dist(vectors[i], vectors[j]);
    a /= own;
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === labels[i]) continue;
      const members = labels.map((l, j) => (l === c ? j : -1)).filter((j) => j >= 0);
      if (members.length === 0) continue;
      b = Math.min(b, members.reduce((acc, j) => acc + dist(vectors[i], vectors[j]), 0) / members.length);
    }
    const v = (b - a) / Math.max(a, b);
    s.push(Number.isNaN(v) ? 0 : v);
  }
  const cluster = Array.from({ length: k }, (_, c) => {
    const m = s.filter((_, i) => labels[i] === c);
    return m.length ? m.reduce((x, y) => x + y, 0) / m.length : 0;
  });
  return { s, cluster, robustness: Math.min(...cluster) };
}

/** R restarts of k noisy copies of k planted non-negative vectors, each restart shuffled. */
function plantedRestarts(rng: Xoshiro256, restarts: number, k: number, length: number, noise: number) {
  const truth = Array.from({ length: k }, () => Array.from({ length }, () => (rng.uniform() < 0.3 ? rng.uniform() * 5 : 0.01)));
  const data = new Float64Array(restarts * k * length);
  const trueCluster: number[] = [];
  for (let r = 0; r < restarts; r++) {
    const perm = Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    for (let a = 0; a < k; a++) {
      const scale = 0.5 + rng.uniform() * 3;
      for (let t = 0; t < length; t++) data[(r * k + a) * length + t] = scale * truth[perm[a]][t] * (1 + noise * (rng.uniform() * 2 - 1));
      trueCluster.push(perm[a]);
    }
  }
  return { data, trueCluster };
}

describe('clusterRestartSignals', () => {
  it('recovers shuffled planted signals: labels equal the planted ones up to one relabelling', () => {
    const rng = new Xoshiro256(11);
    for (let rep = 0; rep < 20; rep++) {
      const k = 2 + (rep % 5);
      const restarts = 3 + (rep % 6);
      const { data, trueCluster } = plantedRestarts(rng, restarts, k, 30, 0.2);
      const c = clusterRestartSignals(data, restarts, k, 30, { seedRestart: rep % restarts });
      expect(c.converged).toBe(true);
      // one global map planted → cluster
      const map = new Map<number, number>();
      for (let i = 0; i < trueCluster.length; i++) {
        if (!map.has(trueCluster[i])) map.set(trueCluster[i], c.labels[i]);
        expect(c.labels[i]).toBe(map.get(trueCluster[i]));
      }
      // each restart is a permutation, and signalOfCluster is its inverse
      for (let r = 0; r < restarts; r++) {
        const seen = new Set<number>();
        for (let a = 0; a < k; a++) {
          seen.add(c.labels[r * k + a]);
          expect(c.signalOfCluster[r * k + c.labels[r * k + a]]).toBe(a);
        }
        expect(seen.size).toBe(k);
      }
      // the seed restart keeps its own order (every signal is closest to itself)
      const s0 = rep % restarts;
      for (let a = 0; a < k; a++) expect(c.labels[s0 * k + a]).toBe(a);
    }
  });

  it('centroids are the means of the unit-length members', () => {
    const rng = new Xoshiro256(5);
    const { data } = plantedRestarts(rng, 4, 3, 8, 0.5);
    const c = clusterRestartSignals(data, 4, 3, 8);
    for (let cl = 0; cl < 3; cl++) {
      for (let t = 0; t < 8; t++) {
        let acc = 0;
        for (let r = 0; r < 4; r++) {
          const a = c.signalOfCluster[r * 3 + cl];
          const row = Array.from(data.subarray((r * 3 + a) * 8, (r * 3 + a + 1) * 8));
          const norm = Math.hypot(...row);
          acc += row[t] / norm;
        }
        expect(c.centroids[cl * 8 + t]).toBeCloseTo(acc / 4, 12);
      }
    }
  });

  it('is a fixed point: re-running from its centroids changes nothing, and the iteration cap is honoured', () => {
    const rng = new Xoshiro256(99);
    const { data } = plantedRestarts(rng, 10, 5, 12, 2.5); // heavy noise: ambiguous matches
    const c = clusterRestartSignals(data, 10, 5, 12, { maxIterations: 500 });
    expect(c.converged).toBe(true);
    const capped = clusterRestartSignals(data, 10, 5, 12, { maxIterations: 1 });
    expect(capped.iterations).toBe(1);
    // labels are optimal for the final centroids: no restart can raise its summed similarity
    for (let r = 0; r < 10; r++) {
      const unit = (v: ArrayLike<number>) => {
        const nn = Math.hypot(...Array.from(v));
        return Array.from(v, (x) => x / nn);
      };
      const cent = Array.from({ length: 5 }, (_, cl) => unit(c.centroids.subarray(cl * 12, cl * 12 + 12)));
      const sig = Array.from({ length: 5 }, (_, a) => unit(data.subarray((r * 5 + a) * 12, (r * 5 + a + 1) * 12)));
      const sim = (a: number, cl: number) => sig[a].reduce((acc, x, t) => acc + x * cent[cl][t], 0);
      const chosen = [0, 1, 2, 3, 4].reduce((acc, a) => acc + sim(a, c.labels[r * 5 + a]), 0);
      // compare with all 120 permutations
      const perms: number[][] = [];
      const walk = (p: number[]) => (p.length === 5 ? perms.push(p) : [0, 1, 2, 3, 4].filter((x) => !p.includes(x)).forEach((x) => walk([...p, x])));
      walk([]);
      for (const p of perms) expect(p.reduce((acc, cl, a) => acc + sim(a, cl), 0)).toBeLessThanOrEqual(chosen + 1e-12);
    }
  });

  it('treats zero signals as similarity 0 without NaN', () => {
    const data = Float64Array.of(1, 0, 0, 0, 0, 0, 0, 1);
    const c = clusterRestartSignals(data, 2, 2, 2);
    expect(Array.from(c.labels).every((l) => l === 0 || l === 1)).toBe(true);
    expect(Array.from(c.centroids).every(Number.isFinite)).toBe(true);
  });
});

describe('signalSilhouettes', () => {
  it('matches a brute-force silhouette for cosine and angular distances (random labels and planted clusters)', () => {
    const rng = new Xoshiro256(3);
    for (let rep = 0; rep < 60; rep++) {
      const k = 2 + (rep % 4);
      const restarts = 2 + (rep % 5);
      const length = 3 + rng.below(10);
      const planted = plantedRestarts(rng, restarts, k, length, rep % 2 ? 0.3 : 3);
      const labels =
        rep % 3 === 0
          ? Int32Array.from(planted.trueCluster, () => rng.below(k)) // arbitrary labels, maybe singletons/empty
          : Int32Array.from(planted.trueCluster);
      if (rep === 5) planted.data.fill(0, 0, length); // a zero signal: NaN distances → 0
      if (rep === 7) planted.data.copyWithin(length, 0, length); // an exact duplicate: distance → eps²
      const vectors = Array.from({ length: labels.length }, (_, i) => Array.from(planted.data.subarray(i * length, (i + 1) * length)));
      for (const distance of ['cosine', 'angular'] as const) {
        const got = signalSilhouettes(planted.data, length, labels, k, { distance });
        const want = bruteSilhouettes(vectors, Array.from(labels), k, distance);
        // arccos is ill-conditioned near cos = 1 (d acos/dx → ∞): the two roundings of the
        // cosine may differ in the last bits, which arccos magnifies to ~1e-9 (and 1 − cos loses digits for near-equal signals)
        const digits = distance === 'cosine' ? 9 : 7;
        for (let i = 0; i < labels.length; i++) expect(got.silhouettes[i]).toBeCloseTo(want.s[i], digits);
        for (let c = 0; c < k; c++) expect(got.clusterSilhouettes[c]).toBeCloseTo(want.cluster[c], digits);
        expect(got.robustness).toBeCloseTo(want.robustness, digits);
        expect(got.meanSilhouette).toBeCloseTo(want.s.reduce((x, y) => x + y, 0) / want.s.length, digits);
      }
    }
  });

  it('well-separated clusters score near 1, mixed ones low; k = 1 gives robustness 1', () => {
    const rng = new Xoshiro256(8);
    const good = plantedRestarts(rng, 6, 3, 20, 0.05);
    const s = signalSilhouettes(good.data, 20, Int32Array.from(good.trueCluster), 3);
    expect(s.robustness).toBeGreaterThan(0.9);
    const shuffled = Int32Array.from(good.trueCluster, (_, i) => i % 3);
    expect(signalSilhouettes(good.data, 20, shuffled, 3).robustness).toBeLessThan(0.2);
    const one = signalSilhouettes(good.data, 20, new Int32Array(18), 1);
    expect(one.robustness).toBe(1);
    expect(Array.from(one.clusterSilhouettes)).toEqual([1]);
  });

  it('the documented example', () => {
    const s = Float64Array.of(1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9);
    expect(signalSilhouettes(s, 2, Int32Array.of(0, 0, 1, 1), 2).robustness).toBeCloseTo(0.99, 1);
  });
});
