/**
 * The command line: `cgt-access run | psa | lines | presets | validate | schema | bench`.
 * `runCli` takes its streams as arguments so that tests can drive it in-process.
 */

import { existsSync, readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resultToCsv } from '../format/csv.js';
import { resultToTable } from '../format/table.js';
import { getPreset, presets } from '../presets/index.js';
import { scenarioJsonSchema } from '../scenario/schema.js';
import { errorLines, ScenarioError, validateScenario } from '../scenario/validate.js';
import { ENGINES, simulate, type Engine } from '../simulate.js';
import { expectedResult } from '../exact/expected.js';
import { runBench } from './bench.js';
import { UsageError } from './errors.js';
import { cliRun, INTERRUPTED_STATUS, Interrupted, type InterruptWatch } from './interrupt.js';
import { inputName } from './io.js';
import { readNumber } from '../scenario/number.js';
import { escapeUnsafe, quote, safeText } from '../scenario/show.js';
import { BENCH_HELP, BUDGET_HELP, CALIBRATE_HELP, LINES_HELP, MAIN_HELP, PRESETS_HELP, PRICE_HELP, PSA_HELP, RUN_HELP, SCHEMA_HELP, VALIDATE_HELP } from './help.js';
import { linesCli } from './lines.js';
import { psaCli } from './psa.js';
import { budgetCli, DEFAULT_MARKETS, parseMarkets, priceCli } from './economics.js';
import { calibrateCli } from './calibrate.js';
import { PSA_ENGINES } from '../psa/simulate.js';
import { writeOutput } from './io.js';
import { workersNote } from './workers-note.js';
import { presetTable } from './preset-table.js';
import { baseScenario, partialFromArgs, scenarioFromArgs } from './scenario-args.js';

export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  /** Standard input's text for `-` (default: read file descriptor 0). */
  stdin?: () => string;
  /** Interrupts that cancel a run (the bin passes SIGINT's; none by default). */
  interrupt?: InterruptWatch;
}

/** The package's version, from the nearest package.json above this module (src/ or dist/src/). */
function version(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'cgt-access') return pkg.version;
    } catch {
      // not there: try the next level up
    }
  }
  return 'unknown';
}

type Options = NonNullable<ParseArgsConfig['options']>;
const COMMON: Options = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } };

/**
 * `--from -1`: a value that starts with a minus sign and a digit (a negative number) is the
 * option's value, as `--from=-1` is; parseArgs would call it "ambiguous". Everything else is as given.
 */
