import { get } from '../api.js';
import { trendChart, type TrendPoint } from '../chart.js';
import { h } from '../dom.js';
import { currentParams, link, navigate, withParams } from '../route.js';
import {
  asText,
  errorBox,
  field,
  input,
  internalLink,
  loading,
  pageTitle,
  section,
  select,
  SEVERITIES,
  severityBadge,
  signalsTable,
  statusBadge,
  table,
  when,
  type SignalListItem,
} from '../ui.js';

interface FrameworkScore {
  id: string;
  title: string;
  score: number | null;
  scoreFormula: string;
  passed: number;
  failed: number;
  errored: number;
}
interface ScopeRef {
  key?: string;
  scope?: string;
  account?: string;
  region?: string;
  service?: string;
  lastError?: string | null;
  error?: string | null;
  lastOkAt?: string | null;
  lastRunAt?: string | null;
}
interface Overview {
  frameworks: FrameworkScore[];
  failingBySeverity: Record<string, number>;
  changes: Record<string, { newFailures: number; fixes: number }>;
  scopes: { stale: ScopeRef[]; erroring: ScopeRef[] };
  recentSignals: SignalListItem[];
}

export async function overviewPage(root: HTMLElement): Promise<void> {
  const params = currentParams();
  const asOf = params.get('asOf');
  root.append(pageTitle('Overview', asOfPicker(asOf)));
  const body = h('div', { class: 'stack' }, loading());
  root.append(body);
  try {
    const data = await get<Overview>('/api/overview', { asOf });
    body.replaceChildren(
      h('div', { class: 'grid-2' }, severityCard(data.failingBySeverity, asOf), changesCard(data.changes)),
      trendCard(data.frameworks),
      scoresCard(data.frameworks),
      h('div', { class: 'grid-2' }, scopesCard(data.scopes), signalsCard(data.recentSignals)),
    );
  } catch (err) {
    body.replaceChildren(errorBox(err));
  }
}

/** The end of a chosen UTC day as an ISO instant; today or later means now (no asOf). */
export function endOfDay(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  if (date >= new Date().toISOString().slice(0, 10)) return undefined;
  return `${date}T23:59:59.999Z`;
}

export function asOfPicker(asOf: string | null): HTMLElement {
  const picker = h('input', { type: 'date', name: 'asOf', value: asOf ? asOf.slice(0, 10) : '' });
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': 'As of date' },
    field('As of', picker),
    h('button', { type: 'submit' }, 'Show'),
    asOf ? internalLink(withParams({ asOf: undefined }), 'Now', { class: 'button-link' }) : null,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(withParams({ asOf: endOfDay(picker.value) }));
  });
  return form;
}

function severityCard(counts: Record<string, number>, asOf: string | null): HTMLElement {
  return section(
    'Failing findings by severity',
    h(
      'ul',
      { class: 'sev-counts' },
      SEVERITIES.map((s) =>
        h(
          'li',
          null,
          internalLink(
            link('findings', { status: 'fail', severity: s, severityMode: 'exact', muted: 'false', asOf }),
            [
              h('span', { class: 'count' }, (counts[s] ?? 0).toLocaleString('en')),
              ' ',
              severityBadge(s),
              h('span', { class: 'sr-only' }, ' failing findings'),
            ],
          ),
        ),
      ),
    ),
  );
}

function changesCard(changes: Overview['changes']): HTMLElement {
  const windows: [string, string][] = [
    ['24h', 'Last 24 hours'],
    ['7d', 'Last 7 days'],
  ];
  return section(
    'Changes',
    h(
      'table',
      { class: 'compact' },
      h('caption', { class: 'sr-only' }, 'New failures and fixes'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Window'),
          h('th', { scope: 'col' }, 'New failures'),
          h('th', { scope: 'col' }, 'Fixes'),
        ),
      ),
      h(
        'tbody',
        null,
        windows.map(([key, label]) => {
          const c = changes?.[key] ?? { newFailures: 0, fixes: 0 };
          const since = new Date(Date.now() - (key === '24h' ? 1 : 7) * 86_400_000)
            .toISOString()
            .slice(0, 10);
          return h(
            'tr',
            null,
            h('th', { scope: 'row' }, label),
            h(
              'td',
              null,
              internalLink(
                link('findings', { status: 'fail', newSince: since }),
                c.newFailures.toLocaleString('en'),
              ),
            ),
            h('td', null, c.fixes.toLocaleString('en')),
          );
        }),
      ),
    ),
  );
}

