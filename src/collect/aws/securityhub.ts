import { awsService } from './service-metadata.js';
import { SecurityHubClient, DescribeHubCommand } from '@aws-sdk/client-securityhub';
import { isNotFound, nameCalls } from './errors.js';
import { clientConfig } from './session.js';
import { resourcesOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';

/** The hub, or null when Security Hub is off in the region (it answers "not subscribed"). */
async function describeHub(client: SecurityHubClient): Promise<Record<string, unknown> | null> {
  try {
    const { $metadata: _m, ...hub } = await client.send(new DescribeHubCommand({}));
    return hub;
  } catch (error) {
    const off =
      isNotFound(error, 'InvalidAccessException', 'ResourceNotFoundException') &&
      /not subscribed/i.test((error as Error).message ?? '');
    if (off) return null;
    throw error;
  }
}

async function collectSecurityHub(ctx: ServiceContext) {
  return withClient(
    nameCalls(new SecurityHubClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const hub = await describeHub(client);
      return {
        resources: [
          resourcesOf(ctx).fact('security-hub', 'aws.securityhub.region', {
            Enabled: hub !== null,
            Hub: hub,
          }),
        ],
        problems: [],
      };
    },
  );
}

export const securityHubCollector: ServiceCollector = {
  ...awsService('securityhub'),
  permissions: ['securityhub:DescribeHub'],
  collect: collectSecurityHub,
};
