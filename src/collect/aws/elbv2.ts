import { awsService } from './service-metadata.js';
import {
  ElasticLoadBalancingV2Client,
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  type Tag,
} from '@aws-sdk/client-elastic-load-balancing-v2';
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

/**
 * Application, Network and Gateway Load Balancers. AWS reads attributes and listeners one load
 * balancer at a time (no batch form); tags come 20 load balancers a call.
 */
async function collectElbv2(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new ElasticLoadBalancingV2Client(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const problems: string[] = [];
      const balancers = await listAll(
        paginateDescribeLoadBalancers({ client, pageSize: 400 }, {}),
        (p) => p.LoadBalancers,
      );
      const tags = new Map<string, Tag[]>();
      for (const group of chunks(
        balancers.map((b) => b.LoadBalancerArn!),
        20,
      )) {
        const out = await client.send(new DescribeTagsCommand({ ResourceArns: group }));
        for (const d of out.TagDescriptions ?? []) tags.set(d.ResourceArn ?? '', d.Tags ?? []);
      }
      const resources = await eachItem(
        balancers,
        (b) => `load balancer ${b.LoadBalancerName}`,
        async (b) => {
          const [attributes, listeners] = await Promise.all([
            client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: b.LoadBalancerArn })),
            listAll(
              paginateDescribeListeners({ client, pageSize: 400 }, { LoadBalancerArn: b.LoadBalancerArn }),
              (p) => p.Listeners,
            ),
          ]);
          return make.resource({
            id: b.LoadBalancerArn!,
            type: 'aws.elbv2.load_balancer',
            name: b.LoadBalancerName!,
            tags: tagsOf(tags.get(b.LoadBalancerArn!)),
            config: { ...b, Attributes: attributes.Attributes ?? [], Listeners: listeners },
          });
        },
        problems,
      );
      return { resources, problems };
    },
  );
}

export const elbv2Collector: ServiceCollector = {
  ...awsService('elbv2'),
  permissions: [
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeLoadBalancerAttributes',
    'elasticloadbalancing:DescribeListeners',
    'elasticloadbalancing:DescribeTags',
  ],
  collect: collectElbv2,
};
