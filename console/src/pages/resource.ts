import { get } from '../api.js';
import { endOfDay } from './overview.js';
import { h, svg, type Child } from '../dom.js';
import { currentParams, link, navigate, withParams } from '../route.js';
import {
  asText,
  errorBox,
  field,
  internalLink,
  kv,
  loading,
  pageTitle,
  section,
  findingStatus,
  severityBadge,
  signalsTable,
  table,
  when,
  type SignalListItem,
} from '../ui.js';

interface ResourceFinding {
  rule: string;
  ruleTitle?: string;
  severity: string;
  status: string;
  message: string;
  since?: string;
  muted?: boolean;
  remediation?: unknown;
}
interface Interval {
  status: string;
  from: string;
  to: string | null;
}
interface Version {
  hash?: string;
  validFrom: string;
  validTo?: string | null;
}
interface ResourceDetail {
  resource: {
    resourceId: string;
    name: string;
    type: string;
    provider?: string;
    account?: string;
    region?: string;
    cluster?: string;
    namespace?: string;
    tags?: Record<string, string>;
    firstSeen?: string;
    deletedAt?: string | null;
  };
  findings: ResourceFinding[];
  timeline: { rule: string; intervals: Interval[] }[];
  signals: SignalListItem[];
  versions?: Version[];
}

export async function resourcePage(root: HTMLElement): Promise<void> {
  const params = currentParams();
  const id = params.get('id');
  if (!id) {
    root.append(
      pageTitle('Resource'),
      h('p', null, 'No resource chosen: open one from ', internalLink(link('findings'), 'the findings'), '.'),
    );
    return;
  }
  const base = `/api/resources/${encodeURIComponent(id)}`;
  root.append(pageTitle('Resource'));
  const body = h('div', { class: 'stack' }, loading());
  root.append(body);
  let detail: ResourceDetail;
  try {
    detail = await get<ResourceDetail>(base);
  } catch (err) {
    body.replaceChildren(errorBox(err));
    return;
  }
  const r = detail.resource;
  document.title = `${r.name || r.resourceId} · Stance`;
  root.querySelector('h1')?.replaceChildren(r.name || r.resourceId);
  body.replaceChildren(
    section(
      'Resource',
      kv([
        ['Id', h('code', null, r.resourceId)],
        ['Type', r.type],
        [
          'Where',
          r.cluster
            ? `${r.cluster}${r.namespace ? ` / ${r.namespace}` : ''}`
            : [r.account, r.region].filter(Boolean).join(' / '),
        ],
        [
          'Tags',
          Object.entries(r.tags ?? {}).length
            ? h(
                'ul',
                { class: 'tags' },
                Object.entries(r.tags ?? {}).map(([k, v]) => h('li', null, h('code', null, `${k}=${v}`))),
              )
            : '—',
        ],
        ['First seen', when(r.firstSeen)],
        ['Deleted', r.deletedAt ? when(r.deletedAt) : 'no'],
      ]),
    ),
    section(
      'Failing findings',
      table(
        'Failing findings',
        [
          { label: 'Severity', cell: (f) => severityBadge(f.severity) },
          {
            label: 'Status',
            cell: findingStatus,
          },
          {
            label: 'Rule',
            className: 'rule-col',
            cell: (f) => [
              h('code', null, f.rule),
              f.ruleTitle ? h('div', { class: 'small' }, f.ruleTitle) : null,
            ],
          },
          { label: 'Message', cell: (f) => f.message },
          { label: 'How to fix', cell: (f) => remediation(f.remediation) },
        ],
        detail.findings.filter((f) => f.status !== 'pass'),
        { empty: 'Nothing fails on this resource.' },
      ),
    ),
    section(
      'Passing checks',
      table(
        'Passing checks',
        [
          { label: 'Severity', cell: (f) => severityBadge(f.severity) },
          { label: 'Rule', className: 'rule-col', cell: (f) => h('code', null, f.rule) },
          { label: 'Check', cell: (f) => f.ruleTitle ?? '' },
          { label: 'Since', cell: (f) => when(f.since) },
        ],
        detail.findings.filter((f) => f.status === 'pass'),
        { empty: 'No rule passes on this resource.' },
      ),
    ),
    section('Status timeline', timeline(detail.timeline)),
    section(
      'Linked signals',
      signalsTable('Linked signals', detail.signals ?? [], 'No signal names this resource.'),
    ),
    await configSection(base, detail.versions ?? []),
    await diffSection(base, detail.versions ?? []),
  );
}

