// One evolution() run in a fresh process, for bench/evolution-pipeline.mjs: prints JSON with the
// pipeline's wall time, its stage timings, the process's peak RSS and (wasm) the WebAssembly
// linear memory size at the end (it only grows, so that is its peak).
//   node --expose-gc bench/_evolution-child.mjs embedded|synthetic n T native|wasm ['{"tauMax":60}']
const instances = [];
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  const instance = new Instance(module, imports);
  instances.push(instance);
  return instance;
};
WebAssembly.Instance.prototype = Instance.prototype;

const [source, n, T, backend, extra] = process.argv.slice(2);
const { evolution, loadDefaultCountrySeries } = await import('../dist/index.js');
const { syntheticPanels } = await import('./_evolution-synthetic.mjs');
const { cases, deaths } = source === 'embedded' ? await loadDefaultCountrySeries() : syntheticPanels(Number(n), Number(T));
const options = { backend, ...(extra ? JSON.parse(extra) : {}) };
globalThis.gc?.();
const t0 = performance.now();
const r = evolution(cases, deaths, options);
const ms = performance.now() - t0;
const wasmBytes = backend === 'wasm' ? Math.max(0, ...instances.map((i) => i.exports.memory?.buffer.byteLength ?? 0)) : 0;
process.stdout.write(
  JSON.stringify({
    ms,
    timings: r.timings,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    wasmBytes,
    regions: cases.regions.length,
    days: cases.dates.length,
    starts: [...new Set(r.consistency.map((c) => c.start))].length,
    tauAff: r.consistency.find((c) => c.matrix === 'aff')?.tau,
  }) + '\n',
);
