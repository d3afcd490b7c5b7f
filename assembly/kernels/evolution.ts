// Cluster-evolution kernels (James & Menzies, Chaos 30, 061108, 2020): mirrors
// native/kernels/evolution.{h,cc} operation for operation (same loops, same partial sums),
// so both backends give the same numbers. See native/kernels/evolution.h for the contract.

const MATRIX_AFF: i32 = 0;
const MATRIX_ADJ: i32 = 2;
const NORM_L1: i32 = 0;
/** Most doubles offsetObjective keeps for its window of Y-day matrices (as in the C++). */
const WINDOW_DOUBLES: u64 = 1 << 23;

// @ts-ignore: decorator
@inline function f64At(p: usize, i: usize): f64 {
  return load<f64>(p + (i << 3));
}

// @ts-ignore: decorator
@inline function setF64(p: usize, i: usize, v: f64): void {
  store<f64>(p + (i << 3), v);
}

// @ts-ignore: decorator
@inline function i32At(p: usize, i: usize): i32 {
  return load<i32>(p + (i << 2));
}

// @ts-ignore: decorator
@inline function setI32(p: usize, i: usize, v: i32): void {
  store<i32>(p + (i << 2), v);
}

/** n(n−1)/2 rounded up to a multiple of 4 (padding entries are 0 in every buffer). */
function paddedPairs(n: i32): usize {
  const nn = <usize>n;
  const pairs = (nn * (nn - 1)) >> 1;
  return (pairs + 3) & ~(<usize>3);
}