function remediation(value: unknown): Child {
  if (!value) return h('span', { class: 'muted' }, '—');
  if (typeof value === 'string') return value;
  const r = value as { console?: string; cli?: string; steps?: string[]; yaml?: string; text?: string };
  return h(
    'div',
    { class: 'remediation' },
    r.text ? h('p', null, r.text) : null,
    r.console ? h('p', null, r.console) : null,
    Array.isArray(r.steps)
      ? h(
          'ol',
          null,
          r.steps.map((s) => h('li', null, asText(s))),
        )
      : null,
    r.cli ? h('pre', null, h('code', null, r.cli)) : null,
    r.yaml ? h('pre', null, h('code', null, r.yaml)) : null,
    !r.text && !r.console && !r.steps && !r.cli && !r.yaml
      ? h('pre', null, JSON.stringify(value, null, 2))
      : null,
  );
}

function timeline(rows: ResourceDetail['timeline']): HTMLElement {
  if (!rows || rows.length === 0) return h('p', { class: 'muted empty' }, 'No history.');
  const starts = rows.flatMap((r) => r.intervals.map((i) => Date.parse(i.from)));
  const now = Date.now();
  const t0 = Math.min(...starts);
  const span = Math.max(1, now - t0);
  const W = 600;
  const list = h('ul', { class: 'timeline' });
  for (const row of rows) {
    const bars = row.intervals.map((i) => {
      const a = Date.parse(i.from);
      const b = i.to ? Date.parse(i.to) : now;
      const x = ((a - t0) / span) * W;
      const w = Math.max(2, ((b - a) / span) * W);
      return svg(
        'rect',
        {
          x: x.toFixed(1),
          y: 2,
          width: w.toFixed(1),
          height: 14,
          class: `seg seg-${['pass', 'fail', 'error'].includes(i.status) ? i.status : 'other'}`,
        },
        svg('title', null, `${i.status} from ${i.from.slice(0, 10)} to ${i.to ? i.to.slice(0, 10) : 'now'}`),
      );
    });
    const summary = row.intervals
      .map((i) => `${i.status} ${i.from.slice(0, 10)}–${i.to ? i.to.slice(0, 10) : 'now'}`)
      .join(', ');
    list.append(
      h(
        'li',
        null,
        h('code', { class: 'timeline-rule' }, row.rule),
        svg(
          'svg',
          {
            viewBox: `0 0 ${W} 18`,
            class: 'timeline-bar',
            role: 'img',
            'aria-label': `${row.rule}: ${summary}`,
            preserveAspectRatio: 'none',
          },
          bars,
        ),
      ),
    );
  }
  return h(
    'div',
    null,
    h(
      'p',
      { class: 'muted small' },
      `From ${new Date(t0).toISOString().slice(0, 10)} to now. `,
      h('span', { class: 'legend seg-pass-l' }, 'pass'),
      ' ',
      h('span', { class: 'legend seg-fail-l' }, 'fail'),
      ' ',
      h('span', { class: 'legend seg-error-l' }, 'error'),
    ),
    list,
  );
}

