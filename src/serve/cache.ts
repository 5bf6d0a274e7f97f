/**
 * Computed answers kept while the data they come from is unchanged: keyed by the store's data
 * version (a scan, a mute, a triage changes it, whichever process wrote it) and by the minute, so
 * what depends on the clock (the last 24 hours, staleness, expiring mutes) is at most a minute old.
 */
export class DataCache {
  private version = '';
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(
    private readonly readVersion: () => Promise<string>,
    private readonly maxEntries = 64,
  ) {}

  async get<T>(key: string, now: Date, compute: () => Promise<T>): Promise<T> {
    const version = `${await this.readVersion()}@${Math.floor(now.getTime() / 60_000)}`;
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    let hit = this.entries.get(key) as Promise<T> | undefined;
    if (!hit) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      hit = compute();
      this.entries.set(key, hit);
      // a failed computation is not kept
      hit.catch(() => this.entries.delete(key));
    }
    return hit;
  }
}
