import type { Finding } from './findings.js';
import type { RuleMeta, Severity } from '../types.js';

const LEVEL: Record<Severity, 'note' | 'warning' | 'error'> = {
  info: 'note',
  low: 'note',
  medium: 'warning',
  high: 'error',
  critical: 'error',
};
/** GitHub code scanning reads `security-severity` (0–10) to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  info: '0.0',
  low: '3.0',
  medium: '5.5',
  high: '8.0',
  critical: '9.5',
};

/** SARIF 2.1.0 for failing findings: file and line for manifest scans, the resource id otherwise. */
export function renderSarif(findings: Finding[], rules: RuleMeta[], version: string): object {
  const failing = findings.filter((f) => f.status === 'fail');
  const used = [...new Set(failing.map((f) => f.ruleId))].sort();
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Stance',
            version,
            rules: used.map((id) => {
              const rule = ruleById.get(id);
              return {
                id,
                name: id,
                shortDescription: { text: rule?.title ?? id },
                fullDescription: { text: rule?.description ?? id },
                help: { text: rule?.remediation ?? '' },
                defaultConfiguration: { level: LEVEL[rule?.severity ?? 'medium'] },
                properties: {
                  'security-severity': SECURITY_SEVERITY[rule?.severity ?? 'medium'],
                  tags: ['security'],
                },
              };
            }),
          },
        },
        results: failing.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: used.indexOf(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: `${f.message} (${f.resourceId})` },
          ...(f.source
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: f.source.file },
                      region: { startLine: f.source.line },
                    },
                    logicalLocations: [{ fullyQualifiedName: f.resourceId, kind: 'resource' }],
                  },
                ],
              }
            : {
                locations: [{ logicalLocations: [{ fullyQualifiedName: f.resourceId, kind: 'resource' }] }],
              }),
          partialFingerprints: { stanceFinding: `${f.resourceId}|${f.ruleId}` },
        })),
      },
    ],
  };
}
