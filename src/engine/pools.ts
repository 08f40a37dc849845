/**
 * The library's shared worker pools, one per worker count, created on first use and kept
 * (idle workers do not keep a Node process alive). `closePools` ends them.
 */

import { KernelPool, type Platform } from './pool.js';
import type { Machine } from '../queue/limits.js';

const pools = new Map<number, Promise<KernelPool>>();
let platformPromise: Promise<Platform> | undefined;

/** Node's platform (worker_threads); the browser bundle sets its own with `setPlatform`. */
export function setPlatform(p: Platform): void {
  platformPromise = Promise.resolve(p);
}

async function platform(): Promise<Platform> {
  if (!platformPromise) {
    platformPromise = import('./platform-node.js').then((m) => m.nodePlatform);
  }
  return platformPromise;
}

/** The number of workers used when none is asked for: all cores. */
export async function defaultWorkerCount(): Promise<number> {
  return (await platform()).defaultWorkers();
}

/** The machine's memory and cores as the platform tells them (queue/limits.ts). */
export async function machine(): Promise<Machine> {
  const p = await platform();
  return { memoryBytes: p.machineMemory?.() ?? Infinity, cores: p.defaultWorkers() };
}

/** The shared pool of `workers` workers (all cores by default). */
export async function getPool(workers?: number): Promise<KernelPool> {
  const p = await platform();
  const size = workers ?? p.defaultWorkers();
  let pool = pools.get(size);
  if (!pool) {
    pool = KernelPool.create(p, size);
    pools.set(size, pool);
    pool.catch(() => pools.delete(size));
  }
  return pool;
}

/** Terminates every shared pool. */
export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  for (const p of all) (await p.catch(() => undefined))?.close();
}
