import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ChannelConfig } from './config.js';
import type { OutboxRow, Store } from '../store/index.js';
import { failpoint } from '../failpoint.js';
import { postJson } from './http-post.js';
import type { AlertItem, AlertMessage } from './alerts.js';
import { adoptLegacyRows, channelId, LEGACY_KEY } from './channels.js';
import { escapeHtml } from '../report/html.js';
import { redactUrl, safeErrorMessage } from '../util/redact.js';
import { sanitizeTerminalField } from '../util/terminal-text.js';

export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const TIMEOUT_MS = 10_000;
/**
 * How long rows taken for sending stay away from other deliverers (PostgreSQL): long enough for a
 * batch of sends at the timeout; a deliverer that died is replaced by the next after that.
 */
const CLAIM_MS = 10 * 60_000;
const CLAIM_BATCH = 50;
const MAX_PER_CALL = 500;

/** 30 s, 1 min, 2 min, … capped at 1 h, with ±20% jitter so retries of many rows spread out. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(3600_000, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

const SEVERITY_ICON: Record<string, string> = {
  critical: '🟥',
  high: '🟧',
  medium: '🟨',
  low: '🟦',
  info: '⬜',
};

function where(a: AlertItem): string {
  return a.provider === 'k8s'
    ? `cluster ${a.account}, namespace ${a.region}`
    : `account ${a.account}, ${a.region}`;
}

/** What a message announces: failing findings of a scan, or new detection signals. */
function wording(message: AlertMessage): { summary: string; fix: string; more: string } {
  const { newFailures, resolved } = message.summary;
  if (message.kind === 'signals')
    return { summary: `${newFailures} new signal(s)`, fix: 'Triage', more: 'stance signals --status open' };
  return {
    summary: `${newFailures} new failing finding(s)${resolved ? `, ${resolved} resolved` : ''} (scan ${message.scanId})`,
    fix: 'How to fix',
    more: 'stance findings --new',
  };
}

/**
 * Slack's mrkdwn turns `<!channel>`, `<@U…>` and `<url|text>` into pings and links: every value Stance
 * did not write itself has `&`, `<` and `>` escaped (Slack's own escaping rules).
 */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** At most `max` characters of escaped text, never ending inside an entity such as `&amp;`. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max).replace(/&[a-z]*$/, '');
}

