// NMF by multiplicative updates: mirrors native/kernels/nmf.{h,cc} operation for operation
// (same per-row streaming, same summation order, same guards), in the plain build and in the
// SIMD build (f64x2 lanes laid out as the C++ vector pairs), so every backend returns the same
// W, H and history. See native/kernels/nmf.h for the full contract.
import { f64At, setF64 } from './memory-access';

const EPS32: f64 = 1.1920928955078125e-7; // numpy float32 eps = scikit-learn's EPSILON
const EPS64: f64 = 2.220446049250313e-16; // numpy float64 eps (KL: H < eps → 0)

/** Σ_j a[j]·b[j]: partial sums over j ≡ q (mod 4), combined as (s0 + s2) + (s1 + s3). */
function dot4(a: usize, b: usize, n: i32): f64 {
  const n4 = n & ~3;
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  if (ASC_FEATURE_SIMD) {
    let v0 = f64x2.splat(0.0);
    let v1 = f64x2.splat(0.0);
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 3;
      v0 = f64x2.add(v0, f64x2.mul(v128.load(a + o), v128.load(b + o)));
      v1 = f64x2.add(v1, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
    }
    s0 = f64x2.extract_lane(v0, 0);
    s1 = f64x2.extract_lane(v0, 1);
    s2 = f64x2.extract_lane(v1, 0);
    s3 = f64x2.extract_lane(v1, 1);
  } else {
    for (let j = 0; j < n4; j += 4) {
      const u = <usize>j;
      s0 += f64At(a, u) * f64At(b, u);
      s1 += f64At(a, u + 1) * f64At(b, u + 1);
      s2 += f64At(a, u + 2) * f64At(b, u + 2);
      s3 += f64At(a, u + 3) * f64At(b, u + 3);
    }
  }
  const t = <usize>n4;
  if (n4 < n) s0 += f64At(a, t) * f64At(b, t);
  if (n4 + 1 < n) s1 += f64At(a, t + 1) * f64At(b, t + 1);
  if (n4 + 2 < n) s2 += f64At(a, t + 2) * f64At(b, t + 2);
  return (s0 + s2) + (s1 + s3);
}

/** Σ_j a[j] in the order of dot4. */
function sum4(a: usize, n: i32): f64 {
  const n4 = n & ~3;
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (let j = 0; j < n4; j += 4) {
    const u = <usize>j;
    s0 += f64At(a, u);
    s1 += f64At(a, u + 1);
    s2 += f64At(a, u + 2);
    s3 += f64At(a, u + 3);
  }
  const t = <usize>n4;
  if (n4 < n) s0 += f64At(a, t);
  if (n4 + 1 < n) s1 += f64At(a, t + 1);
  if (n4 + 2 < n) s2 += f64At(a, t + 2);
  return (s0 + s2) + (s1 + s3);
}

/** out[j] = Σ_a c[a]·M[a·n + j], a = 0..k-1 in order (first term c[0]·M[j]). */
function rowProduct(c: usize, M: usize, k: i32, n: i32, out: usize): void {
  const n2 = n & ~1;
  const c0 = f64At(c, 0);
  if (ASC_FEATURE_SIMD) {
    const v = f64x2.splat(c0);
    for (let j = 0; j < n2; j += 2) {
      const o = <usize>j << 3;
      v128.store(out + o, f64x2.mul(v, v128.load(M + o)));
    }
    if (n2 < n) setF64(out, <usize>n2, c0 * f64At(M, <usize>n2));
    for (let a = 1; a < k; a++) {
      const ca = f64At(c, <usize>a);
      const va = f64x2.splat(ca);
      const Ma = M + ((<usize>a * <usize>n) << 3);
      for (let j = 0; j < n2; j += 2) {
        const o = <usize>j << 3;
        v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(va, v128.load(Ma + o))));
      }
      if (n2 < n) setF64(out, <usize>n2, f64At(out, <usize>n2) + ca * f64At(Ma, <usize>n2));
    }
  } else {
    for (let j = 0; j < n; j++) setF64(out, <usize>j, c0 * f64At(M, <usize>j));
    for (let a = 1; a < k; a++) {
      const ca = f64At(c, <usize>a);
      const Ma = M + ((<usize>a * <usize>n) << 3);
      for (let j = 0; j < n; j++) setF64(out, <usize>j, f64At(out, <usize>j) + ca * f64At(Ma, <usize>j));
    }
  }
}

