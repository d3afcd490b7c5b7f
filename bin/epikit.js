#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

main(process.argv).catch((error) => {
  process.stderr.write(`epikit: ${error && error.code ? `${error.code}: ` : ''}${error && error.message ? error.message : error}\n`);
  process.exitCode = process.exitCode || 1;
});
