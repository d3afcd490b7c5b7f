/**
 * Which backends a test file runs against: the forced one when EPIKIT_BACKEND is set
 * (so CI's forced runs exercise exactly that backend, and fail if it cannot load), every
 * backend that loads otherwise. Parity tests use `parityBackends`, which in CI demands both.
 */
import { availableBackends, resolveBackend, type BackendName } from '../../lib/index.js';

export function backendsUnderTest(): BackendName[] {
  const forced = process.env.EPIKIT_BACKEND;
  if (forced === 'native' || forced === 'wasm') return [resolveBackend(forced)];
  const found = availableBackends();
  if (process.env.CI && found.length < 2) {
    throw new Error(`CI requires both backends, only ${found.join(', ') || 'none'} loaded`);
  }
  return found;
}

/** Both backends, for parity tests; outside CI a machine without a compiler gets only wasm. */
export function parityBackends(): BackendName[] {
  const found = availableBackends();
  if (process.env.CI && found.length < 2) {
    throw new Error(`CI requires both backends for parity tests, only ${found.join(', ') || 'none'} loaded`);
  }
  return found;
}

/** Relative difference used by parity tests: |a − b| / max(1, |a|, |b|). */
export function relDiff(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, relDiff(a[i], b[i]));
  return m;
}
