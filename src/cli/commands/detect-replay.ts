import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { IntelLists } from '../../detect/intel.js';
import { replayPacks, type ReplayRow } from '../../detect/replay.js';
import { closure } from '../../detect/rule-tests.js';
import { DEFAULT_LOOKBACK_MS, S3Source } from '../../detect/s3-source.js';
import type { DetectionRule } from '../../detect/sigma.js';
import { FileSource, type EventSource } from '../../detect/sources.js';
import type { SignalDayCount } from '../../store/index.js';
import { EXIT } from '../../scan/exit-codes.js';
import { openStore, type GlobalOptions } from '../context.js';
import { parseFormat } from '../format.js';
import { printJson, printText, stderrLine } from '../output.js';
import { renderTable } from '../table.js';
import { collect, duration, loadDetectionRules, parseSince, regionList } from './detect.js';

interface ReplayFlags {
  files?: string[];
  s3?: string;
  since?: string;
  until?: string;
  rules?: string[];
  current?: string[];
  rule?: string[];
  intel?: string[];
  lateness?: string;
  clockSkew?: string;
  lookback?: string;
  regions?: string;
  format?: string;
}

/** The named rules with every rule their correlations read; all rules when none are named. */
function only(
  rules: DetectionRule[],
  ids: string[] | undefined,
  pack: string,
  required: boolean,
): DetectionRule[] {
  if (!ids?.length) return rules;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const out = new Map<string, DetectionRule>();
  for (const id of ids) {
    const rule = byId.get(id);
    if (!rule) {
      if (required) throw new InputError(`--rule ${id}: no such rule in the ${pack} pack`);
      continue;
    }
    for (const r of closure(rule, byId))
      if (!out.has(r.id) || r.id === id) out.set(r.id, r.id === id ? rule : r);
  }
  return [...out.values()];
}

const pair = (x: { signals: number; events: number }) => (x.signals ? `${x.signals} (${x.events} ev)` : '-');

function replayTable(rows: ReplayRow[]): string {
  return renderTable(rows, [
    { header: 'day', value: (r) => r.day },
    { header: 'rule', value: (r) => r.ruleId, max: 50 },
    { header: 'would raise', value: (r) => pair(r.candidate) },
    { header: 'current pack', value: (r) => pair(r.current) },
    {
      header: 'change',
      value: (r) => {
        const d = r.candidate.signals - r.current.signals;
        return d > 0 ? `+${d}` : d < 0 ? String(d) : '';
      },
    },
  ]);
}

interface RuleTotal {
  ruleId: string;
  signals: number;
  events: number;
  falsePositives: number;
  days: number;
  busiestDay: string;
  busiest: number;
}

/** Per rule: signals, events, false positives, days with a signal and the busiest day; noisiest first. */
export function ruleTotals(rows: SignalDayCount[]): RuleTotal[] {
  const totals = new Map<string, RuleTotal>();
  for (const r of rows) {
    let t = totals.get(r.ruleId);
    if (!t)
      totals.set(
        r.ruleId,
        (t = {
          ruleId: r.ruleId,
          signals: 0,
          events: 0,
          falsePositives: 0,
          days: 0,
          busiestDay: '',
          busiest: 0,
        }),
      );
    t.signals += r.signals;
    t.events += r.events;
    t.falsePositives += r.falsePositives;
    t.days++;
    if (r.signals > t.busiest) {
      t.busiest = r.signals;
      t.busiestDay = r.day;
    }
  }
  return [...totals.values()].sort((a, b) => b.signals - a.signals || (a.ruleId < b.ruleId ? -1 : 1));
}

