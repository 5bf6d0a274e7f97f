import { describe, expect, it } from 'vitest';
import { at, backends, evaluation, okRun, openStore, resource, sqlite } from './helpers.js';

describe.each(backends)('store ($name): console', (backend) => {
  it('keeps tokens hashed, ends sessions when their token is revoked', async () => {
    const store = await openStore(backend);
    const id = await store.console.addToken({
      name: 'ci',
      role: 'viewer',
      hash: 'h1',
      createdAt: at(0),
      createdBy: 'alice',
    });
    expect(await store.console.tokenByHash('h1')).toMatchObject({ id, name: 'ci', role: 'viewer' });
    expect(await store.console.tokenByHash('h2')).toBeUndefined();
    await store.console.addSession({
      idHash: 's1',
      tokenId: id,
      csrfToken: 'c1',
      createdAt: at(1),
      expiresAt: at(100),
    });
    expect(await store.console.session('s1', at(2))).toMatchObject({
      tokenName: 'ci',
      role: 'viewer',
      csrfToken: 'c1',
    });
    expect(await store.console.session('s1', at(100))).toBeUndefined(); // expired
    expect(await store.console.revokeToken('ci', { at: at(3), by: 'bob' })).toBe(true);
    expect(await store.console.revokeToken('ci', { at: at(3), by: 'bob' })).toBe(false);
    expect(await store.console.session('s1', at(4))).toBeUndefined();
    expect(await store.console.tokenByHash('h1')).toBeUndefined();
    expect((await store.console.tokens())[0]).toMatchObject({ name: 'ci', revokedBy: 'bob' });
    await store.close();
  });

  it('audits writes, latest first', async () => {
    const store = await openStore(backend);
    await store.console.addAudit({
      at: at(1),
      actor: 'a',
      via: 'token',
      action: 'mute.add',
      target: 'mute 1',
      detail: { reason: 'x' },
    });
    await store.console.addAudit({
      at: at(2),
      actor: 'b',
      via: 'cli',
      action: 'token.revoke',
      target: 'token ci',
      detail: {},
    });
    const all = await store.console.audit();
    expect(all.map((e) => e.actor)).toEqual(['b', 'a']);
    expect(all[1]).toMatchObject({ action: 'mute.add', detail: { reason: 'x' }, at: at(1).toISOString() });
    expect((await store.console.audit({ actor: 'a' })).length).toBe(1);
    expect((await store.console.audit({ since: at(2) })).map((e) => e.actor)).toEqual(['b']);
    await store.close();
  });

  it('searches resource ids, names and finding messages through the index, wildcards taken literally', async () => {
    const store = await openStore(backend);
    await okRun(
      store,
      0,
      'eu',
      [resource('bucket-alpha', 'eu'), resource('bucket-100%_x', 'eu'), resource('other', 'eu')],
      [
        evaluation('other', 'r-a', 'fail', 'port 22 open to the WORLD'),
        evaluation('bucket-alpha', 'r-b', 'pass'),
      ],
    );
    expect((await store.console.search('alpha')).resourceIds).toEqual(['bucket-alpha']);
    expect((await store.console.search('BUCKET')).resourceIds.sort()).toEqual([
      'bucket-100%_x',
      'bucket-alpha',
    ]);
    expect((await store.console.search('0%_')).resourceIds).toEqual(['bucket-100%_x']);
    expect((await store.console.search('%%%')).resourceIds).toEqual([]);
    expect((await store.console.search('"\'; DROP TABLE resources; --')).resourceIds).toEqual([]);
    expect((await store.console.search('world')).findings).toEqual([['other', 'r-a']]);
    // the index follows changes: a new message, a deleted resource
    await okRun(
      store,
      10,
      'eu',
      [resource('other', 'eu')],
      [evaluation('other', 'r-a', 'fail', 'now closed')],
    );
    expect((await store.console.search('world')).findings).toEqual([]);
    expect((await store.console.search('closed')).findings).toEqual([['other', 'r-a']]);
    expect((await store.console.search('alpha')).resourceIds).toEqual([]);
    await store.close();
  });

  it('finds a finding by its new message after it changes, and not once it is gone', async () => {
    const store = await openStore(backend);
    const res = [resource('host', 'eu')];
    await okRun(store, 0, 'eu', res, [
      evaluation('host', 'r-a', 'fail', 'telnet listening on port 23'),
      evaluation('host', 'r-b', 'fail', 'password authentication enabled'),
    ]);
    expect((await store.console.search('telnet')).findings).toEqual([['host', 'r-a']]);
    expect((await store.console.search('password')).findings).toEqual([['host', 'r-b']]);
    // after those searches: r-a's message changes twice, r-b is no longer evaluated (its finding goes)
    await okRun(store, 10, 'eu', res, [evaluation('host', 'r-a', 'fail', 'ftp listening on port 21')]);
    await okRun(store, 20, 'eu', res, [evaluation('host', 'r-a', 'fail', 'rsh listening on port 514')]);
    expect((await store.console.search('telnet')).findings).toEqual([]);
    expect((await store.console.search('ftp listening')).findings).toEqual([]);
    expect((await store.console.search('rsh listening')).findings).toEqual([['host', 'r-a']]);
    expect((await store.console.search('password')).findings).toEqual([]);
    // a fix clears the message; the same message coming back is found again
    await okRun(store, 30, 'eu', res, [evaluation('host', 'r-a', 'pass')]);
    expect((await store.console.search('listening')).findings).toEqual([]);
    await okRun(store, 40, 'eu', res, [evaluation('host', 'r-a', 'fail', 'rsh listening on port 514')]);
    expect((await store.console.search('listening')).findings).toEqual([['host', 'r-a']]);
    await store.close();
  });

  it('has a data version that changes with scans, mutes and signal states', async () => {
    const store = await openStore(backend);
    const v0 = await store.console.dataVersion();
    expect(await store.console.dataVersion()).toBe(v0);
    await okRun(store, 0, 'eu', [resource('a', 'eu')], [evaluation('a', 'r-a', 'fail')]);
    const v1 = await store.console.dataVersion();
    expect(v1).not.toBe(v0);
    const id = await store.mutes.add({
      ruleId: 'r-a',
      resourcePattern: null,
      account: null,
      region: null,
      tagKey: null,
      tagValue: null,
      reason: 'x',
      author: null,
      createdAt: at(1),
      expiresAt: null,
    });
    const v2 = await store.console.dataVersion();
    expect(v2).not.toBe(v1);
    await store.mutes.remove(id);
    expect(await store.console.dataVersion()).not.toBe(v2);
    await store.close();
  });

  it('counts failures that began and fixes in a window', async () => {
    const store = await openStore(backend);
    const r = [resource('a', 'eu'), resource('b', 'eu')];
    await okRun(store, 0, 'eu', r, [evaluation('a', 'r-a', 'fail'), evaluation('b', 'r-a', 'pass')]);
    await okRun(store, 60, 'eu', r, [evaluation('a', 'r-a', 'pass'), evaluation('b', 'r-a', 'fail')]);
    expect(await store.console.changes(at(30), at(90))).toEqual({ newFailures: 1, fixes: 1 });
    expect(await store.console.changes(at(0), at(30))).toEqual({ newFailures: 1, fixes: 0 });
    expect(await store.console.changes(at(61), at(90))).toEqual({ newFailures: 0, fixes: 0 });
    await store.close();
  });
});

