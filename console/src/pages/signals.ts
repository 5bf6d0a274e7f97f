import { canWrite, get, send } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { currentParams, link, navigate } from '../route.js';
import {
  asText,
  errorBox,
  field,
  filterForm,
  input,
  internalLink,
  kv,
  loading,
  pageTitle,
  pager,
  section,
  select,
  SEVERITIES,
  severityBadge,
  SIGNAL_STATES,
  statusBadge,
  table,
  when,
} from '../ui.js';

interface SignalRow {
  id: number;
  ruleId: string;
  title: string;
  status?: string;
  state?: string;
  severity: string;
  count?: number;
  firstSeen?: string;
  lastSeen?: string;
  mitre?: string[];
  group?: Record<string, string>;
}
interface SignalDetail extends SignalRow {
  reason?: string | null;
  eventIds?: string[];
  notes?: string[];
  history?: { status?: string; state?: string; at?: string; by?: string | null; note?: string | null }[];
  events?: Record<string, unknown>[];
  resources?: {
    resourceId: string;
    name?: string;
    resourceName?: string;
    type?: string;
    findings?: { rule?: string; ruleId?: string; severity?: string; message?: string }[];
    openFindings?: { rule?: string; ruleId?: string; severity?: string; message?: string }[];
  }[];
}

export async function signalsPage(root: HTMLElement): Promise<void> {
  const params = currentParams();
  const id = params.get('id');
  if (id) return signalDetail(root, id);
  root.append(pageTitle('Signals'));
  root.append(
    filterForm('signals', 'Filter signals', [
      field('State', select('state', SIGNAL_STATES, params.get('state'))),
      field('Severity', select('severity', SEVERITIES, params.get('severity'))),
      field('Rule', input('rule', params.get('rule'))),
    ]),
  );
  const body = h('div', { class: 'stack', 'aria-live': 'polite' }, loading());
  root.append(body);
  try {
    const data = await get<{ total: number; page: number; pageSize: number; items: SignalRow[] }>(
      '/api/signals',
      {
        state: params.get('state'),
        severity: params.get('severity'),
        rule: params.get('rule'),
        page: params.get('page'),
      },
    );
    body.replaceChildren(
      h('p', { class: 'result-count' }, `${data.total.toLocaleString('en')} signals`),
      table(
        'Signals',
        [
          {
            label: 'Signal',
            cell: (s) => [
              internalLink(link('signals', { id: s.id }), s.title || s.ruleId),
              h('div', { class: 'small muted' }, s.ruleId),
            ],
          },
          { label: 'Severity', cell: (s) => severityBadge(s.severity) },
          { label: 'State', cell: (s) => statusBadge(s.state ?? s.status) },
          { label: 'Events', className: 'num', cell: (s) => asText(s.count ?? '') },
          { label: 'MITRE', cell: (s) => (s.mitre ?? []).join(', ') },
          { label: 'Last seen', cell: (s) => when(s.lastSeen) },
        ],
        data.items,
        { empty: 'No signal matches these filters.' },
      ),
      pager(data.total, data.page, data.pageSize),
    );
  } catch (err) {
    body.replaceChildren(errorBox(err));
  }
}

