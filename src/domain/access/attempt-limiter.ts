/**
 * Counts failed attempts per key in a fixed window, in memory. Used to stop guessing the last four
 * digits of a citizen id on the public tracking look-up (10,000 possibilities). Per process: with
 * several API processes the effective limit multiplies, which still defeats enumeration.
 *
 * An attempt is counted when it starts (`tryTake`) and given back when it succeeds (`giveBack`):
 * counting only after an awaited look-up failed would let a burst of parallel requests all pass
 * the check before any of them is counted.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, { count: number; windowEnds: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  isBlocked(key: string): boolean {
    const entry = this.failures.get(key);
    if (!entry) return false;
    if (entry.windowEnds <= this.now()) {
      this.failures.delete(key);
      return false;
    }
    return entry.count >= this.maxFailures;
  }

  /** Counts one attempt against every key, unless one of them is already blocked (then false, nothing counted). */
  tryTake(keys: readonly string[]): boolean {
    if (keys.some((k) => this.isBlocked(k))) return false;
    keys.forEach((k) => this.recordFailure(k));
    return true;
  }

  /** Takes back an attempt counted by `tryTake` that turned out not to be a wrong guess. */
  giveBack(keys: readonly string[]): void {
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (entry && entry.count > 0) entry.count--;
    }
  }

  recordFailure(key: string): void {
    const now = this.now();
    const entry = this.failures.get(key);
    if (!entry || entry.windowEnds <= now) {
      if (this.failures.size > 100_000) this.evictExpired(now);
      this.failures.set(key, { count: 1, windowEnds: now + this.windowMs });
    } else {
      entry.count++;
    }
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.failures) if (entry.windowEnds <= now) this.failures.delete(key);
  }
}
