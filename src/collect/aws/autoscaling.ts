import { awsService } from './service-metadata.js';
import {
  AutoScalingClient,
  paginateDescribeAutoScalingGroups,
  paginateDescribeLaunchConfigurations,
} from '@aws-sdk/client-auto-scaling';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import {
  listAll,
  resourcesOf,
  tagsOf,
  withClient,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';

async function collectAutoScaling(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new AutoScalingClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const [groups, configurations] = await Promise.all([
        listAll(paginateDescribeAutoScalingGroups({ client, pageSize: 100 }, {}), (p) => p.AutoScalingGroups),
        listAll(
          paginateDescribeLaunchConfigurations({ client, pageSize: 100 }, {}),
          (p) => p.LaunchConfigurations,
        ),
      ]);
      const resources: Resource[] = [];
      for (const g of groups)
        resources.push(
          make.resource({
            id: g.AutoScalingGroupARN!,
            type: 'aws.autoscaling.group',
            name: g.AutoScalingGroupName!,
            tags: tagsOf(g.Tags),
            config: g,
          }),
        );
      for (const c of configurations) {
        // UserData may hold secrets: never collected.
        const { UserData: _userData, ...config } = c;
        resources.push(
          make.resource({
            id: c.LaunchConfigurationARN!,
            type: 'aws.autoscaling.launch_configuration',
            name: c.LaunchConfigurationName!,
            config,
          }),
        );
      }
      return { resources, problems: [] };
    },
  );
}

export const autoScalingCollector: ServiceCollector = {
  ...awsService('autoscaling'),
  permissions: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeLaunchConfigurations'],
  collect: collectAutoScaling,
};
