import { awsService } from './service-metadata.js';
import { CloudWatchLogsClient, paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { awsResource, factId, withClient, type ServiceCollector, type ServiceContext } from './service.js';

/** Metric filters: what turns CloudTrail log lines into metrics an alarm can watch. */
async function collectLogs(ctx: ServiceContext) {
  const { region } = ctx;
  const account = ctx.session.accountId;
  return withClient(
    nameCalls(new CloudWatchLogsClient(clientConfig(region, ctx.session.credentials))),
    async (client) => {
      const resources: Resource[] = [];
      for await (const page of paginateDescribeMetricFilters({ client, pageSize: 50 }, {})) {
        for (const filter of page.metricFilters ?? []) {
          const id = factId(
            account,
            region,
            `logs-metric-filter/${filter.logGroupName}/${filter.filterName}`,
          );
          resources.push(
            awsResource({
              id,
              type: 'aws.logs.metric_filter',
              account,
              region,
              name: filter.filterName!,
              config: filter,
            }),
          );
        }
      }
      return { resources, problems: [] };
    },
  );
}

export const logsCollector: ServiceCollector = {
  ...awsService('logs'),
  permissions: ['logs:DescribeMetricFilters'],
  collect: collectLogs,
};
