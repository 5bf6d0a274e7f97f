import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../src/notify/config.js';
import { MuteMatcher } from '../../src/mutes/match.js';
import { finalizeAlerts, Notifier, type AlertMessage } from '../../src/notify/alerts.js';
import { backoffMs, emailContent, slackPayload } from '../../src/notify/deliver.js';
import type { Store } from '../../src/store/index.js';
import { at, evaluation as ev, openStore, resource, RULES, scope } from '../store/helpers.js';

const channel = (extra: Partial<ChannelConfig> = {}): ChannelConfig =>
  ({
    type: 'webhook',
    url: 'http://127.0.0.1:9/hook',
    minSeverity: 'low',
    resolved: false,
    maxItems: 1,
    ...extra,
  }) as ChannelConfig;

async function scanWith(
  store: Store,
  notifier: Notifier,
  minute: number,
  bundle: string,
  config: unknown,
  status: 'pass' | 'fail',
) {
  const scanId = await store.scans.begin({ startedAt: at(minute), bundleVersion: bundle, command: 'test' });
  const resources = [resource('a', 'eu', config), resource('b', 'eu', config)];
  await store.transaction(async (tx) => {
    const r = await tx.scans.recordScopeRun(scanId, scope('eu'), {
      status: 'ok',
      startedAt: at(minute),
      finishedAt: at(minute),
      resources,
      evaluations: [ev('a', 'r-a', status), ev('b', 'r-a', status)],
    });
    await notifier.queue(tx, scanId, r.transitions, new Map(resources.map((x) => [x.id, x])), at(minute));
  });
  await store.scans.finish(scanId, { finishedAt: at(minute), status: 'ok' });
  await finalizeAlerts(store, [channel()], at(minute), bundle);
  return (await store.outbox.due(undefined, 1000))
    .map((r) => JSON.parse(r.payload) as AlertMessage)
    .filter((m) => m.scanId === scanId);
}

describe('alert grouping', () => {
  it('groups a scan into one message per route, caps it, and summarizes bundle-caused changes', async () => {
    const store = await openStore();
    const notifier = new Notifier({
      channels: [channel()],
      rules: RULES,
      ownerKey: 'owner',
      mutes: new MuteMatcher([]),
    });
    const first = await scanWith(store, notifier, 0, 'b1', { v: 1 }, 'fail');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      summary: { newFailures: 2, resolved: 0, bundleChanges: 0 },
      omitted: 1,
    });
    expect(first[0]!.alerts).toHaveLength(1);
    // same config, new rule bundle: statuses flip back and forth without a storm of alerts
    await scanWith(store, notifier, 10, 'b2', { v: 1 }, 'pass');
    const flipped = await scanWith(store, notifier, 20, 'b3', { v: 1 }, 'fail');
    expect(flipped).toHaveLength(1);
    expect(flipped[0]).toMatchObject({ summary: { newFailures: 0, bundleChanges: 2 }, alerts: [] });
    expect(flipped[0]!.bundleNote).toMatch(/because the rules changed/);
    // a config change that fails a resource is a real new failure
    await scanWith(store, notifier, 30, 'b3', { v: 1 }, 'pass');
    const real = await scanWith(store, notifier, 40, 'b3', { v: 2 }, 'fail');
    expect(real[0]).toMatchObject({ summary: { newFailures: 2, bundleChanges: 0 } });
  });

  it('renders Slack blocks and email parts, and backs off exponentially', () => {
    const message: AlertMessage = {
      type: 'stance.alerts',
      version: 1,
      scanId: 7,
      generatedAt: at(0).toISOString(),
      summary: { newFailures: 1, resolved: 0, bundleChanges: 0 },
      omitted: 4,
      alerts: [
        {
          kind: 'new_failure',
          ruleId: 'r-a',
          ruleTitle: 'Rule A',
          severity: 'high',
          resourceId: 'a',
          resourceType: 'aws.ec2.thing',
          resourceName: '<b>a</b>',
          provider: 'aws',
          account: '1',
          region: 'eu',
          owner: 'team-x',
          message: 'bad',
          remediation: 'Console: x\nCLI: y',
        },
      ],
    };
    const slack = slackPayload(message) as { text: string; blocks: { type: string }[] };
    expect(slack.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'context']);
    const mail = emailContent(message);
    expect(mail.subject).toBe('[Stance] 1 new failing finding(s) (scan 7)');
    expect(mail.text).toContain('How to fix');
    expect(mail.html).toContain('&lt;b&gt;a&lt;/b&gt;');
    expect(backoffMs(1, () => 0.5)).toBe(30_000);
    expect(backoffMs(3, () => 0.5)).toBe(120_000);
    expect(backoffMs(20, () => 0.5)).toBe(3_600_000);
  });
});
