/**
 * Property test of the command line (issue 16, "Checks"): over generated scenario files (valid,
 * one rule broken, uncertain forms right and wrong, JSON junk anywhere, text that is not JSON)
 * and generated argument lists (every flag of run, psa and validate, good values and bad), the
 * only outcomes are
 *
 *   - exit 0, nothing on standard error, and an output whose numbers are all finite (JSON: a
 *     null only where a result documents one; CSV: no NaN or Infinity), whose `scenario` the
 *     JSON Schema and the validator both accept; or
 *   - exit 2, a one-line-per-problem message on standard error (no raw control characters),
 *     and nothing on standard output;
 *
 * and on every generated file the JSON Schema and the validator agree: both accept, or both
 * refuse, except where the validator's only objections are rules between fields (pCr <= pOrr,
 * p90 >= median, ...), which JSON Schema cannot state (documented in the schema), and there
 * the schema accepts. The CLI runs in-process (runCli with its streams and standard input
 * given), on small patient counts.
 */

import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools } from '../src/engine/pools.js';
import { presetNames } from '../src/presets/index.js';
import { validatePsaScenario } from '../src/psa/validate.js';
import { scenarioJsonSchema } from '../src/scenario/schema.js';
import { validateScenario, type ValidationError } from '../src/scenario/validate.js';
import {
  ARM_DURATIONS, ARM_MONEY, ARM_PROBABILITIES, NUMERIC_PATHS, arbFullScenario, arbMutation, arbPartialScenario, setAt, type Json,
} from './fixtures/scenario-arbitraries.js';
import { cliWith, type Outcome } from './helpers/cli.js';

afterAll(() => closePools());

const ajv = new Ajv2020.Ajv2020({ strict: false, allErrors: true });
const schemaValidate = ajv.compile(scenarioJsonSchema());
const schemaAccepts = (x: unknown) => schemaValidate(x) as boolean;

/** The validator's rules between fields: JSON Schema cannot state them (the schema says so). */
const BETWEEN_FIELDS = [
  /^pInSpec \+ pOos must be <= 1/, /^must be <= pOrr/, /^must be <= pOs1/, /^must be >= median \(/,
  /^may be 0 only as a fixed zero wait/, /^must be at most 1000000 times the median/,
  /^p90 must be >= value/, /^p90 must be at most 1000000 times the value/,
  /^uncertainty\.p90 must be >= median/, /^uncertainty\.p90 must be at most 1000000 times/, /^uncertainty\.p90 needs a median > 0/,
  /^draws x patientsPerDraw must be <=/,
];
const betweenFields = (e: ValidationError) => BETWEEN_FIELDS.some((r) => r.test(e.rule));

/** Schema and validator agree on `file` (onto the defaults). */
function agree(file: unknown): void {
  const v = validateScenario(file);
  const s = schemaAccepts(file);
  const shown = () => `${JSON.stringify(file)?.slice(0, 400)}\nvalidator: ${v.errors.map((e) => e.message).join(' | ')}\nschema: ${JSON.stringify(schemaValidate.errors)?.slice(0, 400)}`;
  if (v.ok) {
    expect(s, `the schema refuses what the validator accepts: ${shown()}`).toBe(true);
  } else if (v.errors.some((e) => !betweenFields(e))) {
    expect(s, `the schema accepts what the validator refuses: ${shown()}`).toBe(false);
  } else if (!v.omittedErrors) {
    expect(s, `only rules between fields are broken, which the schema cannot see: ${shown()}`).toBe(true);
  }
  // The PSA validator judges the same file the same way.
  expect(validatePsaScenario(file).ok).toBe(v.ok);
}

// ---------------------------------------------------------------------------------------------
// Scenario files

const FIELD_PATHS: string[] = [
  'cohort.eligiblePerYear', 'cohort.untreatedMedianSurvivalDays', 'cohort.bridgingHazardRatio', 'cohort.pOs1Untreated',
  ...(['commercial', 'poc'] as const).flatMap((a) => [
    ...ARM_PROBABILITIES.map((k) => `arms.${a}.${k}`), ...ARM_MONEY.map((k) => `arms.${a}.${k}`),
    ...ARM_DURATIONS.map((k) => `arms.${a}.${k}`), `arms.${a}.maxAttempts`, `arms.${a}.payment`,
  ]),
];

const num = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.5, 1e-9, 1e12, 1e13, 36500, 36501, 1e300, -0, 5e-324, 2 ** 32),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.double({ min: 0, max: 1e6, noNaN: true }),
);
/** `a` one time in `n`, else undefined. */
const sometimes = <T>(a: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | undefined> => fc.oneof(
  { weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a },
);
/** `a` three times in four. */
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 4 });
const extra = sometimes(fc.constantFrom({ extra: 1 }, { p95: 3 }, { uncertainty: 1 }), 8);
const clean = (o: Json) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Uncertain forms, right and wrong, and other shapes a field may be given in. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  num,
  fc.record({ value: maybe(num), n: maybe(fc.oneof(num, fc.constant('10'))), x: extra }).map(({ x, ...o }) => ({ ...clean(o), ...(x ?? {}) })),
  fc.record({ value: maybe(num), p90: maybe(num), x: extra }).map(({ x, ...o }) => ({ ...clean(o), ...(x ?? {}) })),
  fc.record({ median: maybe(num), p90: maybe(num), uncertainty: maybe(fc.oneof(fc.record({ p90: maybe(num) }).map(clean), fc.constant(5))), x: extra })
    .map(({ x, ...o }) => ({ ...clean(o), ...(x ?? {}) })),
  fc.constantFrom<unknown>('same', 'Same', 'perInfusion', 'perResponse', 'perAttempt', null, true, [], [1], {}),
  fc.integer({ min: -2, max: 6 }),
);

