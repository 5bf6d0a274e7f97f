import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DaemonLock, STALE_MS, type Store } from '../../src/store/index.js';
import { backends } from './helpers.js';

const at = (ms: number) => new Date(Date.UTC(2026, 2, 2) + ms);

function holdAs(store: Store, holder: { pid: number; host: string }, heartbeat: Date): Promise<void> {
  return store.locks.put(
    'daemon:lock',
    JSON.stringify({ ...holder, token: 't', since: at(0).toISOString() }),
    heartbeat,
  );
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(backends)('daemon lock ($name)', (backend) => {
  it('a daemon on another host holds the database while its heartbeat is fresh', async () => {
    const store = await backend.open();
    await holdAs(store, { pid: 4242, host: 'other-host' }, at(0));
    await expect(DaemonLock.acquire(store, at(STALE_MS - 1000))).rejects.toThrow(
      new RegExp(
        `^database ${escape(store.location)} is used by another stance daemon \\(pid 4242 on host other-host since 2026-03-02T00:00:00\\.000Z\\); stop it first$`,
      ),
    );
    const lock = await DaemonLock.acquire(store, at(STALE_MS + 1000));
    expect(await lock.heartbeat(at(STALE_MS + 2000))).toBe(true);
    await lock.release();
    expect(await store.locks.get('daemon:lock')).toBeUndefined();
    await store.close();
  });

  it('on this host a dead holder frees the lock at once; a holder that lost it notices at its heartbeat', async () => {
    const store = await backend.open();
    await holdAs(store, { pid: 2 ** 22 + 7, host: hostname() }, at(0)); // beyond pid_max: no such process
    const mine = await DaemonLock.acquire(store, at(1000));
    await expect(DaemonLock.acquire(store, at(2000))).resolves.toBeInstanceOf(DaemonLock); // our own pid: an earlier incarnation
    expect(await mine.heartbeat(at(3000))).toBe(false);
    expect(await mine.currentHolder()).toBe(`pid ${process.pid} on host ${hostname()}`);
    await holdAs(store, { pid: process.ppid, host: hostname() }, at(0));
    await expect(DaemonLock.acquire(store, at(1000))).rejects.toThrow(`pid ${process.ppid} on host`);
    await store.close();
  });
});
