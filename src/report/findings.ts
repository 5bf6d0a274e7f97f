import type { FindingRow, Mute } from '../store/index.js';
import type { EvalStatus, Severity } from '../types.js';

/**
 * One finding as `stance findings --format json` gives it (the findings contract,
 * schemas/findings.schema.json): every findings format renders a list of these.
 */
export interface Finding {
  resourceId: string;
  resourceType: string;
  ruleId: string;
  severity: Severity;
  status: EvalStatus;
  message: string;
  since: string;
  lastEvaluated?: string;
  /** `<framework-id>:<control-id>` of every control the rule decides. */
  controls: string[];
  muted: boolean;
  mute?: { id: number; reason: string; author: string | null; expiresAt: string | null };
  account: string;
  region: string;
  /** Manifest scans: where the object is defined. */
  source?: { file: string; line: number };
}

/** A stored finding in the contract's shape, with the controls of its rule and the mute silencing it. */
export function toFinding(row: FindingRow, controls: string[], mute: Mute | undefined): Finding {
  return {
    resourceId: row.resourceId,
    resourceType: row.resourceType,
    ruleId: row.ruleId,
    severity: row.severity,
    status: row.status,
    message: row.message,
    since: row.since,
    ...(row.lastEvaluated ? { lastEvaluated: row.lastEvaluated } : {}),
    controls,
    muted: mute !== undefined,
    ...(mute
      ? { mute: { id: mute.id, reason: mute.reason, author: mute.author, expiresAt: mute.expiresAt } }
      : {}),
    account: row.account,
    region: row.region,
    ...(row.sourceFile ? { source: { file: row.sourceFile, line: row.sourceLine ?? 1 } } : {}),
  };
}
