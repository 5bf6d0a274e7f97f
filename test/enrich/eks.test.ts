import { describe, expect, it } from 'vitest';
import { enrich } from '../../src/enrich/index.js';
import { awsScope, k8sScope, nodeFilesScope } from '../../src/model/scopes.js';
import type { CollectedScope, Collection, Resource } from '../../src/types.js';

/** The join of an EKS cluster and the Kubernetes cluster scanned through its API (src/enrich/eks.ts). */

const ACCOUNT = '111122223333';
const arnOf = (region: string, name: string) => `arn:aws:eks:${region}:${ACCOUNT}:cluster/${name}`;

const eksCluster = (region: string, name: string): Resource => ({
  id: arnOf(region, name),
  type: 'aws.eks.cluster',
  provider: 'aws',
  account: ACCOUNT,
  region,
  name,
  tags: {},
  config: {
    name,
    arn: arnOf(region, name),
    version: '1.33',
    resourcesVpcConfig: { endpointPublicAccess: false },
  },
});

const nodegroup = (region: string, cluster: string, name: string): Resource => ({
  id: `arn:aws:eks:${region}:${ACCOUNT}:nodegroup/${cluster}/${name}/0a1b`,
  type: 'aws.eks.nodegroup',
  provider: 'aws',
  account: ACCOUNT,
  region,
  name: `${cluster}/${name}`,
  tags: {},
  config: { clusterName: cluster, nodegroupName: name },
});

const node = (cluster: string, name: string, labels: Record<string, string> = {}): Resource => ({
  id: `k8s://${cluster}/_cluster/Node/${name}`,
  type: 'k8s.node',
  provider: 'k8s',
  account: cluster,
  region: '_cluster',
  name,
  tags: labels,
  config: { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } },
});

const nodeFiles = (cluster: string, name: string): Resource => ({
  id: `k8s://${cluster}/_cluster/NodeFiles/${name}`,
  type: 'k8s.node_files',
  provider: 'k8s',
  account: cluster,
  region: '_cluster',
  name,
  tags: {},
  config: { kind: 'NodeFiles', metadata: { name }, files: {} },
});

const scope = (s: CollectedScope['scope'], resources: Resource[]): CollectedScope => ({
  scope: s,
  status: 'ok',
  resources,
});

function collection(k8sName: string, extra: CollectedScope[] = []): Collection {
  return {
    collectedAt: new Date('2026-12-01T00:00:00Z'),
    scopes: [
      scope(awsScope(ACCOUNT, 'eu-west-1', 'eks'), [
        eksCluster('eu-west-1', 'prod'),
        nodegroup('eu-west-1', 'prod', 'workers'),
      ]),
      scope(k8sScope(k8sName, 'Node'), [
        node(k8sName, 'ip-10-0-1-5.eu-west-1.compute.internal', { 'eks.amazonaws.com/nodegroup': 'workers' }),
        node(k8sName, 'ip-10-0-2-9.eu-west-1.compute.internal'),
      ]),
      scope(nodeFilesScope(k8sName, 'ip-10-0-1-5.eu-west-1.compute.internal'), [
        nodeFiles(k8sName, 'ip-10-0-1-5.eu-west-1.compute.internal'),
      ]),
      ...extra,
    ],
  };
}

const stanceOf = (c: Collection, id: string) =>
  (
    c.scopes.flatMap((s) => s.resources).find((r) => r.id === id)!.config as {
      stance?: Record<string, unknown>;
    }
  ).stance;

describe('EKS cluster and Kubernetes scan join', () => {
  for (const k8sName of [arnOf('eu-west-1', 'prod'), 'prod', 'prod.eu-west-1.eksctl.io']) {
    it(`joins a Kubernetes cluster named ${k8sName}`, () => {
      const joined = enrich(collection(k8sName));
      expect(stanceOf(joined, arnOf('eu-west-1', 'prod'))?.kubernetesCluster).toEqual({
        cluster: k8sName,
        nodes: 2,
        nodeChecks: 1,
      });
      const eksCluster = {
        arn: arnOf('eu-west-1', 'prod'),
        name: 'prod',
        account: ACCOUNT,
        region: 'eu-west-1',
        version: '1.33',
      };
      expect(
        stanceOf(joined, `k8s://${k8sName}/_cluster/Node/ip-10-0-1-5.eu-west-1.compute.internal`)?.eksCluster,
      ).toEqual({
        ...eksCluster,
        nodegroup: `arn:aws:eks:eu-west-1:${ACCOUNT}:nodegroup/prod/workers/0a1b`,
      });
      expect(
        stanceOf(joined, `k8s://${k8sName}/_cluster/Node/ip-10-0-2-9.eu-west-1.compute.internal`)?.eksCluster,
      ).toEqual(eksCluster);
      expect(
        stanceOf(joined, `k8s://${k8sName}/_cluster/NodeFiles/ip-10-0-1-5.eu-west-1.compute.internal`)
          ?.eksCluster,
      ).toEqual(eksCluster);
    });
  }

  it('joins nothing when the names differ, or when a bare name fits clusters of two regions', () => {
    const other = enrich(collection('kind-dev'));
    expect(stanceOf(other, arnOf('eu-west-1', 'prod'))?.kubernetesCluster).toBeUndefined();
    expect(
      stanceOf(other, 'k8s://kind-dev/_cluster/Node/ip-10-0-2-9.eu-west-1.compute.internal')?.eksCluster,
    ).toBeUndefined();
    const ambiguous = enrich(
      collection('prod', [scope(awsScope(ACCOUNT, 'us-east-1', 'eks'), [eksCluster('us-east-1', 'prod')])]),
    );
    expect(stanceOf(ambiguous, arnOf('eu-west-1', 'prod'))?.kubernetesCluster).toBeUndefined();
    expect(stanceOf(ambiguous, arnOf('us-east-1', 'prod'))?.kubernetesCluster).toBeUndefined();
    expect(
      stanceOf(ambiguous, 'k8s://prod/_cluster/Node/ip-10-0-2-9.eu-west-1.compute.internal')?.eksCluster,
    ).toBeUndefined();
  });

  it('replaces what an older snapshot says, and changes nothing when run twice', () => {
    const stale = collection('kind-dev');
    const ng = stale.scopes[1]!.resources[0]!;
    ng.config = {
      ...(ng.config as object),
      stance: { eksCluster: { arn: 'arn:aws:eks:eu-west-1:1:cluster/old' } },
    };
    const once = enrich(stale);
    expect(stanceOf(once, ng.id)).toBeUndefined();
    expect(enrich(once)).toEqual(once);
    const joined = enrich(collection('prod'));
    expect(enrich(joined)).toEqual(joined);
  });
});
