/**
 * Property test of version 2's commands and the library functions behind them (issue 26):
 * over generated argument lists of `calibrate`, `price`, `budget` and `lines` (every flag, good
 * values and bad: numbers in every spelling, names of Object.prototype, lists of the wrong
 * length, junk) and generated scenario files on standard input, the only outcomes are
 *
 *   - exit 0, nothing on standard error, and JSON whose numbers are all finite; or
 *   - exit 2, a message on standard error that starts `cgt-access:` (no internal error, no stack
 *     trace, no raw control characters), and nothing on standard output; or, for calibrate only,
 *   - exit 3 (a target not reached) or 4 (the fit did not converge), the result on standard
 *     output as for exit 0 and why on standard error (exit 0 may carry warnings there);
 *
 * never exit 1, a trace or a hang. And the library's `logGrid`, `viciousCircle`,
 * `budgetImpact`, `sweepLines` and `calibrate` over generated arguments either return finite
 * numbers or throw a TypeError or RangeError (or the library's own errors, which extend them)
 * whose message names what was wrong, reading each argument once.
 *
 * Sizes are kept small where a run is valid (tens of patients, a few replicates), so that the
 * cases are many; invalid sizes are refused before anything runs.
 */

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { calibratablePaths } from '../src/calibrate/parameters.js';
import { TARGET_NAMES } from '../src/calibrate/targets.js';
import { closePools } from '../src/engine/pools.js';
import { budgetImpact, calibrate, logGrid, simulate, simulateTally, sweepLines, viciousCircle } from '../src/index.js';
import { presetNames } from '../src/presets/index.js';
import { resolveScenario, ScenarioError } from '../src/scenario/validate.js';
import { cliWith, type Outcome } from './helpers/cli.js';

afterAll(() => closePools());

/** Numbers as a user may type them: plain, signed, exponents, hexadecimal, junk. */
const typedNumber = (good: fc.Arbitrary<number>): fc.Arbitrary<string> => fc.oneof(
  { weight: 6, arbitrary: good.map(String) },
  { weight: 1, arbitrary: good.map((v) => v.toExponential()) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('0x10', '0b1', '0o7', '1e0', '-1', '-0', '+1', '1_000', ' 1', '1 ', '', 'NaN', 'Infinity', '-Infinity',
      '1e999', 'abc', '1,5', '0.5.5', '.5', '5.', '1e-400', '9007199254740993', '__proto__', 'constructor'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

const JUNK_NAMES = ['valueOf', 'constructor', 'toString', 'hasOwnProperty', '__proto__', 'prototype', '', ' ', 'infusedfraction', 'funnel.', 'lost.x'];

const targetArg = fc.tuple(
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TARGET_NAMES) }, { weight: 1, arbitrary: fc.constantFrom(...JUNK_NAMES) }),
  typedNumber(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -2, max: 5, noNaN: true }))),
  fc.constantFrom('=', '=', '=', ':', ''),
).map(([n, v, eq]) => ['--target', `${n}${eq}${v}`]);

const ALL_PATHS = [...new Set([...calibratablePaths('commercial'), ...calibratablePaths('poc')])];
const OTHER_PATHS = [
  'arms.poc.pricing.rdCost', 'arms.poc.pricing.elasticity', 'budget.discountRate', 'cohort.wtp', 'cohort.lifeYearsRemission', 'arms.poc.price',
  'arms.poc.maxAttempts', 'arms.poc.payment', 'arms.poc.capacity.lines', 'cohort.eligiblePerYear', 'run.seed', 'arms', 'arms.poc', 'arms.poc.mfgDays',
  'arms.poc.__proto__', 'constructor', '__proto__.x', 'arms.poc.pReferral.x', '',
];
const paramArg = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ALL_PATHS) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_PATHS) })
  .map((p) => ['--param', p]);

const armArg = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('commercial', 'poc') }, { weight: 1, arbitrary: fc.constantFrom('both', '', 'Poc', '__proto__') })
  .map((a) => ['--arm', a]);

const presetArg = fc.constantFrom(...presetNames, 'nope', '__proto__').map((p) => ['--preset', p]);

