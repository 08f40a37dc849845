#!/usr/bin/env node
/**
 * Generates the AssemblyScript layout modules from their TypeScript definitions, the one
 * source of every wasm memory layout:
 *
 *   assembly/kernel/layout.ts  from src/model/kernel-layout.ts (parameters) and src/model/tally.ts (tally)
 *   assembly/queue/layout.ts   from src/model/queue-params.ts (parameters) and src/model/queue-layout.ts (queue blocks)
 *   assembly/random/words.ts   from src/random/stream.ts (WORD) and src/queue/stream.ts (WORD_ARRIVAL)
 *
 * `node scripts/gen-layouts.mjs` reads the compiled modules in dist/ (run after `build:ts`; `npm
 * run build:wasm` runs it before asc) and writes the two files; with `--check` it writes nothing
 * and fails when a committed file differs. test/layouts.test.ts calls `generate` on the
 * TypeScript sources and compares with the committed files byte for byte, and evaluates every
 * AssemblyScript constant against the TypeScript value.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** camelCase TypeScript slot names to the AssemblyScript names (where the rule does not fit). */
const AS_NAME = {
  reapheresis: 'REAPH',
  dCostXdAlive1y: 'D_COST_X_D_ALIVE_1Y',
  dCostXdRemission: 'D_COST_X_D_REMISSION',
};

/** The AssemblyScript name of a slot: pInSpecOrOos -> P_IN_SPEC_OR_OOS, alive1y -> ALIVE_1Y. */
export function asName(name) {
  if (AS_NAME[name]) return AS_NAME[name];
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z])(1y)/g, '$1_$2')
    .toUpperCase();
}

/**
 * A module under construction: constants with an expression over earlier ones and the value
 * the TypeScript side holds; `add` evaluates the expression and throws when it differs.
 */
