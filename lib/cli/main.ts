/** `epikit <command>`: one file per command under lib/cli/. */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { backtestCommand } from './backtest.js';
import { evolutionCommand } from './evolution.js';
import { forecastCommand } from './forecast.js';
import { infoCommand } from './info.js';
import { signalsCommand } from './signals.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('epikit')
    .description('Epidemic analytics with native (C++) and WebAssembly kernels')
    .version(packageVersion())
    .showHelpAfterError();
  program.addCommand(infoCommand());
  program.addCommand(evolutionCommand());
  program.addCommand(signalsCommand());
  program.addCommand(forecastCommand());
  program.addCommand(backtestCommand());
  await program.parseAsync(argv);
}