/** --set of a few fields the four commands read, good values and bad. */
const setArg = fc.oneof(
  fc.tuple(fc.constantFrom('arms.poc.pReferral', 'arms.commercial.pInSpec', 'arms.poc.pOos', 'cohort.bridgingHazardRatio', 'arms.commercial.pFunding'),
    typedNumber(fc.double({ min: -0.5, max: 1.5, noNaN: true }))).map(([p, v]) => `${p}=${v}`),
  fc.tuple(fc.constantFrom('arms.poc.pricing.elasticity', 'arms.poc.pricing.margin', 'arms.commercial.pricing.rdCost', 'arms.poc.pricing.cogsPerAttempt',
    'arms.poc.pricing.marketEligiblePerYear', 'arms.poc.pricing.horizonYears'), typedNumber(fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), fc.constantFrom(0, 1e9, 1e13))))
    .map(([p, v]) => `${p}=${v}`),
  fc.constantFrom('arms.poc.pricing.rule=costRecovery', 'arms.commercial.pricing.rule=costRecovery', 'arms.poc.pricing.rule=nope'),
  fc.constantFrom('cohort.eligiblePerYear=40', 'cohort.eligiblePerYear=120', 'cohort.eligiblePerYear=0', 'cohort.eligiblePerYear=1e9',
    'arms.poc.capacity.lines=2', 'arms.poc.capacity=null', 'run.years.replicates=2', 'nope=1', 'arms.poc.pReferral', '=1'),
).map((s) => ['--set', s]);

const smallPatients = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 300 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-5', '1e11', '1.5', 'abc', '0x20', '1e2') },
).map((n) => ['--patients', n]);

const seedArg = typedNumber(fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(-1, 2 ** 32))).map((s) => ['--seed', s]);

const formatArg = fc.constantFrom('json', 'json', 'json', 'csv', 'table', 'xml').map((f) => ['--format', f]);

/** Options in any order, each kind at most a few times. */
function argsOf(parts: fc.Arbitrary<string[]>[], max: number): fc.Arbitrary<string[]> {
  return fc.array(fc.oneof(...parts), { maxLength: max }).chain((xs) => fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length })).map((xs) => xs.flat());
}

/** A well-formed request (its targets may still be out of reach) or one with junk anywhere. */
const cleanCalibrate = fc.constantFrom('commercial', 'poc').chain((arm) => fc.tuple(
  fc.uniqueArray(fc.constantFrom(...TARGET_NAMES), { minLength: 1, maxLength: 3 }),
  fc.array(fc.double({ min: 0, max: 0.6, noNaN: true }), { minLength: 3, maxLength: 3 }),
  fc.uniqueArray(fc.constantFrom(...calibratablePaths(arm)), { minLength: 1, maxLength: 3 }),
  fc.option(presetArg.filter(([, p]) => presetNames.includes(p)), { nil: undefined }),
).map(([names, values, params, preset]) => ['calibrate', '--arm', arm, ...names.flatMap((n, i) => ['--target', `${n}=${values[i]}`]),
  ...params.flatMap((p) => ['--param', p]), ...(preset ?? [])]));
const messyCalibrate = fc.tuple(argsOf([targetArg, targetArg, paramArg, paramArg, armArg, presetArg, setArg], 7), armArg, targetArg, paramArg)
  .map(([rest, arm, t, p]) => ['calibrate', ...arm, ...t, ...p, ...rest]);
const calibrateCase = fc.oneof(cleanCalibrate, messyCalibrate);

const marketArg = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 8 }))
    .map(([a, b, n]) => `${Math.min(a, b)}:${Math.max(a, b)}:${n}`),
  fc.constantFrom('10:1000', '0x10:20', '10:1e3:3', '1e1:1e2:2', '-1:10', '10:1', '10:10:1', '10:1000:0', '10:1000:1e9', '10:1000:2.5', 'NaN:1', '1:Infinity',
    '10::3', '10:100:3:4', '', ':', 'a:b', '1e11:1e12', '10:1000:100001'),
).map((m) => ['--market', m]);

