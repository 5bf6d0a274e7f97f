import type { RuleMeta } from '../types.js';
import type { ControlResult, ControlStatus, Report } from './model.js';

export interface HtmlExtras {
  rules: RuleMeta[];
  /** Daily pass rate (0–100) of the framework's rules, oldest first. */
  trend: { day: string; passRate: number | null }[];
  /** Configuration of each failing resource as it was at the report's date. */
  configs: Map<string, unknown>;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every value from the store is untrusted text: resource names, tags and messages come from the cloud. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STATUS_LABEL: Record<ControlStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  error: 'Error',
  manual: 'Manual',
  not_applicable: 'Not applicable',
};

function trendChart(trend: HtmlExtras['trend']): string {
  const points = trend.filter((p) => p.passRate !== null) as { day: string; passRate: number }[];
  if (points.length < 2)
    return '<p class="muted">Not enough history for a trend yet (it needs scans on two or more days).</p>';
  const width = 720;
  const height = 160;
  const pad = 30;
  const x = (i: number) => pad + ((width - 2 * pad) * i) / (points.length - 1);
  const y = (rate: number) => height - pad - ((height - 2 * pad) * rate) / 100;
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.passRate).toFixed(1)}`)
    .join(' ');
  const first = points[0]!;
  const last = points.at(-1)!;
  return `<svg class="trend" viewBox="0 0 ${width} ${height}" role="img" aria-label="Pass rate from ${escapeHtml(first.day)} to ${escapeHtml(last.day)}">
  <line x1="${pad}" y1="${y(0)}" x2="${width - pad}" y2="${y(0)}" class="axis"/>
  <line x1="${pad}" y1="${y(100)}" x2="${width - pad}" y2="${y(100)}" class="grid"/>
  <line x1="${pad}" y1="${y(50)}" x2="${width - pad}" y2="${y(50)}" class="grid"/>
  <text x="2" y="${y(100) + 4}">100%</text><text x="8" y="${y(50) + 4}">50%</text><text x="14" y="${y(0) + 4}">0%</text>
  <path d="${path}" class="line"/>
  <text x="${pad}" y="${height - 6}">${escapeHtml(first.day)}</text>
  <text x="${width - pad}" y="${height - 6}" text-anchor="end">${escapeHtml(last.day)} · ${last.passRate.toFixed(1)}%</text>
</svg>`;
}

function controlBlock(c: ControlResult, rules: Map<string, RuleMeta>, configs: Map<string, unknown>): string {
  if (c.status === 'manual' || c.status === 'not_applicable') {
    return `<div class="control-line" id="control-${escapeHtml(c.id)}"><span class="badge ${c.status}">${STATUS_LABEL[c.status]}</span> ${escapeHtml(c.id)} ${escapeHtml(c.title)}${
      c.guidance ? ` <span class="muted">— ${escapeHtml(c.guidance)}</span>` : ''
    }</div>`;
  }
  const failing = c.failing
    .map((f) => {
      const config = configs.get(f.resourceId);
      return `<tr><td><code>${escapeHtml(f.resourceId)}</code><div class="muted">${escapeHtml(f.resourceType)} · ${escapeHtml(f.account)}/${escapeHtml(f.region)}</div></td>