/** Slack incoming-webhook payload in Block Kit, with a plain-text fallback. */
export function slackPayload(message: AlertMessage): object {
  const words = wording(message);
  const headline = `Stance: ${words.summary}`;
  const e = slackEscape;
  const blocks: object[] = [{ type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150) } }];
  for (const a of message.alerts) {
    const status = a.kind === 'resolved' ? '✅ resolved' : `${SEVERITY_ICON[a.severity] ?? ''} ${a.severity}`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          [
            `*${status}* · \`${e(a.ruleId)}\` ${e(a.ruleTitle)}`,
            `*${e(a.resourceName)}* (${e(a.resourceType)}) — ${e(where(a))}${a.owner ? ` · owner ${e(a.owner)}` : ''}`,
            e(a.message),
          ]
            .filter(Boolean)
            .join('\n'),
          2900,
        ),
      },
    });
    if (a.kind === 'new_failure' && a.remediation) {
      blocks.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${words.fix}: ${e(a.remediation.split('\n').slice(0, 3).join(' ').slice(0, 250))}…`,
          },
        ],
      });
    }
  }
  const notes = [
    message.omitted ? `and ${message.omitted} more: ${words.more}` : '',
    e(message.bundleNote ?? ''),
  ].filter(Boolean);
  if (notes.length)
    blocks.push({ type: 'context', elements: notes.map((text) => ({ type: 'mrkdwn', text })) });
  return { text: e(headline), blocks };
}

export interface DeliveryResult {
  delivered: number;
  failed: number;
  retrying: number;
  errors: string[];
}

/** A stale-target notice: a scheduled target that has not scanned successfully for too long. */
export interface StaleMessage {
  type: 'stance.stale';
  text: string;
}

/** Plain-text and HTML parts of an alert email. */
export function emailContent(message: AlertMessage | StaleMessage): {
  subject: string;
  text: string;
  html: string;
} {
  if (message.type === 'stance.stale') {
    return {
      subject: `[Stance] stale target: ${message.text.slice(0, 120)}`,
      text: message.text,
      html: `<p>${escapeHtml(message.text)}</p>`,
    };
  }
  const words = wording(message);
  const subject = `[Stance] ${words.summary}`;
  const text = [
    subject,
    '',
    ...message.alerts.map((a) =>
      [
        `${a.kind === 'resolved' ? 'RESOLVED' : a.severity.toUpperCase()}  ${a.ruleId}: ${a.ruleTitle}`,
        `  ${a.resourceName} (${a.resourceType}), ${where(a)}${a.owner ? `, owner ${a.owner}` : ''}`,
        a.message ? `  ${a.message}` : '',
        a.kind === 'new_failure' ? `  ${words.fix}:\n    ${a.remediation.split('\n').join('\n    ')}` : '',
        '',
      ]
        .filter(Boolean)
        .join('\n'),
    ),
    message.omitted ? `… and ${message.omitted} more: ${words.more}` : '',
    message.bundleNote ?? '',
  ]
    .filter((line) => line !== undefined)
    .join('\n');
  const rows = message.alerts
    .map(
      (
        a,
      ) => `<tr><td>${escapeHtml(a.kind === 'resolved' ? 'resolved' : a.severity)}</td><td><code>${escapeHtml(a.ruleId)}</code><br>${escapeHtml(a.ruleTitle)}</td>
<td>${escapeHtml(a.resourceName)}<br><small>${escapeHtml(a.resourceType)} · ${escapeHtml(where(a))}${a.owner ? ` · owner ${escapeHtml(a.owner)}` : ''}</small></td>
<td>${escapeHtml(a.message)}${a.kind === 'new_failure' ? `<pre>${escapeHtml(a.remediation)}</pre>` : ''}</td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif"><h2>${escapeHtml(subject)}</h2>
<table border="1" cellpadding="6" cellspacing="0" style="border-collapse:collapse"><tr><th>Severity</th><th>Rule</th><th>Resource</th><th>${message.kind === 'signals' ? 'Signal and triage' : 'Finding and fix'}</th></tr>${rows}</table>
${message.omitted ? `<p>… and ${message.omitted} more: <code>${escapeHtml(words.more)}</code></p>` : ''}${message.bundleNote ? `<p>${escapeHtml(message.bundleNote)}</p>` : ''}</body></html>`;
  return { subject, text, html };
}

/** Where a channel sends, safe to print. */
export function channelTarget(channel: ChannelConfig): string {
  return channel.type === 'email'
    ? `${redactUrl(channel.smtp)} → ${channel.to.length} recipient(s)`
    : redactUrl(channel.url);
}

/** Sends one message to one channel. Throws on any failure (network, non-2xx, redirect, timeout). */
export async function send(
  channel: ChannelConfig,
  deliveryId: string,
  message: AlertMessage | StaleMessage,
): Promise<void> {
  if (channel.type === 'email') {
    const url = new URL(channel.smtp);
    const transport = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
      secure: url.protocol === 'smtps:',
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
    try {
      await transport.sendMail({
        from: channel.from,
        to: channel.to,
        ...emailContent(message),
        headers: { 'Stance-Delivery-Id': deliveryId },
        messageId: `<${deliveryId}@stance>`,
      });
    } finally {
      transport.close();
    }
    return;
  }
  if (channel.type === 'slack') {
    const payload =
      message.type === 'stance.stale'
        ? { text: `:warning: ${slackEscape(message.text)}` }
        : slackPayload(message);
    await postJson(
      channel.url,
      JSON.stringify(payload),
      { 'Stance-Delivery-Id': deliveryId },
      {
        allowPrivateTargets: channel.allowPrivateTargets,
        timeoutMs: TIMEOUT_MS,
      },
    );
    return;
  }
  const body = JSON.stringify({ ...message, deliveryId });
  const headers: Record<string, string> = { ...channel.headers, 'Stance-Delivery-Id': deliveryId };
  if (channel.secret)
    headers['Stance-Signature'] = `sha256=${createHmac('sha256', channel.secret).update(body).digest('hex')}`;
  await postJson(channel.url, body, headers, {
    allowPrivateTargets: channel.allowPrivateTargets,
    timeoutMs: TIMEOUT_MS,
  });
}

/**
 * Why a delivery failed, safe to print and to store in `outbox.last_error`: one line, URLs cut to
 * scheme and host (libraries quote the URL they were given), control characters made visible.
 */
export function failureReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return sanitizeTerminalField(safeErrorMessage(error)).slice(0, 500);
}

export interface DeliveryOptions {
  /** Called with one line per attempt; `failed` tells a failed attempt from a delivery. */
  log?: (line: string, failed: boolean) => void;
  ignoreBackoff?: boolean;
}

/** Deliveries through one store run one after another, so two callers never send the same row at once. */
const inFlight = new WeakMap<Store, Promise<unknown>>();

/**
 * Delivers due outbox rows at least once: a row is marked delivered only after a 2xx answer, so a
 * crash between sending and marking resends it with the same Stance-Delivery-Id. Failures are
 * retried with backoff, up to MAX_ATTEMPTS; they never fail a scan. Each row goes out with its
 * channel's current settings (URL, secret, headers).
 */
export function deliverPending(
  store: Store,
  channels: ChannelConfig[],
  now: Date = new Date(),
  opts: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const previous = inFlight.get(store) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => deliverNow(store, channels, now, opts));
  inFlight.set(store, run);
  return run;
}

async function deliverNow(
  store: Store,
  channels: ChannelConfig[],
  now: Date,
  opts: DeliveryOptions,
): Promise<DeliveryResult> {
  const log = opts.log ?? (() => {});
  await adoptLegacyRows(store, channels);
  const byKey = new Map(channels.map((c) => [channelId(c), c]));
  const result: DeliveryResult = { delivered: 0, failed: 0, retrying: 0, errors: [] };
  // Small batches, so rows taken are sent well within their claim; by id, so none is taken twice here.
  let after = 0;
  for (let taken = 0; taken < MAX_PER_CALL;) {
    const due = await store.outbox.claim(opts.ignoreBackoff ? undefined : now, CLAIM_BATCH, CLAIM_MS, after);
    if (due.length === 0) break;
    taken += due.length;
    after = due[due.length - 1]!.id;
    await deliverRows(store, due, byKey, now, result, log);
  }
  return result;
}

async function deliverRows(
  store: Store,
  due: readonly OutboxRow[],
  byKey: ReadonlyMap<string, ChannelConfig>,
  now: Date,
  result: DeliveryResult,
  log: (line: string, failed: boolean) => void,
): Promise<void> {
  for (const row of due) {
    const channel = byKey.get(row.channel);
    if (!channel) {
      // A key from before channel identities is reduced to its type: it hashed the channel's secret.
      const key = LEGACY_KEY.test(row.channel) ? `${row.channel.split(':')[0]}:legacy` : row.channel;
      await store.outbox.markFailed(row.id, { at: now, error: 'channel no longer configured', channel: key });
      result.failed++;
      continue;
    }
    try {
      failpoint('before-send');
      await send(channel, row.deliveryId, JSON.parse(row.payload) as AlertMessage | StaleMessage);
      failpoint('after-send');
      await store.outbox.markDelivered(row.id, new Date());
      result.delivered++;
      log(`delivered ${row.deliveryId} to ${channel.type} ${channelTarget(channel)}`, false);
    } catch (error) {
      const attempts = row.attempts + 1;
      const reason = failureReason(error);
      const text = `delivery ${row.deliveryId} to ${channel.type} ${channelTarget(channel)} failed (attempt ${attempts}/${MAX_ATTEMPTS}): ${reason}`;
      result.errors.push(text);
      log(text, true);
      if (attempts >= MAX_ATTEMPTS) {
        await store.outbox.markFailed(row.id, { attempts, at: now, error: reason });
        result.failed++;
      } else {
        await store.outbox.markRetry(row.id, {
          attempts,
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
          error: reason,
        });
        result.retrying++;
      }
    }
  }
}
