import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metadataOf } from '../../scripts/lint-rules.mjs';
import { regoFiles } from '../../scripts/policy-build.mjs';
import { InputError } from '../../src/errors.js';
import { controlsByRule, loadFrameworks } from '../../src/frameworks/load.js';
import { repoRoot, tempDir } from '../helpers/cli.js';

const frameworksDir = join(repoRoot, 'frameworks');
const policiesDir = join(repoRoot, 'policies');
const ruleIds = new Set(
  regoFiles(policiesDir)
    .filter((f) => !f.endsWith('_test.rego') && !f.startsWith('lib/'))
    .map((f) => (metadataOf(readFileSync(join(policiesDir, f), 'utf8')) as { custom: { id: string } }).custom.id),
);

type ReferenceRow = { id: string; title?: string; automated?: boolean; level?: string; severity?: string };
const reference = (file: string) =>
  JSON.parse(readFileSync(join(repoRoot, '..', 'shared', 'reference', 'frameworks', file), 'utf8')) as ReferenceRow[];

/** NIST SP 800-53 rows name a base control as "Access Enforcement (AC-3)"; the catalog id is "AC-3". */
const nistId = (id: string) => /^[A-Z]{2}-\d/.test(id) ? id : (/\(([A-Z]{2}-\d+)\)$/.exec(id)?.[1] ?? id);

/**
 * Reference rows that are not controls of the standard, so the catalog leaves them out (each reason is
 * in the framework file's header comment).
 */
const notInStandard: Record<string, string[]> = {
  // withdrawn in rev. 5 (AC-3(1), SC-7(2)) or never defined (CP-1, SA-1 and SI-1 have no enhancements)
  'nist-800-53-r5': ['AC-3(1)', 'SC-7(2)', 'CP-1(2)', 'SA-1(1)', 'SI-1(1)(c)'],
  // the peer file mixes CSF 1.1 ids (ID.BE, PR.AC, PR.IP, PR.PT, DE.DP, RS.RP, ...) and GV ids CSF 2.0 does not define
  'nist-csf-2.0': [
    'GV.PO-03', 'GV.PO-04', 'GV.PO-05', 'GV.OV-04', 'ID.AM-06', 'ID.BE-05', 'ID.SC-04',
    'PR.AC-01', 'PR.AC-03', 'PR.AC-04', 'PR.AC-05', 'PR.AC-06', 'PR.AC-07',
    'PR.DS-03', 'PR.DS-04', 'PR.DS-05', 'PR.DS-06', 'PR.DS-07', 'PR.DS-08',
    'PR.IP-01', 'PR.IP-02', 'PR.IP-03', 'PR.IP-04', 'PR.IP-07', 'PR.IP-08', 'PR.IP-09', 'PR.IP-12',
    'PR.MA-02', 'PR.PT-01', 'PR.PT-03', 'PR.PT-04', 'PR.PT-05',
    'DE.AE-01', 'DE.AE-05', 'DE.CM-04', 'DE.CM-05', 'DE.CM-07', 'DE.DP-04', 'DE.DP-05',
    'RS.AN-02', 'RS.MI-03', 'RS.RP-01',
  ],
};

