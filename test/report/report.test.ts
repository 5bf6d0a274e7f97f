import { describe, expect, it } from 'vitest';
import type { Framework } from '../../src/frameworks/load.js';
import { neutralize, renderCsv } from '../../src/report/csv.js';
import { buildReport } from '../../src/report/model.js';
import type { Store } from '../../src/store/index.js';
import { schemaValidator } from '../helpers/schema.js';
import { at, errorRun, evaluation as ev, okRun, openStore, resource, RULES } from '../store/helpers.js';

const validateReport = schemaValidator('report');

const framework: Framework = {
  id: 'test-fw',
  name: 'Test framework',
  version: '1',
  source: 'tests',
  complete: true,
  controls: [
    {
      id: '1',
      title: 'checked by r-a',
      section: 'S',
      assessment: 'automated',
      coverage: 'full',
      rules: ['r-a'],
    },
    {
      id: '2',
      title: 'checked by r-b',
      section: 'S',
      assessment: 'automated',
      coverage: 'partial',
      rules: ['r-b'],
    },
    { id: '3', title: 'no rule', section: 'S', assessment: 'manual', coverage: 'full', rules: [] },
  ],
};
// RULES cover aws.ec2.thing; the store helpers' scopes are aws/1/<region>/ec2
const rules = RULES.map((r) => ({ ...r, resourceTypes: ['aws.ec2.thing'] }));

function report(store: Store, asOf?: Date, filters = {}) {
  return buildReport({ store, framework, rules, bundleVersion: 'b1', asOf, filters, now: at(100_000) });
}

describe('framework report', () => {
  it('applies the status precedence and validates against the report schema', async () => {
    const store = await openStore();
    await okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'pass')],
    );
    const r = await report(store);
    expect(validateReport(r)).toEqual([]);
    const byId = Object.fromEntries(r.controls.map((c) => [c.id, c]));
    expect(byId['1']).toMatchObject({
      status: 'fail',
      evaluated: 2,
      passing: 1,
      failing: [{ resourceId: 'a', ruleId: 'r-a', since: at(0).toISOString() }],
    });
    expect(byId['2']).toMatchObject({ status: 'not_applicable', evaluated: 0 }); // ec2 collected, no r-b verdicts
    expect(byId['3']).toMatchObject({ status: 'manual' });
    expect(r.summary).toEqual({ pass: 0, fail: 1, manual: 1, not_applicable: 1, error: 0, score: 0 });
    expect(r.evidence.scans).toHaveLength(1);
  });

  it('as of a date: the state then, and error where the scope was not observed', async () => {
    const store = await openStore();
    await okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    await okRun(store, 60, 'eu', [resource('a', 'eu', { v: 2 })], [ev('a', 'r-a', 'pass')]);
    await errorRun(store, 120, 'eu');
    expect((await report(store, at(30))).controls[0]).toMatchObject({ status: 'fail' });
    expect((await report(store, at(90))).controls[0]).toMatchObject({
      status: 'pass',
      evaluated: 1,
      passing: 1,
    });
    const afterError = (await report(store, at(150))).controls[0]!;
    expect(afterError.status).toBe('error');
    expect(afterError.errors.map((e) => e.reason)).toContain('not observed');
    // before the first scan nothing was observed: the rule's type was not collected
    expect((await report(store, at(-10))).controls[0]).toMatchObject({ status: 'error' });
    // three days after the last good scan, with no scan since: stale, so error
    await okRun(store, 200, 'eu', [resource('a', 'eu', { v: 2 })], [ev('a', 'r-a', 'pass')]);
    expect((await report(store, at(200 + 3 * 1440))).controls[0]).toMatchObject({ status: 'error' });
    expect(validateReport(await report(store, at(150)))).toEqual([]);
  });

  it('filters by account and region', async () => {
    const store = await openStore();
    await okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    await okRun(store, 0, 'us', [resource('b', 'us')], [ev('b', 'r-a', 'pass')]);
    expect((await report(store, undefined, { region: 'us' })).controls[0]).toMatchObject({
      status: 'pass',
      evaluated: 1,
    });
    expect((await report(store, undefined, { region: 'eu' })).controls[0]).toMatchObject({
      status: 'fail',
      evaluated: 1,
    });
    expect((await report(store, undefined, { account: 'other' })).controls[0]).toMatchObject({
      status: 'error',
    });
  });

  it('renders CSV with a row per failing resource and neutralized formula cells', async () => {
    const store = await openStore();
    await okRun(
      store,
      0,
      'eu',
      [resource('=HYPERLINK("x")', 'eu'), resource('b', 'eu')],
      [ev('=HYPERLINK("x")', 'r-a', 'fail', '+cmd'), ev('b', 'r-a', 'fail')],
    );
    const csv = renderCsv(await report(store));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^framework,control_id,title/);
    expect(lines.filter((l) => l.startsWith('test-fw,1,'))).toHaveLength(2);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain(",'+cmd,");
    expect(csv).not.toMatch(/,=|,\+|,-|,@/);
    expect(neutralize('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralize('safe')).toBe('safe');
  });
});

describe('OCSF and SARIF', () => {
  it('emits one OCSF Compliance Finding (class 2003) per failing control and resource, with the required fields', async () => {
    const { renderOcsf } = await import('../../src/report/ocsf.js');
    const store = await openStore();
    await okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'fail'), ev('a', 'r-b', 'fail')],
    );
    const r = await report(store);
    const events = renderOcsf(r, rules, '0.1.0') as Record<string, unknown>[];
    expect(events).toHaveLength(3); // control 1: a and b; control 2: a
    // required by the Compliance Finding class and its base event
    for (const e of events) {
      for (const field of [
        'activity_id',
        'category_uid',
        'class_uid',
        'type_uid',
        'time',
        'severity_id',
        'metadata',
        'finding_info',
        'compliance',
      ]) {
        expect(e, field).toHaveProperty(field);
      }
      expect(e).toMatchObject({
        class_uid: 2003,
        category_uid: 2,
        type_uid: 200301,
        compliance: { status_id: 3, standards: ['Test framework'] },
      });
      expect((e.metadata as { version: string; product: { name: string } }).product.name).toBe('Stance');
      expect(typeof (e.finding_info as { uid: string }).uid).toBe('string');
    }
    expect(new Set(events.map((e) => (e.finding_info as { uid: string }).uid)).size).toBe(3);
    expect(events.map((e) => e.severity_id).sort()).toEqual([2, 4, 4]);
  });

  it('writes SARIF 2.1.0 with file and line for manifest resources', async () => {
    const { renderSarif } = await import('../../src/report/sarif.js');
    const { toFinding } = await import('../../src/report/findings.js');
    const store = await openStore();
    const fromManifest = { ...resource('m', 'eu'), source: { file: 'deploy/app.yaml', line: 12 } };
    await okRun(
      store,
      0,
      'eu',
      [fromManifest, resource('a', 'eu')],
      [ev('m', 'r-a', 'fail'), ev('a', 'r-a', 'fail'), ev('a', 'r-b', 'pass')],
    );
    const findings = (await store.findings.current()).map((f) => toFinding(f, [], undefined));
    const sarif = renderSarif(findings, rules, '0.1.0') as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['r-a']);
    expect(run.results).toHaveLength(2);
    const manifest = run.results.find((r) => r.locations[0]!.physicalLocation)!;
    expect(manifest.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'deploy/app.yaml' },
      region: { startLine: 12 },
    });
    expect(manifest.level).toBe('error');
  });
});
