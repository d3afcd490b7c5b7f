#!/usr/bin/env node
// `npm install` step for the native addon. Never fails the install: without a C++ toolchain
// (or with EPIKIT_SKIP_NATIVE=1) it explains why and the WebAssembly backend serves instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => process.stderr.write(`epikit: ${msg}\n`);

function main() {
  if (process.env.EPIKIT_SKIP_NATIVE === '1') {
    say('EPIKIT_SKIP_NATIVE=1: native addon not built; the WebAssembly backend will serve.');
    return;
  }
  const prebuildDir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  if (existsSync(prebuildDir) && readdirSync(prebuildDir).some((f) => f.endsWith('.node'))) {
    say(`using the prebuilt native addon in ${prebuildDir}`);
    return;
  }
  if (!existsSync(join(root, 'binding.gyp'))) {
    say('no binding.gyp and no prebuild for this platform; the WebAssembly backend will serve.');
    return;
  }
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) {
    say('node-gyp not found; native addon not built; the WebAssembly backend will serve.');
    return;
  }
  say('building the native addon (node-gyp rebuild)…');
  const r = spawnSync(process.execPath, [nodeGyp, 'rebuild'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status === 0) {
    say('native addon built: build/Release/epikit.node');
    return;
  }
  const tail = (r.stderr || String(r.error || '')).trim().split('\n').slice(-6).join('\n  ');
  say(
    'the native addon could not be built, so the WebAssembly backend will serve (same results, somewhat slower).\n' +
      `  ${tail}\n` +
      '  To build it later: install python3, make and a C++17 compiler, then run `npm run build:native`.',
  );
}

function findNodeGyp() {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const fromNpm = process.env.npm_config_node_gyp;
    return fromNpm && existsSync(fromNpm) ? fromNpm : null;
  }
}

main();
