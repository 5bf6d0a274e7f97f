import { describe, expect, it } from 'vitest';
import type { Framework } from '../../src/frameworks/load.js';
import { frameworkScores, type ScoredFinding } from '../../src/report/score.js';

const control = (id: string, rules: string[]) => ({
  id,
  title: id,
  section: '1',
  assessment: 'automated' as const,
  coverage: 'full' as const,
  rules,
});

const framework = (id: string, controls: ReturnType<typeof control>[]): Framework => ({
  id,
  name: id.toUpperCase(),
  version: '1',
  source: 'test',
  complete: false,
  controls,
});

const f = (ruleId: string, status: ScoredFinding['status'], muted = false): ScoredFinding => ({
  ruleId,
  status,
  muted,
});

describe('frameworkScores', () => {
  const k8s = framework('k8s', [
    control('1', ['k8s-a']), // pass
    control('2', ['k8s-a', 'k8s-b']), // one failing finding fails it
    control('3', ['k8s-c']), // error: never a pass
    control('4', ['k8s-d']), // muted failure counts as pass
    control('5', ['k8s-none']), // nothing decides it: not evaluated
    control('6', []), // manual
  ]);
  const aws = framework('aws', [control('1', ['aws-x'])]);

  it('scores the share of passing controls among those the findings decide', () => {
    const scores = frameworkScores(
      [k8s, aws],
      [
        f('k8s-a', 'pass'),
        f('k8s-b', 'pass'),
        f('k8s-b', 'fail'),
        f('k8s-c', 'error'),
        f('k8s-c', 'pass'),
        f('k8s-d', 'fail', true),
      ],
    );
    // aws: no finding decides any of its controls, so it is not relevant to the scan
    expect(scores).toEqual([
      { framework: 'k8s', name: 'K8S', passed: 2, failed: 1, errored: 1, evaluated: 4, score: 50 },
    ]);
  });

  it('is 100 only when every evaluated control passes, and rounds down', () => {
    const three = framework('three', [
      control('1', ['k8s-a']),
      control('2', ['k8s-b']),
      control('3', ['k8s-c']),
    ]);
    expect(
      frameworkScores([three], [f('k8s-a', 'pass'), f('k8s-b', 'pass'), f('k8s-c', 'fail')])[0]!.score,
    ).toBe(66);
    expect(
      frameworkScores([three], [f('k8s-a', 'pass'), f('k8s-b', 'pass'), f('k8s-c', 'pass')])[0]!.score,
    ).toBe(100);
  });
});
