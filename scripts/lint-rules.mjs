#!/usr/bin/env node
// Lints rule metadata without the OPA binary (the lint itself is the library's, src/policy/lint.ts,
// built into dist/ by `npm run build`, so `stance policy build` applies the same one to user rules).
//   node scripts/lint-rules.mjs [POLICIES_DIR]
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintRules, metadataOf } from '../dist/policy/lint.js';

export { lintRules, metadataOf };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'policies'));
  const problems = lintRules(dir);
  for (const p of problems) process.stderr.write(`${p}\n`);
  if (problems.length) process.exit(1);
  process.stdout.write(`rule lint: ${dir} ok\n`);
}
