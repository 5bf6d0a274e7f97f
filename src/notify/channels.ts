import { createHash } from 'node:crypto';
import type { ChannelConfig } from './config.js';
import type { Store } from '../store/index.js';
import { channelId } from './channel-id.js';

export { channelId };

// The fields, in schema order, that Stance 0.1 hashed (JSON of the parsed channel, secret included).
const LEGACY_FIELDS = {
  webhook: ['type', 'url', 'secret'],
  slack: ['type', 'url'],
  email: ['type', 'smtp', 'from', 'to'],
} as const;
const LEGACY_FILTERS = [
  'minSeverity',
  'providers',
  'accounts',
  'namespaces',
  'rules',
  'owners',
  'tags',
  'resolved',
  'maxItems',
] as const;

/** The key Stance 0.1 stored for a channel; only used to adopt rows queued before the upgrade. */
export function legacyChannelKey(channel: ChannelConfig): string {
  const source = channel as unknown as Record<string, unknown>;
  const fields = [...LEGACY_FIELDS[channel.type], ...LEGACY_FILTERS].filter((k) => source[k] !== undefined);
  const json = JSON.stringify(Object.fromEntries(fields.map((k) => [k, source[k]])));
  return `${channel.type}:${createHash('sha256').update(json).digest('hex').slice(0, 16)}`;
}

/** `webhook:0123456789abcdef`: a key written by Stance 0.1. */
export const LEGACY_KEY = /^(webhook|slack|email):[0-9a-f]{16}$/;

/**
 * Re-keys messages and queued items written before channel identities existed to the configured
 * channel they belong to: the one whose old key matches, or else the only configured channel of that
 * type (its secret or filters changed since). Keys that match nothing stay for a later config.
 */
export async function adoptLegacyRows(store: Store, channels: ChannelConfig[]): Promise<void> {
  const legacy = (await store.outbox.pendingChannelKeys()).filter((key) => LEGACY_KEY.test(key));
  if (!legacy.length) return;
  const byOldKey = new Map(channels.map((c) => [legacyChannelKey(c), c]));
  await store.transaction(async (tx) => {
    for (const key of legacy) {
      const type = key.slice(0, key.indexOf(':'));
      const sameType = channels.filter((c) => c.type === type);
      const owner = byOldKey.get(key) ?? (sameType.length === 1 ? sameType[0] : undefined);
      if (!owner) continue;
      await tx.outbox.rekey(key, channelId(owner));
    }
  });
}
