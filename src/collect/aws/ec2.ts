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
import { nameCalls } from './errors.js';
import { resourcesOf, tagsOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';
import { partitionOf } from '../../model/aws-ids.js';

type AwsTags = { Key?: string; Value?: string }[] | undefined;

async function all<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

function nameTag(tags: { Key?: string; Value?: string }[] | undefined, fallback: string): string {
  return tags?.find((t) => t.Key === 'Name')?.Value || fallback;
}

async function collectEc2(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  const { region, account } = make;
  const arn = (kind: string, id: string) =>
    `arn:${partitionOf(region)}:ec2:${region}:${account}:${kind}/${id}`;
  return withClient(nameCalls(new EC2Client(clientConfig(region, ctx.session.credentials))), async (ec2) => {
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
    const tagged = (kind: string, id: string, type: string, name: string, tags: AwsTags, config: unknown) =>
      resources.push(make.resource({ id: arn(kind, id), type, name, tags: tagsOf(tags), config }));
    for (const g of groups)
      tagged('security-group', g.GroupId!, 'aws.ec2.security_group', g.GroupName ?? g.GroupId!, g.Tags, g);
    for (const acl of acls)
      tagged(
        'network-acl',
        acl.NetworkAclId!,
        'aws.ec2.network_acl',
        nameTag(acl.Tags, acl.NetworkAclId!),
        acl.Tags,
        acl,
      );
    const logsByResource = new Map<string, FlowLog[]>();
    for (const log of flowLogs)
      logsByResource.set(log.ResourceId ?? '', [...(logsByResource.get(log.ResourceId ?? '') ?? []), log]);
    for (const vpc of vpcs) {
      tagged('vpc', vpc.VpcId!, 'aws.ec2.vpc', nameTag(vpc.Tags, vpc.VpcId!), vpc.Tags, {
        ...vpc,
        FlowLogs: logsByResource.get(vpc.VpcId!) ?? [],
      });
    }
    for (const reservation of reservations) {
      for (const instance of reservation.Instances ?? []) {
        if (instance.State?.Name === 'terminated') continue;
        const name = nameTag(instance.Tags, instance.InstanceId!);
        tagged('instance', instance.InstanceId!, 'aws.ec2.instance', name, instance.Tags, {
          ...instance,
          OwnerId: reservation.OwnerId,
        });
      }
    }
    // An answer without the flag leaves it out: the rule reports it as not collected, never "off".
    resources.push(
      make.fact('ebs-encryption-default', 'aws.ec2.ebs_encryption_default', {
        EbsEncryptionByDefault: ebsDefault.EbsEncryptionByDefault,
      }),
    );
    return { resources, problems: [] };
  });
}

export const ec2Collector: ServiceCollector = {
  service: 'ec2',
  global: false,
  permissions: [
    'ec2:GetEbsEncryptionByDefault',
    'ec2:DescribeFlowLogs',
    'ec2:DescribeInstances',
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeVpcs',
  ],
  collect: collectEc2,
};
