import { awsService } from './service-metadata.js';
import { EFSClient, paginateDescribeFileSystems } from '@aws-sdk/client-efs';
import type { Resource } from '../../types.js';
import { partitionOf } from '../../model/aws-ids.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { resourcesOf, tagsOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';

async function collectEfs(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new EFSClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const resources: Resource[] = [];
      for await (const page of paginateDescribeFileSystems({ client, pageSize: 100 }, {})) {
        for (const fs of page.FileSystems ?? []) {
          const arn =
            fs.FileSystemArn ??
            `arn:${partitionOf(ctx.region)}:elasticfilesystem:${ctx.region}:${make.account}:file-system/${fs.FileSystemId}`;
          resources.push(
            make.resource({
              id: arn,
              type: 'aws.efs.file_system',
              name: fs.Name || fs.FileSystemId!,
              tags: tagsOf(fs.Tags),
              config: fs,
            }),
          );
        }
      }
      return { resources, problems: [] };
    },
  );
}

export const efsCollector: ServiceCollector = {
  ...awsService('efs'),
  permissions: ['elasticfilesystem:DescribeFileSystems'],
  collect: collectEfs,
};
