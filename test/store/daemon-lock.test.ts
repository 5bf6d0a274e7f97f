import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DaemonLock, STALE_MS, Store } from '../../src/store/index.js';

const at = (ms: number) => new Date(Date.UTC(2026, 2, 2) + ms);

function holdAs(store: Store, holder: { pid: number; host: string }, heartbeat: Date): void {
  store.db
    .prepare(
      "INSERT INTO detect_state (key, value, updated_at) VALUES ('daemon:lock', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .run(JSON.stringify({ ...holder, token: 't', since: at(0).toISOString() }), heartbeat.getTime());
}

describe('daemon lock', () => {
  it('a daemon on another host holds the database while its heartbeat is fresh', () => {
    const store = Store.open(':memory:');
    holdAs(store, { pid: 4242, host: 'other-host' }, at(0));
    expect(() => DaemonLock.acquire(store, at(STALE_MS - 1000))).toThrow(
      /^database :memory: is used by another stance daemon \(pid 4242 on host other-host since 2026-03-02T00:00:00\.000Z\); stop it first$/,
    );
    const lock = DaemonLock.acquire(store, at(STALE_MS + 1000));
    expect(lock.heartbeat(at(STALE_MS + 2000))).toBe(true);
    lock.release();
    expect(
      store.db.prepare("SELECT count(*) AS n FROM detect_state WHERE key = 'daemon:lock'").get(),
    ).toEqual({
      n: 0,
    });
    store.close();
  });

  it('on this host a dead holder frees the lock at once; a holder that lost it notices at its heartbeat', () => {
    const store = Store.open(':memory:');
    holdAs(store, { pid: 2 ** 22 + 7, host: hostname() }, at(0)); // beyond pid_max: no such process
    const mine = DaemonLock.acquire(store, at(1000));
    expect(() => DaemonLock.acquire(store, at(2000))).not.toThrow(); // our own pid: an earlier incarnation
    expect(mine.heartbeat(at(3000))).toBe(false);
    expect(mine.currentHolder()).toBe(`pid ${process.pid} on host ${hostname()}`);
    holdAs(store, { pid: process.ppid, host: hostname() }, at(0));
    expect(() => DaemonLock.acquire(store, at(1000))).toThrow(`pid ${process.ppid} on host`);
    store.close();
  });
});
