import { createHash } from 'node:crypto';

/**
 * A delivery id derived from what makes an alert the same logical alert (its kind and key parts),
 * shaped like a UUID as random ones are: two processes that queue the same alert get the same id,
 * and the outbox stores it once.
 */
export function derivedDeliveryId(...parts: readonly (string | number)[]): string {
  const hex = createHash('sha256').update(parts.map(String).join('\u0000')).digest('hex');
  // version nibble 5 and the RFC 4122 variant, as a name-based UUID
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
