import { afterEach, describe, expect, it, vi } from 'vitest';
import { scan, scanScores } from '../../src/api/scan.js';
import { findings } from '../../src/api/findings.js';
import { parseSnapshot } from '../../src/collect/snapshot.js';
import { parseConfig } from '../../src/config/load.js';
import { SEVERITIES, type Severity } from '../../src/types.js';
import type { Store } from '../../src/store/index.js';
import { generateSnapshot } from '../helpers/inventory.js';
import { backends } from '../store/helpers.js';

// A scan's failing counts, gate and framework scores come from one pass over the current
// findings (FindingsRepository.forEachCurrent), not from every finding loaded as a row: the
// figures must be those the full rows give, mutes included.

const open: Store[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

describe.each(backends)('scan tallies ($name)', (backend) => {
  it('failing counts, gate and scores equal those computed from the full findings, with mutes', async () => {
    const store = await backend.open();
    open.push(store);
    const collection = parseSnapshot(
      JSON.stringify(generateSnapshot({ resources: 300, seed: 9, mix: true })),
      'gen.json',
    );
    const config = parseConfig(
      [
        'mutes:',
        '  - rule: "*"',
        '    resource: "*security-group*"',
        '    reason: accepted for the test',
        '  - rule: aws-s3-bucket-object-read-logging',
        '    reason: accepted for the test',
      ].join('\n'),
      'stance.yaml',
    );
    const rows = vi.spyOn(store.findings, 'current');
    const result = await scan(store, collection, { config, failOn: 'medium', threads: 1 });
    const scores = await scanScores(store, result, { config });
    // the tally holds no row: a store of millions of findings is not loaded to count them
    expect(rows).not.toHaveBeenCalled();
    rows.mockRestore();

    const all = await findings(store, { resourceIds: result.resourceIds, config });
    const failing = all.filter((f) => f.status === 'fail' && !f.muted);
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const f of failing) bySeverity[f.severity]++;
    expect(all.some((f) => f.status === 'fail' && f.muted)).toBe(true); // the mutes silence something
    expect(result.failingBySeverity).toEqual(bySeverity);
    expect(result.gateFailures).toBe(
      failing.filter((f) => SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf('medium')).length,
    );
    // another config object: scanScores reads the findings themselves
    const fromRows = await scanScores(store, result, { config: structuredClone(config) });
    expect(scores).toEqual(fromRows);
    expect(fromRows.length).toBeGreaterThan(0);
  });

  it('without mutes, the counts per rule the store gives are the figures the full findings give; no finding is visited', async () => {
    const store = await backend.open();
    open.push(store);
    const collection = parseSnapshot(
      JSON.stringify(generateSnapshot({ resources: 300, seed: 9, mix: true })),
      'gen.json',
    );
    // a resource of another scan stays out of this scan's figures
    const other = parseSnapshot(
      JSON.stringify(
        generateSnapshot({ resources: 40, seed: 3, mix: true, account: '999999999999', cluster: 'other' }),
      ),
      'other.json',
    );
    await scan(store, other, { threads: 1 });
    const visits = vi.spyOn(store.findings, 'forEachCurrent');
    const result = await scan(store, collection, { failOn: 'high', threads: 1 });
    const scores = await scanScores(store, result);
    expect(visits).not.toHaveBeenCalled();
    visits.mockRestore();

    const all = await findings(store, { resourceIds: result.resourceIds });
    const failing = all.filter((f) => f.status === 'fail');
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const f of failing) bySeverity[f.severity]++;
    expect(failing.length).toBeGreaterThan(0);
    expect(result.failingBySeverity).toEqual(bySeverity);
    expect(result.gateFailures).toBe(
      failing.filter((f) => SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf('high')).length,
    );
    const fromRows = await scanScores(store, result, { config: parseConfig('{}', 'stance.yaml') });
    expect(scores).toEqual(fromRows);
    expect(fromRows.length).toBeGreaterThan(0);
  });
});
