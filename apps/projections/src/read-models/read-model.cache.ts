const MAX_ENTRIES = 1_000;

/**
 * Answers shared among requests for up to `ttlMs`. Read models change only when a projection
 * commits: the app clears its caches on every batch its read side applies, so a reader in this
 * process never sees an older state than the last commit it was told about; the TTL bounds how
 * stale an answer can be after commits by another process on the same database. `ttlMs` 0: no
 * caching. Cached values are shared: never mutate one.
 */
export class ReadModelCache {
  private readonly entries = new Map<string, { at: number; value: unknown }>();
  private cleared = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Changes on every clear(): an answer computed across a clear must not be kept. */
  get generation(): number {
    return this.cleared;
  }

  get<Value>(key: string): Value | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.at < this.ttlMs) return hit.value as Value;
    this.entries.delete(key);
    return undefined;
  }

  /** Keeps `value` unless the cache was cleared since `generation` (when given) was read. */
  set(key: string, value: unknown, generation = this.cleared): void {
    if (!this.enabled || generation !== this.cleared) return;
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), value });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** The cached answer, or `load()`'s, shared with concurrent callers while it runs. */
  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.get<Promise<T>>(key);
    if (hit !== undefined) return hit;
    const value = load();
    this.set(key, value);
    // A failed read is not an answer to keep.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
    this.cleared += 1;
  }
}
