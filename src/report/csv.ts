import type { Report } from './model.js';

const HEADER = [
  'framework',
  'control_id',
  'title',
  'section',
  'assessment',
  'coverage',
  'status',
  'evaluated',
  'passing',
  'rule_id',
  'resource_id',
  'resource_type',
  'account',
  'region',
  'message',
  'since',
  'muted',
];

/**
 * A spreadsheet opens a cell starting with =, +, -, @ (or a tab/CR) as a formula: prefix it with an
 * apostrophe so resource names and messages stay text (CSV injection).
 */
export function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

// A comma, quote, line break, or any other control or bidi character: the cell is quoted.
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const NEEDS_QUOTES = /[",\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * One CSV cell: neutralized, and quoted when it holds a comma, quote, line break or other control
 * character. Values stay byte-exact (CSV consumers need the real name); a quoted cell shows a reader
 * where unusual bytes are. CSV is machine output: escaping for terminals is the reader's tool's job.
 */
export function csvCell(value: string | number): string {
  const text = neutralize(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per control and failing (or muted) resource; a control with none has one row. */
export function renderCsv(report: Report): string {
  const rows: (string | number)[][] = [HEADER];
  for (const c of report.controls) {
    const base = [
      report.framework.id,
      c.id,
      c.title,
      c.section,
      c.assessment,
      c.coverage,
      c.status,
      c.evaluated,
      c.passing,
    ];
    const entries = [
      ...c.failing.map((f) => ({ ...f, muted: false })),
      ...c.muted.map((f) => ({ ...f, muted: true })),
    ];
    if (entries.length === 0) rows.push([...base, c.rules.join(' '), '', '', '', '', '', '', '']);
    for (const f of entries)
      rows.push([
        ...base,
        f.ruleId,
        f.resourceId,
        f.resourceType,
        f.account,
        f.region,
        f.message,
        f.since,
        f.muted ? 'yes' : 'no',
      ]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
