/** Plain-text tables for the terminal: columns padded to their widest cell, long cells truncated. */
export interface Column<T> {
  header: string;
  value: (row: T) => string;
  max?: number;
}

function truncate(text: string, max: number | undefined): string {
  const oneLine = text.replace(/\s+/g, ' ');
  if (!max || oneLine.length <= max) return oneLine;
  return `${oneLine.slice(0, Math.max(0, max - 1))}…`;
}

export function renderTable<T>(rows: readonly T[], columns: Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => truncate(c.value(row), c.max)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)];
  return out.join('\n') + '\n';
}
