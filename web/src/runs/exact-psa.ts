/**
 * The exact PSA: every parameter draw of an uncertainty analysis evaluated exactly (`runPsa(ps,
 * { engine: 'exact' })`: no inner Monte Carlo noise, no workers, milliseconds per hundred draws
 * on the main thread), for the uncertainty view's first picture while the Monte Carlo analysis
 * runs in the workers. Progressive like that analysis: the first `QUICK_DRAWS` draws (with the
 * tornado), drawn at once, then, after that picture is on screen, all the draws (draw d
 * depends on (seed, d) only: the picture fills in, its first points do not move). A newer
 * analysis aborts an older one; a scenario the exact engine refuses leaves `result` null and
 * `reason` its message (the view then waits for the Monte Carlo analysis, as before).
 */

import type { PsaResult } from '../../../src/psa/result.js';
import { runPsa } from '../../../src/psa/simulate.js';
import type { PsaScenario } from '../../../src/psa/validate.js';
import { QUICK_DRAWS } from './psa-run.js';

export class ExactPsa {
  /** The exact analysis of `input`, or null (not yet, or refused: see `reason`). */
  result: PsaResult | null = null;
  reason: string | null = null;
  /** The PSA scenario it is (or was) computed for. */
  input: PsaScenario | null = null;
  /** Whether `result` holds all the draws (else the first `QUICK_DRAWS`). */
  final = false;
  /** Milliseconds from its start to its result. */
  elapsedMs = 0;
  private controller: AbortController | null = null;

  /** `onDone` is called once the analysis of `ps` is in (or refused), unless a newer one started. */
  constructor(private readonly onDone: () => void) {}

  run(ps: PsaScenario): void {
    this.cancel();
    const controller = new AbortController();
    const { signal } = controller;
    this.controller = controller;
    this.input = ps;
    this.result = null;
    this.reason = null;
    this.final = false;
    const t0 = performance.now();
    const total = ps.run.draws;
    const quick = Math.min(QUICK_DRAWS, total);
    const done = (r: PsaResult, final: boolean) => {
      this.result = r;
      this.final = final;
      this.elapsedMs = performance.now() - t0;
      this.onDone();
    };
    // On this thread, whatever the number of draws: the pool is busy with the Monte Carlo analysis.
    runPsa(quick === total ? ps : { ...ps, run: { ...ps.run, draws: quick } }, { engine: 'exact', exactOnPool: false, signal }).then(async (first) => {
      if (signal.aborted) return;
      done(first, quick === total);
      if (quick === total) return;
      // All the draws once the first picture is painted (the tornado does not depend on the draws).
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      if (signal.aborted) return;
      const all = await runPsa(ps, { engine: 'exact', exactOnPool: false, signal, tornado: false });
      if (!signal.aborted) done({ ...all, tornado: first.tornado }, true);
    }).catch((e: unknown) => {
      if (signal.aborted) return;
      this.reason = e instanceof Error ? e.message : String(e);
      this.onDone();
    });
  }

  /** Stops the analysis under way and forgets what it was for. */
  cancel(): void {
    this.controller?.abort(new DOMException('superseded by a newer analysis', 'AbortError'));
    this.controller = null;
  }
}
