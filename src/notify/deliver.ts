import { createHmac } from 'node:crypto';
import type { ChannelConfig } from '../config/load.js';
import { redactUrl } from '../config/load.js';
import type { Store } from '../store/index.js';
import { failpoint } from '../failpoint.js';
import { routeKey, type AlertItem, type AlertMessage } from './alerts.js';

export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const TIMEOUT_MS = 10_000;

/** 30 s, 1 min, 2 min, … capped at 1 h, with ±20% jitter so retries of many rows spread out. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(3600_000, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

const SEVERITY_ICON: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

function where(a: AlertItem): string {
  return a.provider === 'k8s' ? `cluster ${a.account}, namespace ${a.region}` : `account ${a.account}, ${a.region}`;
}

/** Slack incoming-webhook payload in Block Kit, with a plain-text fallback. */
export function slackPayload(message: AlertMessage): object {
  const { newFailures, resolved } = message.summary;
  const headline = `Stance: ${newFailures} new failing finding(s)${resolved ? `, ${resolved} resolved` : ''} (scan ${message.scanId})`;
  const blocks: object[] = [{ type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150) } }];
  for (const a of message.alerts) {
    const status = a.kind === 'resolved' ? '✅ resolved' : `${SEVERITY_ICON[a.severity] ?? ''} ${a.severity}`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [`*${status}* · \`${a.ruleId}\` ${a.ruleTitle}`, `*${a.resourceName}* (${a.resourceType}) — ${where(a)}${a.owner ? ` · owner ${a.owner}` : ''}`, a.message]
          .filter(Boolean)
          .join('\n')
          .slice(0, 2900),
      },
    });
    if (a.kind === 'new_failure' && a.remediation) {
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `How to fix: ${a.remediation.split('\n').slice(0, 3).join(' ').slice(0, 290)}…` }] });
    }
  }
  const notes = [message.omitted ? `and ${message.omitted} more: stance findings --new` : '', message.bundleNote ?? ''].filter(Boolean);
  if (notes.length) blocks.push({ type: 'context', elements: notes.map((text) => ({ type: 'mrkdwn', text })) });
  return { text: headline, blocks };
}

export interface DeliveryResult {
  delivered: number;
  failed: number;
  retrying: number;
  errors: string[];
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  await response.arrayBuffer();
}

/** Sends one message to one channel. Throws on any failure (network, non-2xx, timeout). */
/** A stale-target notice: a scheduled target that has not scanned successfully for too long. */
export interface StaleMessage {
  type: 'stance.stale';
  text: string;
}

export async function send(channel: ChannelConfig, deliveryId: string, message: AlertMessage | StaleMessage): Promise<void> {
  if (channel.type === 'slack') {
    const payload = message.type === 'stance.stale' ? { text: `:warning: ${message.text}` } : slackPayload(message);
    await post(channel.url, JSON.stringify(payload), { 'Stance-Delivery-Id': deliveryId });
    return;
  }
  const body = JSON.stringify({ ...message, deliveryId });
  const headers: Record<string, string> = { 'Stance-Delivery-Id': deliveryId };
  if (channel.secret) headers['Stance-Signature'] = `sha256=${createHmac('sha256', channel.secret).update(body).digest('hex')}`;
  await post(channel.url, body, headers);
}

interface OutboxRow {
  id: number;
  channel: string;
  payload: string;
  deliveryId: string;
  attempts: number;
}

/**
 * Delivers due outbox rows at least once: a row is marked delivered only after a 2xx answer, so a
 * crash between sending and marking resends it with the same Stance-Delivery-Id. Failures are
 * retried with backoff, up to MAX_ATTEMPTS; they never fail a scan.
 */
export async function deliverPending(
  store: Store,
  channels: ChannelConfig[],
  now: Date = new Date(),
  opts: { log?: (line: string) => void; ignoreBackoff?: boolean } = {},
): Promise<DeliveryResult> {
  const log = opts.log ?? (() => {});
  const byKey = new Map(channels.map((c) => [routeKey(c), c]));
  const due = store.db
    .prepare(
      `SELECT id, channel, payload, delivery_id AS deliveryId, attempts FROM outbox
       WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT 500`,
    )
    .all(opts.ignoreBackoff ? Number.MAX_SAFE_INTEGER : now.getTime()) as OutboxRow[];
  const result: DeliveryResult = { delivered: 0, failed: 0, retrying: 0, errors: [] };
  const mark = (sql: string, ...params: unknown[]) => store.db.transaction(() => store.db.prepare(sql).run(...params)).immediate();
  for (const row of due) {
    const channel = byKey.get(row.channel);
    if (!channel) {
      mark('UPDATE outbox SET failed_at = ?, last_error = ? WHERE id = ?', now.getTime(), 'channel no longer configured', row.id);
      result.failed++;
      continue;
    }
    try {
      failpoint('before-send');
      await send(channel, row.deliveryId, JSON.parse(row.payload) as AlertMessage | StaleMessage);
      failpoint('after-send');
      mark('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?', Date.now(), row.id);
      result.delivered++;
      log(`delivered ${row.deliveryId} to ${channel.type} ${redactUrl(channel.url)}`);
    } catch (error) {
      const attempts = row.attempts + 1;
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
      const text = `delivery ${row.deliveryId} to ${channel.type} ${redactUrl(channel.url)} failed (attempt ${attempts}/${MAX_ATTEMPTS}): ${reason}`;
      result.errors.push(text);
      log(text);
      if (attempts >= MAX_ATTEMPTS) {
        mark('UPDATE outbox SET attempts = ?, failed_at = ?, last_error = ? WHERE id = ?', attempts, now.getTime(), reason, row.id);
        result.failed++;
      } else {
        mark('UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?', attempts, now.getTime() + backoffMs(attempts), reason, row.id);
        result.retrying++;
      }
    }
  }
  return result;
}
