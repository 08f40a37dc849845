import type { PresetDefinition } from './types.js';

/** Presets from the seed paper's Table 2 and text (filled in by the presets work). */
export const TABLE2_PRESETS: readonly PresetDefinition[] = [];
