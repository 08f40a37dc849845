/**
 * Holds the calling thread (a run's first progress call, which holds the pool's main thread)
 * until `count()` has not moved for 1 s, 20 s at most: on a loaded machine a worker can wait a
 * few hundred milliseconds for a core, which a shorter quiet time took for a stop. Returns the
 * count then.
 */
export function holdUntilStill(count: () => number): number {
  const deadline = Date.now() + 20_000;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline && Date.now() - since < 1000) {
    const now = count();
    if (now !== last) [last, since] = [now, Date.now()];
  }
  return count();
}
