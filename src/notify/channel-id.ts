import { redactUrl } from '../util/redact.js';

/** What a channel's identity is made of (a ChannelConfig has these and more). */
export type ChannelIdentity = { name?: string } & (
  { type: 'email'; smtp: string } | { type: 'webhook' | 'slack'; url: string }
);

/**
 * A channel's identity in the outbox and in queued alert items: its `name:` when it has one,
 * otherwise its type and the scheme and host it sends to. Nothing secret goes into it (no secret,
 * headers, URL path or query), and no setting a user tunes (filters, secret rotation, a new Slack
 * token on the same host), so pending messages follow the channel's current settings.
 */
export function channelId(channel: ChannelIdentity): string {
  if (channel.name) return `name:${channel.name}`;
  return `${channel.type}:${redactUrl(channel.type === 'email' ? channel.smtp : channel.url)}`;
}
