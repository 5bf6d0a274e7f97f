import { CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { awsResource, type ServiceCollector, type ServiceContext } from './service.js';

async function collectCloudWatch(ctx: ServiceContext) {
  const { region } = ctx;
  const account = ctx.session.accountId;
  const client = new CloudWatchClient(clientConfig(region, ctx.session.credentials));
  try {
    const resources: Resource[] = [];
    for await (const page of paginateDescribeAlarms({ client, pageSize: 100 }, { AlarmTypes: ['MetricAlarm'] })) {
      for (const alarm of page.MetricAlarms ?? []) {
        resources.push(awsResource({ id: alarm.AlarmArn!, type: 'aws.cloudwatch.alarm', account, region, name: alarm.AlarmName!, config: alarm }));
      }
    }
    return { resources, problems: [] };
  } finally {
    client.destroy();
  }
}

export const cloudWatchCollector: ServiceCollector = { service: 'cloudwatch', global: false, collect: collectCloudWatch };