const psaRun = fc.record({ draws: maybe(fc.oneof(num, fc.integer({ min: 0, max: 200_000 }))), patientsPerDraw: maybe(fc.oneof(num, fc.integer({ min: 0, max: 2e8 }))), x: extra })
  .map(({ x, ...o }) => ({ ...clean(o), ...(x ?? {}) }));

/** A file with uncertain forms (and mistakes in them) at a few fields. */
const uncertainFile = fc.record({
  fields: fc.array(fc.tuple(fc.constantFrom(...FIELD_PATHS), fieldValue), { maxLength: 3 }),
  psa: sometimes(psaRun, 3),
}).map(({ fields, psa }) => {
  const f: Json = {};
  for (const [path, v] of fields) setAt(f, path, v);
  if (psa !== undefined) setAt(f, 'run.psa', psa);
  return f;
});

/** A full valid scenario with exactly one rule broken. */
const mutated = fc.tuple(arbFullScenario, arbMutation).map(([s, m]) => {
  const copy = JSON.parse(JSON.stringify(s)) as Json;
  m.apply(copy);
  return copy;
});

/** JSON values dropped anywhere in an otherwise valid file. */
const junkFile = fc.tuple(arbPartialScenario, fc.array(fc.tuple(
  fc.constantFrom(...NUMERIC_PATHS, 'arms.poc', 'cohort', 'run', 'arms', 'arms.poc.extra', 'extra', 'run.psa', 'arms.commercial.mfgDays.uncertainty'),
  fc.jsonValue({ maxDepth: 2 }),
), { minLength: 1, maxLength: 3 })).map(([s, changes]) => {
  const copy = JSON.parse(JSON.stringify(s)) as Json;
  for (const [path, v] of changes) setAt(copy, path, v);
  return copy;
});

const scenarioFile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: arbPartialScenario },
  { weight: 3, arbitrary: uncertainFile },
  { weight: 2, arbitrary: mutated },
  { weight: 2, arbitrary: junkFile },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** The file as text: JSON, with a byte-order mark, a number beyond the doubles, or not JSON at all. */
const fileText = fc.tuple(scenarioFile, fc.oneof({ weight: 12, arbitrary: fc.constant('plain') }, fc.constantFrom('bom', 'big', 'broken', 'deep'))).map(([file, how]): { text: string; parsed?: unknown } => {
  const text = JSON.stringify(file) ?? 'null';
  switch (how) {
    case 'bom': return { text: `\ufeff${text}`, parsed: file };
    case 'big': {
      const big = text.replace(/:-?\d+(\.\d+)?(e[+-]?\d+)?/, () => ':1e400');
      return { text: big, parsed: JSON.parse(big) };
    }
    case 'broken': return { text: text.slice(0, Math.max(0, text.length - 1)) };
    case 'deep': return { text: `{"arms":{"poc":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}}`, parsed: undefined };
    default: return { text, parsed: file };
  }
});

// ---------------------------------------------------------------------------------------------
// Argument lists

const pick = <T>(good: T[], bad: T[]) => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) });
const flag = (name: string, values: fc.Arbitrary<string>) => values.map((v) => [name, v]);
const opt = (a: fc.Arbitrary<string[]>, n = 3) => sometimes(a, n);

