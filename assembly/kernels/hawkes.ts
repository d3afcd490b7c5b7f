// Hawkes kernels: mirrors native/kernels/hawkes.{h,cc} line by line (see the contract there).
import { Xoshiro256 } from './random';

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** E-step: λ, expected background events, expected children per event, lag weights; returns the log-likelihood (scatter order as native). */
export function hawkesEStep(
  counts: usize, r: usize, mu: usize, w: usize, c: i32, t: i32, l: i32, psi: i32,
  lambda: usize, q: usize, background: usize, freq: usize,
): f64 {
  const L = l;
  for (let d = 0; d < L; d++) st(freq, d, 0.0);
  const a = heap.alloc(<usize>t << 3);
  const ratio = heap.alloc(<usize>t << 3);
  const acc = heap.alloc(<usize>t << 3);
  const g = heap.alloc(<usize>t << 3);
  let loglik = 0.0;
  const parentEnd = t - psi;
  for (let cc = 0; cc < c; cc++) {
    const base = <usize>cc * <usize>t;
    const n = counts + (base << 3);
    const rr = r + (base << 3);
    const lam0 = lambda + (base << 3);
    const q0 = q + (base << 3);
    const bg0 = background + (base << 3);
    const m = ld(mu, cc);
    for (let j = 0; j < t; j++) {
      st(a, j, ld(rr, j) * ld(n, j));
      st(acc, j, 0.0);
      st(g, j, 0.0);
    }
    for (let j = 0; j < t; j++) {
      const aj = ld(a, j);
      if (aj == 0.0) continue;
      const rest = t - 1 - j;
      const dmax = rest < L ? rest : L;
      const out = acc + (<usize>j << 3);
      let d = 1;
      if (ASC_FEATURE_SIMD) {
        // out[d], out[d+1] += w[d−1], w[d]·aj: the same per-element operations in two lanes.
        const va = f64x2.splat(aj);
        for (; d + 1 <= dmax; d += 2) {
          const o = out + (<usize>d << 3);
          v128.store(o, f64x2.add(v128.load(o), f64x2.mul(v128.load(w + (<usize>(d - 1) << 3)), va)));
        }
      }
      for (; d <= dmax; d++) st(out, d, ld(out, d) + ld(w, d - 1) * aj);
    }
    for (let i = 0; i < t; i++) {
      const lam = m + ld(acc, i);
      st(lam0, i, lam);
      const ni = ld(n, i);
      let rt = 0.0;
      if (lam > 0.0) {
        rt = ni / lam;
        if (ni > 0.0) loglik += ni * Math.log(lam) - lam;
        else loglik -= lam;
      } else if (ni > 0.0) {
        loglik = -Infinity;
      }
      st(ratio, i, rt);
      st(bg0, i, m * rt);
    }
    for (let i = 1; i < t; i++) {
      const ri = ld(ratio, i);
      if (ri == 0.0) continue;
      const dmax = i < L ? i : L;
      let d = 1;
      if (ASC_FEATURE_SIMD) {
        // g[i−d−1], g[i−d] += w[d], w[d−1]·ri (w lanes swapped to match g's ascending addresses).
        const vr = f64x2.splat(ri);
        for (; d + 1 <= dmax; d += 2) {
          const o = g + (<usize>(i - d - 1) << 3);
          const wv = v128.load(w + (<usize>(d - 1) << 3));
          v128.store(o, f64x2.add(v128.load(o), f64x2.mul(v128.shuffle<f64>(wv, wv, 1, 0), vr)));
        }
      }
      for (; d <= dmax; d++) st(g, i - d, ld(g, i - d) + ld(w, d - 1) * ri);
      let dlo = i - parentEnd + 1;
      if (dlo < 1) dlo = 1;
      d = dlo;
      if (ASC_FEATURE_SIMD) {
        // freq[d−1], freq[d] += a[i−d], a[i−d−1] · (w[d−1], w[d]·ri)
        const vr = f64x2.splat(ri);
        for (; d + 1 <= dmax; d += 2) {
          const o = freq + (<usize>(d - 1) << 3);
          const av = v128.load(a + (<usize>(i - d - 1) << 3));
          v128.store(o, f64x2.add(v128.load(o), f64x2.mul(v128.shuffle<f64>(av, av, 1, 0), f64x2.mul(v128.load(w + (<usize>(d - 1) << 3)), vr))));
        }
      }
      for (; d <= dmax; d++) st(freq, d - 1, ld(freq, d - 1) + ld(a, i - d) * (ld(w, d - 1) * ri));
    }
    for (let j = 0; j < t; j++) st(q0, j, ld(rr, j) * ld(g, j));
  }
  return loglik;
}

