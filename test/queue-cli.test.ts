/**
 * The CLI with capacity (MODEL.md v2): `run` prints each capacity arm's queue block (table,
 * JSON, CSV) and nothing of it without capacity; `lines` sweeps an arm's lines (table, JSON,
 * CSV) and refuses bad arguments with exit 2 and nothing on stdout.
 */

import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const SMALL = ['--set', 'run.years.replicates=6', '--set', 'cohort.eligiblePerYear=200'];

describe('cgt-access run with capacity', () => {
  it('prints the queue block in JSON for the arm with lines only', async () => {
    const r = await cli('run', '--set', 'arms.poc.capacity.lines=3', ...SMALL, '--format', 'json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.scenario.run.years).toEqual({ replicates: 6, warmupYears: 1 });
    expect(result.patients).toBe(6 * 200);
    expect(Object.keys(result.arms.poc.queue)).toEqual(['lostWhileQueued', 'waitFirst', 'waitRetry', 'utilisation', 'busyLineDays', 'linesNeeded']);
    expect(result.arms.commercial.queue).toBeUndefined();
  });

  it('prints queue rows in CSV and a queue section in the table', async () => {
    const csv = await cli('run', '--set', 'arms.commercial.capacity.lines=2', ...SMALL, '--format', 'csv');
    expect(csv.out).toMatch(/^commercial,queue,waitFirst\.p90,[0-9.]+,/m);
    expect(csv.out).not.toMatch(/^poc,queue/m);
    const table = await cli('run', '--set', 'arms.commercial.capacity.lines=2', ...SMALL, '--format', 'table');
    expect(table.out).toContain('Queue for manufacturing lines');
    expect(table.out).toMatch(/lines\s+2\s+unlimited/);
    expect(table.out).toContain('6 replicates of 1 warm-up year');
  });

  it('refuses the cost-recovery price of a scenario with capacity (exit 2, path, nothing on stdout)', async () => {
    const r = await cli('price', '--set', 'arms.poc.capacity.lines=3', '--market', '100:1000:2');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('arms.poc.capacity: is not used by the cost-recovery price');
  });

  it('prints no queue without capacity (version 1 as before)', async () => {
    const r = await cli('run', '--patients', '1000', '--format', 'csv');
    expect(r.out).not.toContain('queue');
  });
});

describe('cgt-access lines', () => {
  it('sweeps c and prints one row per c, in JSON, CSV and a table', async () => {
    const json = await cli('lines', '--arm', 'poc', '--from', '2', '--to', '4', ...SMALL, '--format', 'json');
    expect(json.code).toBe(0);
    const sweep = JSON.parse(json.out);
    expect(sweep.rows.map((r: { lines: number }) => r.lines)).toEqual([2, 3, 4]);
    // More lines: more infused, fewer lost while queued, shorter waits, lower utilisation.
    const [a, , c] = sweep.rows;
    expect(c.infused.value).toBeGreaterThan(a.infused.value);
    expect(c.lostWhileQueued.value).toBeLessThan(a.lostWhileQueued.value);
    expect(c.waitFirstMean.value).toBeLessThan(a.waitFirstMean.value);
    expect(c.utilisation.value).toBeLessThan(a.utilisation.value);
    expect(sweep.scenario.arms.poc.capacity).toBeUndefined();
    const csv = await cli('lines', '--arm', 'poc', '--from', '2', '--to', '3', ...SMALL, '--format', 'csv');
    expect(csv.out.split('\n')[0]).toBe('lines,infused,infusedMcse,lostWhileQueued,lostWhileQueuedMcse,waitFirstMean,waitFirstMeanMcse,waitFirstP90,waitFirstP90Mcse,utilisation,utilisationMcse,note');
    expect(csv.out.trim().split('\n')).toHaveLength(3);
    const table = await cli('lines', '--arm', 'commercial', '--from', '1', '--to', '2', ...SMALL, '--format', 'table');
    expect(table.out).toContain('lost while queued');
    expect(table.out).toMatch(/^\s+2\s+[0-9.]+ ± /m);
  });

  it('says why a row has no waits (nobody reaches the queue), in JSON, CSV and the table', async () => {
    const args = ['lines', '--arm', 'poc', '--from', '1', '--to', '2', ...SMALL, '--set', 'arms.poc.pReferral=0'];
    const sweep = JSON.parse((await cli(...args, '--format', 'json')).out);
    for (const row of sweep.rows) {
      expect(row.waitFirstMean.value).toBeNull();
      expect(row.note).toMatch(/^no patient reaches the queue: pReferral x pFunding = 0/);
    }
    const csv = (await cli(...args, '--format', 'csv')).out.trim().split('\n');
    expect(csv[1]).toMatch(/,"no patient reaches the queue: pReferral x pFunding = 0, so no wait to report"$/);
    const table = (await cli(...args, '--format', 'table')).out;
    expect(table).toMatch(/^\s+1\s.*\(no patient reaches the queue: pReferral x pFunding = 0, so no wait to report\)$/m);
    // A row with waits has no note.
    const ok = JSON.parse((await cli('lines', '--arm', 'poc', '--from', '3', '--to', '3', ...SMALL, '--format', 'json')).out);
    expect(ok.rows[0].note).toBeUndefined();
  });

  it.each([
    [['--from', '1', '--to', '2'], '--arm is required'],
    [['--arm', 'pocc'], '--arm: must be one of commercial, poc'],
    [['--arm', 'poc', '--from', '0'], '--from: must be an integer in [1, 1000000]'],
    [['--arm', 'poc', '--from', '5', '--to', '2'], '--to: must be >= --from (5)'],
    [['--arm', 'poc', '--from', '1', '--to', '5000'], '--to: at most 1000 values of c'],
    [['--arm', 'poc', '--replicates', '0'], 'run.years.replicates: must be an integer in [1, 1000000]'],
    [['--arm', 'poc', '--warmup-years', '12'], 'run.years.warmupYears: must be an integer in [0, 10]'],
    [['--arm', 'poc', '--set', 'cohort.eligiblePerYear=2000000'], 'cohort.eligiblePerYear: must be <= 1000000 in a run with capacity'],
  ])('refuses %j with exit 2 and nothing on stdout', async (args, message) => {
    const r = await cli('lines', ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
  });
});
