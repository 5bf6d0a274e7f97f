import { SEVERITIES, type Severity } from '../../src/index.js';

/** Findings counted per severity, every severity present (as the overview's failingBySeverity). */
export function bySeverity(list: { severity: Severity }[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of list) counts[f.severity]++;
  return counts;
}
