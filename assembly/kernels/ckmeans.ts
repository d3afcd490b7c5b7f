// Optimal 1-D k-means by dynamic programming (Ckmeans.1d.dp): mirrors
// native/kernels/ckmeans.{h,cc} step for step (same sort, same floating-point operations in
// the same order, same tie-breaking), so both backends return identical labels and k.
// See native/kernels/ckmeans.h for the contract and ckmeans.cc for the notation.

const TWO_PI: f64 = 2.0 * 3.141592653589793;

// The generic marker W selects the cost at compile time: f64 = weighted, i32 = unweighted.

// @ts-ignore: decorator
@inline function ldf(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function stf(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

// @ts-ignore: decorator
@inline function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function sti(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

function allocF64(n: i32): usize {
  const m: i32 = n > 0 ? n : 1;
  return heap.alloc(<usize>m << 3);
}

function allocI32(n: i32): usize {
  const m: i32 = n > 0 ? n : 1;
  return heap.alloc(<usize>m << 2);
}

// ---------------------------------------------------------------------------------------
// Sorting by (value, original index); -0 counts as +0.

// @ts-ignore: decorator
@inline function orderKey(v: f64): u64 {
  const z = v == 0 ? 0.0 : v;
  const b = reinterpret<u64>(z);
  return (b >> 63) != 0 ? ~b : b | 0x8000000000000000;
}

function sortOrder(x: usize, n: i32, perm: usize): void {
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (ldf(x, i) < ldf(x, i - 1)) {
      sorted = false;
      break;
    }
  }
  if (sorted) {
    for (let i = 0; i < n; i++) sti(perm, i, i);
    return;
  }
  const keyA = heap.alloc(<usize>n << 3);
  const keyB = heap.alloc(<usize>n << 3);
  const idxB = allocI32(n);
  for (let i = 0; i < n; i++) {
    store<u64>(keyA + (<usize>i << 3), orderKey(ldf(x, i)));
    sti(perm, i, i);
  }
  if (n <= 64) {
    for (let i = 1; i < n; i++) {
      const k = load<u64>(keyA + (<usize>i << 3));
      const id = ldi(perm, i);
      let j = i - 1;
      while (j >= 0 && load<u64>(keyA + (<usize>j << 3)) > k) {
        store<u64>(keyA + (<usize>(j + 1) << 3), load<u64>(keyA + (<usize>j << 3)));
        sti(perm, j + 1, ldi(perm, j));
        j--;
      }
      store<u64>(keyA + (<usize>(j + 1) << 3), k);
      sti(perm, j + 1, id);
    }
    return;
  }
  const BITS = 11;
  const BUCKETS = 1 << BITS;
  const MASK: u64 = <u64>(BUCKETS - 1);
  const PASSES = 6;
  const hist = allocI32(PASSES * BUCKETS);
  memory.fill(hist, 0, <usize>(PASSES * BUCKETS) << 2);
  for (let i = 0; i < n; i++) {
    const k = load<u64>(keyA + (<usize>i << 3));
    for (let p = 0; p < PASSES; p++) {
      const a = hist + ((<usize>(p * BUCKETS) + <usize>((k >> <u64>(p * BITS)) & MASK)) << 2);
      store<i32>(a, load<i32>(a) + 1);
    }
  }
  let ks = keyA;
  let kd = keyB;
  let is = perm;
  let id = idxB;
  for (let p = 0; p < PASSES; p++) {
    const h = hist + (<usize>(p * BUCKETS) << 2);
    const shift = <u64>(p * BITS);
    if (ldi(h, <i32>((load<u64>(ks) >> shift) & MASK)) == n) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = ldi(h, b);
      sti(h, b, sum);
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = load<u64>(ks + (<usize>i << 3));
      const a = h + (<usize>((k >> shift) & MASK) << 2);
      const pos = load<i32>(a);
      store<i32>(a, pos + 1);
      store<u64>(kd + (<usize>pos << 3), k);
      sti(id, pos, ldi(is, i));
    }
    const tk = ks;
    ks = kd;
    kd = tk;
    const ti = is;
    is = id;
    id = ti;
  }
  if (is != perm) memory.copy(perm, is, <usize>n << 2);
}

// ---------------------------------------------------------------------------------------
// Costs (see ckmeans.cc): prefix sums p1, p2, cw of length n + 1; B[j] = S[q-1][j-1] - p2[j].

let gP1: usize = 0;
let gP2: usize = 0;
let gCw: usize = 0;
let gB: usize = 0;
let gInv: usize = 0; // inv[c] = 1 / c (unweighted)

// @ts-ignore: decorator
@inline function clusterSsq<W>(j: i32, i: i32): f64 {
  const d = ldf(gP1, i + 1) - ldf(gP1, j);
  let s: f64;
  if (isFloat<W>()) {
    const c = ldf(gCw, i + 1) - ldf(gCw, j);
    if (!(c > 0)) return 0.0;
    s = (ldf(gP2, i + 1) - ldf(gP2, j)) - (d * d) / c;
  } else {
    s = (ldf(gP2, i + 1) - ldf(gP2, j)) - d * d * ldf(gInv, i - j + 1);
  }
  return s > 0 ? s : 0.0;
}

// @ts-ignore: decorator
@inline function rowCost<W>(i: i32, j: i32): f64 {
  const d = ldf(gP1, i + 1) - ldf(gP1, j);
  if (isFloat<W>()) {
    const c = ldf(gCw, i + 1) - ldf(gCw, j);
    return c > 0 ? ldf(gB, j) - (d * d) / c : ldf(gB, j);
  }
  return ldf(gB, j) - d * d * ldf(gInv, i - j + 1);
}

// ---------------------------------------------------------------------------------------
// Row fills (see ckmeans.cc).

function fillQuadratic<W>(q: i32, n: i32, J: usize): void {
  for (let i = q; i < n; i++) {
    let best = q;
    let bv = rowCost<W>(i, q);
    for (let j = q + 1; j <= i; j++) {
      const v = rowCost<W>(i, j);
      if (v <= bv) {
        bv = v;
        best = j;
      }
    }
    sti(J, i, best);
  }
}

function fillDivide<W>(ilo: i32, ihi: i32, jlo: i32, jhi: i32, J: usize): void {
  while (ilo <= ihi) {
    if (jlo == jhi) {
      for (let i = ilo; i <= ihi; i++) sti(J, i, jlo);
      return;
    }
    const mid = ilo + ((ihi - ilo) >> 1);
    const top = jhi < mid ? jhi : mid;
    let best = jlo;
    let bv = rowCost<W>(mid, jlo);
    for (let j = jlo + 1; j <= top; j++) {
      const v = rowCost<W>(mid, j);
      if (v <= bv) {
        bv = v;
        best = j;
      }
    }
    sti(J, mid, best);
    if (mid - ilo < ihi - mid) {
      fillDivide<W>(ilo, mid - 1, jlo, best, J);
      ilo = mid + 1;
      jlo = best;
    } else {
      fillDivide<W>(mid + 1, ihi, best, jhi, J);
      ihi = mid - 1;
      jhi = best;
    }
  }
}

function smawk<W>(
  rowStart: i32,
  rowStep: i32,
  rowCount: i32,
  cols: usize,
  ncols: i32,
  scratch: usize,
  vals: usize,
  J: usize,
): void {
  if (rowCount <= 0) return;
  let kept = cols;
  let nk = ncols;
  if (ncols > rowCount) {
    const stk = scratch;
    let m = 0;
    for (let t = 0; t < ncols; t++) {
      const c = ldi(cols, t);
      while (m > 0) {
        const r = rowStart + (m - 1) * rowStep;
        if (c <= r && rowCost<W>(r, c) <= ldf(vals, m - 1)) {
          m--;
        } else {
          break;
        }
      }
      if (m < rowCount) {
        const r = rowStart + m * rowStep;
        sti(stk, m, c);
        stf(vals, m, c <= r ? rowCost<W>(r, c) : Infinity);
        m++;
      }
    }
    kept = stk;
    nk = m;
    scratch += <usize>m << 2;
  }
  if (rowCount >= 2) smawk<W>(rowStart + rowStep, rowStep * 2, rowCount / 2, kept, nk, scratch, vals, J);
  let pos = 0;
  for (let t = 0; t < rowCount; t += 2) {
    const i = rowStart + t * rowStep;
    const hi = t + 1 < rowCount ? ldi(J, i + rowStep) : ldi(kept, nk - 1);
    const last = hi < i ? hi : i;
    let best = ldi(kept, pos);
    if (pos + 1 < nk && ldi(kept, pos + 1) <= last) {
      let bv = rowCost<W>(i, best);
      for (let p = pos + 1; p < nk; p++) {
        const c = ldi(kept, p);
        if (c > last) break;
        const v = rowCost<W>(i, c);
        if (v <= bv) {
          bv = v;
          best = c;
        }
      }
    }
    sti(J, i, best);
    if (t + 1 < rowCount) {
      while (pos < nk - 1 && ldi(kept, pos) != hi) pos++;
    }
  }
}

// ---------------------------------------------------------------------------------------
// The last row q of a programme for q + 1 clusters, at i = n - 1 only (ties: largest j);
// gB must hold row q's B[j].
function lastRowArgmin<W>(q: i32, n: i32): i32 {
  let best = q;
  let bv = rowCost<W>(n - 1, q);
  for (let j = q + 1; j < n; j++) {
    const v = rowCost<W>(n - 1, j);
    if (v <= bv) {
      bv = v;
      best = j;
    }
  }
  return best;
}

// The dynamic programme: rows 1 .. kMax-2 of J in full (row q at Jm + (q-1)*n), the last row
// only at i = n - 1 (returned). lastJs (0, or kMax + 1 i32): lastJs[k], k = 2 .. kMax, gets the
// last-row argmin of the programme for k clusters (see fillDP in ckmeans.cc).

function fillDP<W>(n: i32, kMax: i32, method: i32, Jm: usize, sA: usize, sB: usize, cols: usize, scratch: usize, vals: usize, lastJs: usize): i32 {
  let sPrev = sA;
  let sCur = sB;
  for (let i = 0; i < n; i++) stf(sPrev, i, clusterSsq<W>(0, i));
  if (kMax == 1) return 0;
  for (let q = 1; q < kMax - 1; q++) {
    for (let j = q; j < n; j++) stf(gB, j, ldf(sPrev, j - 1) - ldf(gP2, j));
    if (lastJs != 0) sti(lastJs, q + 1, lastRowArgmin<W>(q, n));
    const J = Jm + ((<usize>(q - 1) * <usize>n) << 2);
    if (method == 2) {
      fillQuadratic<W>(q, n, J);
    } else if (method == 1) {
      fillDivide<W>(q, n - 1, q, n - 1, J);
    } else {
      for (let j = q; j < n; j++) sti(cols, j - q, j);
      smawk<W>(q, 1, n - q, cols, n - q, scratch, vals, J);
    }
    for (let i = q; i < n; i++) {
      const jj = ldi(J, i);
      stf(sCur, i, ldf(sPrev, jj - 1) + clusterSsq<W>(jj, i));
    }
    const t = sPrev;
    sPrev = sCur;
    sCur = t;
  }
  const q = kMax - 1;
  for (let j = q; j < n; j++) stf(gB, j, ldf(sPrev, j - 1) - ldf(gP2, j));
  const best = lastRowArgmin<W>(q, n);
  if (lastJs != 0) sti(lastJs, kMax, best);
  return best;
}

function clusterStarts(n: i32, Jm: usize, kMaxUsed: i32, lastJ: i32, K: i32, starts: usize): void {
  let right = n - 1;
  sti(starts, K, n);
  for (let q = K - 1; q >= 1; q--) {
    const left = q == kMaxUsed - 1 ? lastJ : load<i32>(Jm + ((<usize>(q - 1) * <usize>n + <usize>right) << 2));
    sti(starts, q, left);
    right = left - 1;
  }
  sti(starts, 0, 0);
}

// Mixture BIC (see ckmeans.cc mixtureBic).
function mixtureBic(xs: usize, ws: usize, n: i32, starts: usize, K: i32, gmin: f64, mu: usize, vr: usize, coeff: usize, logc: usize): f64 {
  let wTot = 0.0;
  if (ws != 0) {
    for (let k = 0; k < K; k++) {
      let wk = 0.0;
      const e = ldi(starts, k + 1);
      for (let i = ldi(starts, k); i < e; i++) wk += ldf(ws, i);
      stf(coeff, k, wk);
      wTot += wk;
    }
  }
  for (let k = 0; k < K; k++) {
    const left = ldi(starts, k);
    const right = ldi(starts, k + 1) - 1;
    const nk = right - left + 1;
    const median = ldf(xs, left + ((right - left) >> 1));
    let sum = 0.0;
    let sumsq = 0.0;
    let lambda: f64;
    let v = 0.0;
    if (ws == 0) {
      for (let i = left; i <= right; i++) {
        const d = ldf(xs, i) - median;
        sum += d;
        sumsq += d * d;
      }
      stf(mu, k, sum / <f64>nk + median);
      if (nk > 1) v = (sumsq - (sum * sum) / <f64>nk) / <f64>(nk - 1);
      lambda = <f64>nk / <f64>n;
    } else {
      const wk = ldf(coeff, k);
      if (!(wk > 0)) {
        stf(coeff, k, 0);
        stf(logc, k, -Infinity);
        stf(mu, k, 0);
        stf(vr, k, 1);
        continue;
      }
      for (let i = left; i <= right; i++) {
        const d = ldf(xs, i) - median;
        const wd = ldf(ws, i) * d;
        sum += wd;
        sumsq += wd * d;
      }
      stf(mu, k, sum / wk + median);
      if (nk > 1) v = (sumsq - (sum * sum) / wk) / ((<f64>(nk - 1) * wk) / <f64>nk);
      lambda = wk / wTot;
    }
    if (!(v > 0) || nk == 1) {
      let dmin: f64;
      if (left > 0 && right < n - 1) {
        const a = ldf(xs, left) - ldf(xs, left - 1);
        const b = ldf(xs, right + 1) - ldf(xs, right);
        dmin = a < b ? a : b;
      } else if (left > 0) {
        dmin = ldf(xs, left) - ldf(xs, left - 1);
      } else if (right < n - 1) {
        dmin = ldf(xs, right + 1) - ldf(xs, right);
      } else {
        dmin = gmin;
      }
      if (!(dmin > 0)) dmin = gmin;
      if (!(v > 0)) v = (dmin * dmin) / 4.0 / 9.0;
      if (nk == 1) v = dmin * dmin;
    }
    stf(vr, k, v);
    const cf = lambda / Math.sqrt(TWO_PI * v);
    stf(coeff, k, cf);
    stf(logc, k, Math.log(cf));
  }
  let loglik = 0.0;
  for (let i = 0; i < n; i++) {
    const wi = ws == 0 ? 1.0 : ldf(ws, i);
    if (wi == 0) continue;
    const x = ldf(xs, i);
    let L = 0.0;
    for (let k = 0; k < K; k++) {
      const cf = ldf(coeff, k);
      if (cf == 0) continue;
      const d = x - ldf(mu, k);
      L += cf * Math.exp(-(d * d) / (2.0 * ldf(vr, k)));
    }
    let lg: f64;
    if (L > 0 && L < Infinity) {
      lg = Math.log(L);
    } else {
      let m = -Infinity;
      for (let k = 0; k < K; k++) {
        if (ldf(coeff, k) == 0) continue;
        const d = x - ldf(mu, k);
        const t = ldf(logc, k) - (d * d) / (2.0 * ldf(vr, k));
        if (t > m) m = t;
      }
      let s = 0.0;
      for (let k = 0; k < K; k++) {
        if (ldf(coeff, k) == 0) continue;
        const d = x - ldf(mu, k);
        s += Math.exp(ldf(logc, k) - (d * d) / (2.0 * ldf(vr, k)) - m);
      }
      lg = m + Math.log(s);
    }
    loglik += ws == 0 ? lg : wi * lg;
  }
  const logN = Math.log(ws == 0 ? <f64>n : wTot);
  return 2.0 * loglik - (3.0 * <f64>K - 1.0) * logN;
}

// Sorted data of the current call (set by prepare, see ckmeans.cc).
let gPerm: usize = 0;
let gXs: usize = 0;
let gWs: usize = 0; // 0 when unweighted
let gGmin: f64 = Infinity;
let gJm: usize = 0;

// Sorts x (and w), counts the distinct values (returned), the smallest positive gap (gGmin)
// and the median-shifted prefix sums (gP1, gP2, gCw, gInv).
function prepare(x: usize, w: usize, n: i32): i32 {
  const perm = allocI32(n);
  sortOrder(x, n, perm);
  const xs = allocF64(n);
  for (let i = 0; i < n; i++) stf(xs, i, ldf(x, ldi(perm, i)));
  let ws: usize = 0;
  if (w != 0) {
    ws = allocF64(n);
    for (let i = 0; i < n; i++) stf(ws, i, ldf(w, ldi(perm, i)));
  }

  let unique = 1;
  let gmin = Infinity;
  for (let i = 1; i < n; i++) {
    if (ldf(xs, i) != ldf(xs, i - 1)) {
      unique++;
      const g = ldf(xs, i) - ldf(xs, i - 1);
      if (g < gmin) gmin = g;
    }
  }

  const shift = ldf(xs, n >> 1);
  if (ws == 0) {
    gInv = allocF64(n + 1);
    stf(gInv, 0, 0);
    for (let c = 1; c <= n; c++) stf(gInv, c, 1.0 / <f64>c);
  }
  const p1 = allocF64(n + 1);
  const p2 = allocF64(n + 1);
  let cw: usize = 0;
  stf(p1, 0, 0);
  stf(p2, 0, 0);
  if (ws != 0) {
    cw = allocF64(n + 1);
    stf(cw, 0, 0);
    for (let i = 0; i < n; i++) {
      const d = ldf(xs, i) - shift;
      const wd = ldf(ws, i) * d;
      stf(p1, i + 1, ldf(p1, i) + wd);
      stf(p2, i + 1, ldf(p2, i) + wd * d);
      stf(cw, i + 1, ldf(cw, i) + ldf(ws, i));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const d = ldf(xs, i) - shift;
      stf(p1, i + 1, ldf(p1, i) + d);
      stf(p2, i + 1, ldf(p2, i) + d * d);
    }
  }
  gP1 = p1;
  gP2 = p2;
  gCw = cw;

  gPerm = perm;
  gXs = xs;
  gWs = ws;
  gGmin = gmin;
  return unique;
}

// Scratch for a programme of kMaxUsed clusters (J at gJm), then fillDP; returns the last-row
// argmin (0 when kMaxUsed < 2).
function runDP(n: i32, kMaxUsed: i32, method: i32, lastJs: usize): i32 {
  gJm = 0;
  if (kMaxUsed < 2) return 0;
  const sA = allocF64(n);
  const sB = allocF64(n);
  gB = allocF64(n);
  let cols: usize = 0;
  let scratch: usize = 0;
  let vals: usize = 0;
  if (method == 0 && kMaxUsed >= 3) {
    cols = allocI32(n);
    scratch = allocI32(n);
    vals = allocF64(n);
  }
  if (kMaxUsed >= 3) gJm = heap.alloc((<usize>(kMaxUsed - 2) * <usize>n) << 2);
  return gWs != 0
    ? fillDP<f64>(n, kMaxUsed, method, gJm, sA, sB, cols, scratch, vals, lastJs)
    : fillDP<i32>(n, kMaxUsed, method, gJm, sA, sB, cols, scratch, vals, lastJs);
}

// labels[perm[i]] = cluster of sorted position i, for the K clusters starting at starts[].
function writeLabels(perm: usize, starts: usize, K: i32, labels: usize): void {
  for (let k = 0; k < K; k++) {
    const e = ldi(starts, k + 1);
    for (let i = ldi(starts, k); i < e; i++) sti(labels, ldi(perm, i), k);
  }
}

/**
 * Kernel: optimal 1-D k-means of x[0..n) (weights w or 0 for none) with k in [kMin, kMax];
 * see native/kernels/ckmeans.h. Returns the chosen k, or 0 when the weights sum to zero.
 */
export function ckmeans(
  x: usize,
  w: usize,
  n: i32,
  kMin: i32,
  kMax: i32,
  method: i32,
  labels: usize,
  centers: usize,
  withinss: usize,
  sizes: usize,
  bic: usize,
  distinct: usize,
): i32 {
  if (w != 0) {
    let tot = 0.0;
    for (let i = 0; i < n; i++) tot += ldf(w, i);
    if (!(tot > 0)) return 0;
  }
  const unique = prepare(x, w, n);
  store<i32>(distinct, unique);
  const kMaxUsed = kMax < unique ? kMax : unique;
  const perm = gPerm;
  const xs = gXs;
  const ws = gWs;
  const gmin = gGmin;
  const lastJ = runDP(n, kMaxUsed, method, 0);
  const Jm = gJm;

  const starts = allocI32(kMaxUsed + 1);
  let kOpt = kMaxUsed;
  if (bic != 0) {
    const nb = kMax - kMin + 1;
    for (let b = 0; b < nb; b++) stf(bic, b, NaN);
    kOpt = kMin < kMaxUsed ? kMin : kMaxUsed;
    if (unique >= 2) {
      const mu = allocF64(kMaxUsed);
      const vr = allocF64(kMaxUsed);
      const coeff = allocF64(kMaxUsed);
      const logc = allocF64(kMaxUsed);
      let bestV = 0.0;
      let have = false;
      for (let K = kMin; K <= kMaxUsed; K++) {
        clusterStarts(n, Jm, kMaxUsed, lastJ, K, starts);
        const v = mixtureBic(xs, ws, n, starts, K, gmin, mu, vr, coeff, logc);
        stf(bic, K - kMin, v);
        if (!isNaN(v) && (!have || v > bestV)) {
          have = true;
          bestV = v;
          kOpt = K;
        }
      }
    }
  }

  clusterStarts(n, Jm, kMaxUsed, lastJ, kOpt, starts);
  for (let k = 0; k < kMax; k++) {
    stf(centers, k, 0);
    stf(withinss, k, 0);
    stf(sizes, k, 0);
  }
  for (let k = 0; k < kOpt; k++) {
    const left = ldi(starts, k);
    const right = ldi(starts, k + 1);
    let c: f64;
    let ss = 0.0;
    let size: f64;
    if (ws == 0) {
      let s = 0.0;
      for (let i = left; i < right; i++) s += ldf(xs, i);
      size = <f64>(right - left);
      c = s / size;
      for (let i = left; i < right; i++) {
        const d = ldf(xs, i) - c;
        ss += d * d;
      }
    } else {
      let s = 0.0;
      let sw = 0.0;
      for (let i = left; i < right; i++) {
        s += ldf(ws, i) * ldf(xs, i);
        sw += ldf(ws, i);
      }
      size = sw;
      if (sw > 0) {
        c = s / sw;
      } else {
        let p = 0.0;
        for (let i = left; i < right; i++) p += ldf(xs, i);
        c = p / <f64>(right - left);
      }
      for (let i = left; i < right; i++) {
        const d = ldf(xs, i) - c;
        ss += ldf(ws, i) * d * d;
      }
    }
    stf(centers, k, c);
    stf(withinss, k, ss);
    stf(sizes, k, size);
  }
  writeLabels(perm, starts, kOpt, labels);
  return kOpt;
}

/**
 * Kernel: the optimal k-partitions of x[0..n) (unweighted) for every k = 1 .. K = min(kMax, u)
 * from one programme; row k - 1 of labels (min(kMax, n) rows of n) = the labels of
 * ckmeans(x, k). See native/kernels/ckmeans.h. Returns K.
 */
export function ckmeansPartitions(x: usize, n: i32, kMax: i32, method: i32, labels: usize, distinct: usize): i32 {
  const unique = prepare(x, 0, n);
  store<i32>(distinct, unique);
  const K = kMax < unique ? kMax : unique;
  const lastJs = allocI32(K + 1);
  memory.fill(lastJs, 0, <usize>(K + 1) << 2);
  runDP(n, K, method, lastJs);
  const starts = allocI32(K + 1);
  for (let k = 1; k <= K; k++) {
    clusterStarts(n, gJm, k, ldi(lastJs, k), k, starts);
    writeLabels(gPerm, starts, k, labels + ((<usize>(k - 1) * <usize>n) << 2));
  }
  const rows = kMax < n ? kMax : n;
  if (rows > K) memory.fill(labels + ((<usize>K * <usize>n) << 2), 0, (<usize>(rows - K) * <usize>n) << 2);
  return K;
}
