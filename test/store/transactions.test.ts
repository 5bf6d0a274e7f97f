import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { openStore as openAt, StoreError, type NewMute } from '../../src/store/index.js';
import { at, backends, openStore } from './helpers.js';

const mute = (ruleId: string): NewMute => ({
  ruleId,
  resourcePattern: null,
  account: null,
  region: null,
  tagKey: null,
  tagValue: null,
  reason: 'accepted',
  author: 'test',
  createdAt: at(0),
});

describe.each(backends)('store ($name): transactions', (backend) => {
  it('commits what a transaction wrote together, and nothing of one that rejects', async () => {
    const store = await openStore(backend);
    const id = await store.transaction(async (tx) => {
      await tx.mutes.add(mute('r-a'));
      return tx.mutes.add(mute('r-b'));
    });
    expect(id).toBeGreaterThan(0);
    await expect(
      store.transaction(async (tx) => {
        await tx.mutes.add(mute('r-c'));
        await tx.scans.begin({ startedAt: at(1), bundleVersion: 'b1', command: 'test' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await store.mutes.list({ at: at(1) })).map((m) => m.ruleId)).toEqual(['r-a', 'r-b']);
    expect(await store.scans.list()).toEqual([]);
    await store.close();
  });

  it('another caller never sees part of a transaction in progress', async () => {
    const store = await openStore(backend);
    let halfway!: () => void;
    const written = new Promise<void>((resolve) => (halfway = resolve));
    let proceed!: () => void;
    const gate = new Promise<void>((resolve) => (proceed = resolve));
    const transaction = store.transaction(async (tx) => {
      await tx.mutes.add(mute('r-a'));
      halfway();
      await gate;
      await sleep(20);
      await tx.mutes.add(mute('r-b'));
    });
    await written;
    const read = store.mutes.list({ at: at(1) });
    proceed();
    await transaction;
    expect([0, 2]).toContain((await read).length);
    expect(await store.mutes.list({ at: at(1) })).toHaveLength(2);
    await store.close();
  });

  it('a transaction is used only inside its callback', async () => {
    const store = await openStore(backend);
    let leaked: Parameters<Parameters<typeof store.transaction>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.mutes.add(mute('r-a'))).rejects.toThrow(StoreError);
    expect(await store.mutes.list({ includeExpired: true })).toEqual([]);
    await store.close();
  });
});

describe('store: sqlite transactions', () => {
  it('refuses the store itself inside its own transaction instead of waiting for it forever', async () => {
    const store = await openStore();
    await expect(
      store.transaction(async () => {
        await store.mutes.list();
      }),
    ).rejects.toThrow(/inside its own transaction/);
    // the store is still usable
    expect(await store.mutes.list()).toEqual([]);
    await store.close();
  });
});

describe('openStore', () => {
  it('opens postgres:// with the PostgreSQL backend; errors show the URL without credentials', async () => {
    // nothing listens on port 1 of loopback: the PostgreSQL backend tries to connect and says so
    const error = await openAt('postgres://stance:s3cret@127.0.0.1:1/stance').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe(
      'database postgres://127.0.0.1:1: cannot connect: connection refused (is the server running, on that host and port?)',
    );
    const invalid = await openAt('postgres://stance:s3cret@[::1').catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InputError);
    expect((invalid as Error).message).toMatch(/^database \[url\]: not a valid postgres:\/\/ URL/);
    expect((invalid as Error).message).not.toContain('s3cret');
    await expect(openAt('mysql://root:pw@localhost/x')).rejects.toThrow(
      /^database mysql:\/\/localhost: unknown kind of database location/,
    );
  });
});
