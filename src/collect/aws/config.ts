import { awsService } from './service-metadata.js';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { resourcesOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';

async function collectConfig(ctx: ServiceContext) {
  return withClient(
    nameCalls(new ConfigServiceClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const [recorders, statuses, channels] = await Promise.all([
        client.send(new DescribeConfigurationRecordersCommand({})),
        client.send(new DescribeConfigurationRecorderStatusCommand({})),
        client.send(new DescribeDeliveryChannelsCommand({})),
      ]);
      const config = {
        ConfigurationRecorders: recorders.ConfigurationRecorders ?? [],
        ConfigurationRecordersStatus: statuses.ConfigurationRecordersStatus ?? [],
        DeliveryChannels: channels.DeliveryChannels ?? [],
      };
      return { resources: [resourcesOf(ctx).fact('config', 'aws.config.region', config)], problems: [] };
    },
  );
}

export const configCollector: ServiceCollector = {
  ...awsService('config'),
  permissions: [
    'config:DescribeConfigurationRecorderStatus',
    'config:DescribeConfigurationRecorders',
    'config:DescribeDeliveryChannels',
  ],
  collect: collectConfig,
};
