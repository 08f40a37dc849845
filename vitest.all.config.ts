/**
 * Every test, for `npm test`: the Node suites (vitest.config.ts, unchanged) and then the
 * browser tests (vitest.browser.config.ts), in one vitest run so that one report covers both.
 */

import { defineConfig } from 'vitest/config';
import browser from './vitest.browser.config.ts';
import node from './vitest.config.ts';

const { reporters, ...nodeTest } = node.test ?? {};

export default defineConfig({
  test: {
    reporters,
    projects: [
      { test: { ...nodeTest, name: 'node', sequence: { groupOrder: 0 } } },
      { test: { ...browser.test, sequence: { groupOrder: 1 } } },
    ],
  },
});
