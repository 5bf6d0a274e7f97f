/** What `scan`, `demo` (and `node`) print for people: the scan's summary, manifest problems. */
import type { FrameworkScore, ManifestProblem, ScanResult, Severity } from '../index.js';
import { SEVERITIES } from '../types.js';
import { field, printColouredLine, printLine, printTable, stderrLine, type Colour } from './output.js';

/** One line per manifest problem (`stance: FILE[:LINE]: reason`) and notice (`stance: note: ...`). */
export function printManifestProblems(collection: {
  problems: ManifestProblem[];
  notices: ManifestProblem[];
}): void {
  const where = (p: { file: string; line?: number }) =>
    p.line === undefined ? p.file : `${p.file}:${p.line}`;
  for (const p of collection.problems) stderrLine(`stance: ${where(p)}: ${p.reason}`);
  for (const n of collection.notices) stderrLine(`stance: note: ${where(n)}: ${n.reason}`);
}

export function printScanSummary(
  result: ScanResult,
  severityOf: (ruleId: string) => Severity | undefined,
  opts: { moreCommand?: string; scores?: readonly FrameworkScore[] } = {},
): void {
  const { outcome } = result;
  const errored = outcome.scopes.filter((s) => s.status !== 'ok');
  // from before collection: a live scan spends most of its time listing
  const seconds = ((result.finishedAt.getTime() - result.startedAt.getTime()) / 1000).toFixed(1);
  const out: string[] = [];
  out.push(
    `Scan ${outcome.scanId} (${outcome.status}) in ${seconds}s: ${outcome.counts.resources} resources in ${outcome.scopes.length} scopes` +
      (errored.length ? `, ${errored.length} scope(s) could not be listed` : ''),
  );
  out.push(
    `  evaluations: ${outcome.counts.pass} pass, ${outcome.counts.fail} fail, ${outcome.counts.error} error`,
  );
  const transitions = outcome.scopes.flatMap((s) => s.transitions);
  // "new" leaves out what --baseline accepts
  const newFailures = result.newFailures;
  const resolved = transitions.filter((t) => t.from === 'fail' && t.to !== 'fail');
  if (transitions.length === 0) out.push('  no changes since the previous scan of these scopes');
  else
    out.push(
      `  changes: ${newFailures.length} newly failing, ${resolved.length} resolved, ${transitions.length} status changes in all`,
    );
  printLine(out.join('\n'));
  if (result.failingBySeverity)
    printSeverityCounts('  failing now (unmuted, scanned resources): ', result.failingBySeverity);
  if (opts.scores) printFrameworkScores(opts.scores);
  if (newFailures.length) {
    const shown = 20;
    printLine(
      `\nNewly failing${newFailures.length > shown ? ` (first ${shown} of ${newFailures.length})` : ''}:`,
    );
    const rows = [...newFailures].sort(
      (a, b) =>
        SEVERITIES.indexOf(severityOf(b.ruleId) ?? 'info') -
          SEVERITIES.indexOf(severityOf(a.ruleId) ?? 'info') || a.resourceId.localeCompare(b.resourceId),
    );
    printTable(rows.slice(0, shown), [
      { header: 'severity', value: (t) => severityOf(t.ruleId) ?? '?' },
      { header: 'rule', value: (t) => t.ruleId },
      { header: 'resource', value: (t) => t.resourceId, max: 70 },
      ...(rows.some((t) => t.source)
        ? [
            {
              header: 'location',
              value: (t: (typeof rows)[number]) => (t.source ? `${t.source.file}:${t.source.line}` : ''),
              max: 60,
            },
          ]
        : []),
      { header: 'message', value: (t) => t.message, max: 90 },
    ]);
    if (newFailures.length > shown)
      printLine(
        `… and ${newFailures.length - shown} more: ${opts.moreCommand ?? 'stance findings --new --status fail'}`,
      );
  }
  if (errored.length) {
    printLine(
      '\nScopes not listed completely (nothing in them was marked deleted; findings not re-evaluated are kept):',
    );
    printTable(errored, [
      { header: 'scope', value: (s) => s.key },
      { header: 'error', value: (s) => s.error ?? '' },
    ]);
  }
  if (outcome.uncoveredTypes.length) {
    printLine(
      `\nStored without evaluation (no rule covers these types): ${outcome.uncoveredTypes.map(field).join(', ')}`,
    );
  }
  if (result.gateFailures) {
    printLine();
    printColouredLine([
      [`--fail-on: ${result.gateFailures} failing finding(s) at or above the threshold`, 'red'],
    ]);
  }
}

/**
 * One row per framework the scan is relevant to: its score is the share of passing controls among
 * those the scanned resources' findings decide (`stance report --framework ID` has the rest).
 */
export function printFrameworkScores(scores: readonly FrameworkScore[]): void {
  if (scores.length === 0) return;
  printLine('\nFramework scores (controls passing, of those the scanned resources decide):');
  printTable(scores, [
    { header: 'framework', value: (s) => s.framework },
    { header: 'score', value: (s) => `${s.score}%` },
    { header: 'pass', value: (s) => String(s.passed) },
    { header: 'fail', value: (s) => String(s.failed) },
    { header: 'error', value: (s) => String(s.errored) },
    { header: 'name', value: (s) => s.name, max: 60 },
  ]);
}

const SEVERITY_COLOUR: Record<Severity, Colour | undefined> = {
  critical: 'red',
  high: 'red',
  medium: 'yellow',
  low: undefined,
  info: 'dim',
};

/** `prefix` then `2 critical, 5 high, ...`: the non-zero counts coloured by severity on a terminal. */
export function printSeverityCounts(prefix: string, counts: Record<Severity, number>): void {
  const parts: (string | [string, Colour | undefined])[] = [prefix];
  [...SEVERITIES].reverse().forEach((s, i) => {
    if (i) parts.push(', ');
    parts.push([`${counts[s]} ${s}`, counts[s] ? SEVERITY_COLOUR[s] : undefined]);
  });
  printColouredLine(parts);
}

/** Alert deliveries that failed: one line each (the alerts stay queued). */
export function printDeliveryErrors(errors: string[], prefix = 'stance: '): void {
  for (const error of errors) stderrLine(`${prefix}${error}`);
}
