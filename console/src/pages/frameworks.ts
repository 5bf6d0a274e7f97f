import { get, apiUrl } from '../api.js';
import { h } from '../dom.js';
import { currentParams, link } from '../route.js';
import {
  asText,
  errorBox,
  internalLink,
  kv,
  loading,
  pageTitle,
  section,
  statusBadge,
  table,
} from '../ui.js';
import { asOfPicker } from './overview.js';

export const REPORT_FORMATS = ['html', 'json', 'csv', 'ocsf'] as const;

interface FrameworkSummary {
  id: string;
  title: string;
  version?: string;
  score?: number | null;
  controls?: number;
  passed?: number;
  failed?: number;
  errored?: number;
}
interface Evidence {
  resourceId?: string;
  resourceName?: string;
  name?: string;
  rule?: string;
  ruleId?: string;
  status?: string;
  message?: string;
}
interface ControlRow {
  id: string;
  title?: string;
  status: string;
  rules?: string[];
  passed?: number;
  failed?: number;
  errored?: number;
  evidence?: Evidence[];
}
interface FrameworkDetail {
  id: string;
  title: string;
  asOf?: string | null;
  score?: number | null;
  scoreFormula?: string;
  controls: ControlRow[];
}

export async function frameworksPage(root: HTMLElement): Promise<void> {
  const id = currentParams().get('id');
  if (id) return frameworkDetail(root, id);
  root.append(pageTitle('Frameworks'));
  const body = h('div', { class: 'stack' }, loading());
  root.append(body);
  try {
    const data = await get<FrameworkSummary[] | { frameworks: FrameworkSummary[] }>('/api/frameworks');
    const list = Array.isArray(data) ? data : data.frameworks;
    body.replaceChildren(
      table(
        'Frameworks',
        [
          {
            label: 'Framework',
            cell: (f) => internalLink(link('frameworks', { id: f.id }), f.title || f.id),
          },
          { label: 'Id', cell: (f) => h('code', null, f.id) },
          {
            label: 'Score',
            className: 'num',
            cell: (f) => (typeof f.score === 'number' ? `${f.score.toFixed(1)}%` : '—'),
          },
          { label: 'Failed controls', className: 'num', cell: (f) => asText(f.failed ?? '—') },
        ],
        list,
        { empty: 'No frameworks.' },
      ),
    );
  } catch (err) {
    body.replaceChildren(errorBox(err));
  }
}

async function frameworkDetail(root: HTMLElement, id: string): Promise<void> {
  const asOf = currentParams().get('asOf');
  root.append(pageTitle('Framework', asOfPicker(asOf)));
  const body = h('div', { class: 'stack' }, loading());
  root.append(body);
  try {
    const fw = await get<FrameworkDetail>(`/api/frameworks/${encodeURIComponent(id)}`, { asOf });
    document.title = `${fw.title} · Stance`;
    root.querySelector('h1')?.replaceChildren(fw.title || fw.id);
    const counts = { pass: 0, fail: 0, error: 0, other: 0 };
    for (const c of fw.controls) {
      if (c.status === 'pass' || c.status === 'fail' || c.status === 'error') counts[c.status]++;
      else counts.other++;
    }
    body.replaceChildren(
      section(
        'Summary',
        kv([
          ['Id', h('code', null, fw.id)],
          ['As of', asOf ? asOf.slice(0, 10) : 'now'],
          [
            'Score',
            h(
              'span',
              { title: fw.scoreFormula ?? '' },
              typeof fw.score === 'number' ? `${fw.score.toFixed(1)}%` : '—',
            ),
          ],
          [
            'Controls',
            `${counts.pass} pass, ${counts.fail} fail, ${counts.error} error, ${counts.other} other`,
          ],
        ]),
        h(
          'div',
          { class: 'downloads' },
          h('span', null, 'Download report: '),
          REPORT_FORMATS.map((f) =>
            h(
              'a',
              {
                href: apiUrl(`/api/reports/${encodeURIComponent(fw.id)}`, { format: f, asOf }),
                download: `${fw.id}.${f === 'ocsf' ? 'ocsf.json' : f}`,
                class: 'button-link',
              },
              f.toUpperCase(),
            ),
          ),
        ),
      ),
      section(
        'Controls',
        table(
          'Controls',
          [
            {
              label: 'Control',
              cell: (c) => [h('code', null, c.id), c.title ? h('div', { class: 'small' }, c.title) : null],
            },
            { label: 'Status', cell: (c) => statusBadge(c.status) },
            { label: 'Evidence', cell: (c) => evidence(fw.id, c) },
          ],
          fw.controls,
          { empty: 'This framework has no controls.' },
        ),
      ),
    );
  } catch (err) {
    body.replaceChildren(errorBox(err));
  }
}

function evidence(framework: string, c: ControlRow): HTMLElement {
  const items = c.evidence ?? [];
  const failing = items.filter((e) => e.status === 'fail' || e.status === 'error');
  const shown = failing.slice(0, 5);
  return h(
    'div',
    { class: 'evidence' },
    c.rules?.length ? h('div', { class: 'small muted' }, `Rules: ${c.rules.join(', ')}`) : null,
    typeof c.passed === 'number'
      ? h('div', { class: 'small' }, `${c.passed} pass, ${c.failed ?? 0} fail, ${c.errored ?? 0} error`)
      : null,
    shown.length
      ? h(
          'ul',
          null,
          shown.map((e) =>
            h(
              'li',
              null,
              e.resourceId
                ? internalLink(
                    link('resource', { id: e.resourceId }),
                    e.resourceName ?? e.name ?? e.resourceId,
                  )
                : asText(e.resourceName ?? e.name),
              e.message ? h('span', { class: 'muted' }, ` — ${e.message}`) : null,
            ),
          ),
        )
      : null,
    failing.length || c.status === 'fail'
      ? internalLink(
          link('findings', { framework, control: c.id, status: 'fail' }),
          failing.length > shown.length ? `All ${failing.length} failing resources →` : 'Failing resources →',
        )
      : null,
  );
}
