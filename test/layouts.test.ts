/**
 * The AssemblyScript layout modules are generated from the TypeScript definitions
 * (scripts/gen-layouts.mjs): the committed files must be what the generator makes of the
 * current sources, byte for byte, and every constant in them must equal the TypeScript slot,
 * evaluated from the AssemblyScript text itself (not only the sizes).
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain Node script without types
import { evaluate, generate } from '../scripts/gen-layouts.mjs';
import * as kernelLayout from '../src/model/kernel-layout.js';
import { kernelParams } from '../src/engine/kernel.js';
import * as tally from '../src/model/tally.js';
import * as queueLayout from '../src/model/queue-layout.js';
import * as queueParams from '../src/model/queue-params.js';
import * as queueStream from '../src/queue/stream.js';
import * as stream from '../src/random/stream.js';
import { defaultScenario } from '../src/scenario/defaults.js';

const root = join(import.meta.dirname, '..');
type Entry = { name: string; type: string; value: number };
type Generated = Record<string, { text: string; table: Entry[]; imports: Record<string, number> }>;
const generated = generate({ kernelLayout, tally, queueParams, queueLayout, stream, queueStream }) as Generated;

/** The constants of an AssemblyScript module, `export const NAME: TYPE = EXPR;`, evaluated. */
function constants(text: string, imports: Record<string, number>): Map<string, { type: string; value: number }> {
  const values: Record<string, number> = { ...imports };
  const out = new Map<string, { type: string; value: number }>();
  for (const line of text.split('\n')) {
    const m = /^export const (\w+): (i32|f64) = ([^;]+);/.exec(line);
    if (!m) {
      expect(line.startsWith('export'), line).toBe(false);
      continue;
    }
    const value = evaluate(m[3], values) as number;
    values[m[1]] = value;
    out.set(m[1], { type: m[2], value });
  }
  return out;
}

describe('the AssemblyScript layouts', () => {
  for (const [path, { text, table, imports }] of Object.entries(generated)) {
    it(`${path} is current (node scripts/gen-layouts.mjs regenerates it)`, () => {
      expect(readFileSync(join(root, path), 'utf8')).toBe(text);
    });

    it(`${path} agrees with the TypeScript side slot by slot`, () => {
      const as = constants(readFileSync(join(root, path), 'utf8'), imports);
      expect([...as.keys()]).toEqual(table.map((e) => e.name));
      for (const { name, type, value } of table) expect(as.get(name), name).toEqual({ type, value });
    });
  }

  it('names every TypeScript slot in AssemblyScript', () => {
    const kernel = constants(readFileSync(join(root, 'assembly/kernel/layout.ts'), 'utf8'), {});
    const queue = constants(readFileSync(join(root, 'assembly/queue/layout.ts'), 'utf8'), { TALLY_SIZE: tally.TALLY_SIZE });
    const at = (m: typeof kernel, name: string) => m.get(name)?.value;
    expect(at(kernel, 'P_REFERRAL')).toBe(kernelLayout.KP.pReferral);
    expect(at(kernel, 'PAYMENT')).toBe(kernelLayout.KP.payment);
    expect(at(kernel, 'REAPH')).toBe(kernelLayout.KP.reapheresis);
    expect(at(kernel, 'V2V_K')).toBe(kernelLayout.KP.v2vK);
    expect(at(kernel, 'P_OS1_UNTREATED')).toBe(kernelLayout.COHORT + kernelLayout.KC.pOs1Untreated);
    expect(at(kernel, 'PARAMS_SIZE')).toBe(kernelLayout.KERNEL_PARAMS_SIZE);
    expect(at(kernel, 'T_PROGRESSION_FREE_1Y')).toBe(tally.A.progressionFree1y);
    expect(at(kernel, 'T_COST_X_ALIVE_1Y')).toBe(tally.A.costXAlive1y);
    expect(at(kernel, 'T_D_COST_X_D_REMISSION')).toBe(tally.P.dCostXdRemission);
    expect(at(kernel, 'T_STATES')! + 3 * tally.REMISSION + tally.DEAD).toBe(tally.stateSlot(tally.REMISSION, tally.DEAD));
    expect(at(kernel, 'T_PATIENTS')).toBe(tally.PATIENTS_SLOT);
    expect(at(kernel, 'TALLY_SIZE')).toBe(tally.TALLY_SIZE);
    const tallyNames = [...kernel.keys()].filter((n) => n.startsWith('T_'));
    expect(tallyNames.length).toBe(tally.ARM_SLOTS.length + tally.PAIR_SLOTS.length + 2); // + T_STATES, T_PATIENTS
    expect(at(queue, 'Y_LINES')).toBe(queueParams.YP.lines);
    expect(at(queue, 'Y_REPLICATES')).toBe(queueParams.YEARS_COHORT + queueParams.YC.replicates);
    expect(at(queue, 'YEARS_PARAMS_SIZE')).toBe(queueParams.YEARS_PARAMS_SIZE);
    expect(at(queue, 'Q_BUSY_LINE_DAYS')).toBe(queueLayout.Q.busyLineDays);
    expect(at(queue, 'WAIT_MAX_DAYS')).toBe(queueLayout.WAIT_MAX_DAYS);
    expect(at(queue, 'QUEUE_POC')).toBe(queueLayout.QUEUE_OFFSET.poc);
    expect(at(queue, 'REPLICATE_TALLY_SIZE')).toBe(queueLayout.REPLICATE_TALLY_SIZE);
  });

  it('fails on a slot that moved, not only on a size', () => {
    const moved = { ...kernelLayout, KERNEL_ARM_SLOTS: [...kernelLayout.KERNEL_ARM_SLOTS] };
    [moved.KERNEL_ARM_SLOTS[0], moved.KERNEL_ARM_SLOTS[1]] = [moved.KERNEL_ARM_SLOTS[1], moved.KERNEL_ARM_SLOTS[0]];
    (moved as { KP: unknown }).KP = kernelLayout.slotOffsets(moved.KERNEL_ARM_SLOTS);
    const text = (generate({ kernelLayout: moved, tally, queueParams, queueLayout, stream, queueStream }) as Generated)['assembly/kernel/layout.ts'].text;
    expect(text).not.toBe(readFileSync(join(root, 'assembly/kernel/layout.ts'), 'utf8'));
  });

  it('writes every parameter slot of an arm (kernelParams by named slots)', () => {
    const p = kernelParams(defaultScenario);
    const { KP, ARM_PARAMS, COHORT, KERNEL_PARAMS_SIZE } = kernelLayout;
    expect(p.length).toBe(KERNEL_PARAMS_SIZE);
    for (const o of [0, ARM_PARAMS]) expect(p[o + KP.maxAttempts]).toBeGreaterThanOrEqual(1);
    expect(p[COHORT + kernelLayout.KC.lambda]).toBeGreaterThan(0);
  });
});
