import type { SignalEventSummary } from '../../../src/store/model.js';
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
/** One CloudTrail event of a signal, as GET /api/signals/:id summarises it (all text from the event: render as text). */
type SignalEvent = SignalEventSummary;
interface SignalDetail extends SignalRow {
  reason?: string | null;
  eventIds?: string[];
  notes?: string[];
  history?: { status?: string; state?: string; at?: string; by?: string | null; note?: string | null }[];
  events?: SignalEvent[];
  eventsTotal?: number;
  eventsNote?: string | null;
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
    eventsSection(s),
  );
}

const muted = (text: string) => h('span', { class: 'muted' }, text);

/** The signal's first events as a table (every cell text), or why they are not there. */
function eventsSection(s: SignalDetail): HTMLElement {
  const events = s.events ?? [];
  const total = s.eventsTotal ?? s.count ?? events.length;
  if (s.eventsNote) return section('Events', h('p', { class: 'muted empty' }, s.eventsNote));
  return section(
    'Events',
    events.length < total
      ? h(
          'p',
          { class: 'small muted' },
          `The first ${events.length} of ${total.toLocaleString('en')} events.`,
        )
      : null,
    h(
      'div',
      { class: 'events' },
      table(
        'Events',
        [
          { label: 'Time', cell: (e) => when(e.time) },
          {
            label: 'Event',
            cell: (e) =>
              e.recorded
                ? [
                    h('code', null, e.eventName ?? '?'),
                    h('div', { class: 'small muted' }, e.eventSource ?? ''),
                  ]
                : muted('not recorded (counted before the signal was raised)'),
          },
          {
            label: 'Identity',
            cell: (e) =>
              e.recorded
                ? [
                    e.identityArn ?? e.userName ?? e.principalId ?? '—',
                    h(
                      'div',
                      { class: 'small muted' },
                      [
                        e.identityType,
                        e.sessionName && `session ${e.sessionName}`,
                        e.accessKeyId && `key ${e.accessKeyId}`,
                      ]
                        .filter(Boolean)
                        .join(' · '),
                    ),
                  ]
                : '',
          },
          { label: 'Source IP', cell: (e) => e.sourceIPAddress ?? '' },
          {
            label: 'Region / account',
            cell: (e) => [e.awsRegion ?? '', h('div', { class: 'small muted' }, e.recipientAccountId ?? '')],
          },
          { label: 'Error', cell: (e) => e.errorCode ?? '' },
          { label: 'User agent', cell: (e) => h('span', { class: 'small' }, e.userAgent ?? '') },
          {
            label: 'Request resources',
            cell: (e) =>
              Object.keys(e.resources ?? {}).length
                ? h(
                    'ul',
                    { class: 'plain' },
                    Object.entries(e.resources).map(([k, v]) => h('li', null, `${k}: `, h('code', null, v))),
                  )
                : '',
          },
          { label: 'Event id', cell: (e) => h('code', { class: 'small' }, e.id) },
        ],
        events,
        { empty: 'No events recorded for this signal.' },
      ),
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