async function signalDetail(root: HTMLElement, id: string): Promise<void> {
  root.append(pageTitle('Signal'));
  const body = h('div', { class: 'stack' }, loading());
  root.append(body);
  let s: SignalDetail;
  try {
    s = await get<SignalDetail>(`/api/signals/${encodeURIComponent(id)}`);
  } catch (err) {
    body.replaceChildren(errorBox(err));
    return;
  }
  document.title = `${s.title} · Stance`;
  root.querySelector('h1')?.replaceChildren(s.title || s.ruleId);
  replaceChildren(
    body,
    section(
      'Signal',
      kv([
        ['Id', String(s.id)],
        ['Rule', h('code', null, s.ruleId)],
        ['Severity', severityBadge(s.severity)],
        ['State', statusBadge(s.state ?? s.status)],
        [
          'MITRE ATT&CK',
          (s.mitre ?? []).length
            ? h(
                'ul',
                { class: 'tags' },
                (s.mitre ?? []).map((t) => h('li', null, h('code', null, t))),
              )
            : '—',
        ],
        [
          'Grouped by',
          Object.entries(s.group ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(', ') || '—',
        ],
        ['First seen', when(s.firstSeen)],
        ['Last seen', when(s.lastSeen)],
        ['Events', asText(s.count ?? s.events?.length ?? '')],
        ['Why', s.reason ?? '—'],
      ]),
    ),
    canWrite() ? triageForm(s) : null,
    section(
      'Triage history',
      table(
        'Triage history',
        [
          { label: 'When', cell: (c) => when(c.at) },
          { label: 'State', cell: (c) => statusBadge(c.status ?? c.state) },
          { label: 'Who', cell: (c) => c.by ?? '—' },
          { label: 'Note', cell: (c) => c.note ?? '' },
        ],
        s.history ?? [],
        { empty: 'Open since it was raised; nobody has triaged it yet.' },
      ),
    ),
    section(
      'Linked resources',
      table(
        'Linked resources',
        [
          {
            label: 'Resource',
            cell: (r) => [
              internalLink(link('resource', { id: r.resourceId }), r.name ?? r.resourceName ?? r.resourceId),
              r.type ? h('div', { class: 'small muted' }, r.type) : null,
            ],
          },
          {
            label: 'Open findings',
            cell: (r) =>
              (r.openFindings ?? r.findings ?? []).length
                ? h(
                    'ul',
                    null,
                    (r.openFindings ?? r.findings ?? []).map((f) =>
                      h(
                        'li',
                        null,
                        severityBadge(f.severity),
                        ' ',
                        h('code', null, f.rule ?? f.ruleId ?? ''),
                        f.message ? ` — ${f.message}` : '',
                      ),
                    ),
                  )
                : h('span', { class: 'muted' }, 'none'),
          },
        ],
        s.resources ?? [],
        { empty: 'No resources linked.' },
      ),
    ),
    section(
      'Events',
      (s.events ?? []).length === 0
        ? null
        : table(
            'Events',
            [
              { label: 'Time', cell: (e) => when(asText(e.time ?? e.eventTime ?? e.at)) },
              { label: 'Event', cell: (e) => h('code', null, asText(e.name ?? e.eventName ?? e.id)) },
              { label: 'Who', cell: (e) => asText(e.actor ?? e.principal ?? e.user ?? '') },
              { label: 'From', cell: (e) => asText(e.sourceIp ?? e.sourceIPAddress ?? '') },
            ],
            s.events ?? [],
            { empty: '' },
          ),
      !s.events?.length && s.eventIds?.length
        ? [
            h('p', { class: 'small muted' }, `CloudTrail event ids (${s.eventIds.length}):`),
            h(
              'ul',
              { class: 'tags' },
              s.eventIds.slice(0, 200).map((id) => h('li', null, h('code', null, id))),
            ),
          ]
        : null,
      !s.events?.length && !s.eventIds?.length
        ? h('p', { class: 'muted empty' }, 'No events stored for this signal.')
        : null,
    ),
  );
}

function triageForm(s: SignalDetail): HTMLElement {
  const state = select('state', SIGNAL_STATES, s.state ?? s.status ?? 'open', '');
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 1000 });
  const status = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'triage', 'aria-label': 'Triage' },
    field('New state', state),
    field('Note', note),
    h('button', { type: 'submit' }, 'Save'),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    send('POST', `/api/signals/${encodeURIComponent(String(s.id))}/state`, {
      state: state.value,
      note: note.value.trim() || undefined,
    })
      .then(() => navigate(window.location.pathname + window.location.search, { replace: true }))
      .catch((err: unknown) => status.replaceChildren(err instanceof Error ? err.message : 'could not save'));
  });
  return section('Triage', form);
}
