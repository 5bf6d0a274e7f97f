import { describe, expect, it } from 'vitest';
import { IntelLists } from '../../src/detect/intel.js';
import { parseCidr } from '../../src/detect/net.js';
import { compileRuleTexts, type DetectionRule } from '../../src/detect/sigma.js';
import { record } from './helpers.js';

function one(detection: string, intel = new IntelLists()): DetectionRule {
  const text = `title: t\nid: r1\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n${detection}\nlevel: high\n`;
  const loaded = compileRuleTexts([{ file: 'r.yaml', text }], intel);
  expect(loaded.errors).toEqual([]);
  return loaded.rules[0]!;
}

function rejects(detection: string, feature: RegExp): void {
  const text = `title: t\nid: r1\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n${detection}\n`;
  const loaded = compileRuleTexts([{ file: 'rules/bad.yaml', text }]);
  expect(loaded.rules).toEqual([]);
  expect(loaded.errors[0]).toMatch(/^rules\/bad\.yaml: rule r1: /);
  expect(loaded.errors[0]).toMatch(feature);
}

describe('Sigma selections and values', () => {
  it('a map is an AND of fields, a list of values an OR, a list of maps an OR; matching is case-insensitive', () => {
    const rule = one(
      `  sel:\n    eventSource: iam.amazonaws.com\n    eventName: [CreateUser, DeleteUser]\n  condition: sel`,
    );
    expect(rule.match!(record({ eventName: 'createuser' }))).toBe(true);
    expect(rule.match!(record({ eventName: 'DeleteUser' }))).toBe(true);
    expect(rule.match!(record({ eventName: 'CreateUser', eventSource: 's3.amazonaws.com' }))).toBe(false);
    const alternatives = one(`  sel:\n    - eventName: A\n    - userIdentity.type: Root\n  condition: sel`);
    expect(alternatives.match!(record({ eventName: 'a' }))).toBe(true);
    expect(alternatives.match!(record({ userIdentity: { type: 'Root' } }))).toBe(true);
    expect(alternatives.match!(record())).toBe(false);
  });

  it('wildcards * and ? with escapes, null, numbers and booleans', () => {
    const rule = one(
      `  sel:\n    userAgent: 'aws-cli/2.*'\n    sourceIPAddress: '203.0.113.1?'\n  condition: sel`,
    );
    expect(rule.match!(record())).toBe(true);
    expect(rule.match!(record({ userAgent: 'Boto3' }))).toBe(false);
    const literalStar = one(`  sel:\n    requestParameters.p: '\\*'\n  condition: sel`);
    expect(literalStar.match!(record({ requestParameters: { p: '*' } }))).toBe(true);
    expect(literalStar.match!(record({ requestParameters: { p: 'x' } }))).toBe(false);
    const nulls = one(`  sel:\n    errorCode: null\n  condition: sel`);
    expect(nulls.match!(record())).toBe(true);
    expect(nulls.match!(record({ errorCode: 'AccessDenied' }))).toBe(false);
    const typed = one(
      `  sel:\n    requestParameters.enable: false\n    requestParameters.n: 3\n  condition: sel`,
    );
    expect(typed.match!(record({ requestParameters: { enable: false, n: 3 } }))).toBe(true);
    expect(typed.match!(record({ requestParameters: { enable: 'false', n: '3' } }))).toBe(true);
    expect(typed.match!(record({ requestParameters: { enable: true, n: 3 } }))).toBe(false);
  });

  it('every modifier: contains, startswith, endswith, all, re (i), cidr, exists, cased, gt/gte/lt/lte, fieldref, intel, expand', () => {
    const r = (overrides: Record<string, unknown>) => record(overrides);
    expect(one(`  s:\n    userAgent|contains: CLI\n  condition: s`).match!(r({}))).toBe(true);
    expect(one(`  s:\n    userAgent|startswith: AWS-\n  condition: s`).match!(r({}))).toBe(true);
    expect(one(`  s:\n    userAgent|endswith: '.30'\n  condition: s`).match!(r({}))).toBe(true);
    const all = one(`  s:\n    userAgent|contains|all: [aws, cli, '2.15']\n  condition: s`);
    expect(all.match!(r({}))).toBe(true);
    expect(all.match!(r({ userAgent: 'aws-sdk' }))).toBe(false);
    expect(one(`  s:\n    userAgent|re: '^aws-cli/\\d+'\n  condition: s`).match!(r({}))).toBe(true);
    expect(one(`  s:\n    userAgent|re: '^AWS-CLI'\n  condition: s`).match!(r({}))).toBe(false);
    expect(one(`  s:\n    userAgent|re|i: '^AWS-CLI'\n  condition: s`).match!(r({}))).toBe(true);
    const cidr = one(`  s:\n    sourceIPAddress|cidr: [203.0.113.0/24, '2001:db8::/32']\n  condition: s`);
    expect(cidr.match!(r({}))).toBe(true);
    expect(cidr.match!(r({ sourceIPAddress: '2001:db8:1::5' }))).toBe(true);
    expect(cidr.match!(r({ sourceIPAddress: '198.51.100.1' }))).toBe(false);
    expect(cidr.match!(r({ sourceIPAddress: 'AWS Internal' }))).toBe(false);
    const exists = one(`  s:\n    errorCode|exists: true\n  condition: s`);
    expect(exists.match!(r({ errorCode: 'AccessDenied' }))).toBe(true);
    expect(exists.match!(r({}))).toBe(false);
    expect(one(`  s:\n    errorCode|exists: false\n  condition: s`).match!(r({}))).toBe(true);
    expect(one(`  s:\n    eventName|cased: listusers\n  condition: s`).match!(r({}))).toBe(false);
    expect(one(`  s:\n    eventName|cased: ListUsers\n  condition: s`).match!(r({}))).toBe(true);
    const count = (n: unknown) =>
      r({ requestParameters: { instancesSet: { items: [{ maxCount: 1 }, { maxCount: n }] } } });
    expect(
      one(`  s:\n    requestParameters.instancesSet.items.maxCount|gte: 10\n  condition: s`).match!(
        count(10),
      ),
    ).toBe(true);
    expect(
      one(`  s:\n    requestParameters.instancesSet.items.maxCount|gt: 10\n  condition: s`).match!(count(10)),
    ).toBe(false);
    expect(
      one(`  s:\n    requestParameters.instancesSet.items.maxCount|lt: 2\n  condition: s`).match!(count(10)),
    ).toBe(true);
    expect(
      one(`  s:\n    requestParameters.instancesSet.items.maxCount|lte: 0\n  condition: s`).match!(count(10)),
    ).toBe(false);
    const other = one(`  s:\n    userIdentity.userName|fieldref: requestParameters.userName\n  condition: s`);
    expect(other.match!(r({ requestParameters: { userName: 'ALICE' } }))).toBe(true);
    expect(other.match!(r({ requestParameters: { userName: 'bob' } }))).toBe(false);
    // fieldref with contains / startswith / endswith: the other field's value inside this one.
    const layer = (arn: string) =>
      r({ recipientAccountId: '111122223333', requestParameters: { layers: [arn] } });
    const inside = one(
      `  s:\n    requestParameters.layers|contains|fieldref: recipientAccountId\n  condition: s`,
    );
    expect(inside.match!(layer('arn:aws:lambda:us-east-1:111122223333:layer:x:1'))).toBe(true);
    expect(inside.match!(layer('arn:aws:lambda:us-east-1:444455556666:layer:x:1'))).toBe(false);
    expect(inside.match!(r({ requestParameters: { layers: ['anything'] }, recipientAccountId: '' }))).toBe(
      false,
    );
    const prefix = one(
      `  s:\n    requestParameters.path|startswith|fieldref: userIdentity.userName\n  condition: s`,
    );
    expect(prefix.match!(r({ requestParameters: { path: 'alice/x' } }))).toBe(true);
    expect(prefix.match!(r({ requestParameters: { path: 'x/alice' } }))).toBe(false);
    const suffix = one(
      `  s:\n    requestParameters.path|endswith|fieldref: userIdentity.userName\n  condition: s`,
    );
    expect(suffix.match!(r({ requestParameters: { path: 'x/alice' } }))).toBe(true);
    const intel = new IntelLists();
    intel.add('tor-exit', [parseCidr('203.0.113.0/28')!]);
    expect(one(`  s:\n    sourceIPAddress|intel: tor-exit\n  condition: s`, intel).match!(r({}))).toBe(true);
    expect(one(`  s:\n    sourceIPAddress|intel: other\n  condition: s`, intel).match!(r({}))).toBe(false);
    expect(one(`  s:\n    sourceIPAddress|expand: '%tor-exit%'\n  condition: s`, intel).match!(r({}))).toBe(
      true,
    );
    expect(one(`  s:\n    sourceIPAddress|expand: '%unknown%'\n  condition: s`, intel).match!(r({}))).toBe(
      false,
    );
  });

  it('keywords search every string value', () => {
    const rule = one(`  keywords:\n    - 'evil-bucket'\n  condition: keywords`);
    expect(rule.match!(record({ requestParameters: { bucketName: 'my-EVIL-bucket-1' } }))).toBe(true);
    expect(rule.match!(record())).toBe(false);
  });
});

