import { get } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { currentParams } from '../route.js';
import { asText, errorBox, loading, pageTitle, pager, table, when } from '../ui.js';

interface AuditRow {
  id?: number;
  at: string;
  who?: string;
  user?: string;
  actor?: string;
  via?: string;
  action: string;
  target?: string;
  detail?: unknown;
}

export async function auditPage(root: HTMLElement): Promise<void> {
  root.append(
    pageTitle('Audit'),
    h(
      'p',
      { class: 'muted' },
      'Every change made through the console or its API (mutes, triage, sign-ins): who, when and what.',
    ),
  );
  const body = h('div', { class: 'stack' }, loading());
  root.append(body);
  try {
    const data = await get<AuditRow[] | { total: number; page: number; pageSize: number; items: AuditRow[] }>(
      '/api/audit',
      { page: currentParams().get('page') },
    );
    const rows = Array.isArray(data) ? data : data.items;
    replaceChildren(
      body,
      table(
        'Audit log',
        [
          { label: 'When', cell: (a) => when(a.at) },
          { label: 'Who', cell: (a) => a.actor ?? a.who ?? a.user ?? '—' },
          { label: 'Via', cell: (a) => a.via ?? '' },
          { label: 'Action', cell: (a) => h('code', null, a.action) },
          { label: 'Target', cell: (a) => a.target ?? '' },
          {
            label: 'Detail',
            cell: (a) =>
              a.detail === undefined || a.detail === null
                ? ''
                : typeof a.detail === 'object' && !Array.isArray(a.detail)
                  ? h(
                      'ul',
                      { class: 'detail' },
                      Object.entries(a.detail as Record<string, unknown>).map(([k, v]) =>
                        h('li', null, h('span', { class: 'muted' }, `${k}: `), asText(v ?? '—')),
                      ),
                    )
                  : h('code', { class: 'small' }, asText(a.detail)),
          },
        ],
        rows,
        { empty: 'Nothing has been changed yet.' },
      ),
      !Array.isArray(data) && typeof data.total === 'number'
        ? pager(data.total, data.page, data.pageSize)
        : null,
    );
  } catch (err) {
    body.replaceChildren(errorBox(err));
  }
}
