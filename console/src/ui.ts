/** Shared pieces of the pages: badges, tables, pagers, dates, errors. */
import { ApiError } from './api.js';
import { h, type Child } from './dom.js';
import { link, navigate, withParams } from './route.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const STATUSES = ['fail', 'pass', 'error'] as const;
export const SIGNAL_STATES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;

export function severityBadge(severity: string | null | undefined): HTMLElement {
  const s = String(severity ?? 'unknown');
  return h('span', { class: `badge sev-${SEVERITIES.includes(s as never) ? s : 'unknown'}` }, s);
}

export function statusBadge(status: string | null | undefined): HTMLElement {
  const s = String(status ?? 'unknown');
  const known = [
    'fail',
    'pass',
    'error',
    'not_observed',
    'open',
    'acknowledged',
    'resolved',
    'false_positive',
    'ok',
    'stale',
    'partial',
    'manual',
    'not_applicable',
  ];
  return h('span', { class: `badge st-${known.includes(s) ? s : 'unknown'}` }, s.replace(/_/g, ' '));
}

/** Dates as the store gives them (ISO, UTC) shown as "2026-03-04 12:30 UTC", with the exact value on hover. */
export function when(iso: string | null | undefined): Child {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const text = `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return h('time', { datetime: d.toISOString(), title: d.toISOString() }, text);
}

export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  return String(iso).slice(0, 10);
}

export function pageTitle(title: string, ...extra: Child[]): HTMLElement {
  document.title = `${title} · Stance`;
  return h('div', { class: 'page-head' }, h('h1', null, title), ...extra);
}

export function errorBox(err: unknown): HTMLElement {
  const message =
    err instanceof ApiError ? err.message : err instanceof Error ? err.message : 'something went wrong';
  return h('p', { class: 'error', role: 'alert' }, message);
}

export function loading(): HTMLElement {
  return h('p', { class: 'muted', 'aria-live': 'polite' }, 'Loading…');
}

export interface Column<T> {
  label: string;
  cell: (row: T) => Child;
  /** The API's sort key; the header becomes a link that sorts by it. */
  sort?: string;
  className?: string;
}

export function table<T>(
  caption: string,
  columns: Column<T>[],
  rows: T[],
  opts: { empty?: string; sortable?: boolean } = {},
): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted empty' }, opts.empty ?? 'Nothing to show.');
  const params = new URLSearchParams(window.location.search);
  const currentSort = params.get('sort');
  const currentOrder = params.get('order') === 'asc' ? 'asc' : 'desc';
  const head = columns.map((c) => {
    if (!c.sort || !opts.sortable) return h('th', { scope: 'col', class: c.className }, c.label);
    const active = currentSort === c.sort;
    const nextOrder = active && currentOrder === 'desc' ? 'asc' : 'desc';
    return h(
      'th',
      {
        scope: 'col',
        class: c.className,
        'aria-sort': active ? (currentOrder === 'asc' ? 'ascending' : 'descending') : null,
      },
      internalLink(withParams({ sort: c.sort, order: nextOrder, page: undefined }), [
        c.label,
        active ? (currentOrder === 'asc' ? ' ▲' : ' ▼') : '',
      ]),
    );
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h('caption', { class: 'sr-only' }, caption),
      h('thead', null, h('tr', null, head)),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            null,
            columns.map((c) => h('td', { class: c.className }, c.cell(row))),
          ),
        ),
      ),
    ),
  );
}

/** A link inside the console: a real href (open in a new tab works) that navigates without a reload. */
export function internalLink(
  href: string,
  children: Child,
  props: Record<string, string> = {},
): HTMLAnchorElement {
  return h(
    'a',
    {
      ...props,
      href,
      onclick: (e: Event) => {
        const me = e as MouseEvent;
        if (me.button !== 0 || me.metaKey || me.ctrlKey || me.shiftKey || me.altKey) return;
        e.preventDefault();
        navigate(href);
      },
    },
    children,
  );
}

export function pager(total: number, page: number, pageSize: number): HTMLElement {
  const pages = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages of results' },
    page > 1
      ? internalLink(withParams({ page: page - 1 }), '← Previous', { rel: 'prev' })
      : h('span', { class: 'muted' }, '← Previous'),
    h(
      'span',
      { class: 'pager-count' },
      `${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${total.toLocaleString('en')} · page ${page} of ${pages}`,
    ),
    page < pages
      ? internalLink(withParams({ page: page + 1 }), 'Next →', { rel: 'next' })
      : h('span', { class: 'muted' }, 'Next →'),
  );
}

export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', { class: 'muted' }, hint) : null,
  );
}

export function select(
  name: string,
  options: readonly (string | [string, string])[],
  value: string | null,
  any = 'Any',
): HTMLSelectElement {
  const el = h('select', { name }, any ? h('option', { value: '' }, any) : null);
  for (const o of options) {
    const [v, label] = Array.isArray(o) ? o : [o, o.replace(/_/g, ' ')];
    el.appendChild(h('option', { value: v, selected: v === value }, label));
  }
  return el;
}

export function input(
  name: string,
  value: string | null,
  props: Record<string, string> = {},
): HTMLInputElement {
  return h('input', { type: 'text', name, value: value ?? '', ...props });
}

/** A GET form whose submit becomes a navigation to ?view=…&fields (empty fields dropped, paging reset). */
export function filterForm(
  view: string,
  label: string,
  fields: HTMLElement[],
  keep: Record<string, string | null> = {},
): HTMLFormElement {
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': label },
    fields,
    h(
      'div',
      { class: 'field actions' },
      h('button', { type: 'submit' }, 'Apply'),
      internalLink(`/?view=${view}`, 'Clear', { class: 'button-link' }),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const query = new URLSearchParams({ view });
    for (const [k, v] of Object.entries(keep)) if (v) query.set(k, v);
    for (const [k, v] of new FormData(form).entries())
      if (typeof v === 'string' && v.trim() !== '') query.set(k, v.trim());
    navigate(`/?${query.toString()}`);
  });
  return form;
}

export function kv(pairs: [string, Child][]): HTMLElement {
  return h(
    'dl',
    { class: 'kv' },
    pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v ?? '—')]),
  );
}

export function section(title: string, ...children: Child[]): HTMLElement {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A signal as the overview and resource pages list it. */
export interface SignalListItem {
  id: number;
  title?: string;
  ruleId?: string;
  severity?: string;
  status?: string;
  state?: string;
  lastSeen?: string;
}

/** A short table of signals (each linking to its page): severity, state, last seen. */
export function signalsTable(caption: string, signals: SignalListItem[], empty: string): HTMLElement {
  return table(
    caption,
    [
      {
        label: 'Signal',
        cell: (s) => internalLink(link('signals', { id: s.id }), s.title ?? s.ruleId ?? `#${s.id}`),
      },
      { label: 'Severity', cell: (s) => severityBadge(s.severity) },
      { label: 'State', cell: (s) => statusBadge(s.state ?? s.status) },
      { label: 'Last seen', cell: (s) => when(s.lastSeen) },
    ],
    signals,
    { empty },
  );
}

/** A finding's status badge, with a "muted" badge beside it when it is muted. */
export function findingStatus(f: { status?: string | null; muted?: boolean }): Child {
  return [statusBadge(f.status), f.muted ? h('span', { class: 'badge muted-badge' }, 'muted') : null];
}
