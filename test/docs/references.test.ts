import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const outside = /\.\.\/shared|shared\/schemas|DESIGN\.md/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('what a reader is pointed at', () => {
  it('README and help text cite only files inside the repository', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme.split('\n').filter((l) => outside.test(l))).toEqual([]);
    const help = sources(join(root, 'src', 'cli')).filter((f) => outside.test(readFileSync(f, 'utf8')));
    expect(help).toEqual([]);
    for (const cited of ['schemas/findings.schema.json', 'schemas/report.schema.json', 'docs/architecture.md'])
      expect(existsSync(join(root, cited)), cited).toBe(true);
  });

  it('the schemas in the repository are the shared contract', () => {
    const shared = join(root, '..', 'shared', 'schemas');
    if (!existsSync(shared)) return;
    for (const name of ['findings.schema.json', 'report.schema.json'])
      expect(readFileSync(join(root, 'schemas', name), 'utf8')).toBe(readFileSync(join(shared, name), 'utf8'));
  });
});
