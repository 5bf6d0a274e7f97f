import type { Report } from './model.js';
import type { RuleMeta, Severity } from '../types.js';

/** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
const SEVERITY_ID: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<Severity, string> = {
  info: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export const OCSF_VERSION = '1.1.0';
const COMPLIANCE_FINDING = 2003;
const CREATE = 1;

/**
 * OCSF Compliance Finding events (class 2003), one per failing (control, resource), so a SIEM or
 * a data lake can ingest a framework report like any other finding feed.
 */
export function renderOcsf(report: Report, rules: RuleMeta[], productVersion: string): object[] {
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const time = Date.parse(report.generatedAt);
  const events: object[] = [];
  for (const control of report.controls) {
    for (const f of control.failing) {
      const rule = ruleById.get(f.ruleId);
      const severity: Severity = rule?.severity ?? 'medium';
      events.push({
        activity_id: CREATE,
        activity_name: 'Create',
        category_uid: 2,
        category_name: 'Findings',
        class_uid: COMPLIANCE_FINDING,
        class_name: 'Compliance Finding',
        type_uid: COMPLIANCE_FINDING * 100 + CREATE,
        time,
        severity_id: SEVERITY_ID[severity],
        severity: SEVERITY_NAME[severity],
        status_id: 1,
        status: 'New',
        message: f.message,
        metadata: {
          version: OCSF_VERSION,
          product: { name: 'Stance', vendor_name: 'Stance', version: productVersion },
          log_name: `stance report ${report.framework.id}`,
        },
        finding_info: {
          uid: `${report.framework.id}:${control.id}:${f.ruleId}:${f.resourceId}`,
          title: `${control.id} ${control.title}`,
          desc: rule?.description ?? '',
          created_time: Date.parse(f.since),
          first_seen_time: Date.parse(f.since),
          types: [rule?.title ?? f.ruleId],
        },
        compliance: {
          standards: [report.framework.name],
          control: control.id,
          requirements: [`${report.framework.id}:${control.id}`],
          status_id: 3,
          status: 'Fail',
          status_detail: f.message,
        },
        remediation: { desc: rule?.remediation ?? '' },
        resources: [
          {
            uid: f.resourceId,
            type: f.resourceType,
            region: f.region,
            cloud_partition: f.resourceType.startsWith('aws.') ? 'aws' : undefined,
            owner: { account: { uid: f.account } },
          },
        ],
        unmapped: {
          as_of: report.asOf,
          bundle_version: report.evidence.bundleVersion,
          coverage: control.coverage,
        },
      });
    }
  }
  return events;
}
