import { awsService } from './service-metadata.js';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { awsResource, plain, resourcesOf, type ServiceCollector, type ServiceContext } from './service.js';

/**
 * A trail with what a rule needs to judge it: whether it logs, and which events it selects.
 * Asked of the trail's home region, which knows every trail it owns (shadow copies included).
 */
async function describeTrail(client: CloudTrailClient, trail: Trail) {
  const name = trail.TrailARN ?? trail.Name!;
  const [status, selectors] = await Promise.all([
    client.send(new GetTrailStatusCommand({ Name: name })),
    client.send(new GetEventSelectorsCommand({ TrailName: name })),
  ]);
  const { $metadata: _s, ...statusBody } = status;
  return {
    ...trail,
    Status: statusBody,
    EventSelectors: selectors.EventSelectors ?? [],
    AdvancedEventSelectors: selectors.AdvancedEventSelectors ?? [],
  };
}

async function collectCloudTrail(ctx: ServiceContext) {
  const { region } = ctx;
  const account = ctx.session.accountId;
  const client = nameCalls(new CloudTrailClient(clientConfig(region, ctx.session.credentials)));
  try {
    // Shadow trails (multi-region and organization trails seen from another region) cover this region too.
    const out = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    const limit = pLimit(4);
    const homes = new Map<string, CloudTrailClient>([[region, client]]);
    const clientFor = (home: string | undefined) => {
      const key = home ?? region;
      if (!homes.has(key))
        homes.set(key, nameCalls(new CloudTrailClient(clientConfig(key, ctx.session.credentials))));
      return homes.get(key)!;
    };
    const trails = await Promise.all(
      (out.trailList ?? []).map((t) => limit(() => describeTrail(clientFor(t.HomeRegion), t))),
    ).finally(() => {
      for (const [home, c] of homes) if (home !== region) c.destroy();
    });
    const resources: Resource[] = [];
    for (const trail of trails) {
      // A trail is one resource, owned by its home region (and its own account, for organization trails).
      const owner = trail.TrailARN?.split(':')[4];
      if (trail.HomeRegion !== region || (owner && owner !== account)) continue;
      resources.push(
        awsResource({
          id: trail.TrailARN!,
          type: 'aws.cloudtrail.trail',
          account,
          region,
          name: trail.Name!,
          config: trail,
        }),
      );
    }
    resources.push(resourcesOf(ctx).fact('cloudtrail', 'aws.cloudtrail.region', { Trails: plain(trails) }));
    return { resources, problems: [] };
  } finally {
    client.destroy();
  }
}

export const cloudTrailCollector: ServiceCollector = {
  ...awsService('cloudtrail'),
  permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus'],
  collect: collectCloudTrail,
};
