import { derivedDeliveryId } from './delivery-id.js';
import type { ChannelConfig } from './config.js';
import type { MuteMatcher } from '../mutes/match.js';
import type { OutboxMessage, Store, StoreTx, Transition } from '../store/index.js';
import { adoptLegacyRows, channelId } from './channels.js';
import { SEVERITIES, type Resource, type RuleMeta, type Severity } from '../types.js';

/** One announced status change, as it appears in every channel's message. */
export interface AlertItem {
  kind: 'new_failure' | 'resolved';
  ruleId: string;
  ruleTitle: string;
  severity: Severity;
  resourceId: string;
  resourceType: string;
  resourceName: string;
  provider: string;
  account: string;
  region: string;
  owner: string | null;
  message: string;
  remediation: string;
}

/** What one outbox row carries: one message per scan and route. */
export interface AlertMessage {
  type: 'stance.alerts';
  version: 1;
  /** Set on detection messages, whose items are new signals rather than failing findings (src/detect/notify.ts). */
  kind?: 'signals';
  scanId: number;
  generatedAt: string;
  summary: { newFailures: number; resolved: number; bundleChanges: number };
  alerts: AlertItem[];
  omitted: number;
  bundleNote?: string;
}

function routeAccepts(channel: ChannelConfig, item: AlertItem, tags: Record<string, string>): boolean {
  if (SEVERITIES.indexOf(item.severity) < SEVERITIES.indexOf(channel.minSeverity)) return false;
  if (item.kind === 'resolved' && !channel.resolved) return false;
  if (channel.providers && !channel.providers.includes(item.provider as 'aws' | 'k8s')) return false;
  if (channel.accounts && !channel.accounts.includes(item.account)) return false;
  if (channel.namespaces && (item.provider !== 'k8s' || !channel.namespaces.includes(item.region)))
    return false;
  if (channel.rules && !channel.rules.includes(item.ruleId)) return false;
  if (channel.owners && (!item.owner || !channel.owners.includes(item.owner))) return false;
  if (channel.tags && !Object.entries(channel.tags).every(([k, v]) => tags[k] === v)) return false;
  return true;
}

export interface NotifierOptions {
  channels: ChannelConfig[];
  rules: RuleMeta[];
  ownerKey: string;
  mutes: MuteMatcher;
}

/**
 * Turns a scope run's transitions into alert items per route, inside the scope's transaction, so an
 * alert exists exactly when the status change it announces was committed.
 */
export class Notifier {
  private readonly rules: Map<string, RuleMeta>;
  private readonly keys: string[];

  constructor(private readonly opts: NotifierOptions) {
    this.rules = new Map(opts.rules.map((r) => [r.id, r]));
    this.keys = opts.channels.map(channelId);
  }

  async queue(
    tx: StoreTx,
    scanId: number,
    transitions: Transition[],
    resources: Map<string, Resource>,
    at: Date,
  ): Promise<void> {
    if (this.opts.channels.length === 0 || transitions.length === 0) return;
    const items: { route: string; item: string }[] = [];
    for (const t of transitions) {
      const failingNow = t.to === 'fail';
      const wasFailing = t.from === 'fail';
      if (failingNow === wasFailing) continue;
      const rule = this.rules.get(t.ruleId);
      const resource = resources.get(t.resourceId);
      const tags = resource?.tags ?? {};
      const item: AlertItem = {
        kind: failingNow ? 'new_failure' : 'resolved',
        ruleId: t.ruleId,
        ruleTitle: rule?.title ?? t.ruleId,
        severity: rule?.severity ?? 'medium',
        resourceId: t.resourceId,
        resourceType: t.resourceType,
        resourceName: resource?.name ?? t.resourceId,
        provider: resource?.provider ?? (t.resourceType.startsWith('k8s.') ? 'k8s' : 'aws'),
        account: resource?.account ?? '',
        region: resource?.region ?? '',
        owner: tags[this.opts.ownerKey] ?? null,
        message: t.message,
        remediation: rule?.remediation ?? '',
      };
      if (failingNow && this.opts.mutes.match({ ...item, tags })) continue;
      // A new rule bundle flipping statuses is announced once per route as a count, not as a storm.
      const payload = t.cause === 'bundle' ? { bundle: true, kind: item.kind } : item;
      this.opts.channels.forEach((channel, i) => {
        if (routeAccepts(channel, item, tags))
          items.push({ route: this.keys[i]!, item: JSON.stringify(payload) });
      });
    }
    if (items.length) await tx.outbox.queueAlertItems(scanId, items, at);
  }
}

/**
 * Groups the queued items of finished scans into one outbox message per scan and route, in one
 * transaction. Items left by a scan that was cut off are grouped by the next call.
 */
export async function finalizeAlerts(
  store: Store,
  channels: ChannelConfig[],
  now: Date,
  bundleVersion: string,
): Promise<number> {
  await adoptLegacyRows(store, channels);
  const maxItems = new Map(channels.map((c) => [channelId(c), c.maxItems]));
  return store.transaction(async (tx) => {
    const groups = await tx.outbox.alertGroups(process.pid);
    const messages: OutboxMessage[] = [];
    for (const g of groups) {
      const taken = await tx.outbox.takeAlertItems(g);
      const all = taken.map((item) => JSON.parse(item) as AlertItem | { bundle: true; kind: string });
      const bundleChanges = all.filter((i) => 'bundle' in i).length;
      const alerts = (all.filter((i) => !('bundle' in i)) as AlertItem[]).sort(
        (a, b) =>
          SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
          (a.resourceId < b.resourceId ? -1 : 1),
      );
      const cap = maxItems.get(g.route) ?? 20;
      const message: AlertMessage = {
        type: 'stance.alerts',
        version: 1,
        scanId: g.scanId,
        generatedAt: now.toISOString(),
        summary: {
          newFailures: alerts.filter((a) => a.kind === 'new_failure').length,
          resolved: alerts.filter((a) => a.kind === 'resolved').length,
          bundleChanges,
        },
        alerts: alerts.slice(0, cap),
        omitted: Math.max(0, alerts.length - cap),
        ...(bundleChanges
          ? {
              bundleNote: `${bundleChanges} finding(s) changed status because the rules changed (bundle ${bundleVersion}); they are not listed one by one`,
            }
          : {}),
      };
      messages.push({
        channel: g.route,
        payload: JSON.stringify(message),
        scanId: g.scanId,
        // the same items of the same scan and route are the same logical message, whoever groups them
        deliveryId: derivedDeliveryId('alerts', g.scanId, g.route, ...taken),
      });
    }
    await tx.outbox.enqueue(messages, now);
    return groups.length;
  });
}