<td>${escapeHtml(f.ruleId)}</td><td>${escapeHtml(f.message)}</td><td>${escapeHtml(f.since.slice(0, 10))}</td></tr>${
        config === undefined
          ? ''
          : `<tr class="config"><td colspan="4"><details><summary>Configuration as of the report date</summary><pre>${escapeHtml(JSON.stringify(config, null, 2))}</pre></details></td></tr>`
      }`;
    })
    .join('\n');
  const remediation =
    c.status === 'fail'
      ? [...new Set(c.failing.map((f) => f.ruleId))]
          .map((id) => rules.get(id))
          .filter((r): r is RuleMeta => r !== undefined)
          .map(
            (r) =>
              `<div class="remediation"><strong>How to fix (${escapeHtml(r.id)})</strong><pre>${escapeHtml(r.remediation)}</pre></div>`,
          )
          .join('\n')
      : '';
  const errors = c.errors.length
    ? `<ul class="errors">${[...new Set(c.errors.map((e) => `${e.ruleId}: ${e.reason}`))].map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`
    : '';
  return `<section class="control ${c.status}" id="control-${escapeHtml(c.id)}">
<h3><span class="badge ${c.status}">${STATUS_LABEL[c.status]}${c.coverage === 'partial' ? ' (partial)' : ''}</span> ${escapeHtml(c.id)} ${escapeHtml(c.title)}</h3>
<p class="muted">${escapeHtml(c.assessment)}${c.level !== undefined ? ` · level ${escapeHtml(c.level)}` : ''} · rules: ${c.rules.length ? c.rules.map(escapeHtml).join(', ') : 'none'} · evaluated ${c.evaluated}, passing ${c.passing}</p>
${c.guidance ? `<p class="guidance">${escapeHtml(c.guidance)}</p>` : ''}
${errors}
${failing ? `<table><thead><tr><th>Failing resource</th><th>Rule</th><th>Finding</th><th>Failing since</th></tr></thead><tbody>${failing}</tbody></table>` : ''}
${
  c.muted.length
    ? `<table class="muted-table"><thead><tr><th>Muted resource</th><th>Rule</th><th>Reason</th><th>Expires</th></tr></thead><tbody>${c.muted
        .map(
          (m) =>
            `<tr><td><code>${escapeHtml(m.resourceId)}</code></td><td>${escapeHtml(m.ruleId)}</td><td>${escapeHtml(m.mute?.reason ?? '')}${
              m.mute?.author ? ` <span class="muted">(${escapeHtml(m.mute.author)})</span>` : ''
            }</td><td>${escapeHtml(m.mute?.expiresAt?.slice(0, 10) ?? 'never')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : ''
}
${remediation}
</section>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{background:#14202e;color:#fff;padding:24px 32px}header h1{margin:0 0 4px;font-size:22px}header p{margin:2px 0;color:#c5ced8}
main{padding:24px 32px;max-width:1200px}
.summary{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}.card{background:#fff;border-radius:8px;padding:12px 16px;min-width:110px;box-shadow:0 1px 2px #0001}
.card b{display:block;font-size:24px}.score b{color:#0b6b3a}
.badge{display:inline-block;border-radius:4px;padding:1px 8px;font-size:12px;font-weight:600;vertical-align:middle}
.badge.pass{background:#dff3e6;color:#0b6b3a}.badge.fail{background:#fde2e1;color:#a3211c}.badge.error{background:#fff0d6;color:#8a5300}
.badge.manual{background:#e7eaf0;color:#44505e}.badge.not_applicable{background:#eef0f3;color:#6b7684}
section.control{background:#fff;border-radius:8px;padding:12px 16px;margin:10px 0;box-shadow:0 1px 2px #0001}
section.control h3{margin:0 0 4px;font-size:15px}.muted{color:#6b7684;font-size:12px}
table{border-collapse:collapse;width:100%;margin-top:8px}th,td{text-align:left;border-top:1px solid #e5e8ec;padding:6px;vertical-align:top;font-size:13px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}pre{white-space:pre-wrap;background:#f3f5f7;padding:8px;border-radius:4px;margin:4px 0}
.control-line{padding:4px 16px;font-size:13px}.remediation{margin-top:8px}.errors{color:#8a5300;font-size:13px}.guidance{font-size:13px}
svg.trend{width:100%;max-width:720px;background:#fff;border-radius:8px}svg .line{fill:none;stroke:#1f6feb;stroke-width:2}
svg .axis{stroke:#9aa4af}svg .grid{stroke:#e5e8ec}svg text{font-size:11px;fill:#6b7684}
h2{font-size:17px;margin:24px 0 8px}`;

/** One self-contained HTML file: inline CSS and SVG, no script, nothing loaded from the network. */
export function renderHtml(report: Report, extras: HtmlExtras): string {
  const rules = new Map(extras.rules.map((r) => [r.id, r]));
  const sections = new Map<string, ControlResult[]>();
  for (const c of report.controls) {
    const list = sections.get(c.section);
    if (list) list.push(c);
    else sections.set(c.section, [c]);
  }
  const s = report.summary;
  const scope = Object.entries(report.scope).filter(([, v]) => v);
  const scans = report.evidence.scans
    .map(
      (scan) =>
        `<li>scan ${scan.id}, ${escapeHtml(scan.finishedAt ?? scan.startedAt ?? '')}: ${scan.scopes.map(escapeHtml).join(', ')}</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.framework.name)} — Stance report</title>
<style>${CSS}</style></head>
<body>
<header><h1>${escapeHtml(report.framework.name)}</h1>
<p>State as of ${escapeHtml(report.asOf)} · generated ${escapeHtml(report.generatedAt)} · policy bundle ${escapeHtml(report.evidence.bundleVersion)}</p>
<p>Scope: ${scope.length ? scope.map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(v)}`).join(', ') : 'every account, region and cluster in the database'}${report.framework.complete ? '' : ' · this catalog does not list every control of the standard'}</p></header>
<main>
<div class="summary">
<div class="card score"><b>${s.score.toFixed(1)}</b>score</div>
<div class="card"><b>${s.pass}</b>pass</div><div class="card"><b>${s.fail}</b>fail</div><div class="card"><b>${s.error}</b>error</div>
<div class="card"><b>${s.manual}</b>manual</div><div class="card"><b>${s.not_applicable}</b>not applicable</div>
</div>
<h2>Pass rate over time</h2>
${trendChart(extras.trend)}
${[...sections]
  .map(
    ([section, controls]) =>
      `<h2>${escapeHtml(section)}</h2>\n${controls.map((c) => controlBlock(c, rules, extras.configs)).join('\n')}`,
  )
  .join('\n')}
<h2>Evidence</h2>
<ul class="muted">${scans || '<li>no scan observed this scope at the report date</li>'}</ul>
</main></body></html>
`;
}
