/**
 * A process-local cache for reference data (units, procedures, fields): it changes a few times a
 * year but is read by nearly every request, so reading it from the database each time would cost
 * more than the dossiers themselves. Entries expire after `ttlMs`, which bounds how long another
 * process's change stays unseen here; changes made through this process clear the cache at once.
 * Only found values are kept: a code created elsewhere is visible as soon as it exists.
 */
export class ReferenceCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();
  /** Bumped by clear(): a fetch that began before a change must not store what it read. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 100_000,
  ) {}

  /** The values of `keys` in order (null where none exists), fetching only the missing or expired ones. */
  async getMany(keys: readonly K[], fetch: (missing: K[]) => Promise<Map<K, V>>): Promise<(V | null)[]> {
    const now = this.now();
    const missing = [...new Set(keys.filter((k) => !this.fresh(k, now)))];
    if (missing.length > 0) {
      const generation = this.generation;
      const fetched = await fetch(missing);
      if (generation !== this.generation) return keys.map((k) => fetched.get(k) ?? this.entries.get(k)?.value ?? null);
      if (this.entries.size + fetched.size > this.maxEntries) this.entries.clear();
      const expiresAt = now + this.ttlMs;
      for (const key of missing) {
        const value = fetched.get(key);
        if (value === undefined) this.entries.delete(key);
        else this.entries.set(key, { value, expiresAt });
      }
    }
    return keys.map((k) => this.entries.get(k)?.value ?? null);
  }

  /** The values that exist for `keys`, loading the missing ones as rows keyed by `keyOf`. */
  async findMany(keys: readonly K[], load: (missing: K[]) => Promise<V[]>, keyOf: (value: V) => K): Promise<V[]> {
    const values = await this.getMany(keys, async (missing) => new Map((await load(missing)).map((v) => [keyOf(v), v])));
    return values.filter((v): v is V => v !== null);
  }

  async get(key: K, fetch: (key: K) => Promise<V | null>): Promise<V | null> {
    const [value] = await this.getMany([key], async ([k]) => {
      const found = await fetch(k!);
      return new Map(found === null ? [] : [[k!, found]]);
    });
    return value ?? null;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  private fresh(key: K, now: number): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.expiresAt > now;
  }
}
