#!/usr/bin/env node
// Entry point of the `cgt-access` command; the CLI itself is in src/cli/main.ts (built to dist/).
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('cgt-access: not built yet; run `npm install` (or `npm run build`) in the package first\n');
  process.exit(1);
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
