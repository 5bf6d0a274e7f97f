import { awsService } from './service-metadata.js';
import {
  SecretsManagerClient,
  GetResourcePolicyCommand,
  paginateListSecrets,
} from '@aws-sdk/client-secrets-manager';
import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import {
  listAll,
  decodePolicy,
  readItem,
  resourcesOf,
  tagsOf,
  withClient,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';

/**
 * Secrets as ListSecrets describes them (rotation, last rotated, changed and accessed dates) with
 * their resource policies. Never GetSecretValue: no secret value is read, so none can be stored.
 */
async function collectSecretsManager(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new SecretsManagerClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const secrets = await listAll(paginateListSecrets({ client, pageSize: 100 }, {}), (p) => p.SecretList);
      const problems: string[] = [];
      const limit = pLimit(8);
      const resources: Resource[] = await Promise.all(
        secrets.map((secret) =>
          limit(async () => {
            const arn = secret.ARN!;
            // No batch API: each secret's resource policy is a call of its own.
            const policy = await readItem(problems, `secret ${secret.Name} resource policy`, async () =>
              decodePolicy(
                (await client.send(new GetResourcePolicyCommand({ SecretId: arn }))).ResourcePolicy,
              ),
            );
            const { SecretVersionsToStages: _versions, ...listed } = secret;
            return make.resource({
              id: arn,
              type: 'aws.secretsmanager.secret',
              name: secret.Name!,
              tags: tagsOf(secret.Tags),
              config: { ...listed, ...(policy !== undefined ? { ResourcePolicy: policy } : {}) },
            });
          }),
        ),
      );
      resources.sort((a, b) => a.id.localeCompare(b.id));
      return { resources, problems };
    },
  );
}

export const secretsManagerCollector: ServiceCollector = {
  ...awsService('secretsmanager'),
  permissions: ['secretsmanager:ListSecrets', 'secretsmanager:GetResourcePolicy'],
  collect: collectSecretsManager,
};
