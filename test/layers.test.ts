import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from './helpers/cli.js';

/**
 * The boundary check of `npm run lint` (.dependency-cruiser.cjs): the modules of src/ depend on each
 * other one way (docs/architecture.md), with no cycle, type-only imports included.
 */
interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

function cruise(cwd: string): Violation[] {
  const run = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
      'src',
      '--config',
      join(repoRoot, '.dependency-cruiser.cjs'),
      '--output-type',
      'json',
    ],
    { cwd, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (!run.stdout.startsWith('{')) throw new Error(`dependency-cruiser failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const describeViolation = (v: Violation) =>
  `${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(' → ') : v.to}`;

describe('the boundaries of src/', () => {
  it('has no upward import and no cycle', () => {
    expect(cruise(repoRoot).map(describeViolation)).toEqual([]);
  });

  it('the check finds an upward import, a cycle and a build script import', () => {
    const dir = tempDir('stance-layers-');
    copyFileSync(join(repoRoot, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    for (const sub of ['src/store', 'src/report', 'src/util', 'scripts'])
      mkdirSync(join(dir, sub), { recursive: true });
    const files: Record<string, string> = {
      'src/store/index.ts': "import { render } from '../report/html.js';\nexport const x = render;\n",
      'src/report/html.ts': 'export const render = 1;\n',
      'src/util/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'src/util/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      'src/types.ts': "import '../scripts/build.mjs';\nexport type T = string;\n",
      'scripts/build.mjs': 'export {};\n',
    };
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    const found = cruise(dir).map((v) => `${v.rule.name}: ${v.from}`);
    expect(found).toContain('layer-store: src/store/index.ts');
    expect(found).toContain('no-circular: src/util/a.ts');
    expect(found).toContain('no-import-outside-src: src/types.ts');
  });
});
