import { describe, expect, it } from 'vitest';
import { collectManifests } from '../../src/collect/k8s/manifests.js';
import { fixture, repoRoot } from '../helpers/cli.js';

const cwd = repoRoot;
const rel = (name: string) => `test/fixtures/manifests/${name}`;

describe('manifest collection', () => {
  it('reads Helm-rendered multi-document YAML with file and line, namespaces and labels', () => {
    const c = collectManifests([rel('helm-rendered.yaml')], { cwd });
    expect(c.problems).toEqual([]);
    expect(c.scopes).toHaveLength(1);
    expect(c.scopes[0]).toMatchObject({
      status: 'ok',
      scope: { key: `manifests/manifests/${rel('helm-rendered.yaml')}` },
    });
    const byId = Object.fromEntries(c.scopes[0]!.resources.map((r) => [r.id, r]));
    expect(byId['k8s://manifests/shop/Deployment/storefront']).toMatchObject({
      type: 'k8s.deployment',
      region: 'shop',
      tags: { owner: 'team-shop' },
      source: { file: rel('helm-rendered.yaml'), line: 3 },
    });
    expect(byId['k8s://manifests/_cluster/Namespace/shop']?.source?.line).toBe(53);
  });

  it('never keeps Secret data, only the names of its keys', () => {
    const c = collectManifests([rel('helm-rendered.yaml')], { cwd });
    const secret = c.scopes[0]!.resources.find((r) => r.type === 'k8s.secret')!;
    expect(JSON.stringify(secret)).not.toContain('c3VwZXItc2VjcmV0LXZhbHVl');
    expect(secret.config).toMatchObject({ stance: { dataKeys: ['password'] } });
    expect(secret.config).not.toHaveProperty('data');
  });

  it('expands List kinds from JSON with each item on its own line', () => {
    const c = collectManifests([rel('list.json')], { cwd, cluster: 'prod' });
    expect(c.scopes[0]!.resources.map((r) => [r.id, r.source?.line])).toEqual([
      ['k8s://prod/tools/Pod/debug', 5],
      ['k8s://prod/tools/CronJob/report', 11],
    ]);
  });

  it('reports a malformed document with file and line and still scans the rest (scope partial)', () => {
    const c = collectManifests([rel('broken.yaml')], { cwd });
    expect(c.scopes[0]!.status).toBe('partial');
    expect(c.scopes[0]!.resources.map((r) => r.name)).toEqual(['fine', 'also-fine']);
    expect(c.problems.map((p) => `${p.file}:${p.line}`)).toEqual([
      `${rel('broken.yaml')}:12`,
      `${rel('broken.yaml')}:13`,
    ]);
    expect(c.problems[1]!.reason).toBe('missing "apiVersion"');
  });

  it('walks directories, one scope per file, and reads stdin', () => {
    const c = collectManifests(['test/fixtures/manifests'], { cwd });
    expect(c.scopes.map((s) => s.scope.key.split('/').pop()).sort()).toEqual([
      'broken.yaml',
      'hardened.yaml',
      'helm-rendered.yaml',
      'legacy.yaml',
      'list.json',
    ]);
    const stdin = collectManifests(['-'], {
      cwd,
      stdin: () => 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n',
    });
    expect(stdin.scopes[0]!.resources[0]).toMatchObject({
      id: 'k8s://manifests/default/Pod/p',
      source: { file: '<stdin>', line: 1 },
    });
    expect(() => collectManifests([fixture('nowhere')], { cwd })).toThrow(/no such file or directory/);
  });

  it("drops a `stance` key an object brings itself: facts under it are Stance's own", () => {
    const c = collectManifests(['-'], {
      cwd,
      stdin: () =>
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nstance: {unreadable: "skip me", serviceAccount: {collected: true}}\n',
    });
    const config = c.scopes[0]!.resources[0]!.config as { stance?: Record<string, unknown> };
    expect(config.stance?.unreadable).toBeUndefined();
  });
});