const patients = pick(['1', '7', '64', '150', '250'], ['0', '-1', '1e11', 'x', '2.5', '', '1e400']);
const seed = pick(['0', '1', '7', '4294967295'], ['-1', '4294967296', 'x', '0.5']);
const format = pick(['json', 'json', 'csv', 'table'], ['xml', '']);
const setArg = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.constantFrom(...NUMERIC_PATHS, 'arms.poc.payment', 'arms.commercial.mfgDays', 'run.seed'), fc.oneof(
    fc.constantFrom('0.5', '0', '1', '2', '-1', '"x"', 'null', '{"median":5,"p90":9}', '{"value":0.5,"n":10}', '"same"', 'perResponse', '1e400', 'true', '[]'),
    num.map(String),
  )).map(([p, v]) => `${p}=${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('arms.poc.pRefferal=0.9', 'noequals', '=1', 'arms.poc.mfgDays.mean=3', 'run.psa.draws=5', `arms.poc.\u202e=1`) },
);
const common = fc.record({
  preset: opt(flag('--preset', pick(presetNames as string[], ['zuma', 'nope'])), 4),
  sets: fc.array(flag('--set', setArg), { maxLength: 2 }),
  seed: opt(flag('--seed', seed)),
  format: opt(flag('--format', format), 2),
  workers: opt(flag('--workers', pick(['1', '2'], ['0', '300', 'x'])), 3),
  unknown: opt(fc.constantFrom(['--patient', '5'], ['--frmat', 'json'], ['extra-positional'], ['-x']), 30),
});

type Command = { argv: string[]; stdin?: string; parsed?: unknown; command: string };

export const command: fc.Arbitrary<Command> = fc.tuple(
  fc.constantFrom('run', 'run', 'psa', 'validate'),
  fc.oneof({ weight: 6, arbitrary: fileText.map((f) => ({ kind: 'stdin' as const, ...f })) }, { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: fc.constant({ kind: 'missing' as const }) }),
  common,
  fc.record({
    patients,
    engine: opt(flag('--engine', pick(['reference', 'reference', 'wasm'], ['fast', ''])), 2),
    draws: pick(['2', '3', '4'], ['1', '0', '100001', 'x', '2.5']),
    perDraw: pick(['1', '10', '40'], ['0', '1e9', 'x']),
    wtp: opt(flag('--wtp', pick(['0:1000000:250000', '0:1e12:2.5e11', '5:5:1'], ['0:1e308:1e308', '1:0:1', '0:1:0', '0:1e12:1', 'a:b:c'])), 4),
    tornado: opt(flag('--tornado', pick(['netBenefit', 'difference.totalCost', 'arms.poc.costs.perAlive1y'], ['nope'])), 4),
    tornadoWtp: opt(flag('--tornado-wtp', pick(['0', '50000', '1e12'], ['-1', '1e300', 'x'])), 5),
    evppi: opt(flag('--evppi', pick(['os=arms.commercial.pOs1'], ['=x', 'g=arms.poc.nope', 'g='])), 8),
  }),
).map(([cmd, file, c, k]): Command => {
  const argv: string[] = [cmd];
  let stdin: string | undefined;
  let parsed: unknown;
  if (file.kind === 'stdin') {
    argv.push('-');
    stdin = file.text;
    parsed = file.parsed;
  } else if (file.kind === 'missing') argv.push('/nonexistent/scenario.json');
  if (cmd === 'validate') {
    if (c.preset) argv.push(...c.preset);
    if (c.unknown) argv.push(...c.unknown);
    return { argv, stdin, parsed, command: cmd };
  }
  for (const part of [c.preset, c.seed, c.format, c.workers, c.unknown]) if (part) argv.push(...part);
  if (cmd === 'run') {
    for (const s of c.sets) argv.push(...s);
    // Always a small run: --patients comes last and overrides the file and --set.
    argv.push('--patients', k.patients);
    if (k.engine) argv.push(...k.engine);
  } else {
    argv.push('--draws', k.draws, '--patients-per-draw', k.perDraw);
    for (const part of [k.wtp, k.tornado, k.tornadoWtp, k.evppi]) if (part) argv.push(...part);
  }
  return { argv, stdin, parsed, command: cmd };
});

// ---------------------------------------------------------------------------------------------
// The oracle of an output

/** Every number finite; a null only where a result documents one. */
function checkJson(value: unknown, path: string, parentKeys: string[], inTornado: boolean): void {
  if (value === null) {
    const key = path.split('.').pop() as string;
    const estimate = parentKeys.includes('value') && parentKeys.includes('mcse') && (key === 'value' || key === 'mcse');
    const statistic = parentKeys.includes('draws') && ['mean', 'sd', 'p025', 'p50', 'p975'].includes(key);
    const tornado = inTornado && ['output', 'swing', 'wtp', 'base'].includes(key);
    expect(estimate || statistic || tornado || path === 'tornado', `a null at ${path}`).toBe(true);
    return;
  }
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${value} at ${path}`).toBe(true);
    return;
  }
  if (typeof value !== 'object') return;
  const keys = Object.keys(value as object);
  for (const k of keys) {
    checkJson((value as Json)[k], path ? `${path}.${k}` : k, Array.isArray(value) ? [] : keys, inTornado || k === 'tornado');
  }
}

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function checkOutcome(c: Command, r: Outcome): void {
  const where = `${JSON.stringify(c.argv)} stdin ${c.stdin?.slice(0, 300)}\ncode ${r.code}\nerr ${r.err.slice(0, 600)}`;
  expect([0, 2], where).toContain(r.code);
  if (r.code === 2) {
    expect(r.out, where).toBe('');
    expect(r.err, where).toMatch(/^cgt-access: \S/);
    expect(r.err.endsWith('\n'), where).toBe(true);
    expect(UNSAFE.test(r.err), where).toBe(false);
    expect(r.err.length, where).toBeLessThan(20_000);
    return;
  }
  expect(r.err, where).toBe('');
  if (c.command === 'validate') {
    expect(r.out, where).toMatch(/: valid\n$/);
    return;
  }
  const format = c.argv[c.argv.lastIndexOf('--format') + 1];
  const isJson = !c.argv.includes('--format') || format === 'json';
  if (isJson) {
    const result = JSON.parse(r.out) as Json;
    checkJson(result, '', [], false);
    expect(schemaAccepts(result.scenario), `${where}\n${JSON.stringify(schemaValidate.errors)}`).toBe(true);
    expect(validateScenario(result.scenario).ok, where).toBe(true);
  } else {
    expect(r.out, where).not.toMatch(/NaN|Infinity|undefined/);
    expect(r.out.length).toBeGreaterThan(0);
  }
}