function scoresCard(frameworks: FrameworkScore[]): HTMLElement {
  const formula = frameworks[0]?.scoreFormula ?? '';
  return section(
    'Posture score per framework',
    h(
      'p',
      { class: 'muted' },
      'Score: ',
      h('abbr', { title: formula, tabindex: '0' }, 'how it is computed'),
      formula ? ` — ${formula}` : '',
    ),
    table(
      'Posture score per framework',
      [
        { label: 'Framework', cell: (f) => internalLink(link('frameworks', { id: f.id }), f.title || f.id) },
        {
          label: 'Score',
          className: 'num',
          cell: (f) =>
            h(
              'span',
              { title: f.scoreFormula },
              typeof f.score === 'number' ? `${f.score.toFixed(1)}%` : '—',
            ),
        },
        { label: 'Passed', className: 'num', cell: (f) => f.passed.toLocaleString('en') },
        { label: 'Failed', className: 'num', cell: (f) => f.failed.toLocaleString('en') },
        { label: 'Errored', className: 'num', cell: (f) => f.errored.toLocaleString('en') },
      ],
      frameworks,
      { empty: 'No framework has been evaluated yet: run a scan.' },
    ),
  );
}

function trendCard(frameworks: FrameworkScore[]): HTMLElement {
  const params = currentParams();
  const chosen = params.get('framework') ?? frameworks[0]?.id ?? '';
  const fw = select(
    'framework',
    frameworks.map((f) => [f.id, f.title || f.id] as [string, string]),
    chosen,
    '',
  );
  const account = input('account', params.get('account'), { placeholder: 'any' });
  const cluster = input('cluster', params.get('cluster'), { placeholder: 'any' });
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': 'Trend selection' },
    field('Framework', fw),
    field('Account', account),
    field('Cluster', cluster),
    h('button', { type: 'submit' }, 'Show trend'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(
      withParams({ framework: fw.value, account: account.value.trim(), cluster: cluster.value.trim() }),
    );
  });
  const holder = h('div', null, loading());
  if (!chosen) holder.replaceChildren(h('p', { class: 'muted' }, 'No framework to chart.'));
  else
    void get<{ points: TrendPoint[]; scoreFormula: string; note: string }>('/api/trend', {
      framework: chosen,
      account: params.get('account'),
      cluster: params.get('cluster'),
    })
      .then((t) =>
        holder.replaceChildren(
          h(
            'div',
            { title: `Score = ${t.scoreFormula}. ${t.note}` },
            trendChart(t.points, `Score of ${frameworks.find((f) => f.id === chosen)?.title ?? chosen}`),
          ),
          h('p', { class: 'muted' }, t.note),
        ),
      )
      .catch((err: unknown) => holder.replaceChildren(errorBox(err)));
  return section('15-month trend', form, holder);
}

function scopeName(s: ScopeRef): string {
  return s.key ?? s.scope ?? [s.account, s.region, s.service].filter(Boolean).join('/');
}

function scopesCard(scopes: Overview['scopes']): HTMLElement {
  const rows = [
    ...(scopes?.erroring ?? []).map((s) => ({ s, state: 'error' })),
    ...(scopes?.stale ?? []).map((s) => ({ s, state: 'stale' })),
  ];
  return section(
    'Stale or erroring scopes',
    table(
      'Stale or erroring scopes',
      [
        { label: 'Scope', cell: (r) => h('code', null, scopeName(r.s)) },
        { label: 'State', cell: (r) => statusBadge(r.state) },
        { label: 'Last good run', cell: (r) => when(r.s.lastOkAt) },
        { label: 'Error', cell: (r) => asText(r.s.lastError ?? r.s.error ?? '') },
      ],
      rows,
      { empty: 'Every scope ran and is fresh.' },
    ),
    internalLink(link('scans'), 'All scans and scopes →'),
  );
}

function signalsCard(signals: SignalListItem[]): HTMLElement {
  return section(
    'Recent signals',
    signalsTable('Recent signals', signals ?? [], 'No signals.'),
    internalLink(link('signals'), 'All signals →'),
  );
}