/** One IRLS accumulation of a weighted Poisson regression (log link); returns the deviance. */
export function hawkesPoissonAccumulate(
  x: usize, rows: i32, p: i32, y: usize, weight: usize, offset: usize, beta: usize, xtwx: usize, xtwz: usize,
): f64 {
  const P = p;
  for (let i = 0; i < P * P; i++) st(xtwx, i, 0.0);
  for (let i = 0; i < P; i++) st(xtwz, i, 0.0);
  let deviance = 0.0;
  for (let i = 0; i < rows; i++) {
    const wi = ld(weight, i);
    if (!(wi > 0.0)) continue;
    const xi = x + ((<usize>i * <usize>P) << 3);
    let lin = 0.0;
    for (let k = 0; k < P; k++) lin += ld(xi, k) * ld(beta, k);
    const eta = offset != 0 ? ld(offset, i) + lin : lin;
    const m = Math.exp(eta);
    const yi = ld(y, i);
    const ww = wi * m;
    const z = lin + (yi - m) / m;
    const wz = ww * z;
    for (let a = 0; a < P; a++) {
      const wa = ww * ld(xi, a);
      st(xtwz, a, ld(xtwz, a) + wz * ld(xi, a));
      for (let b = a; b < P; b++) st(xtwx, a * P + b, ld(xtwx, a * P + b) + wa * ld(xi, b));
    }
    const dev = yi > 0.0 ? yi * Math.log(yi / m) - (yi - m) : m;
    deviance += wi * dev;
  }
  for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) st(xtwx, a * P + b, ld(xtwx, b * P + a));
  return 2.0 * deviance;
}

@inline function mix64(z: u64): u64 {
  z += 0x9E3779B97F4A7C15;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

function hawkesStreamSeed(seed: u64, realisation: u64, county: u64): u64 {
  return mix64(mix64(mix64(seed) ^ realisation) ^ county);
}

// B_2k / (2k(2k − 1)), k = 1..10.
const B0: f64 = 1.0 / 12.0;
const B1: f64 = -1.0 / 360.0;
const B2: f64 = 1.0 / 1260.0;
const B3: f64 = -1.0 / 1680.0;
const B4: f64 = 1.0 / 1188.0;
const B5: f64 = -691.0 / 360360.0;
const B6: f64 = 1.0 / 156.0;
const B7: f64 = -3617.0 / 122400.0;
const B8: f64 = 43867.0 / 244188.0;
const B9: f64 = -174611.0 / 125400.0;

/** log Γ(x), x ≥ 1 (see native). */
function logGamma(x: f64): f64 {
  if (x == 1.0 || x == 2.0) return 0.0;
  let x0 = x;
  let n: i32 = 0;
  if (x < 7.0) {
    n = <i32>(7.0 - x);
    x0 = x + <f64>n;
  }
  const x2 = 1.0 / (x0 * x0);
  let s = B9;
  s = s * x2 + B8;
  s = s * x2 + B7;
  s = s * x2 + B6;
  s = s * x2 + B5;
  s = s * x2 + B4;
  s = s * x2 + B3;
  s = s * x2 + B2;
  s = s * x2 + B1;
  s = s * x2 + B0;
  let g = s / x0 + 0.91893853320467274178 + (x0 - 0.5) * Math.log(x0) - x0;
  for (let i = 0; i < n; i++) {
    x0 -= 1.0;
    g -= Math.log(x0);
  }
  return g;
}

/** Exact Poisson draw: inversion for lam < 10, PTRS (Hörmann 1993) above (see native). */
function poissonDraw(rng: Xoshiro256, lam: f64): f64 {
  if (!(lam > 0.0)) return 0.0;
  if (lam >= 1e15) return Math.floor(lam + 0.5);
  if (lam < 10.0) {
    const u = rng.uniform();
    let p = Math.exp(-lam);
    let f = p;
    let k = 0.0;
    while (u > f && k < 1000.0) {
      k += 1.0;
      p = p * lam / k;
      f += p;
    }
    return k;
  }
  const slam = Math.sqrt(lam);
  const loglam = Math.log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2.0);
  while (true) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2.0 * a / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    const lhs = Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b);
    const rhs = -lam + k * loglam - logGamma(k + 1.0);
    if (lhs <= rhs) return k;
  }
  return 0.0;
}

/** Ascending heap sort of n doubles at p (no NaN). */
function sortF64(p: usize, n: i32): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(p, start, n);
  for (let end = n - 1; end > 0; end--) {
    const tmp = ld(p, 0);
    st(p, 0, ld(p, end));
    st(p, end, tmp);
    siftDown(p, 0, end);
  }
}

