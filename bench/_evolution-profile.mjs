// Profiling helper: node bench/_evolution-profile.mjs n T backend [json options]
// Runs evolution() on synthetic panels and prints stage timings, peak RSS and wasm memory.
import { evolution, backendInfo } from '../dist/index.js';
import { syntheticPanels } from './_evolution-synthetic.mjs';
const [n, T] = [Number(process.argv[2]), Number(process.argv[3])];
const backend = process.argv[4] ?? 'native';
const extra = process.argv[5] ? JSON.parse(process.argv[5]) : {};
const { cases, deaths } = syntheticPanels(n, T);
const t0 = performance.now();
const stageStart = {};
const r = evolution(cases, deaths, { backend, ...extra, onProgress: (p) => { if (!stageStart[p.stage]) stageStart[p.stage] = performance.now(); } });
const total = performance.now() - t0;
const info = backendInfo();
console.log(JSON.stringify({ n, T, backend, total: Math.round(total), timings: r.timings, maxRSS_MB: Math.round(process.resourceUsage().maxRSS / 1024), kHatRange: [Math.min(...r.cases.kHat), Math.max(...r.cases.kHat)], tau: r.consistency.map((c) => c.tau).join(','), delta: r.seriesOffset.delta, wasmMB: info.wasm.memoryBytes ? info.wasm.memoryBytes / 2 ** 20 : undefined }));
