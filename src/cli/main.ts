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
import { ScenarioError, validateScenario } from '../scenario/validate.js';
import { ENGINES, simulate, type Engine } from '../simulate.js';
import { runBench } from './bench.js';
import { UsageError } from './errors.js';
import { BENCH_HELP, LINES_HELP, MAIN_HELP, PRESETS_HELP, PSA_HELP, RUN_HELP, SCHEMA_HELP, VALIDATE_HELP } from './help.js';
import { linesCli } from './lines.js';
import { psaCli } from './psa.js';
import { writeOutput } from './io.js';
import { ProgressBar } from './progress.js';
import { presetTable } from './preset-table.js';
import { baseScenario, partialFromArgs, scenarioFromArgs } from './scenario-args.js';

export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
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

function parse(args: string[], options: Options, maxPositionals: number, command: string) {
  try {
    const parsed = parseArgs({ args, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
    if (!parsed.values.help && !parsed.values.version && parsed.positionals.length > maxPositionals) {
      throw new UsageError(`${command}: unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])} (see 'cgt-access ${command} --help')`);
    }
    return parsed;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = (e as Error).message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    throw new UsageError(`${command}: ${msg} (see 'cgt-access ${command} --help')`);
  }
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag}: must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as T;
}

const FORMATS = ['table', 'json', 'csv'] as const;

async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    preset: { type: 'string' },
    set: { type: 'string', multiple: true },
    patients: { type: 'string' },
    seed: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    engine: { type: 'string' },
    workers: { type: 'string' },
  }, 1, 'run');
  if (values.help) return print(io, RUN_HELP);
  if (values.version) return print(io, `${version()}\n`);
  const format = oneOf('--format', values.format as string | undefined, FORMATS)
    ?? (values.out !== undefined ? formatOfFile(values.out as string) : io.stdout.isTTY ? 'table' : 'json');
  const engine = oneOf<Engine>('--engine', values.engine as string | undefined, ENGINES);
  const workers = parseWorkers(values.workers as string | undefined);
  const scenario = scenarioFromArgs({
    file: positionals[0],
    preset: values.preset as string | undefined,
    sets: (values.set as string[] | undefined) ?? [],
    patients: values.patients as string | undefined,
    seed: values.seed as string | undefined,
  });
  const bar = new ProgressBar(io.stderr as NodeJS.WriteStream);
  let result;
  try {
    result = await simulate(scenario, { engine, workers, onProgress: (p) => bar.update(p) });
  } finally {
    bar.done();
  }
  const text = format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : format === 'csv' ? resultToCsv(result) : resultToTable(result);
  if (values.out !== undefined) writeOutput(values.out as string, text);
  else io.stdout.write(text);
  return 0;
}

async function psaCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    preset: { type: 'string' },
    draws: { type: 'string' },
    'patients-per-draw': { type: 'string' },
    wtp: { type: 'string' },
    tornado: { type: 'string' },
    'tornado-wtp': { type: 'string' },
    evppi: { type: 'string', multiple: true },
    seed: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
  }, 1, 'psa');
  if (values.help) return print(io, PSA_HELP);
  if (values.version) return print(io, `${version()}\n`);
  const format = oneOf('--format', values.format as string | undefined, FORMATS)
    ?? (values.out !== undefined ? formatOfFile(values.out as string) : io.stdout.isTTY ? 'table' : 'json');
  return psaCli({
    file: positionals[0],
    preset: values.preset as string | undefined,
    draws: values.draws as string | undefined,
    patientsPerDraw: values['patients-per-draw'] as string | undefined,
    wtp: values.wtp as string | undefined,
    tornado: values.tornado as string | undefined,
    tornadoWtp: values['tornado-wtp'] as string | undefined,
    evppi: values.evppi as string[] | undefined,
    seed: values.seed as string | undefined,
    workers: parseWorkers(values.workers as string | undefined),
    format,
    out: values.out as string | undefined,
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
    format: { type: 'string' },
    out: { type: 'string' },
    engine: { type: 'string' },
    workers: { type: 'string' },
  }, 1, 'lines');
  if (values.help) return print(io, LINES_HELP);
  if (values.version) return print(io, `${version()}\n`);
  const format = oneOf('--format', values.format as string | undefined, FORMATS)
    ?? (values.out !== undefined ? formatOfFile(values.out as string) : io.stdout.isTTY ? 'table' : 'json');
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
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1 || n > 256) {
    throw new UsageError(`--workers: must be an integer in [1, 256]; got ${JSON.stringify(text)}`);
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
  const v = validateScenario(partialFromArgs({ file, sets: [] }), base);
  const name = file === '-' ? 'standard input' : file;
  if (!v.ok) throw new UsageError(`${name}: invalid scenario\n${v.errors.map((e) => `  ${e.message}`).join('\n')}`);
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
  }, 0, 'bench');
  if (values.help) return print(io, BENCH_HELP);
  if (values.version) return print(io, `${version()}\n`);
  let patients = 10_000_000;
  if (values.patients !== undefined) {
    patients = Number(values.patients);
    if (!Number.isInteger(patients) || patients < 1 || patients > 1e10) {
      throw new UsageError(`--patients: must be an integer in [1, 1e10]; got ${JSON.stringify(values.patients)}`);
    }
  }
  let memoryPatients = 1e8;
  if (values['memory-patients'] !== undefined) {
    memoryPatients = Number(values['memory-patients']);
    if (!Number.isInteger(memoryPatients) || memoryPatients < 0 || memoryPatients > 1e10) {
      throw new UsageError(`--memory-patients: must be an integer in [0, 1e10]; got ${JSON.stringify(values['memory-patients'])}`);
    }
  }
  const yardstick = values.yardstick as string | undefined;
  if (yardstick !== undefined && !existsSync(yardstick)) throw new UsageError(`--yardstick: no such file ${JSON.stringify(yardstick)}`);
  io.stdout.write(await runBench({ patients, memoryPatients, json: Boolean(values.json), yardstick }));
  return 0;
}

function print(io: CliIo, text: string): number {
  io.stdout.write(text);
  return 0;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit status. */
export async function runCli(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'run': return await runCommand(rest, io);
      case 'psa': return await psaCommand(rest, io);
      case 'lines': return await linesCommand(rest, io);
      case 'presets': return presetsCommand(rest, io);
      case 'validate': return validateCommand(rest, io);
      case 'schema': return schemaCommand(rest, io);
      case 'bench': return await benchCommand(rest, io);
      case undefined: case '--help': case '-h': case 'help': return print(io, MAIN_HELP);
      case '--version': case '-V': return print(io, `${version()}\n`);
      default: throw new UsageError(`unknown command ${JSON.stringify(command)}; commands: run, psa, lines, presets, validate, schema, bench (see 'cgt-access --help')`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError) {
      io.stderr.write(`cgt-access: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`cgt-access: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
