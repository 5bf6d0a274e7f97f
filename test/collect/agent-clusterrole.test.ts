import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { collectLive } from '../../src/collect/k8s/live.js';
import { fakeKubernetesApi } from '../helpers/fake-k8s.js';
import { repoRoot } from '../helpers/cli.js';

/**
 * The in-cluster agent's ClusterRole (deploy/kubernetes/agent/base/clusterrole.yaml) grants exactly
 * what the live collector requests: derived from the HTTP requests collectLive really makes, so a
 * kind added to the collector without its grant (or a grant left after a kind is dropped) fails here.
 */

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

/** One API request as the permission it needs: "group resource verb" or "nonResource PATH verb". */
function permission(request: string): string {
  const path = request.split('?')[0]!;
  const core = /^\/api\/v1\/(.+)$/.exec(path);
  const named = /^\/apis\/([^/]+)\/[^/]+\/(.+)$/.exec(path);
  const match = core
    ? { group: '', rest: core[1]! }
    : named
      ? { group: named[1]!, rest: named[2]! }
      : undefined;
  if (!match) return `nonResource ${path} get`;
  let parts = match.rest.split('/');
  if (parts[0] === 'namespaces' && parts.length > 2) parts = parts.slice(2); // namespaced path
  const [resource, name, subresource] = parts;
  if (!name) return `${match.group} ${resource} list`;
  return `${match.group} ${subresource ? `${resource}/${subresource}` : resource} get`;
}

function granted(rules: PolicyRule[]): string[] {
  return rules.flatMap((rule) => [
    ...(rule.apiGroups ?? []).flatMap((group) =>
      (rule.resources ?? []).flatMap((resource) => rule.verbs.map((verb) => `${group} ${resource} ${verb}`)),
    ),
    ...(rule.nonResourceURLs ?? []).flatMap((url) => rule.verbs.map((verb) => `nonResource ${url} ${verb}`)),
  ]);
}

const clusterRole = join(repoRoot, 'deploy', 'kubernetes', 'agent', 'base', 'clusterrole.yaml');

describe('deploy/kubernetes/agent ClusterRole', () => {
  it('grants exactly the verbs and resources the live collector requests, no more', async () => {
    const role = parseAllDocuments(readFileSync(clusterRole, 'utf8')).map(
      (d) =>
        d.toJSON() as {
          kind: string;
          rules: PolicyRule[];
        },
    );
    expect(role.map((r) => r.kind)).toEqual(['ClusterRole']);
    const rules = role[0]!.rules;
    for (const rule of rules) {
      expect(rule.resourceNames, 'no resourceNames').toBeUndefined();
      for (const value of [...rule.verbs, ...(rule.apiGroups ?? []), ...(rule.resources ?? [])])
        expect(value, 'no wildcard').not.toContain('*');
      expect(
        rule.verbs.every((v) => v === 'get' || v === 'list'),
        rule.verbs.join(),
      ).toBe(true);
    }

    const api = await fakeKubernetesApi(
      [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'u1' } }],
      { kubeletConfigs: { 'node-1': { authentication: { anonymous: { enabled: false } } } } },
    );
    try {
      const collection = await collectLive({
        kubeconfig: api.kubeconfig(mkdtempSync(join(tmpdir(), 'cr-'))),
      });
      expect(collection.scopes.every((s) => s.status === 'ok')).toBe(true);
      const requested = [...new Set(api.requests.map(permission))].sort();
      expect(requested).toContain(' nodes/proxy get'); // the kubelet read is among them
      expect(granted(rules).sort()).toEqual(requested);
    } finally {
      await api.close();
    }
  });

  it('maps API paths to the permissions they need', () => {
    expect(permission('/api/v1/secrets?limit=500')).toBe(' secrets list');
    expect(permission('/apis/apps/v1/deployments?limit=500&continue=2')).toBe('apps deployments list');
    expect(permission('/api/v1/namespaces/ns/pods')).toBe(' pods list');
    expect(permission('/api/v1/namespaces/ns/pods/p1')).toBe(' pods get');
    expect(permission('/api/v1/nodes/node-1/proxy/configz')).toBe(' nodes/proxy get');
    expect(permission('/version')).toBe('nonResource /version get');
  });
});
