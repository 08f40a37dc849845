export { uniform, TWO_POW_MINUS_32 } from './uniform.js';
export { standardExponential, exponential } from './exponential.js';
export { boxMuller, normal } from './normal.js';
export { logNormal, logNormalFromMedianP90, Z90, type LogNormal } from './lognormal.js';
