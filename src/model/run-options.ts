/** What every engine takes besides the scenario: progress reports and cancellation. */

export interface Progress {
  /** Patients done (per arm). */
  done: number;
  /** Patients in the run (per arm). */
  total: number;
}

export interface EngineOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** The error a cancelled run rejects with: the signal's reason if it is an AbortError, else a new one. */
export function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('the run was cancelled', 'AbortError');
}
