#!/usr/bin/env node
// Runs every bench/<family>.mjs suite with tinybench and writes BENCHMARKS.md: median
// latency per task, measured side by side in one run, and ratios to the native backend.
//
//   npm run bench                      # all suites, writes BENCHMARKS.md
//   npm run bench -- --only ckmeans    # one suite, printed (BENCHMARKS.md is only written by full runs)
//   npm run bench -- --time 2000       # time budget per task in ms (default 1000)
//   npm run bench -- --stdout          # print the markdown instead of writing the file
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    time: { type: 'string', default: '1000' },
    stdout: { type: 'boolean', default: false },
  },
});
const timeBudget = Number(args.time);

const { backendInfo } = await import('../dist/index.js');
const info = backendInfo();
if (!info.native.loaded || !info.wasm.loaded) {
  console.error('epikit bench: both backends must load (run `npm install` with a C++ toolchain first).');
  console.error(JSON.stringify({ native: info.native, wasm: info.wasm }, null, 2));
  process.exit(1);
}

const suiteFiles = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('_'))
  .filter((f) => !args.only || f === `${args.only}.mjs`)
  .sort();

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms >= 0.01 ? ms.toFixed(3) : ms.toExponential(2));
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : '–');

const sections = [];
for (const file of suiteFiles) {
  const suite = await import(join(here, file));
  const cases = await suite.cases();
  const taskNames = [...new Set(cases.flatMap((c) => Object.keys(c.tasks)))];
  const peers = taskNames.filter((t) => t !== 'native' && t !== 'wasm');
  const header = ['case', ...taskNames.map((t) => `${t} (ms)`), 'wasm / native', ...peers.map((p) => `${p} / native`)];
  const rows = [];
  for (const c of cases) {
    process.stderr.write(`bench ${file} ${c.name}\n`);
    // Tasks listed in `once` (slow peers) are timed by a single run without warm-up.
    const once = new Set(c.once ?? []);
    const benches = [
      new Bench({ time: c.time ?? timeBudget, iterations: c.iterations ?? 5, warmupIterations: 1, warmupTime: 0 }),
      new Bench({ time: 0, iterations: 1, warmup: false }),
    ];
    // Say whether each task is async (declared `async`) instead of letting tinybench find out:
    // tinybench would call the function once more at add time and, for a promise, not wait for
    // it — that extra run overlaps the timed one. Suites declare their async tasks `async`.
    for (const [name, fn] of Object.entries(c.tasks)) benches[once.has(name) ? 1 : 0].add(name, fn, { async: fn.constructor.name === 'AsyncFunction' });
    const median = {};
    for (const bench of benches) {
      if (bench.tasks.length === 0) continue;
      globalThis.gc?.();
      await bench.run();
      for (const task of bench.tasks) {
        const r = task.result;
        if (r.state === 'completed') median[task.name] = r.latency.p50;
        else process.stderr.write(`  ${task.name}: ${r.state} ${r.error ? r.error.message : ''}\n`);
      }
    }
    rows.push([
      c.name + (c.note ? ` (${c.note})` : '') + (once.size ? ` [${[...once].join(', ')}: one run]` : ''),
      ...taskNames.map((t) => (median[t] === undefined ? '–' : fmt(median[t]))),
      ratio(median.wasm, median.native),
      ...peers.map((p) => ratio(median[p], median.native)),
    ]);
  }
  const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  sections.push(`## ${suite.title}\n\n${suite.description ? `${suite.description}\n\n` : ''}${table}\n`);
}

const cpu = cpus();
const doc = `# Benchmarks

Median time per call (tinybench, ${timeBudget} ms budget and at least 5 runs per task, after one warm-up
run), measured side by side in one run. Ratios are times relative to the native backend: above 1 means
slower than native. Reproduce with \`npm run bench\` (writes this file).

Machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB,
${osType()} ${release()}, Node ${process.version}; WebAssembly ${info.wasm.simd ? 'SIMD build' : 'plain build'}.
Measured ${new Date().toISOString().slice(0, 10)}.

${sections.join('\n')}`;

if (args.stdout || args.only) process.stdout.write(doc);
else {
  writeFileSync(join(here, '..', 'BENCHMARKS.md'), doc);
  process.stderr.write('wrote BENCHMARKS.md\n');
}
