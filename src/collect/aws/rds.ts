import { awsService } from './service-metadata.js';
import { RDSClient, paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { resourcesOf, tagsOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';

async function collectRds(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new RDSClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const resources: Resource[] = [];
      for await (const page of paginateDescribeDBInstances({ client, pageSize: 100 }, {})) {
        for (const db of page.DBInstances ?? []) {
          resources.push(
            make.resource({
              id: db.DBInstanceArn!,
              type: 'aws.rds.db_instance',
              name: db.DBInstanceIdentifier!,
              tags: tagsOf(db.TagList),
              config: db,
            }),
          );
        }
      }
      return { resources, problems: [] };
    },
  );
}

export const rdsCollector: ServiceCollector = {
  ...awsService('rds'),
  permissions: ['rds:DescribeDBInstances'],
  collect: collectRds,
};