export function registerReplay(
  detect: Command,
  globals: () => GlobalOptions,
  setExit: (code: number) => void,
): void {
  detect
    .command('replay')
    .description(
      'backtest: run a pack (or some rules) over past events with scratch state and compare with the current pack, per rule and day',
    )
    .option('--files <path...>', 'CloudTrail files (gzip or not), JSON lines, directories (recursive)')
    .option('--s3 <url>', 's3://bucket/prefix of a trail: every object of the window is read')
    .option('--since <date>', 'replay events from this date or date-time')
    .option('--until <date>', 'replay events before this date or date-time')
    .option('--rules <dir>', 'the pack to try (default: the bundled pack; repeatable)', collect)
    .option('--current <dir>', 'the pack to compare with (default: the bundled pack; repeatable)', collect)
    .option('--rule <id>', 'replay only this rule (and the rules its correlations read; repeatable)', collect)
    .option('--intel <file>', 'IP/CIDR lists with labels for the intel modifier (repeatable)', collect)
    .option('--lateness <duration>', 'how late an event may arrive and still join correlation windows', '2h')
    .option('--clock-skew <duration>', "how far ahead of this machine's clock an event may be dated", '15m')
    .option('--lookback <duration>', '--s3: day folders listed (ignored with --since)', '2d')
    .option('--regions <list>', '--s3: only these regions')
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: ReplayFlags) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      if (Boolean(flags.files?.length) === Boolean(flags.s3))
        throw new InputError('give exactly one source: --files PATH... or --s3 s3://bucket/prefix');
      const since = flags.since ? parseSince(flags.since) : undefined;
      const until = flags.until ? parseSince(flags.until, '--until') : undefined;
      if (since && until && until <= since) throw new InputError('--until must be after --since');
      const latenessMs = duration(flags.lateness, '--lateness');
      const clockSkewMs = duration(flags.clockSkew, '--clock-skew');
      const lookbackMs =
        flags.lookback === undefined ? DEFAULT_LOOKBACK_MS : duration(flags.lookback, '--lookback');
      const regions = regionList(flags.regions);
      const intel = IntelLists.load(flags.intel ?? []);
      const candidatePack = loadDetectionRules(flags.rules, intel);
      const currentPack = loadDetectionRules(flags.current, intel);
      const candidate = only(candidatePack.rules, flags.rule, 'replayed', true);
      const current = only(currentPack.rules, flags.rule, 'current', false);
      const source: EventSource & { close?(): void } = flags.s3
        ? new S3Source(flags.s3, { since, lookbackMs, regions })
        : new FileSource(flags.files ?? []);
      try {
        const result = await replayPacks(
          [source],
          { candidate, current },
          {
            since,
            until,
            latenessMs,
            clockSkewMs,
            onProblem: (line) => stderrLine(`stance: ${line}`),
          },
        );
        const wanted = flags.rule?.length ? new Set(flags.rule) : undefined;
        const rows = wanted ? result.rows.filter((r) => wanted.has(r.ruleId)) : result.rows;
        const rulesSkipped = candidatePack.skipped + currentPack.skipped;
        if (result.skipped || rulesSkipped || candidatePack.unreadable || currentPack.unreadable) {
          stderrLine(
            `stance: ${result.events} event(s) read, ${result.skipped} skipped (${result.filesWithProblems} file(s) with problems)${rulesSkipped ? `; ${rulesSkipped} rule(s) skipped` : ''}`,
          );
          setExit(EXIT.partial);
        }
        const total = (pick: (r: ReplayRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
        const summary = {
          events: result.events,
          replayed: result.replayed,
          beforeSince: result.beforeSince,
          afterUntil: result.afterUntil,
          skipped: result.skipped,
          rules: { replayed: candidate.length, current: current.length },
          signals: {
            wouldRaise: total((r) => r.candidate.signals),
            current: total((r) => r.current.signals),
          },
        };
        if (format === 'json') {
          printJson({ ...summary, rows });
          return;
        }
        printText(
          `${result.replayed} event(s) replayed of ${result.events} read` +
            `${result.beforeSince ? `, ${result.beforeSince} before --since` : ''}${result.afterUntil ? `, ${result.afterUntil} after --until` : ''}; ` +
            `would raise ${summary.signals.wouldRaise} signal(s), the current pack ${summary.signals.current} ` +
            `(scratch state: nothing stored)\n`,
        );
        if (rows.length) printText('\n' + replayTable(rows));
      } finally {
        source.close?.();
      }
    });

  detect
    .command('stats')
    .description('signals per rule over time, noisiest rules first')
    .option('--since <date>', 'signals first seen from this date or date-time')
    .option('--until <date>', 'signals first seen before this date or date-time')
    .option('--rule <id>', 'only this rule')
    .option('--by-day', 'one row per rule and day')
    .option('--format <format>', 'table | json', 'table')
    .action(
      async (flags: { since?: string; until?: string; rule?: string; byDay?: boolean; format?: string }) => {
        const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
        const since = flags.since ? parseSince(flags.since) : undefined;
        const until = flags.until ? parseSince(flags.until, '--until') : undefined;
        const store = await openStore(globals(), true);
        try {
          const days = await store.signals.dailyCounts({ since, until, ruleId: flags.rule });
          const totals = ruleTotals(days);
          if (format === 'json') {
            printJson({ rules: totals, days });
            return;
          }
          if (days.length === 0) {
            printText('no signals\n');
            return;
          }
          const first = days[0]!.day;
          const last = days[days.length - 1]!.day;
          printText(`signals per rule, ${first} to ${last} (by first sighting)\n\n`);
          printText(
            renderTable(totals, [
              { header: 'rule', value: (t) => t.ruleId, max: 50 },
              { header: 'signals', value: (t) => String(t.signals) },
              { header: 'events', value: (t) => String(t.events) },
              { header: 'false positive', value: (t) => (t.falsePositives ? String(t.falsePositives) : '-') },
              { header: 'days', value: (t) => String(t.days) },
              { header: 'busiest day', value: (t) => `${t.busiestDay} (${t.busiest})` },
            ]),
          );
          if (flags.byDay)
            printText(
              '\n' +
                renderTable(days, [
                  { header: 'day', value: (d) => d.day },
                  { header: 'rule', value: (d) => d.ruleId, max: 50 },
                  { header: 'signals', value: (d) => String(d.signals) },
                  { header: 'events', value: (d) => String(d.events) },
                  {
                    header: 'false positive',
                    value: (d) => (d.falsePositives ? String(d.falsePositives) : '-'),
                  },
                ]),
            );
        } finally {
          await store.close();
        }
      },
    );
}
