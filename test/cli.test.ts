/**
 * The command line (README "The command line"): outputs of `run` in every format, its
 * options, argument and input errors (exit status 2, nothing on standard output, a message
 * naming the problem on standard error), --help and --version everywhere, and a few runs of
 * the real bin in a child process.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPreset, presetNames } from '../src/presets/index.js';
import { defaultScenario } from '../src/scenario/defaults.js';
import { scenarioJsonSchema } from '../src/scenario/schema.js';
import { ENGINES } from '../src/simulate.js';
import { cli } from './helpers/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/cli/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;


async function runJson(...argv: string[]): Promise<Record<string, any>> {
  const r = await cli('run', ...argv, '--format', 'json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Record<string, any>;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cgt-access-cli-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('run', () => {
  it('--format json prints the result file', async () => {
    const r = await cli('run', '--patients', '20000', '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const result = JSON.parse(r.out);
    expect(Object.keys(result)).toEqual(['scenario', 'patients', 'seed', 'engine', 'arms', 'difference']);
    expect(result.patients).toBe(20000);
    expect(result.seed).toBe(1);
    expect(ENGINES).toContain(result.engine);
    expect(Object.keys(result.arms)).toEqual(['commercial', 'poc']);
    expect(result.scenario).toEqual({ ...defaultScenario, run: { patients: 20000, seed: 1 } });
    expect(r.out.endsWith('\n')).toBe(true);
  });

  it('--format csv has the header arm,group,name,value,mcse, rows for both arms and the difference, nulls as empty cells', async () => {
    // No commercial patient is referred: its per-infused and per-response ratios are null.
    const args = ['--patients', '20000', '--set', 'arms.commercial.pReferral=0'];
    const result = await runJson(...args);
    const r = await cli('run', ...args, '--format', 'csv');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('arm,group,name,value,mcse');
    const rows = lines.slice(1).map((l) => l.split(','));
    for (const row of rows) expect(row).toHaveLength(5);
    expect(new Set(rows.map((row) => row[0]))).toEqual(new Set(['commercial', 'poc', 'difference']));
    const cell = (x: number | null) => (x === null ? '' : String(x));
    let nulls = 0;
    for (const [arm, group, name, value, mcse] of rows) {
      let estimate: { value: number | null; mcse: number | null };
      if (arm === 'difference') estimate = result.difference[name];
      else if (name.startsWith('histogram.')) estimate = { value: result.arms[arm].v2v.histogram[Number(name.slice(10))], mcse: null };
      else estimate = result.arms[arm][group][name];
      expect(estimate, `${arm},${group},${name}`).toBeDefined();
      expect(value, `${arm},${group},${name}`).toBe(cell(estimate.value));
      expect(mcse, `${arm},${group},${name}`).toBe(cell(estimate.mcse));
      if (estimate.value === null) nulls++;
    }
    expect(result.arms.commercial.costs.perInfused.value).toBeNull();
    expect(nulls).toBeGreaterThan(0);
    expect(r.out).not.toMatch(/null|NaN|Infinity|undefined/);
    expect(rows.some(([arm, , name, value]) => arm === 'commercial' && name === 'perInfused' && value === '')).toBe(true);
  });

  it('--format table shows both arms and the difference', async () => {
    const r = await cli('run', '--patients', '20000', '--format', 'table');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('commercial');
    expect(r.out).toMatch(/point of care|poc/);
    expect(r.out).toContain('Difference');
  });

  it('the default format is json when standard output is not a terminal', async () => {
    const r = await cli('run', '--patients', '5000');
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.out)).not.toThrow();
  });

  it('--set is reflected in result.scenario', async () => {
    const result = await runJson('--patients', '5000', '--set', 'arms.poc.pReferral=0.9', '--set', 'arms.commercial.mfgDays={"median":20,"p90":40}');
    expect(result.scenario.arms.poc.pReferral).toBe(0.9);
    expect(result.scenario.arms.commercial.mfgDays).toEqual({ median: 20, p90: 40 });
    expect(result.scenario.arms.commercial.pReferral).toBe(defaultScenario.arms.commercial.pReferral);
  });

  it('a scenario file is read, and --set, --patients, --seed go on top of it', async () => {
    const result = await runJson(fixture('what-if.json'), '--set', 'arms.poc.price=100000', '--seed', '9');
    expect(result.scenario.arms.poc.payment).toBe('perResponse');
    expect(result.scenario.arms.poc.price).toBe(100000);
    expect(result.patients).toBe(5000);
    expect(result.seed).toBe(9);
  });

  it('--preset starts from a preset', async () => {
    const name = presetNames.find((n) => n !== 'default') ?? 'default';
    expect(presetNames).toContain('default');
    const result = await runJson('--preset', name, '--patients', '5000');
    expect(result.scenario).toEqual({ ...getPreset(name).scenario, run: { patients: 5000, seed: 1 } });
    const dflt = await runJson('--preset', 'default', '--patients', '5000');
    expect(dflt.scenario).toEqual({ ...defaultScenario, run: { patients: 5000, seed: 1 } });
  });

  it('--out FILE writes the file and prints nothing on standard output', async () => {
    const file = join(tmp, 'result.json');
    const r = await cli('run', '--patients', '5000', '--out', file);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe('');
    const result = JSON.parse(readFileSync(file, 'utf8'));
    expect(result.patients).toBe(5000);
    // the format follows the file's extension unless given
    const csv = join(tmp, 'result.csv');
    expect((await cli('run', '--patients', '5000', '--out', csv)).out).toBe('');
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('arm,group,name,value,mcse');
  });

  it('the same seed gives byte-identical JSON', async () => {
    const a = await cli('run', '--patients', '20000', '--seed', '12345', '--format', 'json');
    const b = await cli('run', '--patients', '20000', '--seed', '12345', '--format', 'json');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const c = await cli('run', '--patients', '20000', '--seed', '54321', '--format', 'json');
    expect(c.out).not.toBe(a.out);
  });
});

describe('other commands', () => {
  it('validate prints valid for a valid file', async () => {
    const r = await cli('validate', fixture('what-if.json'));
    expect(r).toEqual({ code: 0, out: `${fixture('what-if.json')}: valid\n`, err: '' });
  });

  it('schema prints the JSON Schema', async () => {
    const r = await cli('schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(scenarioJsonSchema());
  });

  it('presets lists every preset; --show shows one', async () => {
    const list = await cli('presets');
    expect(list.code).toBe(0);
    for (const n of presetNames) expect(list.out).toContain(n);
    const json = await cli('presets', '--format', 'json');
    expect((JSON.parse(json.out) as { name: string }[]).map((p) => p.name)).toEqual([...presetNames]);
    const show = await cli('presets', '--show', 'default');
    expect(show.code).toBe(0);
    expect(show.out).toContain('pReferral');
    const showJson = await cli('presets', '--show', 'default', '--format', 'json');
    expect(JSON.parse(showJson.out).scenario).toEqual(defaultScenario);
  });
});

interface ErrorCase { name: string; args: string[]; says: string[] }

const errorCases: ErrorCase[] = [
  { name: 'malformed JSON file', args: ['run', fixture('malformed.json')], says: ['malformed.json', 'not valid JSON'] },
  { name: 'a file that does not exist', args: ['run', join(FIXTURES, 'nope.json')], says: ['nope.json', 'cannot read', 'no such file'] },
  { name: 'a directory as the file', args: ['run', FIXTURES], says: ['cannot read', 'is a directory'] },
  { name: 'a file that is not an object', args: ['run', fixture('not-an-object.json')], says: ['not-an-object.json', '(root): must be an object; got 42'] },
  { name: 'an unknown preset (did you mean)', args: ['run', '--preset', 'zuma1'], says: ['--preset', 'unknown preset "zuma1"', 'did you mean zuma-1?'] },
  { name: 'a preset without its name', args: ['run', '--preset'], says: ['--preset'] },
  { name: 'an unknown option', args: ['run', '--bogus'], says: ['--bogus'] },
  { name: 'an unknown command', args: ['runn'], says: ['unknown command "runn"'] },
  { name: 'a second positional argument', args: ['run', fixture('what-if.json'), 'extra.json'], says: ['unexpected argument "extra.json"'] },
  { name: '--format xml', args: ['run', '--format', 'xml'], says: ['--format', 'table, json, csv', '"xml"'] },
  { name: '--set without =', args: ['run', '--set', 'arms.poc.pReferral'], says: ['--set arms.poc.pReferral', 'PATH=VALUE'] },
  { name: '--set with an empty path', args: ['run', '--set', '=0.9'], says: ['--set =0.9', 'PATH=VALUE'] },
  { name: '--set of a misspelt field (did you mean)', args: ['run', '--set', 'arms.poc.pRefferal=0.9'], says: ['arms.poc.pRefferal', 'unknown field (did you mean pReferral?)'] },
  { name: '--set of a misspelt section', args: ['run', '--set', 'arm.poc.pReferral=0.9'], says: ['--set arm', 'did you mean arms?'] },
  { name: '--set of a non-number', args: ['run', '--set', 'arms.poc.pReferral=abc'], says: ['arms.poc.pReferral', '"abc"', 'must be a probability'] },
  { name: '--set breaking a rule between fields', args: ['run', '--set', 'arms.poc.pCr=0.9'], says: ['arms.poc.pCr', 'must be <= pOrr (0.73)', 'got 0.9'] },
  { name: '--patients 0', args: ['run', '--patients', '0'], says: ['run.patients', 'must be an integer in [1, 10000000000]', 'got 0'] },
  { name: '--patients 1e11', args: ['run', '--patients', '1e11'], says: ['run.patients', 'got 100000000000'] },
  { name: '--patients abc', args: ['run', '--patients', 'abc'], says: ['run.patients', '"abc"'] },
  { name: '--seed=-1', args: ['run', '--seed=-1'], says: ['run.seed', 'must be an integer in [0, 2^32)', 'got -1'] },
  { name: '--seed -1 (a negative value, read as --seed=-1)', args: ['run', '--seed', '-1'], says: ['run.seed', 'must be an integer in [0, 2^32)', 'got -1'] },
  { name: '--seed 4294967296', args: ['run', '--seed', '4294967296'], says: ['run.seed', 'got 4294967296'] },
  { name: '--seed 1.5', args: ['run', '--seed', '1.5'], says: ['run.seed', 'got 1.5'] },
  { name: '--engine warp', args: ['run', '--engine', 'warp'], says: ['--engine', '"warp"', ...ENGINES] },
  { name: '--out into a missing directory', args: ['run', '--patients', '1000', '--out', '/nonexistent-dir/x/result.json'], says: ['--out', 'cannot write'] },
  {
    name: 'validate of an invalid file (every violation)',
    args: ['validate', fixture('invalid.json')],
    says: [
      'invalid.json: invalid scenario',
      'arms.poc.pRefferal: unknown field (did you mean pReferral?)',
      'arms.poc.pCr: must be <= pOrr (0.73)',
      'arms.commercial.maxAttempts: must be an integer in [1, 4]; got 5',
      'run.seed: must be an integer in [0, 2^32); got -1',
    ],
  },
  { name: 'validate of a malformed file', args: ['validate', fixture('malformed.json')], says: ['malformed.json', 'not valid JSON'] },
  { name: 'validate with no file', args: ['validate'], says: ['validate', 'a scenario file'] },
  { name: 'validate with an unknown preset', args: ['validate', fixture('what-if.json'), '--preset', 'nope'], says: ['--preset', 'unknown preset "nope"'] },
  { name: 'presets --show nope', args: ['presets', '--show', 'nope'], says: ['--show', 'unknown preset "nope"', 'known presets'] },
  { name: 'presets --format csv', args: ['presets', '--format', 'csv'], says: ['--format', '"csv"'] },
  { name: 'schema with an argument', args: ['schema', 'extra'], says: ['unexpected argument "extra"'] },
  { name: 'bench --patients 0', args: ['bench', '--patients', '0'], says: ['--patients', '"0"'] },
];

describe('argument and input errors exit with status 2, nothing on standard output', () => {
  it('covers at least 15 cases', () => {
    expect(errorCases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(errorCases)('$name', async ({ args, says }) => {
    const r = await cli(...args);
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
    expect(r.err.startsWith('cgt-access: ')).toBe(true);
    expect(r.err).not.toContain('internal error');
    for (const s of says) expect(r.err).toContain(s);
  });

  it('validate lists each violation on its own line', async () => {
    const r = await cli('validate', fixture('invalid.json'));
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toBe(`cgt-access: ${fixture('invalid.json')}: invalid scenario`);
    expect(lines.slice(1).map((l) => l.trim().split(':')[0]).sort()).toEqual(
      ['arms.commercial.maxAttempts', 'arms.poc.pCr', 'arms.poc.pRefferal', 'run.seed'],
    );
  });
});

describe('--help and --version', () => {
  const commands = ['run', 'presets', 'validate', 'schema', 'bench'];

  it.each(commands.flatMap((c) => ['--help', '-h'].map((flag) => [c, flag])))('%s %s prints help', async (command, flag) => {
    const r = await cli(command, flag);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain(`Usage: cgt-access ${command}`);
  });

  it.each(commands.flatMap((c) => ['--version', '-V'].map((flag) => [c, flag])))('%s %s prints the version', async (command, flag) => {
    const r = await cli(command, flag);
    expect(r).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
  });

  it('--help wins over other errors of the command line', async () => {
    const r = await cli('run', '--patients', '0', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: cgt-access run');
  });

  it.each([[[]], [['--help']], [['-h']], [['help']]])('the main help (%j)', async (argv) => {
    const r = await cli(...argv);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    for (const c of commands) expect(r.out).toContain(`cgt-access ${c}`);
  });

  it.each([['--version'], ['-V']])('the main %s', async (flag) => {
    expect(await cli(flag)).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
  });
});

describe('the real bin in a child process', () => {
  const BIN = join(ROOT, 'bin', 'cgt-access.js');
  const bin = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT, input, encoding: 'utf8', timeout: 60_000,
  });

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
      throw new Error('dist/ is not built: run `npx tsc -p .` (npm test builds first)');
    }
  });

  it('reads a scenario from standard input with -', () => {
    const input = '{"arms":{"poc":{"pReferral":0.9}},"run":{"seed":3}}';
    const r = bin(['run', '-', '--format', 'json', '--patients', '5000'], input);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.patients).toBe(5000);
    expect(result.seed).toBe(3);
    expect(result.scenario.arms.poc.pReferral).toBe(0.9);
    // the same scenario given by --set gives the same bytes
    const same = bin(['run', '--set', 'arms.poc.pReferral=0.9', '--seed', '3', '--format', 'json', '--patients', '5000']);
    expect(same.status).toBe(0);
    expect(same.stdout).toBe(r.stdout);
  });

  it('exits 2 with empty standard output on a bad file', () => {
    const r = bin(['run', fixture('malformed.json')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('malformed.json');
    expect(r.stderr).toContain('not valid JSON');
  });

  it('prints README example errors for an invalid scenario on standard input', () => {
    const r = bin(['run', '-'], '{"arms":{"poc":{"pRefferal":0.9,"pCr":0.8}}}');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'cgt-access: standard input: invalid scenario',
      '  arms.poc.pRefferal: unknown field (did you mean pReferral?)',
      '  arms.poc.pCr: must be <= pOrr (0.73): a complete response is an overall response; got 0.8',
      '',
    ].join('\n'));
  });

  it('lists the presets', () => {
    const r = bin(['presets']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    for (const n of presetNames) expect(r.stdout).toContain(n);
  });
});