describe('Sigma conditions', () => {
  const detection = `  selection_a:\n    eventName: A\n  selection_b:\n    eventSource: s\n  filter_x:\n    userIdentity.type: Root\n  _hidden:\n    eventName: never`;
  const ev = (name: string, source: string, type = 'IAMUser') =>
    record({ eventName: name, eventSource: source, userIdentity: { type } });
  it('and, or, not, parentheses with not > and > or', () => {
    const rule = one(`${detection}\n  condition: selection_a or selection_b and not filter_x`);
    expect(rule.match!(ev('A', 'x', 'Root'))).toBe(true);
    expect(rule.match!(ev('B', 's', 'Root'))).toBe(false);
    expect(rule.match!(ev('B', 's'))).toBe(true);
    const grouped = one(`${detection}\n  condition: (selection_a or selection_b) and not filter_x`);
    expect(grouped.match!(ev('A', 'x', 'Root'))).toBe(false);
    expect(one(`${detection}\n  condition: not (selection_a or selection_b)`).match!(ev('B', 'x'))).toBe(
      true,
    );
  });
  it('1 of / all of patterns and them (underscore names excluded)', () => {
    expect(one(`${detection}\n  condition: 1 of selection_*`).match!(ev('A', 'x'))).toBe(true);
    expect(one(`${detection}\n  condition: all of selection_*`).match!(ev('A', 'x'))).toBe(false);
    expect(one(`${detection}\n  condition: all of selection_*`).match!(ev('A', 's'))).toBe(true);
    expect(one(`${detection}\n  condition: all of them`).match!(ev('A', 's', 'Root'))).toBe(true);
    expect(one(`${detection}\n  condition: 1 of them`).match!(ev('never', 'x'))).toBe(false);
    expect(
      one(`${detection}\n  condition: selection_a and not 1 of filter_*`).match!(ev('A', 'x', 'Root')),
    ).toBe(false);
  });
  it('rejects unsupported features naming the rule file and the feature', () => {
    rejects(`  s:\n    CommandLine|windash: x\n  condition: s`, /modifier 'windash' is not supported/);
    rejects(
      `  s:\n    CommandLine|base64offset|contains: x\n  condition: s`,
      /modifier 'base64offset' is not supported/,
    );
    rejects(`  s:\n    a|nonsense: x\n  condition: s`, /unknown modifier 'nonsense'/);
    rejects(`  s:\n    a: x\n  condition: s | near t`, /'near' aggregations are not supported/);
    rejects(`  s:\n    a: x\n  condition: s | max(a) > 3`, /aggregation 'max\(\)' is not supported/);
    rejects(`  s:\n    a: x\n  condition: 2 of s*`, /'2 of' is not supported/);
    rejects(`  s:\n    a: x\n  condition: s and t`, /unknown selection 't'/);
    const wrongSource = compileRuleTexts([
      {
        file: 'w.yaml',
        text: 'title: t\nid: w\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\n',
      },
    ]);
    expect(wrongSource.errors[0]).toMatch(
      /w\.yaml: rule w: logsource .* is not product aws, service cloudtrail/,
    );
  });
  it('unknown top-level keys are reported but the rule loads', () => {
    const loaded = compileRuleTexts([
      {
        file: 'k.yaml',
        text: 'title: t\nid: k\nsurprise: 1\nlogsource: {product: aws, service: cloudtrail}\ndetection: {s: {eventName: A}, condition: s}\n',
      },
    ]);
    expect(loaded.rules.length).toBe(1);
    expect(loaded.warnings).toEqual(["k.yaml: rule k: unknown key 'surprise' (ignored)"]);
  });
  it('indexes rules by the eventName or eventSource they pin', () => {
    expect(one(`  s:\n    eventName: [CreateUser, deleteUser]\n  condition: s`).pinnedNames).toEqual([
      'createuser',
      'deleteuser',
    ]);
    expect(
      one(`  s:\n    eventSource: iam.amazonaws.com\n  f:\n    eventName: X\n  condition: s and not f`)
        .pinnedSources,
    ).toEqual(['iam.amazonaws.com']);
    expect(one(`  s:\n    eventName|startswith: Create\n  condition: s`).pinnedNames).toBeUndefined();
    expect(
      one(`  a:\n    eventName: A\n  b:\n    eventSource: s\n  condition: a or b`).pinnedNames,
    ).toBeUndefined();
  });
});

