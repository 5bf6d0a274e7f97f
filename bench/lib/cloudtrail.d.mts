/** An injected attack: what it is and the rules that must fire on it. */
export interface Attack {
  name: string;
  day: number;
  rules: string[];
}

export const ATTACKS: Attack[];

/**
 * Writes `count` realistic CloudTrail events (background traffic and the injected attacks) as gzip
 * files the way CloudTrail delivers them, under `dir`; `seed` makes the traffic repeatable.
 */
export function generateTrail(
  dir: string,
  count: number,
  seed: number,
): { files: number; attackEvents: number };
