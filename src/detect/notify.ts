import type { ChannelConfig } from '../notify/config.js';
import type { AlertItem, AlertMessage } from '../notify/alerts.js';
import { channelId } from '../notify/channels.js';
import type { OutboxMessage, StoreTx } from '../store/index.js';
import { SEVERITIES } from '../types.js';
import type { DetectionRule } from './sigma.js';
import type { Signal } from './signals.js';

/** An alert message whose items are new signals; it rides the same outbox and channels as posture alerts. */
export interface SignalMessage extends AlertMessage {
  kind: 'signals';
  signals: Signal[];
}

function item(signal: Signal, rule: DetectionRule | undefined): AlertItem {
  const account = signal.group.recipientAccountId ?? '';
  const group = Object.entries(signal.group)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return {
    kind: 'new_failure',
    ruleId: signal.ruleId,
    ruleTitle: `signal: ${signal.title}`,
    severity: signal.severity,
    resourceId: signal.resourceIds[0] ?? group,
    resourceType: 'aws.cloudtrail.signal',
    resourceName: group || signal.ruleId,
    provider: 'aws',
    account,
    region: '',
    owner: null,
    message: `${signal.count} event(s) ${signal.firstSeen} – ${signal.lastSeen}${signal.mitre.length ? ` [${signal.mitre.join(' ')}]` : ''}${signal.reason ? `; ${signal.reason}` : ''}`,
    remediation: rule?.triage || rule?.description || '',
  };
}

/** Writes one outbox row per channel listing the run's new signals (in the run's transaction). */
export async function enqueueSignals(
  tx: StoreTx,
  channels: ChannelConfig[],
  signals: Signal[],
  rules: Map<string, DetectionRule>,
  now: Date,
): Promise<number> {
  if (channels.length === 0 || signals.length === 0) return 0;
  const messages: OutboxMessage[] = [];
  for (const channel of channels) {
    const accepted = signals
      .filter((s) => SEVERITIES.indexOf(s.severity) >= SEVERITIES.indexOf(channel.minSeverity))
      .filter((s) => !channel.rules || channel.rules.includes(s.ruleId))
      .filter((s) => !channel.accounts || channel.accounts.includes(s.group.recipientAccountId ?? ''))
      .sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.id - b.id);
    if (accepted.length === 0) continue;
    const cap = channel.maxItems;
    const message: SignalMessage = {
      type: 'stance.alerts',
      version: 1,
      kind: 'signals',
      scanId: 0,
      generatedAt: now.toISOString(),
      summary: { newFailures: accepted.length, resolved: 0, bundleChanges: 0 },
      alerts: accepted.slice(0, cap).map((s) => item(s, rules.get(s.ruleId))),
      omitted: Math.max(0, accepted.length - cap),
      signals: accepted.slice(0, cap),
    };
    messages.push({ channel: channelId(channel), payload: JSON.stringify(message) });
  }
  return tx.outbox.enqueue(messages, now);
}
