import { asOfPicker } from './overview.js';
import { canWrite, get, send } from '../api.js';
import { h } from '../dom.js';
import { currentParams, link, navigate } from '../route.js';
import {
  errorBox,
  field,
  filterForm,
  input,
  internalLink,
  loading,
  pageTitle,
  pager,
  section,
  select,
  SEVERITIES,
  severityBadge,
  STATUSES,
  findingStatus,
  table,
  when,
} from '../ui.js';

export interface Finding {
  resourceId: string;
  resourceName: string;
  resourceType: string;
  rule: string;
  ruleTitle?: string;
  severity: string;
  status: string;
  message: string;
  account?: string | null;
  region?: string | null;
  cluster?: string | null;
  namespace?: string | null;
  since: string;
  muted?: boolean;
}

interface FindingsPage {
  total: number;
  page: number;
  pageSize: number;
  items: Finding[];
}

interface MuteRow {
  id: number;
  ruleId?: string;
  rule?: string;
  resourcePattern?: string | null;
  resource?: string | null;
  reason: string;
  author?: string | null;
  createdAt?: string;
  expiresAt?: string | null;
}

/** The query parameters the findings API takes (the page passes them through unchanged). */
export const FINDING_FILTERS = [
  'status',
  'severity',
  'severityMode',
  'muted',
  'rule',
  'framework',
  'control',
  'account',
  'region',
  'cluster',
  'namespace',
  'type',
  'tag',
  'newSince',
  'asOf',
  'q',
  'sort',
  'order',
  'page',
  'pageSize',
] as const;

export async function findingsPage(root: HTMLElement): Promise<void> {
  const params = currentParams();
  const value = (k: string): string | null => params.get(k);
  root.append(pageTitle('Findings', asOfPicker(value('asOf'))));
  root.append(
    filterForm(
      'findings',
      'Filter findings',
      [
        field('Search', input('q', value('q'), { type: 'search', placeholder: 'resource name or message' })),
        field('Status', select('status', STATUSES, value('status'))),
        field('Severity', select('severity', SEVERITIES, value('severity'))),
        field(
          'Severity match',
          select(
            'severityMode',
            [
              ['atLeast', 'this level and above'],
              ['exact', 'this level only'],
            ],
            value('severityMode'),
            '',
          ),
        ),
        field(
          'Muted',
          select(
            'muted',
            [
              ['false', 'not muted'],
              ['true', 'muted'],
            ],
            value('muted'),
          ),
        ),
        field('Rule', input('rule', value('rule'))),
        field('Framework', input('framework', value('framework'))),
        field('Control', input('control', value('control'))),
        field('Account', input('account', value('account'))),
        field('Region', input('region', value('region'))),
        field('Cluster', input('cluster', value('cluster'))),
        field('Namespace', input('namespace', value('namespace'))),
        field('Resource type', input('type', value('type'))),
        field('Tag or owner', input('tag', value('tag'), { placeholder: 'key=value' })),
        field('New since', h('input', { type: 'date', name: 'newSince', value: value('newSince') ?? '' })),
      ],
      { sort: value('sort'), order: value('order'), asOf: value('asOf') },
    ),
  );
  const results = h('div', { class: 'stack', 'aria-live': 'polite' }, loading());
  root.append(results);
  const query: Record<string, string | null> = {};
  for (const k of FINDING_FILTERS) query[k] = value(k);
  try {
    const data = await get<FindingsPage>('/api/findings', query);
    results.replaceChildren(
      h('p', { class: 'result-count' }, `${data.total.toLocaleString('en')} findings`),
      findingsTable(data.items, true),
      pager(data.total, data.page, data.pageSize),
    );
  } catch (err) {
    results.replaceChildren(errorBox(err));
  }
  root.append(await mutesSection());
}

