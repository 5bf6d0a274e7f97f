import { awsService } from './service-metadata.js';
import {
  EC2Client,
  DescribeAddressesCommand,
  DescribeVpnConnectionsCommand,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeFlowLogs,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeLaunchTemplateVersions,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeSubnets,
  paginateDescribeTransitGateways,
  paginateDescribeVolumes,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  type FlowLog,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import {
  listAll as all,
  resourcesOf,
  tagsOf,
  withClient,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';
import { partitionOf } from '../../model/aws-ids.js';

type AwsTags = { Key?: string; Value?: string }[] | undefined;

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
    const small = { client: ec2, pageSize: 100 };
    const self = { OwnerIds: ['self'] };
    const [groups, acls, vpcs, flowLogs, reservations, ebsDefault] = await Promise.all([
      all(paginateDescribeSecurityGroups(opts, {}), (p) => p.SecurityGroups),
      all(paginateDescribeNetworkAcls(opts, {}), (p) => p.NetworkAcls),
      all(paginateDescribeVpcs(opts, {}), (p) => p.Vpcs),
      all(paginateDescribeFlowLogs(opts, {}), (p) => p.FlowLogs),
      all(paginateDescribeInstances(opts, {}), (p) => p.Reservations),
      ec2.send(new GetEbsEncryptionByDefaultCommand({})),
    ]);
    const [snapshots, publicSnapshots, images, volumes, interfaces, subnets, addresses] = await Promise.all([
      all(paginateDescribeSnapshots(opts, self), (p) => p.Snapshots),
      // AWS filters the owned snapshots anyone may restore: one listing, not one call per snapshot.
      all(paginateDescribeSnapshots(opts, { ...self, RestorableByUserIds: ['all'] }), (p) => p.Snapshots),
      all(paginateDescribeImages(opts, { Owners: ['self'] }), (p) => p.Images),
      all(paginateDescribeVolumes(opts, {}), (p) => p.Volumes),
      all(paginateDescribeNetworkInterfaces(opts, {}), (p) => p.NetworkInterfaces),
      all(paginateDescribeSubnets(opts, {}), (p) => p.Subnets),
      ec2.send(new DescribeAddressesCommand({})),
    ]);
    const [routeTables, endpoints, peerings, transitGateways, vpns, templates] = await Promise.all([
      all(paginateDescribeRouteTables(small, {}), (p) => p.RouteTables),
      all(paginateDescribeVpcEndpoints(opts, {}), (p) => p.VpcEndpoints),
      all(paginateDescribeVpcPeeringConnections(opts, {}), (p) => p.VpcPeeringConnections),
      all(paginateDescribeTransitGateways(opts, {}), (p) => p.TransitGateways),
      ec2.send(new DescribeVpnConnectionsCommand({})),
      // The default version of every launch template of the region in one listing (no template id).
      all(
        paginateDescribeLaunchTemplateVersions(small, { Versions: ['$Default'] }),
        (p) => p.LaunchTemplateVersions,
      ),
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
    const endpointsByVpc = new Map<string, VpcEndpoint[]>();
    for (const e of endpoints)
      endpointsByVpc.set(e.VpcId ?? '', [...(endpointsByVpc.get(e.VpcId ?? '') ?? []), e]);
    for (const vpc of vpcs) {
      tagged('vpc', vpc.VpcId!, 'aws.ec2.vpc', nameTag(vpc.Tags, vpc.VpcId!), vpc.Tags, {
        ...vpc,
        FlowLogs: logsByResource.get(vpc.VpcId!) ?? [],
        VpcEndpoints: endpointsByVpc.get(vpc.VpcId!) ?? [],
      });
    }
    // OwnerIds ['self'] already narrows both listings on AWS; an endpoint that ignores it (moto) is
    // narrowed here, so no one else's snapshot is reported as this account's.
    const own = (s: { OwnerId?: string }) => s.OwnerId === undefined || s.OwnerId === account;
    const open = new Set(publicSnapshots.filter(own).map((s) => s.SnapshotId));
    for (const s of snapshots.filter(own))
      tagged('snapshot', s.SnapshotId!, 'aws.ec2.snapshot', nameTag(s.Tags, s.SnapshotId!), s.Tags, {
        ...s,
        stance: { restorableByAll: open.has(s.SnapshotId) },
      });
    for (const i of images) tagged('image', i.ImageId!, 'aws.ec2.image', i.Name || i.ImageId!, i.Tags, i);
    for (const v of volumes)
      tagged('volume', v.VolumeId!, 'aws.ec2.volume', nameTag(v.Tags, v.VolumeId!), v.Tags, v);
    for (const n of interfaces)
      tagged(
        'network-interface',
        n.NetworkInterfaceId!,
        'aws.ec2.network_interface',
        n.NetworkInterfaceId!,
        n.TagSet,
        n,
      );
    for (const n of subnets)
      tagged('subnet', n.SubnetId!, 'aws.ec2.subnet', nameTag(n.Tags, n.SubnetId!), n.Tags, n);
    for (const a of addresses.Addresses ?? []) {
      const id = a.AllocationId ?? a.PublicIp!;
      tagged('elastic-ip', id, 'aws.ec2.address', nameTag(a.Tags, a.PublicIp ?? id), a.Tags, a);
    }
    for (const t of routeTables)
      tagged(
        'route-table',
        t.RouteTableId!,
        'aws.ec2.route_table',
        nameTag(t.Tags, t.RouteTableId!),
        t.Tags,
        t,
      );
    for (const p of peerings)
      tagged(
        'vpc-peering-connection',
        p.VpcPeeringConnectionId!,
        'aws.ec2.vpc_peering_connection',
        nameTag(p.Tags, p.VpcPeeringConnectionId!),
        p.Tags,
        p,
      );
    for (const t of transitGateways)
      tagged(
        'transit-gateway',
        t.TransitGatewayId!,
        'aws.ec2.transit_gateway',
        nameTag(t.Tags, t.TransitGatewayId!),
        t.Tags,
        t,
      );
    for (const v of vpns.VpnConnections ?? []) {
      if (v.State === 'deleted') continue;
      tagged(
        'vpn-connection',
        v.VpnConnectionId!,
        'aws.ec2.vpn_connection',
        nameTag(v.Tags, v.VpnConnectionId!),
        v.Tags,
        v,
      );
    }
    for (const t of templates)
      tagged(
        'launch-template',
        t.LaunchTemplateId!,
        'aws.ec2.launch_template',
        t.LaunchTemplateName ?? t.LaunchTemplateId!,
        undefined,
        t,
      );
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
  ...awsService('ec2'),
  permissions: [
    'ec2:GetEbsEncryptionByDefault',
    'ec2:DescribeFlowLogs',
    'ec2:DescribeInstances',
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeVpcs',
    'ec2:DescribeSnapshots',
    'ec2:DescribeImages',
    'ec2:DescribeVolumes',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSubnets',
    'ec2:DescribeAddresses',
    'ec2:DescribeRouteTables',
    'ec2:DescribeVpcEndpoints',
    'ec2:DescribeVpcPeeringConnections',
    'ec2:DescribeTransitGateways',
    'ec2:DescribeVpnConnections',
    'ec2:DescribeLaunchTemplateVersions',
  ],
  collect: collectEc2,
};
