import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../src/notify/config.js';
import { enqueueSignals } from '../../src/detect/notify.js';
import type { Signal } from '../../src/detect/signals.js';
import type { AlertMessage } from '../../src/notify/alerts.js';
import { emailContent, slackPayload } from '../../src/notify/deliver.js';
import { openStore } from '../../src/store/index.js';

const signal = (id: number): Signal => ({
  id,
  ruleId: 'aws-ct-cloudtrail-stop-logging',
  title: 'CloudTrail logging stopped',
  status: 'open',
  severity: 'high',
  ruleSeverity: 'high',
  reason: null,
  group: { recipientAccountId: '111122223333', 'userIdentity.arn': 'arn:aws:iam::111122223333:user/alice' },
  count: 1,
  firstSeen: '2026-03-02T10:00:00.000Z',
  lastSeen: '2026-03-02T10:00:00.000Z',
  mitre: ['attack.t1562.008'],
  eventIds: [`e-${id}`],
  resourceIds: ['arn:aws:cloudtrail:us-east-1:111122223333:trail/main'],
  notes: [],
  closedAt: null,
  history: [],
});

describe('signal notifications', () => {
  it('say "signals" (not failing findings of a scan) in Slack and email headlines', async () => {
    const store = await openStore(':memory:');
    const channel = {
      type: 'slack',
      url: 'https://hooks.example.com/x',
      minSeverity: 'low',
      maxItems: 1,
    } as unknown as ChannelConfig;
    const at = new Date('2026-03-02T10:05:00Z');
    expect(
      await store.transaction((tx) => enqueueSignals(tx, [channel], [signal(1), signal(2)], new Map(), at)),
    ).toBe(1);
    const { payload } = (await store.outbox.due(at, 10))[0]!;
    const message = JSON.parse(payload) as AlertMessage;
    await store.close();

    const slack = slackPayload(message) as { text: string; blocks: { elements?: { text: string }[] }[] };
    expect(slack.text).toBe('Stance: 2 new signal(s)');
    expect(JSON.stringify(slack)).not.toMatch(/failing finding|scan 0|stance findings/);
    expect(JSON.stringify(slack.blocks.at(-1))).toContain('and 1 more: stance signals --status open');
    const mail = emailContent(message);
    expect(mail.subject).toBe('[Stance] 2 new signal(s)');
    expect(`${mail.text}${mail.html}`).not.toMatch(/failing finding|How to fix|stance findings/);
  });
});