/** Strict upper triangle of M(t) (pairs i < j, row by row) into buf[0 .. P4); see the C++ fillDay. */
function fillDay(x: usize, lab: usize, n: i32, matrix: i32, m: i32, buf: usize, P4: usize): void {
  let p: usize = 0;
  if (matrix == MATRIX_ADJ) {
    for (let i = 0; i < n; i++) {
      const li = i32At(lab, <usize>i);
      for (let j = i + 1; j < n; j++) {
        setF64(buf, p, i32At(lab, <usize>j) == li ? 1.0 : 0.0);
        p++;
      }
    }
  } else {
    let lo = f64At(x, 0);
    let hi = lo;
    for (let i = 1; i < n; i++) {
      const v = f64At(x, <usize>i);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const maxD = hi - lo;
    if (!(maxD > 0.0)) {
      const pairs = (<usize>n * (<usize>n - 1)) >> 1;
      for (; p < pairs; p++) setF64(buf, p, 1.0);
    } else if (matrix == MATRIX_AFF) {
      for (let i = 0; i < n; i++) {
        const xi = f64At(x, <usize>i);
        for (let j = i + 1; j < n; j++) {
          setF64(buf, p, 1.0 - Math.abs(xi - f64At(x, <usize>j)) / maxD);
          p++;
        }
      }
    } else {
      // exp(−D²/(2σ²)) with σ = maxD/m, written as exp(−q²/2), q = (D/maxD)·m ∈ [0, m].
      const md = <f64>m;
      for (let i = 0; i < n; i++) {
        const xi = f64At(x, <usize>i);
        for (let j = i + 1; j < n; j++) {
          const q = (Math.abs(xi - f64At(x, <usize>j)) / maxD) * md;
          setF64(buf, p, Math.exp(-(q * q) * 0.5));
          p++;
        }
      }
    }
  }
  for (; p < P4; p++) setF64(buf, p, 0.0);
}

/** Σ_p |a_p − b_p| in four partial sums (entry p to sum p mod 4), combined (s0 + s2) + (s1 + s3). */
function sumAbsDiff(a: usize, b: usize, P4: usize): f64 {
  const bytes = P4 << 3;
  if (ASC_FEATURE_SIMD) {
    let A = f64x2.splat(0.0); // (s0, s1)
    let B = f64x2.splat(0.0); // (s2, s3)
    for (let o: usize = 0; o < bytes; o += 32) {
      A = f64x2.add(A, f64x2.abs(f64x2.sub(v128.load(a + o), v128.load(b + o))));
      B = f64x2.add(B, f64x2.abs(f64x2.sub(v128.load(a + o, 16), v128.load(b + o, 16))));
    }
    const S = f64x2.add(A, B);
    return f64x2.extract_lane(S, 0) + f64x2.extract_lane(S, 1);
  } else {
    let s0 = 0.0;
    let s1 = 0.0;
    let s2 = 0.0;
    let s3 = 0.0;
    for (let o: usize = 0; o < bytes; o += 32) {
      s0 += Math.abs(load<f64>(a + o) - load<f64>(b + o));
      s1 += Math.abs(load<f64>(a + o, 8) - load<f64>(b + o, 8));
      s2 += Math.abs(load<f64>(a + o, 16) - load<f64>(b + o, 16));
      s3 += Math.abs(load<f64>(a + o, 24) - load<f64>(b + o, 24));
    }
    return s0 + s2 + (s1 + s3);
  }
}

/** Σ_p (a_p − b_p)², same order as sumAbsDiff. */
function sumSqDiff(a: usize, b: usize, P4: usize): f64 {
  const bytes = P4 << 3;
  if (ASC_FEATURE_SIMD) {
    let A = f64x2.splat(0.0);
    let B = f64x2.splat(0.0);
    for (let o: usize = 0; o < bytes; o += 32) {
      const d0 = f64x2.sub(v128.load(a + o), v128.load(b + o));
      const d1 = f64x2.sub(v128.load(a + o, 16), v128.load(b + o, 16));
      A = f64x2.add(A, f64x2.mul(d0, d0));
      B = f64x2.add(B, f64x2.mul(d1, d1));
    }
    const S = f64x2.add(A, B);
    return f64x2.extract_lane(S, 0) + f64x2.extract_lane(S, 1);
  } else {
    let s0 = 0.0;
    let s1 = 0.0;
    let s2 = 0.0;
    let s3 = 0.0;
    for (let o: usize = 0; o < bytes; o += 32) {
      const d0 = load<f64>(a + o) - load<f64>(b + o);
      const d1 = load<f64>(a + o, 8) - load<f64>(b + o, 8);
      const d2 = load<f64>(a + o, 16) - load<f64>(b + o, 16);
      const d3 = load<f64>(a + o, 24) - load<f64>(b + o, 24);
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    return s0 + s2 + (s1 + s3);
  }
}

/**
 * Kernel: ‖Adj(s) − Adj(t)‖_F for all day pairs s < t (condensed order) into out, from the
 * contingency identity Σ_a n_a(s)² + Σ_b n_b(t)² − 2 Σ_ab c_ab² in exact integers.
 */
export function adjacencyDistances(labels: usize, T: i32, n: i32, out: usize): void {
  const nn = <usize>n;
  const TT = <usize>T;
  const ord = heap.alloc((TT * nn) << 2);
  const sorted = heap.alloc((TT * nn) << 2);
  const sq = heap.alloc(TT << 3);
  const cnt = heap.alloc((nn + 1) << 2);
  for (let s: usize = 0; s < TT; s++) {
    const lab = labels + ((s * nn) << 2);
    for (let i: usize = 0; i <= nn; i++) setI32(cnt, i, 0);
    for (let i: usize = 0; i < nn; i++) {
      const a = <usize>i32At(lab, i) + 1;
      setI32(cnt, a, i32At(cnt, a) + 1);
    }
    let q: i64 = 0;
    for (let a: usize = 1; a <= nn; a++) {
      const c = <i64>i32At(cnt, a);
      q += c * c;
      setI32(cnt, a, i32At(cnt, a) + i32At(cnt, a - 1));
    }
    store<i64>(sq + (s << 3), q);
    const o = ord + ((s * nn) << 2);
    const sl = sorted + ((s * nn) << 2);
    for (let i: usize = 0; i < nn; i++) {
      const l = i32At(lab, i);
      const at = <usize>i32At(cnt, <usize>l);
      setI32(cnt, <usize>l, <i32>at + 1);
      setI32(o, at, <i32>i);
      setI32(sl, at, l);
    }
  }
  for (let i: usize = 0; i <= nn; i++) setI32(cnt, i, 0);
  let idx: usize = 0;
  for (let s: usize = 0; s + 1 < TT; s++) {
    const o = ord + ((s * nn) << 2);
    const sl = sorted + ((s * nn) << 2);
    const sqs = load<i64>(sq + (s << 3));
    for (let t: usize = s + 1; t < TT; t++) {
      const lt = labels + ((t * nn) << 2);
      // Σ_ab c_ab²: per day-s cluster, count its members' day-t labels; v → v + 1 adds 2v + 1.
      let c2: i64 = 0;
      let cs: usize = 0;
      for (let p: usize = 0; p < nn; p++) {
        if (p > 0 && i32At(sl, p) != i32At(sl, p - 1)) {
          for (let r = cs; r < p; r++) setI32(cnt, <usize>i32At(lt, <usize>i32At(o, r)), 0);
          cs = p;
        }
        const b = <usize>i32At(lt, <usize>i32At(o, p));
        const v = i32At(cnt, b);
        c2 += 2 * <i64>v + 1;
        setI32(cnt, b, v + 1);
      }
      for (let r = cs; r < nn; r++) setI32(cnt, <usize>i32At(lt, <usize>i32At(o, r)), 0);
      const d2 = sqs + load<i64>(sq + (t << 3)) - 2 * c2;
      setF64(out, idx, Math.sqrt(<f64>d2));
      idx++;
    }
  }
}

/**
 * Kernel: out[τ] = (1/count) Σ_{t=start}^{T−1−τ} ‖M_X(t) − M_Y(t+τ)‖ (/ n² when perEntry) for
 * τ = 0..tauMax, NaN when count = T − τ − start is 0. Same blocking over τ as the C++.
 */
export function offsetObjective(
  x: usize,
  y: usize,
  labelsX: usize,
  labelsY: usize,
  T: i32,
  n: i32,
  matrix: i32,
  m: i32,
  norm: i32,
  perEntry: i32,
  start: i32,
  tauMax: i32,
  out: usize,
): void {
  const rowBytes = <usize>n << 3;
  const labBytes = <usize>n << 2;
  const P4 = paddedPairs(n);
  const taus = <u64>tauMax + 1;
  let B: u64 = P4 == 0 ? taus : WINDOW_DOUBLES / <u64>P4;
  if (B < 1) B = 1;
  if (B > taus) B = taus;
  const bufX = heap.alloc(P4 << 3);
  const win = heap.alloc((<usize>B * P4) << 3);
  const acc = heap.alloc(<usize>taus << 3);
  for (let k: usize = 0; k < <usize>taus; k++) setF64(acc, k, 0.0);
  const scale = <f64>n * <f64>n;
  const adj = matrix == MATRIX_ADJ;
  const TT = <i64>T;
  for (let tau0: i64 = 0; tau0 <= <i64>tauMax; tau0 += <i64>B) {
    const end = tau0 + <i64>B;
    const tau1 = end < <i64>tauMax + 1 ? end : <i64>tauMax + 1;
    const W = tau1 - tau0;
    let nextY = <i64>start + tau0;
    for (let t = <i64>start; t <= TT - 1 - tau0; t++) {
      fillDay(x + <usize>t * rowBytes, adj ? labelsX + <usize>t * labBytes : 0, n, matrix, m, bufX, P4);
      const last = t + tau1 - 1 < TT - 1 ? t + tau1 - 1 : TT - 1;
      for (; nextY <= last; nextY++) {
        fillDay(
          y + <usize>nextY * rowBytes,
          adj ? labelsY + <usize>nextY * labBytes : 0,
          n,
          matrix,
          m,
          win + ((<usize>(nextY % W) * P4) << 3),
          P4,
        );
      }
      for (let tau = tau0; tau < tau1 && tau <= TT - 1 - t; tau++) {
        const b = win + ((<usize>((t + tau) % W) * P4) << 3);
        const s = norm == NORM_L1 ? sumAbsDiff(bufX, b, P4) : sumSqDiff(bufX, b, P4);
        // Full matrix: every i ≠ j entry appears twice, the diagonal contributes 0.
        let v = norm == NORM_L1 ? 2.0 * s : Math.sqrt(2.0 * s);
        if (perEntry != 0) v = v / scale;
        setF64(acc, <usize>tau, f64At(acc, <usize>tau) + v);
      }
    }
  }
  for (let tau = 0; tau <= tauMax; tau++) {
    const count = <i64>T - <i64>tau - <i64>start;
    setF64(out, <usize>tau, count > 0 ? f64At(acc, <usize>tau) / <f64>count : NaN);
  }
}

/**
 * Kernel: out[t·n + j] = Σ_i |M_X,ij(t) − M_Y,ij(t+τ)| (i increasing) for t ≤ T−1−τ, NaN after.
 */
export function anomalyScores(
  x: usize,
  y: usize,
  labelsX: usize,
  labelsY: usize,
  T: i32,
  n: i32,
  tau: i32,
  matrix: i32,
  m: i32,
  out: usize,
): void {
  const nn = <usize>n;
  const rowBytes = nn << 3;
  const labBytes = nn << 2;
  const P4 = paddedPairs(n);
  const bufX = heap.alloc(P4 << 3);
  const bufY = heap.alloc(P4 << 3);
  const adj = matrix == MATRIX_ADJ;
  for (let t = 0; t < T; t++) {
    const row = out + <usize>t * rowBytes;
    if (t > T - 1 - tau) {
      for (let j: usize = 0; j < nn; j++) setF64(row, j, NaN);
      continue;
    }
    const u = <usize>(t + tau);
    fillDay(x + <usize>t * rowBytes, adj ? labelsX + <usize>t * labBytes : 0, n, matrix, m, bufX, P4);
    fillDay(y + u * rowBytes, adj ? labelsY + u * labBytes : 0, n, matrix, m, bufY, P4);
    for (let j: usize = 0; j < nn; j++) setF64(row, j, 0.0);
    let p: usize = 0;
    for (let i: usize = 0; i < nn; i++) {
      let ai = f64At(row, i);
      for (let j = i + 1; j < nn; j++) {
        const d = Math.abs(f64At(bufX, p) - f64At(bufY, p));
        p++;
        ai += d;
        setF64(row, j, f64At(row, j) + d);
      }
      setF64(row, i, ai);
    }
  }
}
