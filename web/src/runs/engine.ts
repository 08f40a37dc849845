/**
 * The engine for the explorer's runs: the library's worker pools on module web workers (as
 * `src/browser.ts` sets them), imported module by module rather than through the library's
 * index, so that each view's chunk holds only the parts of the library it uses.
 */

import { setPlatform } from '../../../src/engine/pools.js';
import { browserPlatform } from '../../../src/engine/platform-browser.js';

setPlatform(browserPlatform);

export { simulate } from '../../../src/simulate.js';