describe('SigmaHQ-style rules load unchanged', () => {
  // Written in the style of the public SigmaHQ AWS CloudTrail rules: every construct they use.
  const texts = [
    `title: Example Trail Tampering
id: 7c1a0f52-0000-4000-8000-000000000001
status: test
description: Example.
references:
    - https://example.org/
author: Stance tests
date: 2026-03-02
modified: 2026-03-03
tags:
    - attack.defense-evasion
    - attack.t1562.008
logsource:
    product: aws
    service: cloudtrail
detection:
    selection_source:
        eventSource: cloudtrail.amazonaws.com
        eventName:
            - StopLogging
            - UpdateTrail
            - DeleteTrail
    condition: selection_source
falsepositives:
    - Valid changes
level: medium
`,
    `title: Example Status Selections
id: 7c1a0f52-0000-4000-8000-000000000002
status: experimental
description: Example.
author: Stance tests
date: 2026-03-02
tags:
    - attack.persistence
related:
    - id: 7c1a0f52-0000-4000-8000-000000000001
      type: similar
logsource:
    product: aws
    service: cloudtrail
detection:
    selection_event_name:
        eventName: CreateAccessKey
    selection_status_success:
        errorMessage: null
    selection_status_null:
        errorCode: null
    filter_main_generic:
        - userIdentity.arn|contains: 'arn:aws:sts::'
        - userAgent|contains|all:
            - 'Boto'
            - 'python'
    filter_main_self:
        userIdentity.userName|fieldref: requestParameters.userName
    filter_optional_role:
        userIdentity.arn|re: '.+:assumed-role/aws:.+'
    filter_main_country:
        src_country|expand: '%Legitimate_Countries%'
    condition: selection_event_name and 1 of selection_status_* and not 1 of filter_main_* and not 1 of filter_optional_*
level: medium
`,
    `title: Example Count
id: 7c1a0f52-0000-4000-8000-000000000003
status: experimental
description: Example.
author: Stance tests
date: 2026-03-02
tags:
    - attack.credential-access
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventSource|startswith: 'secretsmanager.'
        eventName|endswith: SecretValue
        errorCode|contains: '*'
    condition: selection | count() by userIdentity.arn > 2
level: high
`,
  ];
  it('loads and evaluates them', () => {
    const loaded = compileRuleTexts(texts.map((text, i) => ({ file: `sigmahq-${i}.yml`, text })));
    expect(loaded.errors).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    const [trail, keys, count] = loaded.rules;
    expect(trail!.match!(record({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' }))).toBe(
      true,
    );
    const forBob = record({ eventName: 'CreateAccessKey', requestParameters: { userName: 'bob' } });
    expect(keys!.match!(forBob)).toBe(true);
    expect(keys!.match!({ ...forBob, requestParameters: { userName: 'alice' } })).toBe(false);
    expect(keys!.match!({ ...forBob, errorCode: 'AccessDenied', errorMessage: 'denied' })).toBe(false);
    expect(count!.kind).toBe('event_count');
    expect(count!.correlation).toMatchObject({ condition: [['gt', 2]], rules: [count!.id] });
    expect(count!.groupBy).toEqual(['userIdentity.arn']);
  });
});

describe('hostile rules: regular expressions and wildcards run in linear time', () => {
  const took = (fn: () => void) => {
    const started = performance.now();
    fn();
    return performance.now() - started;
  };

  it('|re runs on a linear-time engine: ^(a+)+$ against a long run of a followed by b', () => {
    const rule = one(`  s:\n    userAgent|re: '^(a+)+$'\n  condition: s`);
    // A backtracking engine needs seconds for 25 characters, and doubles with each one more.
    expect(
      took(() => expect(rule.match!(record({ userAgent: 'a'.repeat(25) + 'b' }))).toBe(false)),
    ).toBeLessThan(1000);
    expect(
      took(() => expect(rule.match!(record({ userAgent: 'a'.repeat(100_000) + 'b' }))).toBe(false)),
    ).toBeLessThan(2000);
    expect(rule.match!(record({ userAgent: 'aaaa' }))).toBe(true);
  });

  it('wildcard values with many stars do not backtrack', () => {
    const rule = one(`  s:\n    userAgent: '*a*a*a*a*c'\n  condition: s`);
    expect(
      took(() => expect(rule.match!(record({ userAgent: 'a'.repeat(120) + 'b' }))).toBe(false)),
    ).toBeLessThan(1000);
    expect(rule.match!(record({ userAgent: 'xAyAzaAC' }))).toBe(true);
    expect(rule.match!(record({ userAgent: 'aaaa' }))).toBe(false);
    const question = one(`  s:\n    userAgent|cased: 'a?c*d?'\n  condition: s`);
    expect(question.match!(record({ userAgent: 'abcxxdz' }))).toBe(true);
    expect(question.match!(record({ userAgent: 'abcxxd' }))).toBe(false);
    expect(question.match!(record({ userAgent: 'AbcxxdZ' }))).toBe(false);
  });

  it('selection-name patterns in conditions (1 of *a*a*...) do not backtrack', () => {
    const name = 'a'.repeat(48);
    const text = `title: t\nid: r1\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  ${name}: {eventName: A}\n  b: {eventName: B}\n  condition: 1 of *a*a*a*a*a*a*b\n`;
    let loaded: ReturnType<typeof compileRuleTexts> | undefined;
    expect(took(() => (loaded = compileRuleTexts([{ file: 'c.yaml', text }])))).toBeLessThan(1000);
    expect(loaded!.errors).toEqual([expect.stringMatching(/no selection matches '\*a\*a\*a\*a\*a\*a\*b'/)]);
  });

  it('|re flags map to the engine: i (case-insensitive), m (multi-line), s (dot matches newline); the search is unanchored', () => {
    const r = (userAgent: string) => record({ userAgent });
    expect(one(`  s:\n    userAgent|re: 'CLI/2'\n  condition: s`).match!(r('aws-cli/2'))).toBe(false);
    expect(one(`  s:\n    userAgent|re|i: 'CLI/2'\n  condition: s`).match!(r('aws-cli/2'))).toBe(true);
    expect(one(`  s:\n    userAgent|re|i: 'É'\n  condition: s`).match!(r('café'))).toBe(true);
    expect(one(`  s:\n    userAgent|re: '^b'\n  condition: s`).match!(r('a\nb'))).toBe(false);
    expect(one(`  s:\n    userAgent|re|m: '^b$'\n  condition: s`).match!(r('a\nb\nc'))).toBe(true);
    expect(one(`  s:\n    userAgent|re: 'a.b'\n  condition: s`).match!(r('a\nb'))).toBe(false);
    expect(one(`  s:\n    userAgent|re|s: 'a.b'\n  condition: s`).match!(r('a\nb'))).toBe(true);
    expect(one(`  s:\n    userAgent|re: '\\d{3}'\n  condition: s`).match!(r('v123'))).toBe(true);
    expect(
      one(`  s:\n    requestParameters.n|re: '^4\\d$'\n  condition: s`).match!(
        record({ requestParameters: { n: 42 } }),
      ),
    ).toBe(true);
  });

  it('refuses a rule whose |re needs backtracking (lookaround, backreference), naming the rule and the feature', () => {
    rejects(`  s:\n    userAgent|re: 'aws(?=-cli)'\n  condition: s`, /userAgent\|re.*lookahead/);
    rejects(`  s:\n    userAgent|re: 'aws(?!-cli)'\n  condition: s`, /negative lookahead/);
    rejects(`  s:\n    userAgent|re: '(?<=aws)-cli'\n  condition: s`, /lookbehind/);
    rejects(`  s:\n    userAgent|re: '(?<!aws)-cli'\n  condition: s`, /negative lookbehind/);
    rejects(`  s:\n    userAgent|re: '(a)\\1'\n  condition: s`, /backreference \\1/);
    rejects(`  s:\n    userAgent|re: '(?<x>a)\\k<x>'\n  condition: s`, /backreference \\k<x>/);
    rejects(`  s:\n    userAgent|re: '(?>a+)b'\n  condition: s`, /atomic group/);
    rejects(`  s:\n    userAgent|re: 'a++b'\n  condition: s`, /possessive/);
    rejects(`  s:\n    userAgent|re: '(unclosed'\n  condition: s`, /invalid regular expression/);
    // Escaped look-alikes and character classes are plain syntax.
    expect(
      one(`  s:\n    userAgent|re: '\\(\\?=x[(?=]'\n  condition: s`).match!(record({ userAgent: '(?=x=' })),
    ).toBe(true);
  });
});
