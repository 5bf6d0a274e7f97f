/** A small SVG line chart for the 15-month trend (no chart library: see docs/decisions). */
import { h, svg } from './dom.js';

export interface TrendPoint {
  date: string;
  score: number | null;
  failing: number;
}

const W = 900;
const H = 220;
const PAD = { left: 44, right: 16, top: 12, bottom: 28 };

export function trendChart(points: TrendPoint[], label: string): HTMLElement {
  const scored = points.filter((p) => typeof p.score === 'number' && Number.isFinite(p.score));
  if (scored.length === 0) return h('p', { class: 'muted empty' }, 'No history for this selection yet.');
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const t0 = Date.parse(points[0]!.date);
  const t1 = Date.parse(points[points.length - 1]!.date);
  const span = Math.max(1, t1 - t0);
  const x = (date: string): number => PAD.left + ((Date.parse(date) - t0) / span) * innerW;
  const y = (score: number): number => PAD.top + (1 - score / 100) * innerH;

  const grid = [0, 25, 50, 75, 100].map((v) => [
    svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
    svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, `${v}%`),
  ]);
  const months: SVGElement[] = [];
  const seen = new Set<string>();
  for (const p of points) {
    const month = p.date.slice(0, 7);
    if (seen.has(month) || p.date.slice(8, 10) !== '01') continue;
    seen.add(month);
    if (seen.size % 2 === 0 && points.length > 120) continue;
    months.push(svg('text', { x: x(p.date), y: H - 8, 'text-anchor': 'middle', class: 'axis' }, month));
  }
  const path = scored
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.date).toFixed(1)},${y(p.score!).toFixed(1)}`)
    .join(' ');
  const first = scored[0]!;
  const last = scored[scored.length - 1]!;
  const summary = `${label}: ${first.score!.toFixed(1)}% on ${first.date.slice(0, 10)}, ${last.score!.toFixed(1)}% on ${last.date.slice(0, 10)}, ${last.failing} failing now.`;
  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-label': summary,
      class: 'chart',
      preserveAspectRatio: 'none',
    },
    grid,
    months,
    svg('path', { d: path, class: 'line' }),
    svg('circle', { cx: x(last.date), cy: y(last.score!), r: 3.5, class: 'dot' }),
  );
  return h('figure', { class: 'trend' }, chart, h('figcaption', { class: 'muted' }, summary));
}
