import { csvCell } from './csv.js';
import type { Finding } from './findings.js';

const HEADER = [
  'resource_id',
  'resource_type',
  'rule_id',
  'severity',
  'status',
  'message',
  'since',
  'account',
  'region',
  'controls',
  'muted',
];

/** One row per finding; cells neutralized against spreadsheet formulas (see csvCell). */
export function renderFindingsCsv(findings: Finding[]): string {
  const lines = findings.map((f) =>
    [
      f.resourceId,
      f.resourceType,
      f.ruleId,
      f.severity,
      f.status,
      f.message,
      f.since,
      f.account,
      f.region,
      f.controls.join(' '),
      f.muted ? 'yes' : 'no',
    ]
      .map(csvCell)
      .join(','),
  );
  return [HEADER.join(','), ...lines].join('\r\n') + '\r\n';
}
