import type { RuleMeta } from '../types.js';
import type { Finding } from './findings.js';

/**
 * Characters XML 1.0 cannot carry at all, not even as a character reference: C0 controls other
 * than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF. A hostile resource
 * name holding one must not make the whole report unreadable: it is written as a visible `\uXXXX`.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** An attribute value: every markup character escaped, and tabs and line breaks kept as references. */
function attr(value: string | number): string {
  return String(value)
    .replace(NOT_XML, visible)
    .replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c]!);
}

/** Element text: markup escaped; line breaks stay as they are. */
function text(value: string): string {
  return value.replace(NOT_XML, visible).replace(/[&<>]/g, (c) => ENTITIES[c]!);
}

interface Suite {
  ruleId: string;
  findings: Finding[];
}

function testcase(f: Finding, rule: RuleMeta | undefined): string {
  const where = f.source ? ` file="${attr(f.source.file)}" line="${f.source.line}"` : '';
  const open = `    <testcase classname="${attr(f.ruleId)}" name="${attr(f.resourceId)}"${where}`;
  if (f.status === 'pass') return `${open}/>`;
  if (f.status === 'error') return `${open}>\n      <error message="${attr(f.message)}"/>\n    </testcase>`;
  if (f.mute)
    return `${open}>\n      <skipped message="${attr(`muted: ${f.mute.reason}`)}"/>\n    </testcase>`;
  const detail = [
    `${f.message}`,
    `resource: ${f.resourceId} (${f.resourceType}) in ${f.account}/${f.region}`,
    ...(rule?.remediation ? ['', 'remediation:', rule.remediation.trim()] : []),
  ].join('\n');
  return `${open}>\n      <failure type="${attr(f.severity)}" message="${attr(f.message)}">${text(detail)}</failure>\n    </testcase>`;
}

const count = (findings: Finding[]) => ({
  tests: findings.length,
  failures: findings.filter((f) => f.status === 'fail' && !f.muted).length,
  errors: findings.filter((f) => f.status === 'error').length,
  skipped: findings.filter((f) => f.status === 'fail' && f.muted).length,
});

const counts = (c: ReturnType<typeof count>) =>
  `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;

/**
 * JUnit XML for CI dashboards: a test suite per rule, a test case per evaluated resource. A failing
 * finding is a failure (its severity as the type), an error finding an error, a muted one skipped
 * with its reason; passing findings are passed test cases.
 */
export function renderJunit(findings: Finding[], rules: RuleMeta[]): string {
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const suites = new Map<string, Suite>();
  for (const f of findings) {
    const suite = suites.get(f.ruleId) ?? { ruleId: f.ruleId, findings: [] };
    suite.findings.push(f);
    suites.set(f.ruleId, suite);
  }
  const ordered = [...suites.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="stance" ${counts(count(findings))}>`,
  ];
  for (const suite of ordered) {
    const rule = ruleById.get(suite.ruleId);
    lines.push(`  <testsuite name="${attr(suite.ruleId)}" ${counts(count(suite.findings))}>`);
    const cases = [...suite.findings].sort((a, b) =>
      a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0,
    );
    for (const f of cases) lines.push(testcase(f, rule));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
