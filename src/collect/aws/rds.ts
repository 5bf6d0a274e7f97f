import { RDSClient, paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { awsResource, tagsOf, type ServiceCollector, type ServiceContext } from './service.js';

async function collectRds(ctx: ServiceContext) {
  const { region } = ctx;
  const account = ctx.session.accountId;
  const rds = new RDSClient(clientConfig(region, ctx.session.credentials));
  try {
    const resources: Resource[] = [];
    for await (const page of paginateDescribeDBInstances({ client: rds, pageSize: 100 }, {})) {
      for (const db of page.DBInstances ?? []) {
        resources.push(
          awsResource({ id: db.DBInstanceArn!, type: 'aws.rds.db_instance', account, region, name: db.DBInstanceIdentifier!, tags: tagsOf(db.TagList), config: db }),
        );
      }
    }
    return { resources, problems: [] };
  } finally {
    rds.destroy();
  }
}

export const rdsCollector: ServiceCollector = { service: 'rds', global: false, collect: collectRds };
