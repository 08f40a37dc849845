/**
 * The command line refuses every bad input cleanly (exit status 2, a message, nothing on
 * standard output) and leaves no run hanging (issue 16: defects 1 and 3, and the smaller
 * items: long and numerous errors, byte-order marks, control characters, Ctrl-C).
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools } from '../src/engine/pools.js';
import { nearestName } from '../src/scenario/nearest.js';
import { MAX_LISTED_ERRORS } from '../src/scenario/validate.js';
import { cli, cliWith, type Outcome } from './helpers/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'cgt-access-rel-')); });
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await closePools();
});

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

function refused(r: Outcome, pattern: RegExp): void {
  expect(r.out).toBe('');
  expect(r.code, r.err.slice(0, 500)).toBe(2);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toContain('internal error');
}

const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('deeply nested JSON (defect 1)', () => {
  it.each([5000, 100_000])('depth %i: run with an editing flag exits 2 naming the nesting (it overflowed the stack)', async (depth) => {
    const path = file(`deep-${depth}.json`, deep(depth));
    refused(await cli('run', path, '--patients', '2000'), /nested more than 32 levels deep/);
    refused(await cli('run', path, '--set', 'arms.poc.pReferral=0.9', '--seed', '3'), /nested more than 32 levels deep/);
    refused(await cli('psa', path, '--draws', '20'), /nested more than 32 levels deep/);
    refused(await cli('validate', path), /nested more than 32 levels deep/);
    refused(await cli('run', path), /nested more than 32 levels deep/);
  });

  it('deep nesting under a known field, and in a --set value', async () => {
    refused(await cliWith({ stdin: `{"arms":{"poc":${deep(10_000)}}}` }, 'run', '-', '--patients', '10'), /arms\.poc\.a\.a.*nested more than/);
    refused(await cli('run', '--set', `arms.poc.pReferral=${deep(10_000)}`), /arms\.poc\.pReferral\.a.*nested more than/);
  });
});

describe('extreme willingness to pay (defect 3)', () => {
  it.each(['0:1e308:1e308', '0:1e13:1e12', '1e300:1e300:1'])('--wtp %s is refused (its net benefits overflow)', async (wtp) => {
    refused(await cli('psa', '--draws', '20', '--patients-per-draw', '200', '--wtp', wtp, '--format', 'json'), /--wtp: must be FROM:TO:STEP with 0 <= FROM <= TO <= 1000000000000/);
  });

  it('--tornado-wtp 1e300 is refused', async () => {
    refused(await cli('psa', '--draws', '20', '--patients-per-draw', '200', '--tornado', 'netBenefit', '--tornado-wtp', '1e300'), /--tornado-wtp: must be a number in \[0, 1000000000000\]/);
  });

  it('the largest grid allowed gives finite numbers everywhere, in JSON and CSV', async () => {
    const args = ['psa', '--draws', '20', '--patients-per-draw', '200', '--wtp', '0:1e12:2.5e11', '--workers', '1'];
    const json = await cli(...args, '--format', 'json');
    expect(json.err).toBe('');
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out);
    for (const k of ['wtp', 'evpi', 'expectedIncrementalNetBenefit']) {
      expect(r[k].every((x: unknown) => typeof x === 'number' && Number.isFinite(x)), k).toBe(true);
    }
    const csv = await cli(...args, '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.out).not.toMatch(/NaN|Infinity/);
  });
});

describe('a UTF-8 byte-order mark is accepted', () => {
  it('in a file and on standard input', async () => {
    const path = file('bom.json', '\ufeff{"arms":{"poc":{"pReferral":0.9}}}');
    expect(await cli('validate', path)).toEqual({ code: 0, out: `${path}: valid\n`, err: '' });
    const run = await cli('run', path, '--patients', '100', '--engine', 'reference', '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).scenario.arms.poc.pReferral).toBe(0.9);
    const stdin = await cliWith({ stdin: '\ufeff{}' }, 'validate', '-');
    expect(stdin).toEqual({ code: 0, out: 'standard input: valid\n', err: '' });
  });

  it('but only at the start', async () => {
    refused(await cliWith({ stdin: '{}\ufeff' }, 'validate', '-'), /not valid JSON/);
  });
});

describe('messages: bounded, escaped', () => {
  it('a 5 MB unknown key is refused quickly, and echoed cut', async () => {
    const key = 'x'.repeat(5_000_000);
    const r = await cliWith({ stdin: `{"arms":{"poc":{"${key}":1}}}` }, 'validate', '-');
    refused(r, /unknown field/);
    expect(r.err.length).toBeLessThan(1000);
    expect(r.err).toContain('(5000000 characters)');
    // No did-you-mean search on such a name (it took 5 s: an edit distance against the whole key).
    expect(nearestName(key, ['pReferral'])).toBeUndefined();
    expect(nearestName(`pReferral${'x'.repeat(60)}`, ['pReferral'])).toBeUndefined();
    expect(nearestName('pRefferal', ['pReferral', 'x'.repeat(100)])).toBe('pReferral');
  });

  it('200,000 unknown keys list at most MAX_LISTED_ERRORS errors, then how many more', async () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => `"k${i}":1`).join(',');
    const r = await cliWith({ stdin: `{${keys}}` }, 'validate', '-');
    refused(r, /\.\.\.and 199960 more\n$/);
    expect(r.err.split('\n').length).toBe(MAX_LISTED_ERRORS + 3);
    expect(r.err.length).toBeLessThan(10_000);
  }, 60_000);

  it('control characters and bidirectional overrides in keys, values, flags and commands are escaped', async () => {
    const nasty = '\u202e\u001b[31mred\u0007\u0085\u2066';
    const rs = [
      await cliWith({ stdin: JSON.stringify({ arms: { poc: { [nasty]: 1, payment: nasty } } }) }, 'validate', '-'),
      await cli('run', '--set', `arms.poc.${nasty}=1`),
      await cli('run', `--${nasty}`),
      await cli(nasty),
      await cli('run', '--format', nasty),
      await cli('psa', '--wtp', nasty),
      await cli('run', join(tmp, nasty)),
    ];
    for (const r of rs) {
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(r.err).toContain('\\u202e');
    }
  });
});

describe('Ctrl-C', () => {
  it('during a run on a terminal: the run stops, the progress line is cleared, "interrupted", exit 130, nothing on standard output', async () => {
    let abort: (() => void) | undefined;
    let stopped = false;
    const interrupt = (a: () => void) => {
      abort = a;
      return () => { stopped = true; };
    };
    // Interrupt once the progress bar has drawn (after about a second on a terminal).
    const timer = setTimeout(() => abort?.(), 1600);
    const start = performance.now();
    const r = await cliWith({ tty: true, interrupt }, 'run', '--patients', '1e10', '--workers', '1', '--format', 'json');
    clearTimeout(timer);
    expect(performance.now() - start).toBeLessThan(20_000);
    expect(r.code).toBe(130);
    expect(r.out).toBe('');
    expect(stopped).toBe(true);
    expect(r.err).toContain('patients');
    expect(r.err.endsWith('\r\x1b[Kcgt-access: interrupted\n')).toBe(true);
  }, 60_000);

  it('SIGINT to the real bin: exit 130, "interrupted" on its own line, nothing on standard output', async () => {
    const BIN = join(ROOT, 'bin', 'cgt-access.js');
    expect(existsSync(join(ROOT, 'dist', 'src', 'cli', 'interrupt.js'))).toBe(true);
    const child = spawn(process.execPath, [BIN, 'run', '--patients', '1e10', '--workers', '1', '--format', 'json'], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const status = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    setTimeout(() => child.kill('SIGINT'), 1500);
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await status;
    clearTimeout(killer);
    expect(code).toBe(130);
    expect(out).toBe('');
    expect(err).toBe('cgt-access: interrupted\n');
  }, 60_000);
});

describe('Ctrl-C in every long-running command (issue 26, item 6: price and budget were killed by the signal)', () => {
  const COMMANDS: [string, string[]][] = [
    ['price', ['price', '--patients', '1e10', '--workers', '1', '--format', 'json']],
    ['budget', ['budget', '--set', 'budget={"uptake":[0.5]}', '--patients', '1e10', '--workers', '1', '--format', 'json']],
    // Long, but within the cohort-years limits (queue/limits.ts refuses a sweep estimated above 24 hours before it starts).
    ['lines', ['lines', '--arm', 'poc', '--from', '1', '--to', '100', '--replicates', '100000', '--workers', '1', '--format', 'json']],
    ['psa', ['psa', '--draws', '10000', '--patients-per-draw', '1000000', '--workers', '1', '--format', 'json']],
  ];

  it.each(COMMANDS)('%s in-process: the progress line cleared, "interrupted", exit 130, the interrupt listener removed', async (_, argv) => {
    let abort: (() => void) | undefined;
    let stopped = false;
    const interrupt = (a: () => void) => {
      abort = a;
      return () => { stopped = true; };
    };
    const timer = setTimeout(() => abort?.(), 1600);
    const start = performance.now();
    const r = await cliWith({ tty: true, interrupt }, ...argv);
    clearTimeout(timer);
    expect(performance.now() - start).toBeLessThan(20_000);
    expect(r.code, r.err.slice(-300)).toBe(130);
    expect(r.out).toBe('');
    expect(stopped).toBe(true);
    expect(r.err.endsWith('\r\x1b[Kcgt-access: interrupted\n')).toBe(true);
  }, 60_000);

  it.each(COMMANDS.slice(0, 2))('SIGINT to the real bin during %s: exit 130, "interrupted", nothing on standard output', async (_, argv) => {
    const BIN = join(ROOT, 'bin', 'cgt-access.js');
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const status = new Promise<[number | null, string | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
    setTimeout(() => child.kill('SIGINT'), 1500);
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = await status;
    clearTimeout(killer);
    expect(signal).toBe(null);
    expect(code).toBe(130);
    expect(out).toBe('');
    expect(err).toBe('cgt-access: interrupted\n');
  }, 60_000);
});

describe('output to a closed pipe', () => {
  it('a reader that stops early (`| head`): the real bin ends quietly with status 141, no stack trace', async () => {
    const BIN = join(ROOT, 'bin', 'cgt-access.js');
    // A PSA result of some megabytes: far more than a pipe holds.
    const child = spawn(process.execPath, [BIN, 'psa', '--preset', 'zuma-1', '--engine', 'exact', '--draws', '20000', '--format', 'json'], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    let first = '';
    child.stdout.once('data', (d) => {
      first = String(d);
      child.stdout.destroy();
    });
    const status = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await status;
    clearTimeout(killer);
    expect(first.startsWith('{')).toBe(true);
    expect(err).toBe('');
    expect(code).toBe(141);
  }, 60_000);
});
