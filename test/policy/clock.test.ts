import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/policy/bundle.js';
import { clockPackages } from '../../src/policy/clock.js';

// Which rules read the collection time decides whether a rescan a minute later may reuse a
// scope's verdicts (src/scan/input-digest.ts): a rule that reads it, even through a library, must
// be marked.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stance-clock-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('clock-reading rules', () => {
  it('marks a rule reading now_ns itself, through a library (transitively), or by a dynamic context index', () => {
    const lib = tree({
      'lib/dates.rego': 'package lib.dates\nage(s) := input.context.now_ns - s\n',
      'lib/wrap.rego': 'package lib.wrap\nimport data.lib.dates\nold(s) if dates.age(s) > 1\n',
      'lib/strings.rego': 'package lib.strings\nupper(s) := s\n',
    });
    const rules = tree({
      'aws/a/direct.rego': 'package stance.rules.aws.a.direct\ndeny contains 1 if input.context.now_ns > 0\n',
      'aws/a/direct_test.rego': 'package stance.rules.aws.a.plain_test\nx := 1\n',
      'aws/a/via_lib.rego':
        'package stance.rules.aws.a.via_lib\nimport data.lib.wrap\ndeny contains 1 if wrap.old(1)\n',
      'aws/a/dynamic.rego':
        'package stance.rules.aws.a.dynamic\ndeny contains 1 if input.context["now" + "_ns"]\n',
      'aws/a/plain.rego':
        'package stance.rules.aws.a.plain\nimport data.lib.strings\ndeny contains 1 if input.context.account\n',
    });
    const reading = clockPackages([rules, lib]);
    expect(reading.has('stance.rules.aws.a.direct')).toBe(true);
    expect(reading.has('stance.rules.aws.a.via_lib')).toBe(true);
    expect(reading.has('stance.rules.aws.a.dynamic')).toBe(true);
    expect(reading.has('stance.rules.aws.a.plain')).toBe(false);
    expect(reading.has('lib.strings')).toBe(false);
  });

  it('the built-in manifest marks every rule, and the date rules read the clock', () => {
    const { rules } = loadBundle().manifest;
    expect(rules.every((r) => typeof r.readsClock === 'boolean')).toBe(true);
    const reading = rules.filter((r) => r.readsClock).map((r) => r.id);
    expect(reading).toContain('aws-iam-access-key-rotation');
    expect(reading).toContain('aws-acm-certificate-expiring');
    expect(reading.length).toBeLessThan(rules.length / 4);
  });
});
