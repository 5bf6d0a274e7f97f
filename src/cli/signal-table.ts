import type { Signal } from '../index.js';
import { terminalTableWidth } from './output.js';
import { renderTable } from './table.js';

/** Signals as a table for stdout (`stance signals`, `stance resource`, `stance detect cloudtrail`). */
export function signalTable(signals: Signal[]): string {
  return renderTable(
    signals,
    [
      { header: 'id', value: (s) => String(s.id) },
      { header: 'state', value: (s) => s.status },
      { header: 'severity', value: (s) => (s.severity !== s.ruleSeverity ? `${s.severity}↑` : s.severity) },
      { header: 'rule', value: (s) => s.ruleId, max: 40 },
      { header: 'group', value: (s) => Object.values(s.group).filter(Boolean).join(' ') || '-', max: 60 },
      { header: 'count', value: (s) => String(s.count) },
      { header: 'first seen', value: (s) => s.firstSeen.slice(0, 16).replace('T', ' ') },
      { header: 'last seen', value: (s) => s.lastSeen.slice(0, 16).replace('T', ' ') },
      { header: 'mitre', value: (s) => s.mitre.filter((t) => /^attack\.t\d/.test(t)).join(' '), max: 30 },
    ],
    { width: terminalTableWidth() },
  );
}
