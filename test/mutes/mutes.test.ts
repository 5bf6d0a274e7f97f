import { describe, expect, it } from 'vitest';
import { MuteMatcher } from '../../src/mutes/match.js';
import { buildReport } from '../../src/report/model.js';
import { at, evaluation as ev, okRun, openStore, resource, RULES } from '../store/helpers.js';

const base = {
  resourcePattern: null,
  account: null,
  region: null,
  tagKey: null,
  tagValue: null,
  author: 'ana',
  createdAt: at(0),
};

describe('mutes', () => {
  it('match on rule, resource pattern, account, region and tag', async () => {
    const store = await openStore();
    await store.mutes.add({
      ...base,
      ruleId: 'r-a',
      resourcePattern: 'arn:aws:s3:::public-*',
      reason: 'website buckets',
    });
    await store.mutes.add({ ...base, ruleId: '*', account: '2', region: 'us', reason: 'sandbox account' });
    await store.mutes.add({
      ...base,
      ruleId: 'r-b',
      tagKey: 'exposure',
      tagValue: 'public',
      reason: 'tagged as public',
    });
    const m = new MuteMatcher(await store.mutes.list({ at: at(1) }));
    const t = (
      resourceId: string,
      ruleId: string,
      account = '1',
      region = 'eu',
      tags: Record<string, string> = {},
    ) => m.match({ resourceId, ruleId, account, region, tags })?.reason;
    expect(t('arn:aws:s3:::public-site', 'r-a')).toBe('website buckets');
    expect(t('arn:aws:s3:::private', 'r-a')).toBeUndefined();
    expect(t('arn:aws:s3:::public-site', 'r-b')).toBeUndefined();
    expect(t('x', 'r-b', '2', 'us')).toBe('sandbox account');
    expect(t('x', 'r-b', '2', 'eu')).toBeUndefined();
    expect(t('x', 'r-b', '1', 'eu', { exposure: 'public' })).toBe('tagged as public');
    expect(t('x', 'r-b', '1', 'eu', { exposure: 'internal' })).toBeUndefined();
    expect(m.needsTags).toBe(true);
  });

  it('an expired mute stops by itself; removal works', async () => {
    const store = await openStore();
    const id = await store.mutes.add({
      ...base,
      ruleId: 'r-a',
      reason: 'until the migration',
      expiresAt: at(60),
    });
    expect((await store.mutes.list({ at: at(59) })).map((m) => m.id)).toEqual([id]);
    expect(await store.mutes.list({ at: at(60) })).toEqual([]);
    expect(await store.mutes.list({ includeExpired: true })).toHaveLength(1);
    expect(await store.mutes.remove(id)).toBe(true);
    expect(await store.mutes.remove(id)).toBe(false);
  });

  it('muted failures are listed as muted in reports and count as passing', async () => {
    const store = await openStore();
    await okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'pass')],
    );
    await store.mutes.add({ ...base, ruleId: 'r-a', resourcePattern: 'a', reason: 'accepted risk' });
    const framework = {
      id: 'f',
      name: 'F',
      version: '1',
      source: 's',
      complete: true,
      controls: [
        {
          id: '1',
          title: 't',
          section: 's',
          assessment: 'automated' as const,
          coverage: 'full' as const,
          rules: ['r-a'],
        },
      ],
    };
    const report = await buildReport({
      store,
      framework,
      rules: RULES,
      bundleVersion: 'b1',
      mutes: new MuteMatcher(await store.mutes.list({ at: at(1) })),
      now: at(1),
    });
    expect(report.controls[0]).toMatchObject({
      status: 'pass',
      evaluated: 2,
      passing: 2,
      failing: [],
      muted: [{ resourceId: 'a', mute: { reason: 'accepted risk', author: 'ana' } }],
    });
  });
});
