/**
 * Serialises work on one connection: each task starts when the previous one settled. better-sqlite3
 * runs statements synchronously, but a transaction spans awaits; without this, another caller's
 * statement would run inside it (and commit or roll back with it).
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