class Module {
  constructor(header, imports = {}) {
    this.lines = [...header];
    this.values = { ...imports };
    this.table = [];
  }
  comment(text) {
    this.lines.push(...text.split('\n').map((l) => (l ? `// ${l}` : '')));
  }
  blank() {
    this.lines.push('');
  }
  add(name, value, expr = String(value), type = 'i32', note = '') {
    if (name in this.values) throw new Error(`gen-layouts: ${name} twice`);
    const evaluated = evaluate(expr, this.values);
    if (evaluated !== value) throw new Error(`gen-layouts: ${name} = ${expr} = ${evaluated}, the TypeScript side has ${value}`);
    if (type === 'i32' && !Number.isInteger(value)) throw new Error(`gen-layouts: ${name} = ${value} is not an i32`);
    this.values[name] = value;
    this.table.push({ name, type, value });
    this.lines.push(`export const ${name}: ${type} = ${expr};${note ? ` // ${note}` : ''}`);
  }
  /** Slots at offsets from a base constant: BASE, BASE + 1, .. (or plain numbers without a base). */
  slots(prefix, offsets, base, baseValue = 0, notes = {}) {
    for (const [name, at] of Object.entries(offsets)) {
      const expr = base === undefined ? String(at) : at === 0 ? base : `${base} + ${at}`;
      if (BEFORE[name]) this.comment(BEFORE[name]);
      this.add(prefix + asName(name), baseValue + at, expr, 'i32', notes[name]);
    }
  }
  text() {
    return `${this.lines.join('\n')}\n`;
  }
}

/** Evaluates `A + 2 * B`-style expressions (integers, names, + and *). */
export function evaluate(expr, values) {
  return expr.split('+').reduce((sum, term) => sum + term.split('*').reduce((prod, factor) => {
    const f = factor.trim();
    if (/^-?\d+(\.\d+)?$/.test(f)) return prod * Number(f);
    if (!(f in values)) throw new Error(`gen-layouts: unknown name ${f} in ${expr}`);
    return prod * values[f];
  }, 1), 0);
}

/** Comments before a slot's constant. */
const BEFORE = {
  admin: 'durations: (median, mu, sigma) each',
  fixFund: 'Survival checks whose times are fixed (every duration they depend on has sigma = 0), worked\n'
    + 'out by the host in float64 exactly as the reference does: 1 when fixed, then the least clock\n'
    + 'word w with E(w) > H(t) (as f64; 2^32 when none), for the funding and apheresis checks and the\n'
    + 'infusion check after k = 1..4 attempts, and the vein-to-vein time after k attempts.',
  paidUnits: 'Economics (MODEL.md v2): units paid, their squares, attempts x units paid, cost x remission,\n'
    + 'infused alive at one year, complete responses alive and in remission at one year.',
  dCostXdRemission: 'Economics (MODEL.md v2): d cost x d remission, then the 3 x 3 table of one-year states.',
};

const NOTES = { payment: '0 perInfusion, 1 perAttempt, 2 perResponse', wInf: '4 of them', v2vK: '4 of them', lines: '+Infinity without capacity' };

/** Offsets of a list of [name, width] slots. */
function offsetsOf(slots) {
  const at = {};
  let o = 0;
  for (const [name, width] of slots) {
    at[name] = o;
    o += width;
  }
  return at;
}

/**
 * The generated modules from the TypeScript definitions: `kernelLayout` (src/model/kernel-layout.ts),
 * `tally` (src/model/tally.ts), `queueParams` (src/model/queue-params.ts), `queueLayout` (src/model/queue-layout.ts),
 * `stream` (src/random/stream.ts), `queueStream` (src/queue/stream.ts).
 * Returns the files' text and, per file, the table of constants (name, type, value).
 */
export function generate({ kernelLayout, tally, queueParams, queueLayout, stream, queueStream }) {
  const k = kernelLayout;
  const kernel = new Module([
    '// Generated by scripts/gen-layouts.mjs from src/model/kernel-layout.ts and src/model/tally.ts;',
    '// do not edit (npm run gen:layouts regenerates it; test/layouts.test.ts checks it is current).',
    '// Memory layout shared with the TypeScript side: the parameters the host writes, the tally the kernel writes.',
    '',
  ]);
  kernel.comment('---- parameters: f64 slots, per arm (commercial at 0, poc at ARM_PARAMS), then the cohort ----');
  const kp = offsetsOf(k.KERNEL_ARM_SLOTS);
  for (const [name] of k.KERNEL_ARM_SLOTS) if (kp[name] !== k.KP[name]) throw new Error(`gen-layouts: KP.${name}`);
  kernel.slots('', kp, undefined, 0, NOTES);
  kernel.add('ARM_PARAMS', k.ARM_PARAMS);
  kernel.add('COHORT', k.COHORT, '2 * ARM_PARAMS');
  kernel.slots('', k.KC, 'COHORT', k.COHORT);
  kernel.add('PARAMS_SIZE', k.KERNEL_PARAMS_SIZE, `COHORT + ${k.KERNEL_PARAMS_SIZE - k.COHORT}`);
  kernel.blank();
  kernel.comment('---- tally: f64 slots (ARM_SLOTS, PAIR_SLOTS of src/model/tally.ts) ----');
  kernel.slots('T_', tally.A);
  kernel.add('ARM_SLOTS', tally.ARM_SLOTS.length);
  kernel.add('V2V_BINS', tally.V2V_BINS);
  kernel.add('ARM_HIST', tally.ARM_HIST, 'ARM_SLOTS');
  kernel.add('ARM_SIZE', tally.ARM_SIZE, 'ARM_SLOTS + V2V_BINS');
  kernel.add('PAIR', tally.PAIR_OFFSET, '2 * ARM_SIZE');
  kernel.slots('T_', Object.fromEntries(Object.entries(tally.P).map(([name, at]) => [name, at - tally.PAIR_OFFSET])), 'PAIR', tally.PAIR_OFFSET);
  kernel.comment('The 3 x 3 table of one-year states: commercial\'s state c, poc\'s state p at T_STATES + 3 c + p\n(0 dead, 1 progressed, 2 remission).');
  kernel.add('T_STATES', tally.stateSlot(0, 0), 'T_STATE_DEAD_DEAD');
  kernel.add('T_PATIENTS', tally.PATIENTS_SLOT, `PAIR + ${tally.PATIENTS_SLOT - tally.PAIR_OFFSET}`);
  kernel.add('TALLY_SIZE', tally.TALLY_SIZE, `PAIR + ${tally.TALLY_SIZE - tally.PAIR_OFFSET}`);

  const qp = queueParams;
  const ql = queueLayout;
  const queue = new Module([
    '// Generated by scripts/gen-layouts.mjs from src/model/queue-params.ts and src/model/queue-layout.ts;',
    '// do not edit (npm run gen:layouts regenerates it; test/layouts.test.ts checks it is current).',
    '// The parameter block of src/model/queue-params.ts and the replicate tally of src/model/queue-layout.ts',
    '// (version 1\'s tally, then a queue block per arm).',
    '',
    "import { TALLY_SIZE } from '../kernel/layout';",
    '',
  ], { TALLY_SIZE: tally.TALLY_SIZE });
  queue.comment('---- parameters (f64), per arm at 0 and YEARS_ARM_PARAMS, then the cohort and the run ----');
  const yp = offsetsOf(qp.YEARS_ARM_SLOTS);
  for (const [name] of qp.YEARS_ARM_SLOTS) if (yp[name] !== qp.YP[name]) throw new Error(`gen-layouts: YP.${name}`);
  queue.slots('Y_', yp, undefined, 0, NOTES);
  queue.add('YEARS_ARM_PARAMS', qp.YEARS_ARM_PARAMS);
  queue.add('YEARS_COHORT', qp.YEARS_COHORT, '2 * YEARS_ARM_PARAMS');
  queue.slots('Y_', qp.YC, 'YEARS_COHORT', qp.YEARS_COHORT);
  queue.add('YEARS_PARAMS_SIZE', qp.YEARS_PARAMS_SIZE, `YEARS_COHORT + ${qp.YEARS_PARAMS_SIZE - qp.YEARS_COHORT}`);
  queue.blank();
  queue.comment('---- a replicate\'s tally (f64): version 1\'s tally, then per arm a queue block ----');
  queue.slots('Q_', ql.Q);
  queue.add('Q_HIST', ql.QUEUE_HIST);
  queue.comment('Bins of the first wait: 0 exactly, 1/16 day up to 16 days, then 2^(1/64) steps up to 16384 days, overflow.');
  queue.add('WAIT_FINE_PER_DAY', ql.WAIT_FINE_PER_DAY, String(ql.WAIT_FINE_PER_DAY), 'f64');
  queue.add('WAIT_FINE_DAYS', ql.WAIT_FINE_DAYS, String(ql.WAIT_FINE_DAYS), 'f64');
  queue.add('WAIT_FINE_BINS', ql.WAIT_FINE_BINS);
  queue.add('WAIT_GEOMETRIC_PER_DOUBLING', ql.WAIT_GEOMETRIC_PER_DOUBLING, String(ql.WAIT_GEOMETRIC_PER_DOUBLING), 'f64');
  queue.add('WAIT_GEOMETRIC_BINS', ql.WAIT_GEOMETRIC_BINS);
  queue.add('WAIT_MAX_DAYS', ql.WAIT_MAX_DAYS, String(ql.WAIT_MAX_DAYS), 'f64');
  queue.add('WAIT_OVERFLOW_BIN', ql.WAIT_OVERFLOW_BIN, '1 + WAIT_FINE_BINS + WAIT_GEOMETRIC_BINS');
  queue.add('WAIT_BINS', ql.WAIT_BINS, 'WAIT_OVERFLOW_BIN + 1');
  queue.add('QUEUE_SIZE', ql.QUEUE_SIZE, 'Q_HIST + WAIT_BINS');
  queue.add('QUEUE_COMMERCIAL', ql.QUEUE_OFFSET.commercial, 'TALLY_SIZE');
  queue.add('QUEUE_POC', ql.QUEUE_OFFSET.poc, 'TALLY_SIZE + QUEUE_SIZE');
  queue.add('REPLICATE_TALLY_SIZE', ql.REPLICATE_TALLY_SIZE, 'TALLY_SIZE + 2 * QUEUE_SIZE');

  const words = new Module([
    '// Generated by scripts/gen-layouts.mjs from src/random/stream.ts and src/queue/stream.ts;',
    '// do not edit (npm run gen:layouts regenerates it; test/layouts.test.ts checks it is current).',
    '// The word numbers of a patient\'s 32 random words (the layout is documented in src/random/stream.ts).',
    '',
  ]);
  // Lists of words: U_out,k, U_rel,k, U_retry,k from k = 1, the Box-Muller pairs of attempts k = 2..4.
  const FIRST = { mfgReaphPairs: 2 };
  for (const [name, at] of Object.entries(stream.WORD)) {
    if (typeof at === 'number') words.add(`WORD_${asName(name)}`, at);
    else at.forEach((w, i) => words.add(`WORD_${asName(name)}_${(FIRST[name] ?? 1) + i}`, w));
  }
  words.comment('U_arr, the time of eligibility within the year (cohort-years; reserved in version 1).');
  words.add('WORD_ARRIVAL', queueStream.WORD_ARRIVAL);

  return {
    'assembly/random/words.ts': { text: words.text(), table: words.table, imports: {} },
    'assembly/kernel/layout.ts': { text: kernel.text(), table: kernel.table, imports: {} },
    'assembly/queue/layout.ts': { text: queue.text(), table: queue.table, imports: { TALLY_SIZE: tally.TALLY_SIZE } },
  };
}

async function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const load = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
  let modules;
  try {
    modules = {
      kernelLayout: await load('src/model/kernel-layout.js'),
      tally: await load('src/model/tally.js'),
      queueParams: await load('src/model/queue-params.js'),
      queueLayout: await load('src/model/queue-layout.js'),
      stream: await load('src/random/stream.js'),
      queueStream: await load('src/queue/stream.js'),
    };
  } catch (e) {
    throw new Error(`gen-layouts: cannot load the compiled layouts in dist/ (run npm run build:ts first): ${e.message}`);
  }
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, { text }] of Object.entries(generate(modules))) {
    const file = join(root, path);
    let old = '';
    try { old = readFileSync(file, 'utf8'); } catch { /* new file */ }
    if (old === text) continue;
    if (check) {
      console.error(`gen-layouts: ${path} is stale (run node scripts/gen-layouts.mjs)`);
      stale++;
    } else {
      writeFileSync(file, text);
      console.log(`gen-layouts: wrote ${path}`);
    }
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => { console.error(e.message); process.exit(1); });
}
