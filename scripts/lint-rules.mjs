#!/usr/bin/env node
// Lints rule metadata without the OPA binary (the lint itself is the library's, src/policy/lint.ts,
// built into dist/ by `npm run build`, so `stance policy build` applies the same one to user rules).
//   node scripts/lint-rules.mjs [POLICIES_DIR]
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTechniques, unlistedTags } from '../dist/detect/coverage.js';
import { loadRules } from '../dist/detect/sigma.js';
import { lintRules, metadataOf } from '../dist/policy/lint.js';

export { lintRules, metadataOf };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'policies'));
  const problems = lintRules(dir);
  // Detection rules may tag only ATT&CK techniques of the pinned list: another counts for nothing in coverage.
  const detections = join(dir, 'detections');
  const techniques = join(dir, 'attack', 'enterprise-aws.yaml');
  if (existsSync(detections) && existsSync(techniques)) {
    const base = dirname(dir);
    const { rules } = loadRules([detections], undefined, base);
    const fileOf = new Map(rules.map((r) => [r.id, r.file]));
    for (const { tag, rules: ids } of unlistedTags(loadTechniques(techniques), rules))
      for (const id of ids)
        problems.push(
          `${fileOf.get(id)}: rule ${id}: tag ${tag} names no technique of the pinned ATT&CK list (${relative(base, techniques)}): tag a listed technique, or list it there`,
        );
  }
  for (const p of problems) process.stderr.write(`${p}\n`);
  if (problems.length) process.exit(1);
  process.stdout.write(`rule lint: ${dir} ok\n`);
}
