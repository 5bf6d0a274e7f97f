import { awsService } from './service-metadata.js';
import {
  ECRClient,
  BatchGetRepositoryScanningConfigurationCommand,
  GetLifecyclePolicyCommand,
  GetRegistryScanningConfigurationCommand,
  GetRepositoryPolicyCommand,
  paginateDescribeRepositories,
  type RepositoryScanningConfiguration,
} from '@aws-sdk/client-ecr';
import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import {
  listAll,
  decodePolicy,
  readItem,
  resourcesOf,
  withClient,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';
import { regionalFact } from './availability.js';

/** BatchGetRepositoryScanningConfiguration takes at most 25 repositories a call. */
const SCAN_BATCH = 25;

async function collectEcr(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new ECRClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (ecr) => {
      // The registry's scanning configuration is the region's fact; a region without ECR gives
      // {Offered: false} and no repositories.
      const registry = await regionalFact(ctx, 'ecr', () =>
        ecr.send(new GetRegistryScanningConfigurationCommand({})),
      );
      if (!registry.offered) {
        return {
          resources: [make.fact('ecr-registry', 'aws.ecr.registry', { Offered: false })],
          problems: [],
        };
      }
      const repositories = await listAll(
        paginateDescribeRepositories({ client: ecr, pageSize: 1000 }, {}),
        (p) => p.repositories,
      );
      const problems: string[] = [];
      const effective = new Map<string, RepositoryScanningConfiguration>();
      for (let i = 0; i < repositories.length; i += SCAN_BATCH) {
        const names = repositories.slice(i, i + SCAN_BATCH).map((r) => r.repositoryName!);
        const out = await readItem(problems, `scanning configuration of ${names.length} repositories`, () =>
          ecr.send(new BatchGetRepositoryScanningConfigurationCommand({ repositoryNames: names })),
        );
        for (const c of out?.scanningConfigurations ?? [])
          if (c.repositoryName) effective.set(c.repositoryName, c);
        for (const f of out?.failures ?? [])
          problems.push(
            `repository ${f.repositoryName} scanning configuration: ${f.failureCode} ${f.failureReason ?? ''}`.trim(),
          );
      }
      const limit = pLimit(8);
      const resources: Resource[] = await Promise.all(
        repositories.map((repo) =>
          limit(async () => {
            const name = repo.repositoryName!;
            // No batch API: a repository's policy and lifecycle policy are calls of their own.
            const [policy, lifecycle] = await Promise.all([
              readItem(
                problems,
                `repository ${name} policy`,
                async () =>
                  decodePolicy(
                    (await ecr.send(new GetRepositoryPolicyCommand({ repositoryName: name }))).policyText,
                  ),
                ['RepositoryPolicyNotFoundException'],
              ),
              readItem(
                problems,
                `repository ${name} lifecycle policy`,
                async () =>
                  decodePolicy(
                    (await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: name })))
                      .lifecyclePolicyText,
                  ),
                ['LifecyclePolicyNotFoundException'],
              ),
            ]);
            const scanning = effective.get(name);
            return make.resource({
              id: repo.repositoryArn!,
              type: 'aws.ecr.repository',
              name,
              config: {
                ...repo,
                ...(policy !== undefined ? { Policy: policy } : {}),
                ...(lifecycle !== undefined ? { LifecyclePolicy: lifecycle } : {}),
                ...(scanning ? { ScanningConfiguration: scanning } : {}),
              },
            });
          }),
        ),
      );
      resources.sort((a, b) => a.id.localeCompare(b.id));
      const { $metadata: _m, ...answer } = registry.value;
      resources.push(
        make.fact('ecr-registry', 'aws.ecr.registry', {
          Offered: true,
          ...answer,
          RepositoryCount: repositories.length,
        }),
      );
      return { resources, problems };
    },
  );
}

export const ecrCollector: ServiceCollector = {
  ...awsService('ecr'),
  permissions: [
    'ecr:GetRegistryScanningConfiguration',
    'ecr:DescribeRepositories',
    'ecr:BatchGetRepositoryScanningConfiguration',
    'ecr:GetRepositoryPolicy',
    'ecr:GetLifecyclePolicy',
    'ssm:GetParameter',
  ],
  collect: collectEcr,
};
