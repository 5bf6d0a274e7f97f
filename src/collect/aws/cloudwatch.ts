import { awsService } from './service-metadata.js';
import { CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { resourcesOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';

async function collectCloudWatch(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new CloudWatchClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const resources: Resource[] = [];
      for await (const page of paginateDescribeAlarms(
        { client, pageSize: 100 },
        { AlarmTypes: ['MetricAlarm'] },
      )) {
        for (const alarm of page.MetricAlarms ?? []) {
          resources.push(
            make.resource({
              id: alarm.AlarmArn!,
              type: 'aws.cloudwatch.alarm',
              name: alarm.AlarmName!,
              config: alarm,
            }),
          );
        }
      }
      return { resources, problems: [] };
    },
  );
}

export const cloudWatchCollector: ServiceCollector = {
  ...awsService('cloudwatch'),
  permissions: ['cloudwatch:DescribeAlarms'],
  collect: collectCloudWatch,
};
