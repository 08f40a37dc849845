#!/usr/bin/env node
// Entry point of the `cgt-access` command; the CLI itself is in src/cli/main.ts (built to dist/).
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('cgt-access: not built yet; run `npm install` (or `npm run build`) in the package first\n');
  process.exit(1);
}
// A reader that stops early (`cgt-access psa | head`) closes the pipe: stop quietly, with the
// status shells give a command ended by SIGPIPE (128 + 13), not a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(141);
  throw e;
});
const { runCli } = await import(main.href);
const { sigint } = await import(new URL('../dist/src/cli/interrupt.js', import.meta.url).href);
// Ctrl-C during a run cancels it cleanly (progress line cleared, exit status 130).
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, interrupt: sigint });
