/**
 * A progress bar on standard error: only when it is a terminal, and only once a run has
 * taken more than about a second (short runs stay silent).
 */

import type { Progress } from '../simulate.js';

const DELAY_MS = 1000;
const WIDTH = 28;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

export class ProgressBar {
  private readonly start = Date.now();
  private drawn = false;
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(p: Progress): void {
    if (!this.enabled) return;
    const elapsed = (Date.now() - this.start) / 1000;
    if (elapsed * 1000 < DELAY_MS) return;
    // At most ten redraws a second (a chunk can take a few milliseconds).
    const now = Date.now();
    if (now - this.lastDraw < 100 && p.done < p.total) return;
    this.lastDraw = now;
    const frac = p.total > 0 ? p.done / p.total : 1;
    const filled = Math.round(frac * WIDTH);
    const rate = p.done / elapsed;
    const left = rate > 0 ? (p.total - p.done) / rate : Infinity;
    const line = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  `
      + `${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} patients  `
      + `${rate.toExponential(1)}/s  ${duration(left)} left`;
    this.stream.write(`\r${line}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
