import { SecurityHubClient, DescribeHubCommand } from '@aws-sdk/client-securityhub';
import { isNotFound } from './errors.js';
import { clientConfig } from './session.js';
import { awsResource, factId, type ServiceCollector, type ServiceContext } from './service.js';

async function collectSecurityHub(ctx: ServiceContext) {
  const { region } = ctx;
  const account = ctx.session.accountId;
  const client = new SecurityHubClient(clientConfig(region, ctx.session.credentials));
  try {
    let hub: Record<string, unknown> | null = null;
    try {
      const { $metadata: _m, ...body } = await client.send(new DescribeHubCommand({}));
      hub = body;
    } catch (error) {
      // Security Hub answers InvalidAccessException ("not subscribed") when it is off in the region.
      const off = isNotFound(error, 'InvalidAccessException', 'ResourceNotFoundException') && /not subscribed/i.test((error as Error).message ?? '');
      if (!off) throw error;
    }
    const fact = awsResource({
      id: factId(account, region, 'security-hub'),
      type: 'aws.securityhub.region',
      account,
      region,
      name: `security-hub ${region}`,
      config: { Enabled: hub !== null, Hub: hub },
    });
    return { resources: [fact], problems: [] };
  } finally {
    client.destroy();
  }
}

export const securityHubCollector: ServiceCollector = { service: 'securityhub', global: false, collect: collectSecurityHub };
