/**
 * Outbox channel identity: a channel is keyed by its name or its type and host (src/notify/channels.ts),
 * no longer by a hash of its whole configuration, secret included (an offline guessing target).
 * Messages already delivered or given up keep only their channel type. Pending messages and queued
 * alert items keep their old key until a delivery with the config re-keys them to their channel.
 */
export const sql = `
UPDATE outbox SET channel = substr(channel, 1, instr(channel, ':')) || 'legacy'
WHERE (delivered_at IS NOT NULL OR failed_at IS NOT NULL)
  AND substr(channel, 1, instr(channel, ':') - 1) IN ('webhook', 'slack', 'email')
  AND length(channel) = instr(channel, ':') + 16
  AND substr(channel, instr(channel, ':') + 1) NOT GLOB '*[^0-9a-f]*';
`;
