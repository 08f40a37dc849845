/**
 * What `npm pack` puts in the package (package.json's `files`), read with `npm pack --dry-run
 * --json --ignore-scripts` from the built tree: the library and the CLI need the three wasm
 * modules of build/ (the Node platform reads them from there), and the package carries neither
 * the browser tests' screenshots nor the sources of the tests.
 */

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the npm package', () => {
  it('holds the wasm modules, the built library, CLI and site, and no screenshots or tests', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [pack] = JSON.parse(out) as { files: { path: string }[]; size: number }[];
    const files = pack.files.map((f) => f.path);
    for (const wasm of ['build/cgt-access.wasm', 'build/cgt-access-queue.wasm', 'build/cgt-access-fold.wasm']) expect(files).toContain(wasm);
    for (const file of ['bin/cgt-access.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/engine/worker.js', 'dist/web/index.html', 'schema/scenario.schema.json', 'README.md', 'package.json']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.startsWith('dist/screenshots/') || f.startsWith('test/') || f.startsWith('src/') || f.startsWith('assembly/'))).toEqual([]);
  });
});
