import { get } from '../api.js';
import { h } from '../dom.js';
import { asText, errorBox, loading, pageTitle, section, statusBadge, table, when } from '../ui.js';

interface ScanRow {
  id: number;
  startedAt: string;
  finishedAt?: string | null;
  status: string;
  command?: string;
  bundleVersion?: string;
}
interface ScopeRow {
  key: string;
  provider?: string;
  account?: string;
  region?: string;
  service?: string;
  status?: string;
  lastRunStatus?: string | null;
  lastRunAt?: string | null;
  lastOkAt?: string | null;
  lastError?: string | null;
  error?: string | null;
  stale?: boolean;
}

const list = <T>(data: T[] | { items: T[] }): T[] => (Array.isArray(data) ? data : data.items);

export async function scansPage(root: HTMLElement): Promise<void> {
  root.append(pageTitle('Scans and scopes'));
  const scans = h('div', null, loading());
  const scopes = h('div', null, loading());
  root.append(h('div', { class: 'stack' }, section('Recent scans', scans), section('Scopes', scopes)));
  await Promise.all([
    get<ScopeRow[] | { items: ScopeRow[] }>('/api/scopes')
      .then((d) => {
        const rank = (r: ScopeRow): number =>
          (r.lastRunStatus ?? r.status) === 'error' ? 0 : r.stale ? 1 : 2;
        const rows = list(d).sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key));
        const stale = rows.filter((r) => r.stale).length;
        const erroring = rows.filter((r) => (r.lastRunStatus ?? r.status) === 'error').length;
        scopes.replaceChildren(
          h('p', { class: 'result-count' }, `${rows.length} scopes · ${erroring} erroring · ${stale} stale`),
          table(
            'Scopes',
            [
              { label: 'Scope', cell: (s) => h('code', null, s.key) },
              {
                label: 'Last run',
                cell: (s) => [
                  statusBadge(s.lastRunStatus ?? s.status ?? 'unknown'),
                  s.stale ? [' ', statusBadge('stale')] : null,
                ],
              },
              { label: 'Ran at', cell: (s) => when(s.lastRunAt) },
              { label: 'Last good run', cell: (s) => when(s.lastOkAt) },
              { label: 'Error', cell: (s) => asText(s.lastError ?? s.error ?? '') },
            ],
            rows,
            { empty: 'No scope has been scanned yet.' },
          ),
        );
      })
      .catch((err: unknown) => scopes.replaceChildren(errorBox(err))),
    get<ScanRow[] | { items: ScanRow[] }>('/api/scans', { limit: 20 })
      .then((d) =>
        scans.replaceChildren(
          table(
            'Recent scans',
            [
              { label: 'Scan', className: 'num', cell: (s) => `#${s.id}` },
              { label: 'Status', cell: (s) => statusBadge(s.status) },
              { label: 'Started', cell: (s) => when(s.startedAt) },
              { label: 'Finished', cell: (s) => when(s.finishedAt) },
              { label: 'Command', cell: (s) => h('code', null, s.command ?? '') },
              { label: 'Policy bundle', cell: (s) => s.bundleVersion ?? '' },
            ],
            list(d),
            { empty: 'No scans yet.' },
          ),
        ),
      )
      .catch((err: unknown) => scans.replaceChildren(errorBox(err))),
  ]);
}
