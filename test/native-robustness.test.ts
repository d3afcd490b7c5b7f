// The C++ glue must re-check every argument: whatever a caller passes to the raw addon, the
// call returns or throws, and the process lives on. Random argument lists of random types
// and sizes, and valid calls with a few arguments mutated, are thrown at every native kernel
// in a child process, which must exit normally.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { availableBackends } from '../lib/index.js';
import { loadNative } from '../lib/backend/native.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const FUZZ = `
const addon = require(process.argv[1]);
// xorshift32: a fixed, dependency-free stream of test inputs
let s = 2463534242;
const rnd = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const numbers = [0, 1, 2, 3, 5, 10, -1, -7, 0.5, 1e5, -1e9, 2 ** 31, 2 ** 53, NaN, Infinity, -Infinity]; // no huge-but-valid work sizes
const len = () => pick([0, 1, 2, 3, 4, 6, 9, 16, 100]);
const fill = (a) => { for (let i = 0; i < a.length; i++) a[i] = pick(numbers); return a; };
const value = () => {
  switch (Math.floor(rnd() * 9)) {
    case 0: case 1: case 2: return pick(numbers);
    case 3: case 4: return fill(new Float64Array(len()));
    case 5: return fill(new Int32Array(len()));
    case 6: return new Uint32Array(len() * 2);
    case 7: return pick([null, undefined, 'x', {}, [1, 2]]);
    default: return new Uint8Array(len());
  }
};
let calls = 0, threw = 0;
const call = (fn, args) => { calls++; try { fn(...args); } catch (e) { threw++; } };
for (const [name, fn] of Object.entries(addon)) {
  if (typeof fn !== 'function') continue;
  for (let t = 0; t < 400; t++) call(fn, Array.from({ length: Math.floor(rnd() * 13) }, value));
}
// Valid calls of each kernel, then 1–3 arguments mutated: wrong sizes, wrong values, null.
const F = (n) => new Float64Array(n).map(() => rnd() * 10);
const I = (n, k) => new Int32Array(n).map(() => Math.floor(rnd() * k));
const valid = {
  randomUniform: () => [1, 0, F(8)],
  randomBits: () => [1, 0, new Uint32Array(8)],
  ckmeans: () => [F(12), F(12), 1, 4, 0, I(12, 1), F(4), F(4), F(4), F(4), new Int32Array(1)],
  clusterIndices: () => [F(24), 12, 2, I(12, 2), 2, I(12, 3), 3, I(12, 4), 4, 0, F(6)],
  kmeans: () => [F(24), 12, 2, 3, 7, 2, 10, 1e-4, I(12, 1), F(6), F(2)],
  pairwiseDistances: () => [F(24), 12, 2, 0, F(66)],
  hclust: () => [F(66), 12, 2, F(44)],
  adjacencyDistances: () => [I(12, 4), 3, 4, F(3)],
  offsetObjective: () => [F(12), F(12), I(12, 4), I(12, 4), 3, 4, 2, 2, 1, 0, 0, 2, F(3)],
  anomalyScores: () => [F(12), F(12), I(12, 4), I(12, 4), 3, 4, 1, 2, 3, F(12)],
};
const mutate = (a) => {
  if (a === null) return fill(new Float64Array(len()));
  if (typeof a === 'number') return pick(numbers);
  if (rnd() < 0.2) return null;
  const T = a.constructor;
  const b = new T(rnd() < 0.5 ? Math.max(0, a.length + pick([-2, -1, 1, 5])) : a.length);
  for (let i = 0; i < b.length; i++) b[i] = T === Float64Array ? pick(numbers) : pick([0, 1, 2, 3, 4, -1, 2 ** 31 - 1, 12, 13]);
  return b;
};
for (const [name, make] of Object.entries(valid)) {
  if (typeof addon[name] !== 'function') throw new Error('no kernel ' + name);
  call(addon[name], make());
  for (let t = 0; t < 3000; t++) {
    const args = make();
    const m = 1 + Math.floor(rnd() * 3);
    for (let j = 0; j < m; j++) { const i = Math.floor(rnd() * args.length); args[i] = mutate(args[i]); }
    call(addon[name], args);
  }
}
console.log(JSON.stringify({ calls, threw, ok: calls - threw }));
`;

describe('native glue robustness', () => {
  it.runIf(availableBackends().includes('native'))('survives random argument lists to every kernel', () => {
    const path = loadNative().path!;
    const r = spawnSync(process.execPath, ['-e', FUZZ, path], { encoding: 'utf8', timeout: 120_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const { calls, threw } = JSON.parse(r.stdout);
    expect(calls).toBeGreaterThan(1000);
    expect(threw).toBeGreaterThan(calls * 0.5); // most of these calls are invalid and must be refused
  });
});
