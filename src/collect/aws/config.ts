import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { clientConfig } from './session.js';
import { awsResource, factId, type ServiceCollector, type ServiceContext } from './service.js';

async function collectConfig(ctx: ServiceContext) {
  const { region } = ctx;
  const account = ctx.session.accountId;
  const client = new ConfigServiceClient(clientConfig(region, ctx.session.credentials));
  try {
    const [recorders, statuses, channels] = await Promise.all([
      client.send(new DescribeConfigurationRecordersCommand({})),
      client.send(new DescribeConfigurationRecorderStatusCommand({})),
      client.send(new DescribeDeliveryChannelsCommand({})),
    ]);
    const fact = awsResource({
      id: factId(account, region, 'config'),
      type: 'aws.config.region',
      account,
      region,
      name: `config ${region}`,
      config: {
        ConfigurationRecorders: recorders.ConfigurationRecorders ?? [],
        ConfigurationRecordersStatus: statuses.ConfigurationRecordersStatus ?? [],
        DeliveryChannels: channels.DeliveryChannels ?? [],
      },
    });
    return { resources: [fact], problems: [] };
  } finally {
    client.destroy();
  }
}

export const configCollector: ServiceCollector = { service: 'config', global: false, collect: collectConfig };
