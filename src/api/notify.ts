/** The alert outbox: what is queued, and delivering it (webhook, Slack, email). */
import { InputError } from '../errors.js';
import type { ChannelConfig } from '../notify/config.js';
import type { OutboxStatus, Store } from '../store/index.js';
import { policyBundle } from './catalog.js';

export type { ChannelConfig } from '../notify/config.js';
export type { DeliveryResult } from '../notify/deliver.js';

export interface FlushResult {
  delivered: number;
  /** Attempted now and failed: retried later with backoff. */
  retrying: number;
  /** Given up now (attempts exhausted, channel no longer configured). */
  failed: number;
  /** One line per failed attempt. */
  errors: string[];
  /** Messages still undelivered after the flush (waiting out a backoff, or beyond this flush's batch). */
  pending: number;
}

/**
 * Groups queued alert items into messages and delivers what is due (everything with `retryNow`).
 * A failed delivery is retried later with backoff; it never throws for a receiver that is down.
 */
export async function flushAlerts(
  store: Store,
  channels: ChannelConfig[],
  opts: { retryNow?: boolean; now?: Date } = {},
): Promise<FlushResult> {
  if (!channels.length) throw new InputError('notify: no channels configured (notify: in stance.yaml)');
  const { finalizeAlerts } = await import('../notify/alerts.js');
  const { deliverPending } = await import('../notify/deliver.js');
  const now = opts.now ?? new Date();
  await finalizeAlerts(store, channels, now, policyBundle().manifest.version);
  const result = await deliverPending(store, channels, now, { ignoreBackoff: opts.retryNow });
  return { ...result, pending: (await store.outbox.status()).pending };
}

/** Outbox messages: pending, delivered, given up. */
export function outboxStatus(store: Store): Promise<OutboxStatus> {
  return store.outbox.status();
}
