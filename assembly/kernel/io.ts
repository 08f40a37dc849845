// The kernel's static areas that the host writes and reads: the run's parameters (PARAMS,
// laid out as src/engine/kernel.ts writes them) and a chunk's tally (TALLY, as
// src/model/tally.ts reads it).

import { ARM_PARAMS, PARAMS_SIZE, TALLY_SIZE } from './layout';

export const PARAMS: usize = memory.data(PARAMS_SIZE * 8, 16);
export const TALLY: usize = memory.data(TALLY_SIZE * 8, 16);

/** Parameter `slot` of arm `arm` (0 commercial, 1 poc). */
// @ts-ignore: decorator
@inline export function param(arm: i32, slot: i32): f64 {
  return load<f64>(PARAMS + (<usize>(arm * ARM_PARAMS + slot) << 3));
}
