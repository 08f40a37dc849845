/**
 * The library in a browser: the API of `index.ts`, with the shared worker pools on module
 * web workers. Import this module, not `index.ts`, from code that a bundler builds for
 * browsers (the build replaces the Node platform, see vite.config.ts).
 */

import { setPlatform } from './engine/pools.js';
import { browserPlatform } from './engine/platform-browser.js';

setPlatform(browserPlatform);

export * from './index.js';
export { browserPlatform } from './engine/platform-browser.js';
export { resultToCsv } from './format/csv.js';
export { psaResultToCsv } from './format/psa-csv.js';
