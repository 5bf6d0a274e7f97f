import { EFSClient, paginateDescribeFileSystems } from '@aws-sdk/client-efs';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { awsResource, tagsOf, type ServiceCollector, type ServiceContext } from './service.js';

async function collectEfs(ctx: ServiceContext) {
  const { region } = ctx;
  const account = ctx.session.accountId;
  const efs = new EFSClient(clientConfig(region, ctx.session.credentials));
  try {
    const resources: Resource[] = [];
    for await (const page of paginateDescribeFileSystems({ client: efs, pageSize: 100 }, {})) {
      for (const fs of page.FileSystems ?? []) {
        const arn = fs.FileSystemArn ?? `arn:aws:elasticfilesystem:${region}:${account}:file-system/${fs.FileSystemId}`;
        resources.push(awsResource({ id: arn, type: 'aws.efs.file_system', account, region, name: fs.Name || fs.FileSystemId!, tags: tagsOf(fs.Tags), config: fs }));
      }
    }
    return { resources, problems: [] };
  } finally {
    efs.destroy();
  }
}

export const efsCollector: ServiceCollector = { service: 'efs', global: false, collect: collectEfs };
