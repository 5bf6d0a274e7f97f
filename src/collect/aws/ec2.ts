import {
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeNetworkAcls,
  paginateDescribeSecurityGroups,
  paginateDescribeVpcs,
  type FlowLog,
} from '@aws-sdk/client-ec2';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { awsResource, factId, tagsOf, type ServiceCollector, type ServiceContext } from './service.js';
import { partitionOf } from './arn.js';

async function all<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

function nameTag(tags: { Key?: string; Value?: string }[] | undefined, fallback: string): string {
  return tags?.find((t) => t.Key === 'Name')?.Value || fallback;
}

async function collectEc2(ctx: ServiceContext) {
  const { region } = ctx;
  const account = ctx.session.accountId;
  const arn = (kind: string, id: string) => `arn:${partitionOf(region)}:ec2:${region}:${account}:${kind}/${id}`;
  const ec2 = new EC2Client(clientConfig(region, ctx.session.credentials));
  try {
    const opts = { client: ec2, pageSize: 1000 };
    const [groups, acls, vpcs, flowLogs, reservations, ebsDefault] = await Promise.all([
      all(paginateDescribeSecurityGroups(opts, {}), (p) => p.SecurityGroups),
      all(paginateDescribeNetworkAcls(opts, {}), (p) => p.NetworkAcls),
      all(paginateDescribeVpcs(opts, {}), (p) => p.Vpcs),
      all(paginateDescribeFlowLogs(opts, {}), (p) => p.FlowLogs),
      all(paginateDescribeInstances(opts, {}), (p) => p.Reservations),
      ec2.send(new GetEbsEncryptionByDefaultCommand({})),
    ]);
    const resources: Resource[] = [];
    for (const g of groups) {
      resources.push(
        awsResource({ id: arn('security-group', g.GroupId!), type: 'aws.ec2.security_group', account, region, name: g.GroupName ?? g.GroupId!, tags: tagsOf(g.Tags), config: g }),
      );
    }
    for (const acl of acls) {
      resources.push(
        awsResource({
          id: arn('network-acl', acl.NetworkAclId!),
          type: 'aws.ec2.network_acl',
          account,
          region,
          name: nameTag(acl.Tags, acl.NetworkAclId!),
          tags: tagsOf(acl.Tags),
          config: acl,
        }),
      );
    }
    const logsByResource = new Map<string, FlowLog[]>();
    for (const log of flowLogs) {
      const list = logsByResource.get(log.ResourceId ?? '') ?? [];
      list.push(log);
      logsByResource.set(log.ResourceId ?? '', list);
    }
    for (const vpc of vpcs) {
      resources.push(
        awsResource({
          id: arn('vpc', vpc.VpcId!),
          type: 'aws.ec2.vpc',
          account,
          region,
          name: nameTag(vpc.Tags, vpc.VpcId!),
          tags: tagsOf(vpc.Tags),
          config: { ...vpc, FlowLogs: logsByResource.get(vpc.VpcId!) ?? [] },
        }),
      );
    }
    for (const reservation of reservations) {
      for (const instance of reservation.Instances ?? []) {
        if (instance.State?.Name === 'terminated') continue;
        resources.push(
          awsResource({
            id: arn('instance', instance.InstanceId!),
            type: 'aws.ec2.instance',
            account,
            region,
            name: nameTag(instance.Tags, instance.InstanceId!),
            tags: tagsOf(instance.Tags),
            config: { ...instance, OwnerId: reservation.OwnerId },
          }),
        );
      }
    }
    resources.push(
      awsResource({
        id: factId(account, region, 'ebs-encryption-default'),
        type: 'aws.ec2.ebs_encryption_default',
        account,
        region,
        name: `ebs-encryption-default ${region}`,
        config: { EbsEncryptionByDefault: ebsDefault.EbsEncryptionByDefault ?? false },
      }),
    );
    return { resources, problems: [] };
  } finally {
    ec2.destroy();
  }
}

export const ec2Collector: ServiceCollector = { service: 'ec2', global: false, collect: collectEc2 };