const priceCase = fc.oneof(argsOf([marketArg, setArg, seedArg, formatArg, presetArg], 5), argsOf([marketArg, seedArg], 2))
  .chain((rest) => smallPatients.map((p) => ['price', ...p, ...rest]));

/** A scenario file with a budget (sometimes broken), given on standard input. */
const budgetFile = fc.record({
  years: fc.option(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 31, 2.5, -1, '3' as unknown as number) }), { nil: undefined }),
  uptake: fc.oneof(
    { weight: 5, arbitrary: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.double(), fc.constantFrom('0.5' as unknown as number, null as unknown as number)), { maxLength: 4 }) },
  ),
  eligibleGrowth: fc.option(fc.oneof(fc.double({ min: -0.5, max: 1, noNaN: true }), fc.constantFrom(-1, -2, 11, 10)), { nil: undefined }),
  discountRate: fc.option(fc.oneof(fc.double({ min: 0, max: 0.2, noNaN: true }), fc.constantFrom(-0.01, 1, 0.999)), { nil: undefined }),
}, { requiredKeys: ['uptake'] }).map((b) => {
  const budget: Record<string, unknown> = { ...b };
  // A years that matches the uptake most of the time.
  if (typeof b.years === 'number' && b.years >= 1 && b.years <= 6 && Number.isInteger(b.years) && b.uptake.length !== b.years) budget.years = b.uptake.length;
  return budget;
});

const budgetCase = fc.tuple(budgetFile, fc.oneof(argsOf([setArg, seedArg, formatArg], 3), argsOf([seedArg], 1)), smallPatients, fc.boolean())
  .map(([budget, rest, patients, onStdin]) => ({
    stdin: JSON.stringify({ budget }),
    argv: onStdin ? ['budget', '-', ...patients, ...rest] : ['budget', ...patients, ...rest, '--set', `budget.uptake=${JSON.stringify(budget.uptake)}`],
  }));

const linesRange = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 })).map(([a, w]) => ['--from', String(a), '--to', String(a + w)]) },
  { weight: 1, arbitrary: fc.constantFrom(['--from', '0'], ['--from', '1e0', '--to', '2'], ['--from', '-1'], ['--from', '3', '--to', '2'], ['--to', '1001'], ['--from', '0x2'], ['--from', '1.5'], ['--from', 'abc']) },
);
const linesCase = fc.tuple(
  armArg, linesRange,
  fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 3 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('0', '1e7', '-2', '1e0', '2.5', '') }),
  fc.oneof({ weight: 5, arbitrary: fc.constantFrom('0', '1') }, { weight: 1, arbitrary: fc.constantFrom('11', '-1', 'x') }),
  fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 120 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('0', '1e9', '-3') }),
  argsOf([seedArg, formatArg], 2),
).map(([arm, range, replicates, warmup, eligible, rest]) => ['lines', ...arm, ...range, '--replicates', replicates, '--warmup-years', warmup,
  '--set', `cohort.eligiblePerYear=${eligible}`, ...rest]);

/** Every number in a JSON text is finite (JSON.parse gives no NaN; a huge literal parses to Infinity). */
function finiteJson(text: string): boolean {
  const bad: unknown[] = [];
  JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) bad.push(v);
    return v;
  });
  return bad.length === 0;
}