function siftDown(p: usize, root: i32, n: i32): void {
  let i = root;
  while (true) {
    let child = 2 * i + 1;
    if (child >= n) return;
    if (child + 1 < n && ld(p, child + 1) > ld(p, child)) child++;
    if (ld(p, child) > ld(p, i)) {
      const tmp = ld(p, i);
      st(p, i, ld(p, child));
      st(p, child, tmp);
      i = child;
    } else return;
  }
}

const Q0: f64 = 0.025, Q1: f64 = 0.1, Q2: f64 = 0.25, Q3: f64 = 0.5, Q4: f64 = 0.75, Q5: f64 = 0.9, Q6: f64 = 0.975;

/** Sorts the S values at col ascending and writes their 7 type-7 quantiles at out (see native writeQuantiles). */
function writeQuantiles(col: usize, S: i32, out: usize): void {
  sortF64(col, S);
  for (let qi = 0; qi < 7; qi++) {
    const prob = qi == 0 ? Q0 : qi == 1 ? Q1 : qi == 2 ? Q2 : qi == 3 ? Q3 : qi == 4 ? Q4 : qi == 5 ? Q5 : Q6;
    const pos = <f64>(S - 1) * prob;
    const lo = Math.floor(pos);
    const i0 = <i32>lo;
    const i1 = i0 + 1 < S ? i0 + 1 : S - 1;
    const frac = pos - lo;
    st(out, qi, ld(col, i0) + frac * (ld(col, i1) - ld(col, i0)));
  }
}

/**
 * Forecast simulation: per county and realisation an independent stream; mean and 7 quantiles per
 * county-day; cumulativeQuantiles (0 = absent: not computed) the 7 quantiles of the running totals.
 */
export function hawkesSimulate(
  counts: usize, r: usize, mu: usize, w: usize, c: i32, t: i32, l: i32, h: i32, realisations: i32,
  seed: f64, countyOffset: i32, mean: usize, quantiles: usize, cumulativeQuantiles: usize,
): void {
  const TH = t + h;
  const S = realisations;
  const a = heap.alloc(<usize>TH << 3);
  const sims = heap.alloc((<usize>S * <usize>h) << 3);
  const col = heap.alloc(<usize>S << 3);
  const total = cumulativeQuantiles != 0 ? heap.alloc(<usize>S << 3) : 0;
  const seed64 = <u64>seed;
  // One generator object, re-seeded per stream (the stub runtime never frees): the state
  // Xoshiro256(z) would build, s_i = SplitMix64 outputs of z.
  const rng = new Xoshiro256(0);
  for (let cc = 0; cc < c; cc++) {
    const n = counts + ((<usize>cc * <usize>t) << 3);
    const rr = r + ((<usize>cc * <usize>TH) << 3);
    const m = ld(mu, cc);
    for (let j = 0; j < t; j++) st(a, j, ld(rr, j) * ld(n, j));
    for (let s = 0; s < S; s++) {
      const z = hawkesStreamSeed(seed64, <u64>s, <u64>(countyOffset + cc));
      rng.s0 = mix64(z);
      rng.s1 = mix64(z + 0x9E3779B97F4A7C15);
      rng.s2 = mix64(z + 0x3C6EF372FE94F82A);
      rng.s3 = mix64(z + 0xDAA66D2C7DDF743F);
      for (let i = t; i < TH; i++) {
        const dmax = i < l ? i : l;
        let acc = 0.0;
        for (let d = 1; d <= dmax; d++) acc += ld(w, d - 1) * ld(a, i - d);
        const x = poissonDraw(rng, m + acc);
        st(a, i, ld(rr, i) * x);
        st(sims, s * h + (i - t), x);
      }
    }
    if (total != 0) for (let s = 0; s < S; s++) st(total, s, 0.0);
    for (let k = 0; k < h; k++) {
      let sum = 0.0;
      for (let s = 0; s < S; s++) {
        const v = ld(sims, s * h + k);
        st(col, s, v);
        sum += v;
      }
      const o = cc * h + k;
      st(mean, o, sum / <f64>S);
      writeQuantiles(col, S, quantiles + ((<usize>o * 7) << 3));
      if (total != 0) {
        // running totals over forecast days 0..k, per realisation
        for (let s = 0; s < S; s++) {
          const v = ld(total, s) + ld(sims, s * h + k);
          st(total, s, v);
          st(col, s, v);
        }
        writeQuantiles(col, S, cumulativeQuantiles + ((<usize>o * 7) << 3));
      }
    }
  }
}

/** n Poisson(mean) draws of stream Xoshiro256(seed). */
export function hawkesPoissonSample(mean: f64, seed: f64, out: usize, n: i32): void {
  const rng = new Xoshiro256(<u64>seed);
  for (let i = 0; i < n; i++) st(out, i, poissonDraw(rng, mean));
}
