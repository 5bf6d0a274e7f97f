import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectManifests } from '../../src/collect/k8s/manifests.js';
import { loadBundle } from '../../src/policy/bundle.js';
import { WasmEvaluator } from '../../src/policy/evaluator.js';
import { repoRoot } from '../helpers/cli.js';

const dir = join(repoRoot, 'test', 'fixtures', 'pss');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('Pod Security Standards fixtures, scanned as manifests', () => {
  it('cover every PSS framework check', () => {
    const bundle = loadBundle();
    const pssRules = bundle.manifest.rules.filter(
      (r) => r.id.startsWith('k8s-pss-') || r.id === 'k8s-container-privileged',
    );
    const covered = files.map((f) => f.replace(/\.yaml$/, '').replace('-', '.'));
    for (const rule of pssRules)
      expect(covered, `no fixture file for ${rule.id}`).toContain(
        rule.package.replace('stance.rules.k8s.', ''),
      );
  });

  it.each(files)('%s: every object gets the verdict it names', async (file) => {
    const bundle = loadBundle();
    const pkg = `stance.rules.k8s.${file.replace(/\.yaml$/, '').replace('-', '.')}`;
    const rule = bundle.manifest.rules.find((r) => r.package === pkg)!;
    expect(rule, `rule for ${file}`).toBeDefined();
    const collection = collectManifests([join(dir, file)], { cwd: repoRoot, cluster: 'fixtures' });
    expect(collection.problems).toEqual([]);
    const resources = collection.scopes.flatMap((s) => s.resources);
    expect(
      resources.some(
        (r) =>
          (r.config as { metadata: { annotations: Record<string, string> } }).metadata.annotations[
            'stance.test/expect'
          ] === 'fail',
      ),
    ).toBe(true);
    expect(
      resources.some(
        (r) =>
          (r.config as { metadata: { annotations: Record<string, string> } }).metadata.annotations[
            'stance.test/expect'
          ] === 'pass',
      ),
    ).toBe(true);
    const evaluator = await WasmEvaluator.create(bundle.wasm, bundle.manifest);
    const ctx = { now_ns: 0, provider: 'k8s' as const, account: 'fixtures', region: 'shop' };
    for (const resource of resources) {
      const annotations = (resource.config as { metadata: { annotations: Record<string, string> } }).metadata
        .annotations;
      const verdicts = evaluator.evaluate([{ resource, context: ctx }]).filter((e) => e.ruleId === rule.id);
      const verdict = verdicts[0]?.status ?? 'not_applicable';
      expect(
        verdict,
        `${file} ${resource.name} (${annotations['stance.test/case']}): ${verdicts[0]?.message ?? ''}`,
      ).toBe(annotations['stance.test/expect']);
    }
  });
});