/** The only two outcomes: exit 0 with finite output and a silent standard error, or exit 2 with a message and nothing on standard output. */
function judge(argv: string[], r: Outcome): void {
  const shown = `${JSON.stringify(argv)} -> exit ${r.code}\nstderr: ${r.err.slice(0, 600)}\nstdout: ${r.out.slice(0, 300)}`;
  // calibrate: 3 when a target is not reached, 4 when the fit did not converge (the result is still printed).
  const fitStatus = argv[0] === 'calibrate' && (r.code === 3 || r.code === 4);
  expect(argv[0] === 'calibrate' ? [0, 2, 3, 4] : [0, 2], shown).toContain(r.code);
  expect(r.err, shown).not.toMatch(/internal error|\n\s+at |TypeError: Cannot|is not a function|undefined \(reading/);
  // eslint-disable-next-line no-control-regex
  expect(r.err, shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  if (r.code === 2) {
    expect(r.out, shown).toBe('');
    expect(r.err, shown).toMatch(/^cgt-access: \S/);
    return;
  }
  if (argv[0] === 'calibrate') {
    // Every line a warning (exit 0) or what was not reached (exit 3, 4).
    for (const line of r.err.split('\n').filter((l) => l !== '')) expect(line, shown).toMatch(fitStatus ? /^cgt-access calibrate: (not reached|did not converge|warning): / : /^cgt-access calibrate: warning: /);
    if (fitStatus) expect(r.err, shown).not.toBe('');
  } else {
    expect(r.err, shown).toBe('');
  }
  expect(r.out.length, shown).toBeGreaterThan(0);
  const format = argv[argv.lastIndexOf('--format') + 1];
  if (!argv.includes('--format') || format === 'json') expect(finiteJson(r.out), shown).toBe(true);
  else expect(r.out, shown).not.toMatch(/\bNaN\b|Infinity/);
}

/** The CLI's outcome, or a failure after `ms` (a hang). */
async function within(ms: number, run: Promise<Outcome>, argv: string[]): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms: ${JSON.stringify(argv)}`)), ms);
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Cases per command (10,000 in all across the four). */
const RUNS = { calibrate: 4000, price: 2000, budget: 2000, lines: 2000 };

describe('version 2 commands over generated arguments (issue 26)', () => {
  it(`calibrate: exit 0 with finite JSON or exit 2 with a message (${RUNS.calibrate} cases)`, async () => {
    await fc.assert(fc.asyncProperty(calibrateCase, fc.constantFrom('json', 'table'), async (argv, format) => {
      const full = [...argv, '--format', format];
      judge(full, await within(30_000, cliWith({}, ...full), full));
    }), { seed: 2601, numRuns: RUNS.calibrate });
  });

  it(`price: exit 0 with finite JSON or exit 2 with a message (${RUNS.price} cases)`, async () => {
    await fc.assert(fc.asyncProperty(priceCase, async (argv) => {
      const full = [...argv, '--workers', '1'];
      judge(full, await within(30_000, cliWith({}, ...full), full));
    }), { seed: 2602, numRuns: RUNS.price });
  });

  it(`budget: exit 0 with finite JSON or exit 2 with a message (${RUNS.budget} cases)`, async () => {
    await fc.assert(fc.asyncProperty(budgetCase, async ({ stdin, argv }) => {
      const full = [...argv, '--workers', '1'];
      judge(full, await within(30_000, cliWith({ stdin }, ...full), [...full, stdin]));
    }), { seed: 2603, numRuns: RUNS.budget });
  });

  it(`lines: exit 0 with finite JSON or exit 2 with a message (${RUNS.lines} cases)`, async () => {
    await fc.assert(fc.asyncProperty(linesCase, async (argv) => {
      const full = [...argv, '--workers', '1'];
      judge(full, await within(30_000, cliWith({}, ...full), full));
    }), { seed: 2604, numRuns: RUNS.lines });
  });
});

/** Anything a caller might pass. */
const anything = fc.oneof(
  fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1e9, 1e300, 5e-324),
  fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant({}), fc.constant([]), fc.array(fc.double(), { maxLength: 3 }),
);

/** A TypeError or RangeError, or the library's ScenarioError (every invalid field, each with path, value and rule). */
const namedError = (e: unknown) => e instanceof TypeError || e instanceof RangeError || e instanceof ScenarioError;

/** A library call: it returns (then every number finite) or throws a TypeError or RangeError with a message. */
function libraryJudge(call: () => unknown, shown: string): void {
  let value: unknown;
  try {
    value = call();
  } catch (e) {
    expect(e, shown).toBeInstanceOf(Error);
    expect(namedError(e), `${shown}: ${String(e)}`).toBe(true);
    expect((e as Error).message, shown).not.toMatch(/Cannot read|Cannot destructure|is not a function|undefined \(reading/);
    expect((e as Error).message.length, shown).toBeGreaterThan(10);
    return;
  }
  const numbers: number[] = [];
  JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number') numbers.push(v);
    return v;
  });
  expect(numbers.every(Number.isFinite), `${shown}: ${JSON.stringify(value)?.slice(0, 300)}`).toBe(true);
}

describe('the library functions behind them, over generated arguments (issue 26)', () => {
  it('logGrid: a finite grid or a RangeError/TypeError, never an out-of-memory crash', () => {
    fc.assert(fc.property(anything, anything, fc.oneof(anything, fc.constantFrom(1e9, 2 ** 31, 1e6 + 1)), (a, b, n) => {
      libraryJudge(() => logGrid(a as number, b as number, n as number), `logGrid(${String(a)}, ${String(b)}, ${String(n)})`);
    }), { seed: 2605, numRuns: 2000 });
  });

  it('viciousCircle and budgetImpact: finite numbers or a named error', async () => {
    const s = resolveScenario({ run: { patients: 200, seed: 1 } });
    const tally = await simulateTally(resolveScenario({ arms: { commercial: { pFunding: 1 }, poc: { pFunding: 1 } }, run: { patients: 200, seed: 1 } }), { workers: 1 });
    const result = await simulate({ run: { patients: 200, seed: 1 } }, { workers: 1 });
    fc.assert(fc.property(fc.oneof(fc.array(anything, { maxLength: 4 }), anything), (markets) => {
      libraryJudge(() => viciousCircle(s, tally, markets as number[]), `viciousCircle(markets ${JSON.stringify(markets)})`);
    }), { seed: 2606, numRuns: 1000 });
    const budget = fc.oneof(anything, fc.record({
      years: anything, uptake: fc.oneof(anything, fc.array(anything, { maxLength: 4 })), eligibleGrowth: anything, discountRate: anything,
    }, { requiredKeys: [] }));
    fc.assert(fc.property(budget, (b) => {
      libraryJudge(() => budgetImpact(result, b as never), `budgetImpact(budget ${JSON.stringify(b)})`);
    }), { seed: 2607, numRuns: 1000 });
  });

  it('calibrate: a fit with finite numbers or a named error, for any request', () => {
    const request = fc.oneof(anything, fc.record({
      arm: fc.oneof(fc.constantFrom('commercial', 'poc'), anything),
      targets: fc.oneof(anything, fc.dictionary(fc.oneof(fc.constantFrom(...TARGET_NAMES), fc.constantFrom(...JUNK_NAMES)), fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), anything), { maxKeys: 3 })),
      parameters: fc.oneof(anything, fc.array(fc.oneof(fc.constantFrom(...ALL_PATHS, ...OTHER_PATHS), anything), { maxLength: 3 }), fc.constantFrom('arms.poc.pReferral')),
    }, { requiredKeys: [] }));
    fc.assert(fc.property(request, (r) => {
      libraryJudge(() => calibrate({}, r as never), `calibrate({}, ${JSON.stringify(r)})`);
    }), { seed: 2608, numRuns: 2000 });
  });

  it('sweepLines: a sweep or a named error, for any options', async () => {
    const options = fc.oneof(anything, fc.record({
      arm: fc.oneof(fc.constantFrom('commercial', 'poc'), anything),
      from: fc.oneof(fc.integer({ min: 1, max: 3 }), anything),
      to: fc.oneof(fc.integer({ min: 1, max: 4 }), anything),
      workers: fc.constantFrom(1, undefined, 0, 'x'),
    }, { requiredKeys: [] }));
    await fc.assert(fc.asyncProperty(options, async (o) => {
      const shown = `sweepLines(s, ${JSON.stringify(o)})`;
      let value: unknown;
      try {
        value = await sweepLines({ cohort: { eligiblePerYear: 30 }, run: { years: { replicates: 2, warmupYears: 0 } } }, o as never);
      } catch (e) {
        expect(namedError(e), `${shown}: ${String(e)}`).toBe(true);
        expect((e as Error).message, shown).not.toMatch(/Cannot read|Cannot destructure|is not a function/);
        return;
      }
      expect(value, shown).toBeTypeOf('object');
    }), { seed: 2609, numRuns: 300 });
  });
});
