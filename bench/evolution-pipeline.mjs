// The whole cluster-evolution pipeline, evolution(cases, deaths) with the defaults of
// `epikit evolution` (k = 2..20 by six NbClust indices on Ckmeans partitions per day, α = 0.5,
// date dendrograms, τ ≤ 60 for Gaussian m = 1, 2, 3, Adj and Aff from every default start date,
// anomaly tables, LDR), native vs WebAssembly: on the embedded 2020 country data and on seeded
// synthetic panels of 2,000 regions × 1,000 days (bench/_evolution-synthetic.mjs: log-count
// random walks with staggered onsets and slowing growth, deaths lagging cases; dates from
// 2019-12-31, so the default start dates are the paper's four: 12/31, 01/13, 01/21, 01/31).
// Every task runs evolution() in a child process (bench/_evolution-child.mjs), which reports
// the peak resident memory (process.resourceUsage().maxRSS) and, for wasm, the linear memory at
// the end; the note of each case gives them and the in-process pipeline time.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const title = 'Cluster evolution: the whole pipeline (evolution(), CLI defaults), embedded data and 2,000 regions × 1,000 days';

export const description =
  'Each run is a child process (`node --expose-gc bench/_evolution-child.mjs`), so the times include ~0.2 s of process start and data ' +
  'generation; the note gives the pipeline time measured inside the child, its stage times, the peak RSS of the whole child process, and for ' +
  'wasm the WebAssembly linear memory at the end (its peak: it never shrinks). Offsets dominate at scale: Aff and the three Gaussian ' +
  'matrices cost O(τmax · T · n²) each (the four start dates share their day-pair terms); the daily k selection is O(T · K · k · n) ' +
  '(Ckmeans) plus O(T · (n log n + K · n)) (sorted 1-D indices).';

const mb = (bytes) => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MB`;

/** A task that runs one child and writes its measurements into the case's note. */
function childTask(c, args, backend, notes) {
  return () => {
    const r = spawnSync(process.execPath, ['--expose-gc', join(here, '_evolution-child.mjs'), ...args.slice(0, 3), backend, ...args.slice(3)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`evolution child (${backend}) failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').pop());
    const t = m.timings;
    const stages = `k ${((t['k-cases'] + t['k-deaths']) / 1000).toFixed(1)} s, dendrograms ${(t.dendrograms / 1000).toFixed(1)} s, offsets ${(t.offsets / 1000).toFixed(1)} s, anomalies ${(t.anomalies / 1000).toFixed(1)} s`;
    notes[backend] = `${backend}: ${(m.ms / 1000).toFixed(1)} s in-process (${stages}), peak RSS ${mb(m.maxRssBytes)}${backend === 'wasm' ? `, wasm memory ${mb(m.wasmBytes)}` : ''}`;
    c.note = Object.values(notes).join('; ');
  };
}

export function cases() {
  const out = [];
  const add = (name, args, once) => {
    const c = { name, tasks: {}, ...(once ? { once: ['native', 'wasm'] } : {}) };
    const notes = {};
    c.tasks.native = childTask(c, args, 'native', notes);
    c.tasks.wasm = childTask(c, args, 'wasm', notes);
    out.push(c);
  };
  add('evolution(), embedded data (207 countries × 122 days, 2019-12-31..2020-04-30)', ['embedded', '0', '0'], false);
  // With the full default τ range (≤ 60) the wasm run takes over 3 minutes on 2 busy cores
  // (native ≈ 2.3 min): offsets dominate (Gaussian fills: 3 × 2·T·n(n−1)/2 exp() calls; the lag
  // sums: 4 matrices × 61 lags × T × n(n−1)/2). τ ≤ 30 halves the lag sums and still contains the
  // minimum (τ ≈ 23 on these panels); run `node --expose-gc bench/_evolution-child.mjs synthetic
  // 2000 1000 wasm` for the full default.
  add('evolution(), synthetic 2,000 regions × 1,000 days (4 start dates, τ ≤ 30: half the default τ range)', ['synthetic', '2000', '1000', '{"tauMax":30}'], true);
  return out;
}
