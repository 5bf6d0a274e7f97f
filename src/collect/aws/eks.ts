import { awsService } from './service-metadata.js';
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  paginateListClusters,
  paginateListNodegroups,
  type Cluster,
} from '@aws-sdk/client-eks';
import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { awsErrorText, isNotFound, nameCalls } from './errors.js';
import { clientConfig } from './session.js';
import { resourcesOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';

/**
 * EKS clusters (DescribeCluster: endpoint access and public CIDRs, control-plane logging, secrets
 * encryption, version, access configuration) and their managed node groups (DescribeNodegroup).
 * A cluster or node group that cannot be described is left out and the scope is partial; one
 * deleted between listing and describing is gone, not a problem.
 */

/** Clusters described at the same time. */
const CONCURRENCY = 4;

/**
 * The cluster as DescribeCluster returns it, without its certificate authority's certificate
 * (public, a few kilobytes, and judged by no rule).
 */
function clusterConfig(cluster: Cluster): Omit<Cluster, 'certificateAuthority'> {
  const { certificateAuthority: _ca, ...rest } = cluster;
  return rest;
}

async function collectEks(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new EKSClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const names: string[] = [];
      for await (const page of paginateListClusters({ client, pageSize: 100 }, {}))
        names.push(...(page.clusters ?? []));
      const resources: Resource[] = [];
      const problems: string[] = [];
      const gone = (error: unknown) => isNotFound(error, 'ResourceNotFoundException');
      const limit = pLimit(CONCURRENCY);
      await Promise.all(
        names.map((name) =>
          limit(async () => {
            let cluster: Cluster | undefined;
            try {
              cluster = (await client.send(new DescribeClusterCommand({ name }))).cluster;
            } catch (error) {
              if (!gone(error)) problems.push(`cluster ${name}: ${awsErrorText(error)}`);
              return;
            }
            if (!cluster?.arn) return;
            resources.push(
              make.resource({
                id: cluster.arn,
                type: 'aws.eks.cluster',
                name,
                tags: cluster.tags ?? {},
                config: clusterConfig(cluster),
              }),
            );
            const groups: string[] = [];
            try {
              for await (const page of paginateListNodegroups(
                { client, pageSize: 100 },
                { clusterName: name },
              ))
                groups.push(...(page.nodegroups ?? []));
            } catch (error) {
              if (!gone(error)) problems.push(`cluster ${name} node groups: ${awsErrorText(error)}`);
              return;
            }
            for (const group of groups) {
              try {
                const found = (
                  await client.send(new DescribeNodegroupCommand({ clusterName: name, nodegroupName: group }))
                ).nodegroup;
                if (!found?.nodegroupArn) continue;
                resources.push(
                  make.resource({
                    id: found.nodegroupArn,
                    type: 'aws.eks.nodegroup',
                    name: `${name}/${group}`,
                    tags: found.tags ?? {},
                    config: found,
                  }),
                );
              } catch (error) {
                if (!gone(error)) problems.push(`node group ${name}/${group}: ${awsErrorText(error)}`);
              }
            }
          }),
        ),
      );
      resources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { resources, problems };
    },
  );
}

export const eksCollector: ServiceCollector = {
  ...awsService('eks'),
  permissions: ['eks:ListClusters', 'eks:DescribeCluster', 'eks:ListNodegroups', 'eks:DescribeNodegroup'],
  collect: collectEks,
};