/** In place: wh[j] ← x[j] / wh[j], a zero wh[j] replaced by ε32, or 1 where x is missing. */
function klRatio(x: usize, wh: usize, n: i32, hasMissing: bool): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const eps = f64x2.splat(EPS32);
    const zero = f64x2.splat(0.0);
    const one = f64x2.splat(1.0);
    const n2 = n & ~1;
    if (!hasMissing) {
      for (; j < n2; j += 2) {
        const o = <usize>j << 3;
        const v = v128.load(wh + o);
        v128.store(wh + o, f64x2.div(v128.load(x + o), v128.bitselect(eps, v, f64x2.eq(v, zero))));
      }
    } else {
      for (; j < n2; j += 2) {
        const o = <usize>j << 3;
        const xv = v128.load(x + o);
        const v = v128.load(wh + o);
        const r = f64x2.div(xv, v128.bitselect(eps, v, f64x2.eq(v, zero)));
        v128.store(wh + o, v128.bitselect(r, one, f64x2.eq(xv, xv)));
      }
    }
  }
  for (; j < n; j++) {
    const u = <usize>j;
    const v = f64At(wh, u);
    const xv = f64At(x, u);
    const r = xv / (v == 0.0 ? EPS32 : v);
    setF64(wh, u, xv == xv ? r : 1.0);
  }
}

/** In place: wh[j] ← x[j] where observed. */
function fillMissing(x: usize, wh: usize, n: i32): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const n2 = n & ~1;
    for (; j < n2; j += 2) {
      const o = <usize>j << 3;
      const xv = v128.load(x + o);
      v128.store(wh + o, v128.bitselect(xv, v128.load(wh + o), f64x2.eq(xv, xv)));
    }
  }
  for (; j < n; j++) {
    const xv = f64At(x, <usize>j);
    if (xv == xv) setF64(wh, <usize>j, xv);
  }
}

/** acc[j] += c·v[j] */
function axpy(acc: usize, c: f64, v: usize, n: i32): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const cv = f64x2.splat(c);
    const n2 = n & ~1;
    for (; j < n2; j += 2) {
      const o = <usize>j << 3;
      v128.store(acc + o, f64x2.add(v128.load(acc + o), f64x2.mul(cv, v128.load(v + o))));
    }
  }
  for (; j < n; j++) setF64(acc, <usize>j, f64At(acc, <usize>j) + c * f64At(v, <usize>j));
}

/**
 * Fit statistics into out[0..3] (KL, Σ(x − wh)², Σx², observed count); wantKl = false skips
 * the logarithms and leaves out[0] and out[2] at 0.
 */
function evaluate(x: usize, m: i32, n: i32, k: i32, w: usize, h: usize, wantKl: bool, wh: usize, terms: usize, out: usize): void {
  let kl = 0.0, sse = 0.0, sumSq = 0.0, count = 0.0;
  for (let i = 0; i < m; i++) {
    const xi = x + ((<usize>i * <usize>n) << 3);
    rowProduct(w + ((<usize>i * <usize>k) << 3), h, k, n, wh);
    let observed = 0;
    for (let j = 0; j < n; j++) {
      const u = <usize>j;
      const xv = f64At(xi, u);
      const d = xv - f64At(wh, u);
      const ok = xv == xv;
      observed += ok ? 1 : 0;
      setF64(terms, u, ok ? d * d : 0.0);
    }
    sse += sum4(terms, n);
    count += <f64>observed;
    if (wantKl) {
      for (let j = 0; j < n; j++) {
        const u = <usize>j;
        const v = f64At(xi, u);
        if (v == v) {
          const p = f64At(wh, u);
          const g = p == 0.0 ? EPS32 : p;
          const xlog = v > 0.0 ? v * Math.log(v / g) : 0.0;
          setF64(terms, u, xlog - v + p);
        } else {
          setF64(terms, u, 0.0);
        }
      }
      kl += sum4(terms, n);
      for (let j = 0; j < n; j++) {
        const v = f64At(xi, <usize>j);
        setF64(terms, <usize>j, v == v ? v * v : 0.0);
      }
      sumSq += sum4(terms, n);
    }
  }
  setF64(out, 0, kl);
  setF64(out, 1, sse);
  setF64(out, 2, sumSq);
  setF64(out, 3, count);
}