export function findingsTable(items: Finding[], sortable: boolean): HTMLElement {
  const writer = canWrite();
  return table(
    'Findings',
    [
      { label: 'Severity', sort: 'severity', cell: (f) => severityBadge(f.severity) },
      {
        label: 'Status',
        sort: 'status',
        cell: findingStatus,
      },
      {
        label: 'Resource',
        sort: 'name',
        cell: (f) => [
          internalLink(link('resource', { id: f.resourceId }), f.resourceName || f.resourceId, {
            class: 'resource-link',
          }),
          h('div', { class: 'muted small' }, f.resourceType),
        ],
      },
      {
        label: 'Rule',
        sort: 'rule',
        cell: (f) => [
          h('code', null, f.rule),
          f.ruleTitle ? h('div', { class: 'small' }, f.ruleTitle) : null,
        ],
      },
      { label: 'Message', cell: (f) => f.message },
      {
        label: 'Where',
        sort: 'account',
        cell: (f) =>
          f.cluster
            ? [f.cluster, f.namespace ? h('div', { class: 'small muted' }, f.namespace) : null]
            : [f.account ?? '', f.region ? h('div', { class: 'small muted' }, f.region) : null],
      },
      { label: 'Since', sort: 'since', cell: (f) => when(f.since) },
      ...(writer ? [{ label: 'Actions', cell: (f: Finding) => muteButton(f) }] : []),
    ],
    items,
    { empty: 'No finding matches these filters.', sortable },
  );
}

function muteButton(f: Finding): HTMLElement {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'small-button',
      'aria-label': `Mute ${f.rule} on ${f.resourceName || f.resourceId}`,
    },
    'Mute',
  );
  button.addEventListener('click', () => openMuteDialog(f));
  return button;
}

function openMuteDialog(f: Finding): void {
  const reason = h('textarea', { name: 'reason', required: true, rows: 3, maxlength: 500 });
  const expires = h('input', {
    type: 'date',
    name: 'expires',
    required: true,
    value: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  });
  const scope = select(
    'scope',
    [
      ['resource', 'This resource only'],
      ['rule', 'Every resource (the whole rule)'],
    ],
    'resource',
    '',
  );
  const status = h('p', { class: 'error', role: 'alert' });
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'mute-title' });
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', { id: 'mute-title' }, 'Mute a finding'),
    h('p', null, 'Rule ', h('code', null, f.rule), ' on ', h('strong', null, f.resourceName || f.resourceId)),
    field('Scope', scope),
    field('Reason', reason),
    field('Expires', expires),
    status,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Mute'),
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body: Record<string, string> = {
      rule: f.rule,
      reason: reason.value.trim(),
      expires: expires.value,
    };
    if (scope.value === 'resource') body.resource = f.resourceId;
    send('POST', '/api/mutes', body)
      .then(() => {
        dialog.close();
        dialog.remove();
        navigate(window.location.pathname + window.location.search, { replace: true });
      })
      .catch((err: unknown) => status.replaceChildren(err instanceof Error ? err.message : 'could not mute'));
  });
  dialog.append(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  reason.focus();
}

async function mutesSection(): Promise<HTMLElement> {
  try {
    const data = await get<MuteRow[] | { items: MuteRow[] }>('/api/mutes');
    const mutes = Array.isArray(data) ? data : data.items;
    const writer = canWrite();
    const problem = h('p', { class: 'error', role: 'alert' });
    return section(
      'Mutes in force',
      problem,
      table(
        'Mutes in force',
        [
          { label: 'Rule', cell: (m) => h('code', null, m.ruleId ?? m.rule ?? '') },
          { label: 'Resource', cell: (m) => m.resourcePattern ?? m.resource ?? 'every resource' },
          { label: 'Reason', cell: (m) => m.reason },
          { label: 'By', cell: (m) => m.author ?? '—' },
          { label: 'Expires', cell: (m) => when(m.expiresAt) },
          ...(writer
            ? [
                {
                  label: 'Actions',
                  cell: (m: MuteRow) =>
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'small-button secondary',
                        'aria-label': `Remove mute ${m.id}`,
                        onclick: () => {
                          send('DELETE', `/api/mutes/${encodeURIComponent(String(m.id))}`)
                            .then(() =>
                              navigate(window.location.pathname + window.location.search, { replace: true }),
                            )
                            .catch((err: unknown) =>
                              problem.replaceChildren(
                                err instanceof Error ? err.message : 'could not remove',
                              ),
                            );
                        },
                      },
                      'Unmute',
                    ),
                },
              ]
            : []),
        ],
        mutes,
        { empty: 'No mutes.' },
      ),
    );
  } catch (err) {
    return section('Mutes in force', errorBox(err));
  }
}