/** NIST CSF 2.0 (CSWP 29): subcategory numbers of each category; 106 in all. */
const csf2Subcategories: Record<string, number[]> = {
  'GV.OC': [1, 2, 3, 4, 5],
  'GV.RM': [1, 2, 3, 4, 5, 6, 7],
  'GV.RR': [1, 2, 3, 4],
  'GV.PO': [1, 2],
  'GV.OV': [1, 2, 3],
  'GV.SC': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  'ID.AM': [1, 2, 3, 4, 5, 7, 8],
  'ID.RA': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  'ID.IM': [1, 2, 3, 4],
  'PR.AA': [1, 2, 3, 4, 5, 6],
  'PR.AT': [1, 2],
  'PR.DS': [1, 2, 10, 11],
  'PR.PS': [1, 2, 3, 4, 5, 6],
  'PR.IR': [1, 2, 3, 4],
  'DE.CM': [1, 2, 3, 6, 9],
  'DE.AE': [2, 3, 4, 6, 7, 8],
  'RS.MA': [1, 2, 3, 4, 5],
  'RS.AN': [3, 6, 7, 8],
  'RS.CO': [2, 3],
  'RS.MI': [1, 2],
  'RC.RP': [1, 2, 3, 4, 5, 6],
  'RC.CO': [3, 4],
};
const csf2Ids = Object.entries(csf2Subcategories).flatMap(([category, numbers]) =>
  numbers.map((n) => `${category}-${String(n).padStart(2, '0')}`),
);
/** The peer file writes CSF ids unpadded ("GV.OC-1"); CSF 2.0 writes "GV.OC-01". */
const csfId = (id: string) => id.replace(/-(\d)$/, '-0$1');

const range = (prefix: string, last: number) => Array.from({ length: last }, (_, i) => `${prefix}${i + 1}`);
const isoAnnexAIds = [...range('A.5.', 37), ...range('A.6.', 8), ...range('A.7.', 14), ...range('A.8.', 34)];

/** Every HIPAA Security Rule standard and implementation specification (45 CFR 164.308-164.316). */
const hipaaIds = [
  ...['(a)(1)(i)', '(a)(1)(ii)(A)', '(a)(1)(ii)(B)', '(a)(1)(ii)(C)', '(a)(1)(ii)(D)', '(a)(2)', '(a)(3)(i)',
    '(a)(3)(ii)(A)', '(a)(3)(ii)(B)', '(a)(3)(ii)(C)', '(a)(4)(i)', '(a)(4)(ii)(A)', '(a)(4)(ii)(B)', '(a)(4)(ii)(C)',
    '(a)(5)(i)', '(a)(5)(ii)(A)', '(a)(5)(ii)(B)', '(a)(5)(ii)(C)', '(a)(5)(ii)(D)', '(a)(6)(i)', '(a)(6)(ii)',
    '(a)(7)(i)', '(a)(7)(ii)(A)', '(a)(7)(ii)(B)', '(a)(7)(ii)(C)', '(a)(7)(ii)(D)', '(a)(7)(ii)(E)', '(a)(8)',
    '(b)(1)', '(b)(3)'].map((s) => `164.308${s}`),
  ...['(a)(1)', '(a)(2)(i)', '(a)(2)(ii)', '(a)(2)(iii)', '(a)(2)(iv)', '(b)', '(c)', '(d)(1)', '(d)(2)(i)',
    '(d)(2)(ii)', '(d)(2)(iii)', '(d)(2)(iv)'].map((s) => `164.310${s}`),
  ...['(a)(1)', '(a)(2)(i)', '(a)(2)(ii)', '(a)(2)(iii)', '(a)(2)(iv)', '(b)', '(c)(1)', '(c)(2)', '(d)', '(e)(1)',
    '(e)(2)(i)', '(e)(2)(ii)'].map((s) => `164.312${s}`),
  ...['(a)(1)', '(a)(2)(i)', '(a)(2)(ii)', '(a)(2)(iii)', '(b)(1)', '(b)(2)'].map((s) => `164.314${s}`),
  ...['(a)', '(b)(1)', '(b)(2)(i)', '(b)(2)(ii)', '(b)(2)(iii)'].map((s) => `164.316${s}`),
];