async function configSection(base: string, versions: Version[]): Promise<HTMLElement> {
  const params = currentParams();
  const asOf = params.get('asOf');
  const picker = h('input', { type: 'date', name: 'asOf', value: asOf ? asOf.slice(0, 10) : '' });
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': 'Configuration as of' },
    field('As of', picker),
    h('button', { type: 'submit' }, 'Show'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(withParams({ asOf: endOfDay(picker.value) }));
  });
  let content: Child;
  try {
    const answer = await get<{ config: unknown; existed?: boolean }>(`${base}/config`, { asOf });
    content =
      answer.existed === false
        ? h('p', { class: 'muted' }, 'The resource did not exist at that date.')
        : h(
            'pre',
            { class: 'config', tabindex: '0', 'aria-label': 'Configuration' },
            JSON.stringify(answer.config, null, 2),
          );
  } catch (err) {
    content = errorBox(err);
  }
  return section(
    `Configuration${asOf ? ` as of ${asOf.slice(0, 10)}` : ' (latest)'}`,
    form,
    versions.length ? h('p', { class: 'muted small' }, `${versions.length} recorded versions.`) : null,
    content,
  );
}

interface Change {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}
interface DiffAnswer {
  from: { at: string; existed: boolean };
  to: { at: string; existed: boolean };
  changes: Change[];
  truncated?: boolean;
}

const versionLabel = (v: Version): string =>
  `${v.validFrom.slice(0, 19).replace('T', ' ')} UTC${v.hash ? ` (${v.hash.slice(0, 8)})` : ''}`;

async function diffSection(base: string, versions: Version[]): Promise<HTMLElement> {
  const params = currentParams();
  const from = params.get('from');
  const to = params.get('to');
  const newestFirst = [...versions].sort((a, b) => b.validFrom.localeCompare(a.validFrom));
  const options = (name: string, value: string | null): HTMLSelectElement =>
    h(
      'select',
      { name },
      h('option', { value: '' }, name === 'to' ? 'latest' : 'choose a version'),
      newestFirst.map((v) =>
        h('option', { value: v.validFrom, selected: v.validFrom === value }, versionLabel(v)),
      ),
    );
  const fromInput = versions.length
    ? options('from', from)
    : h('input', { type: 'date', name: 'from', value: from?.slice(0, 10) ?? '' });
  const toInput = versions.length
    ? options('to', to)
    : h('input', { type: 'date', name: 'to', value: to?.slice(0, 10) ?? '' });
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': 'Compare versions' },
    field('From', fromInput),
    field('To', toInput),
    h('button', { type: 'submit' }, 'Compare'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const norm = (v: string): string | undefined => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? endOfDay(v) : v);
    navigate(
      withParams({
        from: fromInput.value ? norm(fromInput.value) : undefined,
        to: toInput.value ? norm(toInput.value) : undefined,
      }),
    );
  });
  let content: Child = h(
    'p',
    { class: 'muted' },
    versions.length > 1
      ? 'Choose a version to compare with the latest (or with another version).'
      : 'Only one version recorded so far.',
  );
  if (from) {
    try {
      const result = await get<DiffAnswer>(`${base}/diff`, { from, to });
      content = [
        h(
          'p',
          { class: 'small muted' },
          `${result.from.at.slice(0, 19).replace('T', ' ')} UTC → ${result.to.at.slice(0, 19).replace('T', ' ')} UTC`,
          !result.from.existed ? ' (the resource did not exist at the first date)' : '',
          !result.to.existed ? ' (the resource did not exist at the second date)' : '',
        ),
        renderDiff(result.changes),
        result.truncated ? h('p', { class: 'muted' }, 'Only the first changes are shown.') : null,
      ];
    } catch (err) {
      content = errorBox(err);
    }
  }
  return section('Compare two versions', form, content);
}

function renderDiff(changes: Change[]): HTMLElement {
  return table(
    'Configuration changes',
    [
      { label: 'Path', cell: (d) => h('code', null, d.path || '/') },
      { label: 'Change', cell: (d) => d.kind },
      {
        label: 'Before',
        cell: (d) => (d.kind === 'added' ? '' : h('code', { class: 'del' }, JSON.stringify(d.from))),
      },
      {
        label: 'After',
        cell: (d) => (d.kind === 'removed' ? '' : h('code', { class: 'add' }, JSON.stringify(d.to))),
      },
    ],
    changes,
    { empty: 'No difference between these versions.' },
  );
}
