/** A small SVG line chart for the 15-month trend (no chart library: see docs/decisions). */
import { h, svg } from './dom.js';

export interface TrendPoint {
  date: string;
  score: number | null;
  failing: number;
}

const W = 1200;
const H = 260;
const FIFTEEN_MONTHS_MS = 457 * 86_400_000;
const PAD = { left: 44, right: 16, top: 12, bottom: 28 };

export function trendChart(points: TrendPoint[], label: string): HTMLElement {
  const scored = points.filter((p) => typeof p.score === 'number' && Number.isFinite(p.score));
  if (scored.length === 0) return h('p', { class: 'muted empty' }, 'No history for this selection yet.');
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  // The axis always spans 15 months up to the last day, so a young database shows its history at the right.
  const t1 = Date.parse(points[points.length - 1]!.date);
  const t0 = Math.min(Date.parse(points[0]!.date), t1 - FIFTEEN_MONTHS_MS);
  const span = Math.max(1, t1 - t0);
  const x = (date: string): number => PAD.left + ((Date.parse(date) - t0) / span) * innerW;
  const y = (score: number): number => PAD.top + (1 - score / 100) * innerH;

  const grid = [0, 25, 50, 75, 100].map((v) => [
    svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
    svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, `${v}%`),
  ]);
  const months: SVGElement[] = [];
  for (let i = 0; i <= 15; i += 1) {
    const d = new Date(t0);
    const tick = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 1);
    if (tick < t0 || tick > t1 || i % 2 === 1) continue;
    const month = new Date(tick).toISOString().slice(0, 7);
    const x = PAD.left + ((tick - t0) / span) * innerW;
    months.push(svg('line', { x1: x, x2: x, y1: PAD.top, y2: H - PAD.bottom, class: 'grid' }));
    months.push(svg('text', { x, y: H - 8, 'text-anchor': 'middle', class: 'axis' }, month));
  }
  const path = scored
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.date).toFixed(1)},${y(p.score!).toFixed(1)}`)
    .join(' ');
  const first = scored[0]!;
  const last = scored[scored.length - 1]!;
  const summary =
    scored.length === 1
      ? `${label}: ${last.score!.toFixed(1)}% on ${last.date.slice(0, 10)}, the only day recorded so far; ${last.failing} failing.`
      : `${label}: ${first.score!.toFixed(1)}% on ${first.date.slice(0, 10)}, ${last.score!.toFixed(1)}% on ${last.date.slice(0, 10)}; ${last.failing} failing on the last day.`;

  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-label': summary,
      class: 'chart',
    },
    grid,
    months,
    svg('path', { d: path, class: 'line' }),
    svg('circle', { cx: x(last.date), cy: y(last.score!), r: 3.5, class: 'dot' }),
  );
  return h('figure', { class: 'trend' }, chart, h('figcaption', { class: 'muted' }, summary));
}
