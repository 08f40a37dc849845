/**
 * The exact PSA: every parameter draw of an uncertainty analysis evaluated exactly (`runPsa(ps,
 * { engine: 'exact' })`: no inner Monte Carlo noise, no workers, thousands of draws in
 * milliseconds on the main thread), for the uncertainty view's first picture while the Monte
 * Carlo analysis runs in the workers. A newer analysis aborts an older one; a scenario the
 * exact engine refuses leaves `result` null and `reason` its message (the view then waits for
 * the Monte Carlo analysis, as before).
 */

import type { PsaResult } from '../../../src/psa/result.js';
import { runPsa } from '../../../src/psa/simulate.js';
import type { PsaScenario } from '../../../src/psa/validate.js';

export class ExactPsa {
  /** The exact analysis of `input`, or null (not yet, or refused: see `reason`). */
  result: PsaResult | null = null;
  reason: string | null = null;
  /** The PSA scenario it is (or was) computed for. */
  input: PsaScenario | null = null;
  /** Milliseconds from its start to its result. */
  elapsedMs = 0;
  private controller: AbortController | null = null;

  /** `onDone` is called once the analysis of `ps` is in (or refused), unless a newer one started. */
  constructor(private readonly onDone: () => void) {}

  run(ps: PsaScenario): void {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    this.input = ps;
    this.result = null;
    this.reason = null;
    const t0 = performance.now();
    runPsa(ps, { engine: 'exact', signal: controller.signal }).then((r) => {
      if (controller.signal.aborted) return;
      this.result = r;
      this.elapsedMs = performance.now() - t0;
      this.onDone();
    }, (e: unknown) => {
      if (controller.signal.aborted) return;
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
