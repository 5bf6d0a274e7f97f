import { afterEach, describe, expect, it, vi } from 'vitest';
import { printTable } from '../../src/cli/output.js';
import { fitWidths, renderTable, type Column } from '../../src/cli/table.js';

interface Row {
  rule: string;
  resource: string;
  message: string;
}

const rows: Row[] = [
  {
    rule: 'k8s-container-privileged',
    resource: 'k8s://prod/shop/apps/Deployment/checkout-service-with-a-long-name',
    message: 'container "app" runs privileged: it has every capability of the host and can escape the pod',
  },
  {
    rule: 'aws-s3-bucket-deny-http',
    resource: 'arn:aws:s3:::acme-invoices',
    message: 'no policy statement denies HTTP',
  },
];

const columns: Column<Row>[] = [
  { header: 'rule', value: (r) => r.rule },
  { header: 'resource', value: (r) => r.resource, max: 70 },
  { header: 'message', value: (r) => r.message, max: 90 },
];

const longest = (text: string) =>
  Math.max(
    ...text
      .trimEnd()
      .split('\n')
      .map((l) => Array.from(l).length),
  );

describe('tables fit the terminal width', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('shrinks the widest columns with an ellipsis to fit a fixed column count', () => {
    const wide = renderTable(rows, columns);
    expect(longest(wide)).toBeGreaterThan(100);
    const fitted = renderTable(rows, columns, { width: 100 });
    expect(longest(fitted)).toBeLessThanOrEqual(100);
    const lines = fitted.split('\n');
    // the short column keeps its text; the long ones are cut with an ellipsis, never dropped
    expect(lines[1]).toMatch(
      /^k8s-container-privileged {2}k8s:\/\/prod\/shop\/.*… {2}container "app" runs.*…$/,
    );
    expect(lines[2]).toMatch(
      /^aws-s3-bucket-deny-http +arn:aws:s3:::acme-invoices +no policy statement denies HTTP$/,
    );
  });

  it('never shrinks a column below its header (or 8 characters), even when the terminal is narrower', () => {
    expect(fitWidths([20, 30, 40], [4, 8, 8], 40)).toEqual([12, 12, 12]);
    expect(fitWidths([20, 30, 40], [10, 8, 8], 10)).toEqual([10, 8, 8]);
    expect(fitWidths([5, 5], [5, 5], 80)).toEqual([5, 5]);
  });

  it('prints tables at the width of a terminal, and unchanged off a terminal', () => {
    const printed = (isTTY: boolean) => {
      const out: string[] = [];
      const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
      Object.defineProperty(process.stdout, 'isTTY', { value: isTTY, configurable: true });
      vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
        out.push(String(text));
        return true;
      });
      try {
        printTable(rows, columns);
      } finally {
        vi.restoreAllMocks();
        if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
        else delete (process.stdout as { isTTY?: boolean }).isTTY;
      }
      return out.join('');
    };
    vi.stubEnv('COLUMNS', '80');
    expect(longest(printed(true))).toBeLessThanOrEqual(80);
    expect(printed(false)).toBe(renderTable(rows, columns));
  });
});