function iterateFrobenius(x: usize, m: i32, n: i32, k: i32, w: usize, h: usize, missing: usize, wh: usize, acc: usize, g: usize, num: usize, den: usize): void {
  const nb = <usize>n << 3;
  const kk = <usize>k;
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const v = dot4(h + <usize>a * nb, h + <usize>b * nb, n);
      setF64(g, <usize>a * kk + <usize>b, v);
      setF64(g, <usize>b * kk + <usize>a, v);
    }
  }
  memory.fill(acc, 0, kk * nb);
  for (let i = 0; i < m; i++) {
    const xi = x + <usize>i * nb;
    const wi = w + ((<usize>i * kk) << 3);
    const miss = load<u8>(missing + <usize>i) != 0;
    let xr = xi;
    if (miss) {
      rowProduct(wi, h, k, n, wh);
      fillMissing(xi, wh, n);
      xr = wh;
    }
    for (let a = 0; a < k; a++) setF64(num, <usize>a, dot4(xr, h + <usize>a * nb, n));
    for (let a = 0; a < k; a++) {
      let d = f64At(wi, 0) * f64At(g, <usize>a);
      for (let b = 1; b < k; b++) d += f64At(wi, <usize>b) * f64At(g, <usize>b * kk + <usize>a);
      setF64(den, <usize>a, d == 0.0 ? EPS32 : d);
    }
    for (let a = 0; a < k; a++) {
      const u = <usize>a;
      setF64(wi, u, f64At(wi, u) * (f64At(num, u) / f64At(den, u)));
    }
    if (miss) {
      rowProduct(wi, h, k, n, wh);
      fillMissing(xi, wh, n);
    }
    for (let a = 0; a < k; a++) axpy(acc + <usize>a * nb, f64At(wi, <usize>a), xr, n);
  }
  memory.fill(g, 0, (kk * kk) << 3);
  for (let i = 0; i < m; i++) {
    const wi = w + ((<usize>i * kk) << 3);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const u = <usize>a * kk + <usize>b;
        setF64(g, u, f64At(g, u) + f64At(wi, <usize>a) * f64At(wi, <usize>b));
      }
    }
  }
  for (let a = 0; a < k; a++) {
    rowProduct(g + ((<usize>a * kk) << 3), h, k, n, wh);
    const acca = acc + <usize>a * nb;
    const ha = h + <usize>a * nb;
    for (let j = 0; j < n; j++) {
      const u = <usize>j;
      const p = f64At(wh, u);
      const d = p == 0.0 ? EPS32 : p;
      setF64(acca, u, f64At(ha, u) * (f64At(acca, u) / d));
    }
  }
  memory.copy(h, acc, kk * nb);
}

