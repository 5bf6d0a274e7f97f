import { awsService } from './service-metadata.js';
import {
  ElasticLoadBalancingClient,
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  paginateDescribeLoadBalancers,
  type Tag,
} from '@aws-sdk/client-elastic-load-balancing';
import { partitionOf } from '../../model/aws-ids.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import {
  chunks,
  eachItem,
  listAll,
  resourcesOf,
  tagsOf,
  withClient,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';

/** Classic Load Balancers: attributes one load balancer at a time (AWS has no batch form), tags 20 a call. */
async function collectElb(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new ElasticLoadBalancingClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const problems: string[] = [];
      const balancers = await listAll(
        paginateDescribeLoadBalancers({ client, pageSize: 400 }, {}),
        (p) => p.LoadBalancerDescriptions,
      );
      const tags = new Map<string, Tag[]>();
      for (const group of chunks(
        balancers.map((b) => b.LoadBalancerName!),
        20,
      )) {
        const out = await client.send(new DescribeTagsCommand({ LoadBalancerNames: group }));
        for (const d of out.TagDescriptions ?? []) tags.set(d.LoadBalancerName ?? '', d.Tags ?? []);
      }
      const resources = await eachItem(
        balancers,
        (b) => `load balancer ${b.LoadBalancerName}`,
        async (b) => {
          const attributes = await client.send(
            new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: b.LoadBalancerName }),
          );
          return make.resource({
            id: `arn:${partitionOf(ctx.region)}:elasticloadbalancing:${ctx.region}:${make.account}:loadbalancer/${b.LoadBalancerName}`,
            type: 'aws.elb.load_balancer',
            name: b.LoadBalancerName!,
            tags: tagsOf(tags.get(b.LoadBalancerName!)),
            config: { ...b, LoadBalancerAttributes: attributes.LoadBalancerAttributes ?? null },
          });
        },
        problems,
      );
      return { resources, problems };
    },
  );
}

export const elbCollector: ServiceCollector = {
  ...awsService('elb'),
  permissions: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeLoadBalancerAttributes',
    'elasticloadbalancing:DescribeTags',
  ],
  collect: collectElb,
};