// ---------------------------------------------------------------------------------------------

const RUNS = Number(process.env.CGT_PROPERTY_RUNS ?? 10_000);

describe('the CLI on generated files and arguments', () => {
  it(`only exit 0 with finite, schema-valid output, or exit 2 with a message and nothing on standard output; schema and validator agree (${RUNS} cases)`, async () => {
    const tally = { cases: 0, exit0: 0, exit2: 0, ranRun: 0, ranPsa: 0, files: 0 };
    await fc.assert(fc.asyncProperty(command, async (c) => {
      tally.cases++;
      if (c.parsed !== undefined) {
        tally.files++;
        agree(c.parsed);
      }
      const r = await cliWith({ stdin: c.stdin }, ...c.argv);
      checkOutcome(c, r);
      if (r.code === 0) {
        tally.exit0++;
        if (c.command === 'run') tally.ranRun++;
        if (c.command === 'psa') tally.ranPsa++;
      } else tally.exit2++;
      // validate's verdict on a file is the validator's (onto the defaults, without a preset).
      if (c.command === 'validate' && c.parsed !== undefined && c.argv.length === 2) {
        expect(r.code === 0, JSON.stringify(c.parsed)).toBe(validateScenario(c.parsed).ok);
      }
    }), { seed: 1616, numRuns: RUNS });
    // Both outcomes, and every command, are well represented.
    expect(tally.cases).toBe(RUNS);
    expect(tally.ranRun).toBeGreaterThan(RUNS / 50);
    expect(tally.ranPsa).toBeGreaterThan(RUNS / 200);
    expect(tally.exit2).toBeGreaterThan(RUNS / 4);
    expect(tally.files).toBeGreaterThan(RUNS / 2);
    console.log('CLI property test:', JSON.stringify(tally));
  }, 600_000);
});

describe('the JSON Schema and the validator on generated files', () => {
  // Disagreements the property found (the validator called a leaf rule a rule between fields, or
  // hid an unknown key behind an invalid uncertainty): each is now refused by both, by a leaf rule.
  it.each([
    ['a duration\'s unknown key beside an invalid uncertainty', { arms: { commercial: { reapheresisDays: { uncertainty: { p90: 0 }, extra: 1 } } } }, 'arms.commercial.reapheresisDays.extra'],
    ['uncertainty.p90 0', { arms: { poc: { adminDays: { median: 5, p90: 9, uncertainty: { p90: 0 } } } } }, 'arms.poc.adminDays'],
    ['a log-normal p90 of 0', { arms: { commercial: { apheresisCost: { value: 5e-324, p90: 0 } } } }, 'arms.commercial.apheresisCost'],
    ['a log-normal p90 beyond the largest amount x 1e6', { arms: { poc: { crsCost: { value: 1e12, p90: 1e300 } } } }, 'arms.poc.crsCost'],
  ])('%s', (_, file, path) => {
    const v = validateScenario(file);
    expect(v.errors.some((e) => e.path === path && !betweenFields(e)), JSON.stringify(v.errors)).toBe(true);
    expect(schemaAccepts(file)).toBe(false);
    agree(file);
  });

  const AGREEMENT_RUNS = 20_000;
  it(`agree on files of one to three fields in every form, right or wrong (${AGREEMENT_RUNS} cases)`, () => {
    // Small files, so that one field's verdict is not hidden behind another's.
    fc.assert(fc.property(uncertainFile, (file) => agree(file)), { seed: 1617, numRuns: AGREEMENT_RUNS });
  });
});
