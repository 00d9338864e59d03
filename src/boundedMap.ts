/**
 * A `Map` that keeps at most `capacity` entries, dropping the least recently written one. The
 * in-process caches (validated documents, history values, open Teams cards, parsed Bot API URLs,
 * patients' key tags) use it so that no cache grows with the number of patients.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Stores `value` as the most recent entry, dropping the oldest when over capacity. */
  set(key: K, value: V): void {
    this.entries.delete(key); // re-inserted last: the map's order is the eviction order
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** The value for `key`, removed as it is returned. */
  take(key: K): V | undefined {
    const value = this.entries.get(key);
    this.entries.delete(key);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
