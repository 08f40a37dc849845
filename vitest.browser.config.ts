/**
 * The browser tests: vitest (in Node) drives Debian's Chromium through playwright against
 * the built site (dist/web) on a plain static server. Run after `npm run build`.
 */

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'browser',
    include: ['test/browser/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One Chromium at a time: the machine has few cores and the tests time real work.
    fileParallelism: false,
  },
});