function withNegativeValues(args: string[], options: Options): string[] {
  const takesValue = (arg: string) => {
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined) return options[name]?.type === 'string';
    return arg.length === 2 && arg[0] === '-' && Object.values(options).some((o) => o.short === arg[1] && o.type === 'string');
  };
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const next = args[i + 1];
    if (next !== undefined && /^-[\d.]/.test(next) && takesValue(arg)) {
      out.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function parse(args: string[], options: Options, maxPositionals: number, command: string) {
  try {
    const all = { ...COMMON, ...options };
    const parsed = parseArgs({ args: withNegativeValues(args, all), options: all, allowPositionals: true, strict: true });
    if (!parsed.values.help && !parsed.values.version && parsed.positionals.length > maxPositionals) {
      throw new UsageError(`${command}: unexpected argument ${quote(parsed.positionals[maxPositionals])} (see 'cgt-access ${command} --help')`);
    }
    return parsed;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = (e as Error).message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    throw new UsageError(`${command}: ${safeText(msg, 200)} (see 'cgt-access ${command} --help')`);
  }
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag}: must be one of ${allowed.join(', ')}; got ${quote(value)}`);
  }
  return value as T;
}

const FORMATS = ['table', 'json', 'csv'] as const;

/** The options that make a scenario (`scenarioOf`), an output (`outputFormat`) and a run. */
const SCENARIO_OPTIONS: Options = {
  preset: { type: 'string' },
  set: { type: 'string', multiple: true },
  patients: { type: 'string' },
  seed: { type: 'string' },
};
const OUTPUT_OPTIONS: Options = { format: { type: 'string' }, out: { type: 'string' } };
const RUN_OPTIONS: Options = { engine: { type: 'string' }, workers: { type: 'string' } };

type Values = ReturnType<typeof parse>['values'];

/** --format, else the --out file's kind, else a table on a terminal and JSON on a file or pipe. */
function outputFormat(values: Values, io: CliIo): (typeof FORMATS)[number] {
  return oneOf('--format', values.format as string | undefined, FORMATS)
    ?? (values.out !== undefined ? formatOfFile(values.out as string) : io.stdout.isTTY ? 'table' : 'json');
}

/** The scenario of the file (or standard input) with --preset, --set, --patients and --seed. */
function scenarioOf(values: Values, positionals: string[], io: CliIo) {
  return scenarioFromArgs({
    file: positionals[0],
    preset: values.preset as string | undefined,
    sets: (values.set as string[] | undefined) ?? [],
    patients: values.patients as string | undefined,
    seed: values.seed as string | undefined,
  }, io.stdin);
}

async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { ...SCENARIO_OPTIONS, ...OUTPUT_OPTIONS, ...RUN_OPTIONS }, 1, 'run');
  if (values.help) return print(io, RUN_HELP);
  if (values.version) return print(io, `${version()}\n`);
  const format = outputFormat(values, io);
  const engine = oneOf<Engine | 'exact'>('--engine', values.engine as string | undefined, [...ENGINES, 'exact']);
  const workers = parseWorkers(values.workers as string | undefined);
  const scenario = scenarioOf(values, positionals, io);
  let result;
  if (engine === 'exact') {
    try {
      result = expectedResult(scenario);
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
  } else {
    const note = await workersNote(scenario, engine, workers);
    if (note) io.stderr.write(`cgt-access: ${note}`);
    result = await cliRun(io, ({ signal, onProgress }) => simulate(scenario, { engine, workers, signal, onProgress }));
  }
  const text = format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : format === 'csv' ? resultToCsv(result) : resultToTable(result);
  if (values.out !== undefined) writeOutput(values.out as string, text);
  else io.stdout.write(text);
  return 0;
}

/** `price` and `budget`: a scenario as `run` takes it, and their own options. */
async function economicsCommand(command: 'price' | 'budget', args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SCENARIO_OPTIONS, ...OUTPUT_OPTIONS, ...RUN_OPTIONS,
    ...(command === 'price' ? { market: { type: 'string' } } : {}),
  }, 1, command);
  if (values.help) return print(io, command === 'price' ? PRICE_HELP : BUDGET_HELP);
  if (values.version) return print(io, `${version()}\n`);
  const format = outputFormat(values, io);
  const engine = oneOf<Engine>('--engine', values.engine as string | undefined, ENGINES);
  const workers = parseWorkers(values.workers as string | undefined);
  const markets = command === 'price' ? parseMarkets((values.market as string | undefined) ?? DEFAULT_MARKETS) : [];
  const scenario = scenarioOf(values, positionals, io);
  const a = { scenario, engine, workers, format, out: values.out as string | undefined };
  return command === 'price' ? priceCli({ ...a, markets }, io) : budgetCli(a, io);
}

async function psaCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    preset: { type: 'string' },
    draws: { type: 'string' },
    'patients-per-draw': { type: 'string' },
    effect: { type: 'string' },
    wtp: { type: 'string' },
    tornado: { type: 'string' },
    'tornado-wtp': { type: 'string' },
    evppi: { type: 'string', multiple: true },
    seed: { type: 'string' },
    ...OUTPUT_OPTIONS, ...RUN_OPTIONS,
  }, 1, 'psa');
  if (values.help) return print(io, PSA_HELP);
  if (values.version) return print(io, `${version()}\n`);
  const format = outputFormat(values, io);
  return psaCli({
    file: positionals[0],
    preset: values.preset as string | undefined,
    draws: values.draws as string | undefined,
    patientsPerDraw: values['patients-per-draw'] as string | undefined,
    effect: values.effect as string | undefined,
    wtp: values.wtp as string | undefined,
    tornado: values.tornado as string | undefined,
    tornadoWtp: values['tornado-wtp'] as string | undefined,
    evppi: values.evppi as string[] | undefined,
    seed: values.seed as string | undefined,
    workers: parseWorkers(values.workers as string | undefined),
    engine: oneOf('--engine', values.engine as string | undefined, PSA_ENGINES),
    format,
    out: values.out as string | undefined,
  }, io);
}

async function calibrateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    preset: { type: 'string' },
    set: { type: 'string', multiple: true },
    arm: { type: 'string' },
    target: { type: 'string', multiple: true },
    param: { type: 'string', multiple: true },
    force: { type: 'boolean' },
    ...OUTPUT_OPTIONS,
  }, 1, 'calibrate');
  if (values.help) return print(io, CALIBRATE_HELP);
  if (values.version) return print(io, `${version()}\n`);
  const format = oneOf('--format', values.format as string | undefined, ['table', 'json'] as const) ?? (io.stdout.isTTY ? 'table' : 'json');
  return calibrateCli({
    file: positionals[0],
    preset: values.preset as string | undefined,
    sets: (values.set as string[] | undefined) ?? [],
    arm: values.arm as string | undefined,
    targets: (values.target as string[] | undefined) ?? [],
    params: (values.param as string[] | undefined) ?? [],
    out: values.out as string | undefined,
    force: values.force === true,
    format,
  }, io);
}

async function linesCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    preset: { type: 'string' },
    set: { type: 'string', multiple: true },
    seed: { type: 'string' },
    arm: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    replicates: { type: 'string' },
    'warmup-years': { type: 'string' },
    ...OUTPUT_OPTIONS, ...RUN_OPTIONS,
  }, 1, 'lines');
  if (values.help) return print(io, LINES_HELP);
  if (values.version) return print(io, `${version()}\n`);
  const format = outputFormat(values, io);
  return linesCli({
    file: positionals[0],
    preset: values.preset as string | undefined,
    sets: (values.set as string[] | undefined) ?? [],
    seed: values.seed as string | undefined,
    arm: values.arm as string | undefined,
    from: values.from as string | undefined,
    to: values.to as string | undefined,
    replicates: values.replicates as string | undefined,
    warmupYears: values['warmup-years'] as string | undefined,
    engine: oneOf<Engine>('--engine', values.engine as string | undefined, ENGINES),
    workers: parseWorkers(values.workers as string | undefined),
    format,
    out: values.out as string | undefined,
  }, io);
}

function parseWorkers(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = readNumber(text);
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 256) {
    throw new UsageError(`--workers: must be an integer in [1, 256]; got ${quote(text)}`);
  }
  return n;
}

function formatOfFile(path: string): (typeof FORMATS)[number] {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(txt|text)$/i.test(path)) return 'table';
  return 'json';
}

function presetsCommand(args: string[], io: CliIo): number {
  const { values } = parse(args, { show: { type: 'string' }, format: { type: 'string' } }, 0, 'presets');
  if (values.help) return print(io, PRESETS_HELP);
  if (values.version) return print(io, `${version()}\n`);
  const format = oneOf('--format', values.format as string | undefined, ['table', 'json'] as const) ?? 'table';
  if (values.show !== undefined) {
    let preset;
    try {
      preset = getPreset(values.show as string);
    } catch (e) {
      throw new UsageError(`--show: ${(e as Error).message.replace(/^preset: /, '')}`);
    }
    return print(io, format === 'json' ? `${JSON.stringify(preset, null, 2)}\n` : presetTable(preset));
  }
  if (format === 'json') {
    return print(io, `${JSON.stringify(presets.map(({ name, title, description }) => ({ name, title, description })), null, 2)}\n`);
  }
  const width = Math.max(...presets.map((p) => p.name.length)) + 2;
  return print(io, `${presets.map((p) => p.name.padEnd(width) + p.title).join('\n')}\n\nShow one with its sources: cgt-access presets --show NAME\n`);
}

function validateCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parse(args, { preset: { type: 'string' } }, 1, 'validate');
  if (values.help) return print(io, VALIDATE_HELP);
  if (values.version) return print(io, `${version()}\n`);
  if (positionals.length === 0) throw new UsageError(`validate: a scenario file (or - for standard input) is required (see 'cgt-access validate --help')`);
  const file = positionals[0];
  const base = baseScenario(values.preset as string | undefined);
  const v = validateScenario(partialFromArgs({ file, sets: [] }, io.stdin), base);
  const name = inputName(file);
  if (!v.ok) throw new UsageError(`${name}: invalid scenario\n${errorLines(v.errors, v.omittedErrors)}`);
  return print(io, `${name}: valid\n`);
}

function schemaCommand(args: string[], io: CliIo): number {
  const { values } = parse(args, {}, 0, 'schema');
  if (values.help) return print(io, SCHEMA_HELP);
  if (values.version) return print(io, `${version()}\n`);
  return print(io, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
}

async function benchCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    json: { type: 'boolean' }, patients: { type: 'string' }, 'memory-patients': { type: 'string' }, yardstick: { type: 'string' },
    exact: { type: 'boolean' },
    capacity: { type: 'boolean' },
  }, 0, 'bench');
  if (values.help) return print(io, BENCH_HELP);
  if (values.version) return print(io, `${version()}\n`);
  let patients = 10_000_000;
  if (values.patients !== undefined) {
    patients = readNumber(values.patients as string) ?? NaN;
    if (!Number.isInteger(patients) || patients < 1 || patients > 1e10) {
      throw new UsageError(`--patients: must be an integer in [1, 1e10]; got ${quote(values.patients as string)}`);
    }
  }
  let memoryPatients = 1e8;
  if (values['memory-patients'] !== undefined) {
    memoryPatients = readNumber(values['memory-patients'] as string) ?? NaN;
    if (!Number.isInteger(memoryPatients) || memoryPatients < 0 || memoryPatients > 1e10) {
      throw new UsageError(`--memory-patients: must be an integer in [0, 1e10]; got ${quote(values['memory-patients'] as string)}`);
    }
  }
  const yardstick = values.yardstick as string | undefined;
  if (yardstick !== undefined && !existsSync(yardstick)) throw new UsageError(`--yardstick: no such file ${quote(yardstick)}`);
  io.stdout.write(await runBench({ patients, memoryPatients, json: Boolean(values.json), yardstick, exactOnly: Boolean(values.exact), capacityOnly: Boolean(values.capacity) }));
  return 0;
}

function print(io: CliIo, text: string): number {
  io.stdout.write(text);
  return 0;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit status. */
export async function runCli(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  // Every command's arguments are strings (a caller in-process could pass anything).
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
    io.stderr.write('cgt-access: the arguments must be strings\n');
    return 2;
  }
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'run': return await runCommand(rest, io);
      case 'psa': return await psaCommand(rest, io);
      case 'price': return await economicsCommand('price', rest, io);
      case 'budget': return await economicsCommand('budget', rest, io);
      case 'calibrate': return await calibrateCommand(rest, io);
      case 'lines': return await linesCommand(rest, io);
      case 'presets': return presetsCommand(rest, io);
      case 'validate': return validateCommand(rest, io);
      case 'schema': return schemaCommand(rest, io);
      case 'bench': return await benchCommand(rest, io);
      case undefined: case '--help': case '-h': case 'help': return print(io, MAIN_HELP);
      case '--version': case '-V': return print(io, `${version()}\n`);
      default: throw new UsageError(`unknown command ${quote(command)}; commands: run, psa, lines, calibrate, price, budget, presets, validate, schema, bench (see 'cgt-access --help')`);
    }
  } catch (e) {
    // Whatever a message quotes of the input is escaped here once more, line by line: nothing
    // the user gave reaches the terminal as a control character or a bidirectional override.
    const say = (text: string) => io.stderr.write(`cgt-access: ${text.split('\n').map(escapeUnsafe).join('\n')}\n`);
    if (e instanceof Interrupted) {
      say('interrupted');
      return INTERRUPTED_STATUS;
    }
    if (e instanceof UsageError || e instanceof ScenarioError) {
      say(e.message);
      return 2;
    }
    say(`internal error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}
