import { apiUrl, get } from '../api.js';
import { h } from '../dom.js';
import { currentParams, link, withParams } from '../route.js';
import { errorBox, internalLink, kv, loading, pageTitle, section, statusBadge, table, when } from '../ui.js';
import { asOfPicker } from './overview.js';

export const REPORT_FORMATS = ['html', 'json', 'csv', 'ocsf'] as const;

interface FrameworkSummary {
  id: string;
  name: string;
  version?: string;
  controls?: number;
}
interface FailingEntry {
  resourceId: string;
  resourceType?: string;
  ruleId: string;
  message: string;
  account?: string;
  region?: string;
}
interface ControlResult {
  id: string;
  title?: string;
  section?: string;
  status: string;
  rules?: string[];
  evaluated?: number;
  passing?: number;
  failing?: FailingEntry[];
  muted?: FailingEntry[];
  errors?: { ruleId: string; reason: string; resourceId?: string }[];
}
interface Report {
  framework: { id: string; name: string; version?: string };
  asOf: string;
  summary: {
    pass: number;
    fail: number;
    manual: number;
    not_applicable: number;
    error: number;
    score: number;
  };
  controls: ControlResult[];
}

const SCORE_FORMULA =
  'passed controls ÷ (passed + failed + errored controls) × 100; manual and not-applicable controls are left out';

export async function frameworksPage(root: HTMLElement): Promise<void> {
  const id = currentParams().get('id');
  if (id) return frameworkDetail(root, id);
  root.append(pageTitle('Frameworks'));
  const body = h('div', { class: 'stack' }, loading());
  root.append(body);
  try {
    const data = await get<{ items: FrameworkSummary[] }>('/api/frameworks');
    body.replaceChildren(
      h('p', { class: 'muted' }, 'Scores are on the ', internalLink(link('overview'), 'overview'), '.'),
      table(
        'Frameworks',
        [
          { label: 'Framework', cell: (f) => internalLink(link('frameworks', { id: f.id }), f.name || f.id) },
          { label: 'Id', cell: (f) => h('code', null, f.id) },
          { label: 'Version', cell: (f) => f.version ?? '' },
          { label: 'Controls', className: 'num', cell: (f) => String(f.controls ?? '') },
        ],
        data.items,
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
    const report = await get<Report>(`/api/frameworks/${encodeURIComponent(id)}`, { asOf });
    const fw = report.framework;
    document.title = `${fw.name} · Stance`;
    root.querySelector('h1')?.replaceChildren(fw.name || fw.id);
    const s = report.summary;
    const only = currentParams().get('status');
    const shown = only ? report.controls.filter((c) => c.status === only) : report.controls;
    const statusFilter = h(
      'nav',
      { class: 'chips', 'aria-label': 'Show controls' },
      [
        ['', `All (${report.controls.length})`],
        ['fail', `Failing (${s.fail})`],
        ['error', `Error (${s.error})`],
        ['pass', `Passing (${s.pass})`],
        ['manual', `Manual (${s.manual})`],
      ].map(([value, label]) =>
        internalLink(
          withParams({ status: value }),
          label!,
          (only ?? '') === value ? { 'aria-current': 'true', class: 'chip' } : { class: 'chip' },
        ),
      ),
    );
    body.replaceChildren(
      section(
        'Summary',
        kv([
          ['Id', h('code', null, fw.id)],
          ['As of', asOf ? `${asOf.slice(0, 10)} (end of day, UTC)` : when(report.asOf)],
          ['Score', h('span', { title: SCORE_FORMULA }, `${s.score.toFixed(1)}%`)],
          [
            'Controls',
            `${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.manual} manual, ${s.not_applicable} not applicable`,
          ],
        ]),
        h(
          'div',
          { class: 'downloads' },
          h('span', null, 'Download the report: '),
          REPORT_FORMATS.map((f) =>
            h(
              'a',
              {
                href: apiUrl(`/api/reports/${encodeURIComponent(fw.id)}`, { format: f, asOf }),
                download: '',
                class: 'button-link',
              },
              f.toUpperCase(),
            ),
          ),
        ),
      ),
      section(
        'Controls',
        statusFilter,
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
          shown,
          { empty: 'This framework has no controls.' },
        ),
      ),
    );
  } catch (err) {
    body.replaceChildren(errorBox(err));
  }
}

const SHOWN = 5;

function evidence(framework: string, c: ControlResult): HTMLElement {
  const failing = c.failing ?? [];
  const errors = c.errors ?? [];
  const counts =
    c.rules && c.rules.length
      ? `${c.evaluated ?? 0} evaluated, ${c.passing ?? 0} passing, ${failing.length} failing` +
        `${(c.muted ?? []).length ? `, ${(c.muted ?? []).length} muted` : ''}${errors.length ? `, ${errors.length} error${errors.length === 1 ? '' : 's'}` : ''}`
      : 'No automated rule: checked by hand.';
  return h(
    'div',
    { class: 'evidence' },
    h('div', { class: 'small' }, counts),
    c.rules?.length ? h('div', { class: 'small muted' }, `Rules: ${c.rules.join(', ')}`) : null,
    failing.length
      ? h(
          'ul',
          null,
          failing.slice(0, SHOWN).map((e) =>
            h(
              'li',
              null,
              internalLink(link('resource', { id: e.resourceId }), e.resourceId, {
                class: 'resource-link',
              }),
              h('span', { class: 'muted' }, ` — ${e.message}`),
            ),
          ),
        )
      : null,
    errors.length
      ? h(
          'ul',
          { class: 'errors' },
          errors.slice(0, SHOWN).map((e) => h('li', null, h('code', null, e.ruleId), ` — ${e.reason}`)),
        )
      : null,
    failing.length
      ? internalLink(
          link('findings', { framework, control: c.id, status: 'fail' }),
          failing.length > SHOWN
            ? `All ${failing.length} failing resources →`
            : 'Failing resources in the explorer →',
        )
      : null,
  );
}
