import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FrameworkScore, ScanResult } from '../../src/index.js';
import { printScanSummary } from '../../src/cli/scan-output.js';

afterEach(() => vi.restoreAllMocks());

function printed(result: ScanResult, scores?: FrameworkScore[]): string {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
    out.push(String(text));
    return true;
  });
  printScanSummary(result, () => 'high', { scores });
  vi.restoreAllMocks();
  return out.join('');
}

const summaryResult = () =>
  ({
    outcome: {
      scanId: 1,
      status: 'ok',
      counts: { resources: 1, pass: 3, fail: 1, error: 0 },
      scopes: [],
      uncoveredTypes: [],
    },
    startedAt: new Date(0),
    finishedAt: new Date(1000),
    newFailures: [],
    gateFailures: 0,
  }) as unknown as ScanResult;

describe('the scan summary', () => {
  it('times the whole scan in its header, collection included', () => {
    const collectionStarted = new Date('2026-05-01T10:00:00Z');
    const evaluationStarted = new Date('2026-05-01T10:00:42Z');
    const finished = new Date('2026-05-01T10:00:45Z');
    const result = {
      outcome: {
        scanId: 7,
        status: 'ok',
        bundleVersion: '1',
        startedAt: evaluationStarted,
        finishedAt: finished,
        counts: { resources: 3, pass: 2, fail: 1, error: 0 },
        scopes: [],
        uncoveredTypes: [],
      },
      startedAt: collectionStarted,
      finishedAt: finished,
      resourceIds: new Set<string>(),
      newFailures: [],
      gateFailures: 0,
      deliveryErrors: [],
      problems: [],
      notices: [],
      exitCode: 0,
    } as unknown as ScanResult;
    expect(printed(result).split('\n')[0]).toContain('in 45.0s');
  });

  it('scores each relevant framework after the counts', () => {
    const text = printed(summaryResult(), [
      { framework: 'pss-baseline', name: 'PSS', passed: 3, failed: 1, errored: 0, evaluated: 4, score: 75 },
    ]);
    expect(text).toMatch(
      /Framework scores.*\nFRAMEWORK +SCORE +PASS +FAIL +ERROR +NAME\npss-baseline +75% +3 +1 +0 +PSS\n/,
    );
  });
});
