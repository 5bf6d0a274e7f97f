import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import {
  coverageBackground,
  coverageMatrix,
  loadTechniques,
  type TechniqueCoverage,
} from '../../detect/coverage.js';
import { runRuleTests } from '../../detect/rule-tests.js';
import { loadRules, SigmaError } from '../../detect/sigma.js';
import { EXIT } from '../../scan/exit-codes.js';
import { parseFormat } from '../options.js';
import { field, printJson, printText, stderrLine, stdoutColumns } from '../output.js';
import { renderTable, type Column } from '../table.js';
import { bundledDetectionsDir } from '../../api/detect.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const STATUS: Record<TechniqueCoverage['status'], string> = {
  covered: 'covered',
  unproven: 'UNPROVEN',
  gap: 'gap',
  'no-footprint': 'no footprint',
};

function rulesCell(t: TechniqueCoverage): string {
  if (t.status === 'no-footprint') return t.why ?? '';
  if (t.status === 'gap') return t.gap ?? 'no rule (no reason recorded)';
  const parts = [...t.rules];
  if (t.via.length) parts.push(`via ${t.via.join(' ')}`);
  if (t.unproven.length) parts.push(`failing: ${t.unproven.join(' ')}`);
  return parts.join(', ');
}

/**
 * The matrix as a table no wider than the terminal: the tactic column only when there is room, the
 * last column (rules or reason) cut to what is left.
 */
export function matrixTable(techniques: TechniqueCoverage[], columns: number): string {
  const widest = (values: string[], max: number) =>
    Math.min(max, Math.max(0, ...values.map((v) => v.length)));
  const withTactic = columns >= 110;
  const nameMax = columns >= 100 ? 32 : 24;
  const fixed: Column<TechniqueCoverage>[] = [
    ...(withTactic
      ? [{ header: 'tactic', value: (t: TechniqueCoverage) => t.tactics[0] ?? '', max: 20 }]
      : []),
    { header: 'technique', value: (t) => t.id },
    { header: 'name', value: (t) => t.name, max: nameMax },
    { header: 'status', value: (t) => STATUS[t.status] },
  ];
  const used = fixed
    .map((c) => Math.max(c.header.length, widest(techniques.map(c.value), c.max ?? 1000)))
    .reduce((a, b) => a + b + 2, 0);
  return renderTable(techniques, [
    ...fixed,
    { header: 'rules / reason', value: rulesCell, max: Math.max(14, columns - used) },
  ]);
}

export function registerDetectCoverage(detect: Command, setExit: (code: number) => void): void {
  detect
    .command('coverage')
    .description(
      'MITRE ATT&CK coverage of the rule pack, proven by its tests run inside benign traffic (pinned technique list)',
    )
    .option('--rules <dir>', 'rules directory instead of the bundled pack (repeatable)', collect)
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: { rules?: string[]; format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const techniques = loadTechniques();
      let loaded;
      try {
        loaded = loadRules(flags.rules?.length ? flags.rules : [bundledDetectionsDir()]);
      } catch (error) {
        if (error instanceof SigmaError) throw new InputError(`--rules ${error.message}`);
        throw error;
      }
      for (const w of loaded.warnings) stderrLine(`stance: warning: ${w}`);
      for (const u of loaded.unreadable) stderrLine(`stance: ${u} (skipped)`);
      for (const e of loaded.errors) stderrLine(`stance: ${e} (rule skipped)`);
      if (loaded.errors.length || loaded.unreadable.length) setExit(EXIT.partial);
      if (loaded.rules.length === 0)
        throw new InputError(
          `no detection rules loaded from ${(flags.rules ?? [bundledDetectionsDir()]).join(', ')}`,
        );
      const results = await runRuleTests(loaded.rules, loaded.intel, { background: coverageBackground });
      const failures = results.filter((r) => !r.ok);
      for (const f of failures)
        stderrLine(`stance: test failed: ${f.file}: ${f.ruleId} / ${f.test}: ${f.message}`);
      const matrix = coverageMatrix(techniques, loaded.rules, results);
      if (format === 'json') {
        printJson({ ...matrix, rules: loaded.rules.filter((r) => r.generate).length, failedTests: failures });
        return;
      }
      const t = matrix.totals;
      printText(matrixTable(matrix.techniques, stdoutColumns()));
      const rules = loaded.rules.filter((r) => r.generate).length;
      printText(
        `\nATT&CK Enterprise v${field(matrix.attackVersion)} (${matrix.platforms.map(field).join(', ')}): ${t.techniques} techniques\n` +
          `  ${t.withFootprint} with a CloudTrail footprint: ${t.covered} covered (${Math.round((100 * t.covered) / Math.max(1, t.withFootprint))}%), ${t.gaps} gap(s), ${t.unproven} unproven\n` +
          `  ${t.noFootprint} without a CloudTrail footprint\n` +
          `${rules} rules; ${results.length - failures.length}/${results.length} tests passed inside benign traffic\n`,
      );
      if (matrix.unlisted.length)
        printText(
          `Tags not in the pinned list: ${matrix.unlisted.map((u) => `${field(u.tag)} (${u.rules.map(field).join(', ')})`).join('; ')}\n`,
        );
    });
}