describe('frameworks', () => {
  const frameworks = loadFrameworks([frameworksDir]);
  const framework = (id: string) => {
    const found = frameworks.find((f) => f.id === id);
    if (!found) throw new Error(`framework ${id} is not bundled`);
    return found;
  };
  const ids = (id: string) => framework(id).controls.map((c) => c.id);

  it('loads every bundled framework with the catalog control counts', () => {
    const count = (id: string) => frameworks.find((f) => f.id === id)?.controls.length;
    expect(count('cis-aws-7.0.0')).toBe(reference('cis-aws-7.0.0.json').length);
    expect(count('cis-aws-5.0.0')).toBe(reference('cis-aws-5.0.0.json').length);
    expect(count('cis-k8s-1.12.0')).toBe(reference('cis-k8s-1.12.0.json').length);
    expect(count('cis-k8s-2.0.1')).toBe(131);
    expect(count('aws-fsbp')).toBe(286);
    expect(count('nist-800-53-r5')).toBe(282);
    expect(count('nist-csf-2.0')).toBe(106);
    expect(count('iso-27001-2022')).toBe(93);
    expect(count('hipaa')).toBe(65);
    expect(count('cis-eks-1.8.0')).toBe(50);
  });

  it('lists every control id of the reference catalogs, except rows that are not controls of the standard', () => {
    const cases: [string, string, (id: string) => string][] = [
      ['cis-k8s-2.0.1', 'cis-k8s-2.0.1.json', (id) => id],
      ['aws-fsbp', 'aws-fsbp.json', (id) => id],
      ['nist-800-53-r5', 'nist-800-53-r5.json', nistId],
      ['nist-csf-2.0', 'nist-csf-2.0.json', csfId],
      ['iso-27001-2022', 'iso-27001-2022.json', (id) => id],
      ['hipaa', 'hipaa.json', (id) => id],
    ];
    for (const [id, file, normalize] of cases) {
      const listed = new Set(ids(id));
      const excluded = notInStandard[id] ?? [];
      const wanted = [...new Set(reference(file).map((row) => normalize(row.id)))];
      expect(wanted.filter((c) => !listed.has(c) && !excluded.includes(c)), `${id}: reference ids missing`).toEqual([]);
      // an excluded id is in the reference and really left out: the list cannot go stale either way
      expect(excluded.filter((c) => !wanted.includes(c) || listed.has(c)), `${id}: stale exclusions`).toEqual([]);
    }
  });

  it('lists complete catalogs exactly: CSF 2.0 subcategories, ISO 27001:2022 Annex A, HIPAA Security Rule', () => {
    expect(ids('nist-csf-2.0')).toEqual(csf2Ids);
    expect(ids('iso-27001-2022')).toEqual(isoAnnexAIds);
    expect(ids('hipaa')).toEqual(hipaaIds);
    for (const id of ['cis-k8s-2.0.1', 'aws-fsbp', 'nist-csf-2.0', 'iso-27001-2022', 'hipaa'])
      expect(framework(id).complete, id).toBe(true);
    expect(framework('nist-800-53-r5').complete).toBe(false);
  });

  it('keeps CIS Kubernetes v2.0.1 labels from the benchmark and the rules of the same v1.12.0 controls', () => {
    const v2 = framework('cis-k8s-2.0.1');
    const v1 = new Map(framework('cis-k8s-1.12.0').controls.map((c) => [c.id, c]));
    const v1Titles = new Map(reference('cis-k8s-1.12.0.json').map((row) => [row.id, row.title]));
    for (const row of reference('cis-k8s-2.0.1.json')) {
      const control = v2.controls.find((c) => c.id === row.id)!;
      expect(control.assessment, row.id).toBe(row.automated ? 'automated' : 'manual');
      expect(control.level, row.id).toBe(row.level === 'Level 2' ? 'L2' : 'L1');
      // the same benchmark title at the same id is the same control: same rules and guidance
      if (v1Titles.get(row.id) === row.title) {
        expect(control.rules, row.id).toEqual(v1.get(row.id)!.rules);
        expect(control.guidance, row.id).toBe(v1.get(row.id)!.guidance);
      }
    }
  });

  it('lists CIS Amazon EKS v1.8.0 as the benchmark does: its control ids and Automated labels', () => {
    // the benchmark's recommendations (kube-bench cfg/eks-1.8.0); section 1, the control plane, holds none
    const automated = [
      ...range('3.1.', 4),
      ...range('3.2.', 9),
      ...range('4.1.', 6),
      ...range('4.2.', 5),
      '4.3.2',
      '4.4.1',
      '4.5.2',
    ];
    const manual = [
      '2.1.1', '2.1.2', '4.1.7', '4.1.8', '4.1.9', '4.1.10', '4.1.11', '4.1.12', '4.3.1', '4.4.2', '4.5.1',
      ...range('5.1.', 4), '5.2.1', '5.3.1', ...range('5.4.', 5), '5.5.1',
    ];
    const eks = framework('cis-eks-1.8.0');
    expect([...ids('cis-eks-1.8.0')].sort()).toEqual([...automated, ...manual].sort());
    for (const control of eks.controls)
      expect(control.assessment, control.id).toBe(automated.includes(control.id) ? 'automated' : 'manual');
    expect(eks.complete).toBe(true);
    // the kubelet checks are those of CIS Kubernetes 4.2, with the same rules
    const k8s = new Map(framework('cis-k8s-1.12.0').controls.map((c) => [c.id, c.rules]));
    const same: [string, string][] = [['3.2.1', '4.2.1'], ['3.2.2', '4.2.2'], ['3.2.3', '4.2.3'], ['3.2.6', '4.2.6'], ['3.2.8', '4.2.10'], ['4.1.1', '5.1.1'], ['4.2.4', '5.2.5']];
    for (const [e, k] of same) expect(eks.controls.find((c) => c.id === e)!.rules, e).toEqual(k8s.get(k));
  });

  it('gives FSBP controls their AWS severity and the assessor-judged frameworks manual assessment', () => {
    const severity = new Map(reference('aws-fsbp.json').map((row) => [row.id, row.severity]));
    for (const control of framework('aws-fsbp').controls) {
      expect(control.level, control.id).toBe(severity.get(control.id));
      expect(control.assessment, control.id).toBe('automated');
    }
    for (const id of ['nist-800-53-r5', 'nist-csf-2.0', 'iso-27001-2022', 'hipaa']) {
      for (const control of framework(id).controls) {
        expect(control.assessment, `${id}:${control.id}`).toBe('manual');
        // rules decide part of such a control, never all of it
        expect(control.coverage, `${id}:${control.id}`).toBe(control.rules.length > 0 ? 'partial' : 'full');
      }
    }
  });

  it('maps only rule ids that exist, and every rule to at least one control', () => {
    const mapped = controlsByRule(frameworks);
    for (const ruleId of mapped.keys()) expect(ruleIds, `unknown rule ${ruleId} in a framework`).toContain(ruleId);
    for (const ruleId of ruleIds) expect(mapped.get(ruleId)?.length ?? 0, `${ruleId} maps to no control`).toBeGreaterThan(0);
  });

  it('accounts for every automated CIS control without a rule', () => {
    const pending: string[] = [];
    const cis = frameworks.filter((f) => f.id.startsWith('cis-'));
    expect(cis.map((f) => f.id)).toEqual([
      'cis-aws-5.0.0',
      'cis-aws-7.0.0',
      'cis-eks-1.8.0',
      'cis-k8s-1.12.0',
      'cis-k8s-2.0.1',
    ]);
    // The CIS Kubernetes controls that only node files decide (1.1.x, 4.1.x) have rules too: the node
    // rules, on what `stance node` records on each node.
    for (const framework of cis) {
      for (const control of framework.controls) {
        if (control.assessment !== 'automated' || control.rules.length > 0) continue;
        pending.push(`${framework.id}:${control.id}`);
      }
    }
    process.stdout.write(`automated CIS controls still without a rule: ${pending.length}\n`);
    expect(pending).toEqual([]);
    expect(pending).not.toContain('cis-aws-7.0.0:6.3');
  });

  it('maps every workload hygiene, RBAC and API-version rule to k8s-best-practices, and the NSA/CISA guidance by section', () => {
    const practices = framework('k8s-best-practices');
    const nsa = framework('nsa-k8s-hardening');
    for (const f of [practices, nsa]) expect(f.complete, f.id).toBe(true);
    const inPractices = new Set(practices.controls.flatMap((c) => c.rules));
    // the checks issue 15 names, each by the one rule id that decides it
    const named = [
      'k8s-image-latest-tag', 'k8s-image-not-pinned-by-digest', 'k8s-image-pull-policy-not-always',
      'k8s-container-requests-missing', 'k8s-container-limits-missing', 'k8s-container-liveness-probe-missing',
      'k8s-container-readiness-probe-missing', 'k8s-container-read-only-root-filesystem',
      'k8s-pss-restricted-run-as-user', 'k8s-container-root-group', 'k8s-pod-fs-group-missing', 'k8s-naked-pod',
      'k8s-workload-single-replica', 'k8s-workload-pdb-missing', 'k8s-service-load-balancer', 'k8s-service-node-port',
      'k8s-service-external-ips', 'k8s-ingress-tls-missing', 'k8s-env-literal-credential', 'k8s-configmap-credentials',
      'k8s-rbac-pod-exec-attach', 'k8s-rbac-bind-escalate-impersonate', 'k8s-rbac-node-proxy',
      'k8s-rbac-service-account-token-create', 'k8s-rbac-secrets-access', 'k8s-rbac-anonymous-binding',
      'k8s-workload-default-service-account', 'k8s-api-version-removed', 'k8s-api-version-deprecated',
    ];
    expect(named.filter((id) => !inPractices.has(id)), 'named checks without a control').toEqual([]);
    // every rule of the hygiene, RBAC and API-version families has a practice control
    const families = ['images', 'resources', 'probes', 'workloads', 'network', 'config', 'api', 'rbac'];
    const familyRules = regoFiles(policiesDir)
      .filter((f) => families.some((family) => f.startsWith(`k8s/${family}/`)) && !f.endsWith('_test.rego'))
      .map((f) => (metadataOf(readFileSync(join(policiesDir, f), 'utf8')) as { custom: { id: string } }).custom.id);
    expect(familyRules.length).toBeGreaterThan(40);
    expect(familyRules.filter((id) => !inPractices.has(id)), 'family rules without a practice control').toEqual([]);
    // NSA/CISA: one control per section with a recommendation, named by section and sub-section
    expect(nsa.controls.map((c) => c.id.split('.')[0])).toEqual(
      expect.arrayContaining(['pod-security', 'network', 'authn', 'logging', 'threat-detection', 'upgrading']),
    );
    for (const id of ['k8s-rbac-pod-exec-attach', 'k8s-env-literal-credential', 'k8s-container-read-only-root-filesystem'])
      expect(nsa.controls.some((c) => c.rules.includes(id)), id).toBe(true);
    for (const control of nsa.controls)
      if (control.rules.length === 0 || control.coverage === 'partial')
        expect(control.guidance, `nsa-k8s-hardening:${control.id} needs guidance`).toBeTruthy();
  });

  it('rejects a broken framework naming the file, control and field', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'broken.yaml'),
      'id: broken\nname: Broken\nversion: "1"\nsource: test\ncomplete: false\ncontrols:\n  - id: "1.1"\n    title: ok\n    section: s\n    assessment: sometimes\n',
    );
    expect(() => loadFrameworks([dir])).toThrow(InputError);
    expect(() => loadFrameworks([dir])).toThrow(/broken\.yaml: control 1\.1 controls\[0\]\.assessment/);
    writeFileSync(
      join(dir, 'broken.yaml'),
      'id: broken\nname: Broken\nversion: "1"\nsource: test\ncomplete: false\ncontrols:\n  - {id: "1", title: a, section: s, assessment: manual}\n  - {id: "1", title: b, section: s, assessment: manual}\n',
    );
    expect(() => loadFrameworks([dir])).toThrow(/duplicate control id 1/);
  });
});