describe('store (sqlite): finding message index off the scan path', () => {
  it('a scan only queues changed findings; the next search indexes them and empties the queue', async () => {
    const store = await openStore(sqlite);
    await okRun(
      store,
      0,
      'eu',
      [resource('host', 'eu')],
      [evaluation('host', 'r-a', 'fail', 'open to the world')],
    );
    expect(await sqlite.rowCounts(store, ['finding_search_dirty', 'finding_search'])).toEqual({
      finding_search_dirty: 1,
      finding_search: 0,
    });
    expect((await store.console.search('world')).findings).toEqual([['host', 'r-a']]);
    expect(await sqlite.rowCounts(store, ['finding_search_dirty', 'finding_search'])).toEqual({
      finding_search_dirty: 0,
      finding_search: 1,
    });
    // a rescan that changes nothing queues nothing
    await okRun(
      store,
      10,
      'eu',
      [resource('host', 'eu')],
      [evaluation('host', 'r-a', 'fail', 'open to the world')],
    );
    expect(await sqlite.rowCounts(store, ['finding_search_dirty'])).toEqual({ finding_search_dirty: 0 });
    // prune drains the queue too
    await okRun(store, 20, 'eu', [resource('host', 'eu')], [evaluation('host', 'r-a', 'fail', 'closed now')]);
    expect(await sqlite.rowCounts(store, ['finding_search_dirty'])).toEqual({ finding_search_dirty: 1 });
    await store.prune({ olderThan: at(0) });
    expect(await sqlite.rowCounts(store, ['finding_search_dirty'])).toEqual({ finding_search_dirty: 0 });
    await store.close();
  });
});
