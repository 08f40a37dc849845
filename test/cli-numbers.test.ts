/**
 * One number reader for every number the command line reads (flags, `--set`, `--target`,
 * `--market`, `--wtp`) and the explorer's links (issue 26, item 7): a decimal number as JSON
 * writes it; hexadecimal refused everywhere, `1e0` accepted everywhere, and a negative value
 * given to a flag reaches its own rule (not parseArgs' "argument is ambiguous").
 */

import { afterAll, describe, expect, it } from 'vitest';
import { closePools } from '../src/engine/pools.js';
import { readNumber } from '../src/scenario/number.js';
import { parseValue as linkValue } from '../web/src/state/hash.js';
import { cli, type Outcome } from './helpers/cli.js';

afterAll(() => closePools());

function refused(r: Outcome, pattern: RegExp): void {
  expect(r.out).toBe('');
  expect(r.code, r.err).toBe(2);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/ambiguous|internal error/);
}

const SMALL_LINES = ['--arm', 'poc', '--set', 'cohort.eligiblePerYear=50', '--warmup-years', '0', '--format', 'json'];

describe('the number reader', () => {
  it.each(['0x10', '0b1', '0o7', ' 1', '1 ', '+1', '.5', '1.', 'Infinity', '1e999', '', '-', 'NaN', '1_000'])('%j is not a number', (t) => {
    expect(readNumber(t)).toBe(undefined);
    expect(linkValue(t)).toBe(t);
  });
  it.each([['1', 1], ['-0.5', -0.5], ['1e0', 1], ['2E+3', 2000], ['0', 0]])('%j is %d', (t, n) => {
    expect(readNumber(t)).toBe(n);
    expect(linkValue(t)).toBe(n);
  });
});

describe('hexadecimal is refused by every flag', () => {
  it('--market', async () => refused(await cli('price', '--market', '0x10:20'), /^cgt-access: --market: must be FROM:TO.*; got "0x10:20"/));
  it('--target', async () => refused(await cli('calibrate', '--arm', 'poc', '--target', 'infusedFraction=0x1', '--param', 'arms.poc.pReferral'), /--target: must be NAME=VALUE/));
  it('--workers', async () => refused(await cli('run', '--workers', '0x2'), /--workers: must be an integer in \[1, 256\]; got "0x2"/));
  it('--from', async () => refused(await cli('lines', ...SMALL_LINES, '--from', '0x1'), /--from: must be an integer in \[1, 1000000\]; got "0x1"/));
  it('--tornado-wtp and --wtp', async () => {
    refused(await cli('psa', '--tornado-wtp', '0x10'), /--tornado-wtp: must be a number/);
    refused(await cli('psa', '--wtp', '0x0:10:1'), /--wtp: must be FROM:TO:STEP/);
  });
  it('bench --patients', async () => refused(await cli('bench', '--patients', '0x10'), /--patients: must be an integer/));
  it('--set', async () => refused(await cli('run', '--set', 'run.patients=0x10'), /run\.patients/));
});

describe('1e0 is read alike by every flag', () => {
  it('--from 1e0 is 1, as --replicates 1e0 is', async () => {
    const r = await cli('lines', ...SMALL_LINES, '--from', '1e0', '--to', '2', '--replicates', '2e0');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as { rows: { lines: number }[]; scenario: { run: { years: { replicates: number } } } };
    expect(out.rows.map((x) => x.lines)).toEqual([1, 2]);
    expect(out.scenario.run.years.replicates).toBe(2);
  });
});

describe('a negative value reaches the flag\'s rule', () => {
  it('--from -1', async () => refused(await cli('lines', ...SMALL_LINES, '--from', '-1'), /--from: must be an integer in \[1, 1000000\]; got "-1"/));
  it('--seed -5 and --patients -1', async () => {
    refused(await cli('run', '--seed', '-5'), /run\.seed/);
    refused(await cli('run', '--patients', '-1'), /run\.patients/);
  });
  it('--tornado-wtp -1', async () => refused(await cli('psa', '--tornado-wtp', '-1'), /--tornado-wtp: must be a number in \[0, /));
  it('an option name after a flag is still an option (not a value)', async () => {
    const r = await cli('run', '--seed', '--patients');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--seed/);
  });
});
