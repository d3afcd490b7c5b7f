/** `epikit info`: which backend serves each kernel, and why. */
import { Command } from 'commander';
import { backendInfo, type BackendInfo } from '../index.js';

export function formatInfo(info: BackendInfo): string {
  const lines: string[] = [];
  lines.push(`epikit on Node ${info.node}, ${info.platform} ${info.arch}`);
  lines.push(`EPIKIT_BACKEND: ${info.env.EPIKIT_BACKEND ?? '(unset: auto)'}`);
  lines.push(`selected backend: ${info.selected ?? 'none'} — ${info.reason}`);
  if (info.error) lines.push(`error: ${info.error}`);
  lines.push('');
  lines.push(`native (C++ N-API): ${info.native.loaded ? `loaded from ${info.native.path}` : 'not loaded'}`);
  for (const t of info.native.tried) lines.push(`  tried ${t.path}: ${t.error ?? 'ok'}`);
  const simd = info.wasm.simd ? 'SIMD build' : info.wasm.simdSupported ? 'plain build (SIMD disabled by EPIKIT_WASM_SIMD=0)' : 'plain build (no SIMD support)';
  lines.push(`wasm (AssemblyScript): ${info.wasm.loaded ? `loaded ${info.wasm.path} (${simd})` : `not loaded: ${info.wasm.error}`}`);
  lines.push('');
  lines.push('kernel                 served by   available');
  for (const k of info.kernels) {
    const avail = [k.native ? 'native' : '', k.wasm ? 'wasm' : ''].filter(Boolean).join(', ');
    lines.push(`${k.name.padEnd(22)} ${(k.backend ?? '-').padEnd(11)} ${avail}`);
  }
  return lines.join('\n');
}

export function infoCommand(): Command {
  return new Command('info')
    .description('show which backend (native or wasm) serves each kernel, and why')
    .option('--json', 'print the information as JSON')
    .action((opts: { json?: boolean }) => {
      const info = backendInfo();
      process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : `${formatInfo(info)}\n`);
      if (!info.selected) process.exitCode = 1;
    });
}