function iterateKl(x: usize, m: i32, n: i32, k: i32, w: usize, h: usize, missing: usize, r: usize, acc: usize, num: usize, den: usize, sums: usize): void {
  const nb = <usize>n << 3;
  const kk = <usize>k;
  for (let a = 0; a < k; a++) {
    const v = sum4(h + <usize>a * nb, n);
    setF64(den, <usize>a, v == 0.0 ? EPS32 : v);
  }
  memory.fill(acc, 0, kk * nb);
  for (let i = 0; i < m; i++) {
    const xi = x + <usize>i * nb;
    const wi = w + ((<usize>i * kk) << 3);
    const miss = load<u8>(missing + <usize>i) != 0;
    rowProduct(wi, h, k, n, r);
    klRatio(xi, r, n, miss);
    for (let a = 0; a < k; a++) setF64(num, <usize>a, dot4(r, h + <usize>a * nb, n));
    for (let a = 0; a < k; a++) {
      const u = <usize>a;
      setF64(wi, u, f64At(wi, u) * (f64At(num, u) / f64At(den, u)));
    }
    rowProduct(wi, h, k, n, r);
    klRatio(xi, r, n, miss);
    for (let a = 0; a < k; a++) axpy(acc + <usize>a * nb, f64At(wi, <usize>a), r, n);
  }
  for (let a = 0; a < k; a++) setF64(sums, <usize>a, 0.0);
  for (let i = 0; i < m; i++) {
    const wi = w + ((<usize>i * kk) << 3);
    for (let a = 0; a < k; a++) setF64(sums, <usize>a, f64At(sums, <usize>a) + f64At(wi, <usize>a));
  }
  for (let a = 0; a < k; a++) {
    const s = f64At(sums, <usize>a);
    const d = s == 0.0 ? 1.0 : s;
    const ha = h + <usize>a * nb;
    const acca = acc + <usize>a * nb;
    for (let j = 0; j < n; j++) {
      const u = <usize>j;
      const v = f64At(ha, u) * (f64At(acca, u) / d);
      setF64(ha, u, v < EPS64 ? 0.0 : v);
    }
  }
}

/**
 * Multiplicative updates from the given W (m×k) and H (k×n), in place; objective 0 =
 * Frobenius, 1 = KL. Writes 1 + ceil(iterations / checkEvery) objective values to history;
 * returns the iterations done. See native/kernels/nmf.h.
 */
export function nmfMultiplicative(x: usize, m: i32, n: i32, k: i32, w: usize, h: usize, objective: i32, maxIter: i32, tol: f64, checkEvery: i32, history: usize): i32 {
  if (m < 1 || n < 1 || k < 1 || maxIter < 0 || checkEvery < 1 || (objective != 0 && objective != 1)) {
    abort('nmfMultiplicative: bad sizes or options');
  }
  const nb = <usize>n << 3;
  const kk = <usize>k;
  const wh = heap.alloc(nb);
  const terms = heap.alloc(nb);
  const acc = heap.alloc(kk * nb);
  const g = heap.alloc((kk * kk) << 3);
  const num = heap.alloc(kk << 3);
  const den = heap.alloc(kk << 3);
  const sums = heap.alloc(kk << 3);
  const fit = heap.alloc(32);
  const missing = heap.alloc(<usize>m);
  for (let i = 0; i < m; i++) {
    const xi = x + <usize>i * nb;
    let any: u8 = 0;
    for (let j = 0; j < n; j++) {
      const v = f64At(xi, <usize>j);
      any |= v != v ? 1 : 0;
    }
    store<u8>(missing + <usize>i, any);
  }
  const kl = objective == 1;
  evaluate(x, m, n, k, w, h, kl, wh, terms, fit);
  let obj = kl ? f64At(fit, 0) : 0.5 * f64At(fit, 1);
  let filled: usize = 0;
  setF64(history, filled++, obj);
  const e0 = Math.sqrt(2.0 * obj);
  let previous = e0;
  for (let t = 1; t <= maxIter; t++) {
    if (kl) iterateKl(x, m, n, k, w, h, missing, wh, acc, num, den, sums);
    else iterateFrobenius(x, m, n, k, w, h, missing, wh, acc, g, num, den);
    const check = t % checkEvery == 0;
    if (check || t == maxIter) {
      evaluate(x, m, n, k, w, h, kl, wh, terms, fit);
      obj = kl ? f64At(fit, 0) : 0.5 * f64At(fit, 1);
      setF64(history, filled++, obj);
    }
    if (check && tol > 0.0) {
      const e = Math.sqrt(2.0 * obj);
      if (e0 == 0.0 || (previous - e) / e0 < tol) return t;
      previous = e;
    }
  }
  return maxIter;
}

/** Fit statistics of W·H against X: out = [KL, Σ(x − wh)², Σx², observed count] over observed entries. */
export function nmfObjective(x: usize, m: i32, n: i32, k: i32, w: usize, h: usize, out: usize): void {
  if (m < 1 || n < 1 || k < 1) abort('nmfObjective: bad sizes');
  const nb = <usize>n << 3;
  evaluate(x, m, n, k, w, h, true, heap.alloc(nb), heap.alloc(nb), out);
}
