import { describe, expect, it } from 'vitest';
import { enrich } from '../../src/enrich/index.js';
import { awsScope } from '../../src/model/scopes.js';
import type { CollectedScope, Collection, Resource } from '../../src/types.js';

const ACCOUNT = '111122223333';
const arn = (kind: string, id: string) => `arn:aws:ec2:eu-west-1:${ACCOUNT}:${kind}/${id}`;
const ec2 = (type: string, kind: string, id: string, config: Record<string, unknown>): Resource => ({
  id: arn(kind, id),
  type,
  provider: 'aws',
  account: ACCOUNT,
  region: 'eu-west-1',
  name: id,
  tags: {},
  config,
});

function scope(status: CollectedScope['status'], extra: Resource[] = []): Collection {
  return {
    collectedAt: new Date('2026-11-01T00:00:00Z'),
    scopes: [
      {
        scope: awsScope(ACCOUNT, 'eu-west-1', 'ec2'),
        status,
        resources: [
          ec2('aws.ec2.security_group', 'security-group', 'sg-used', { GroupId: 'sg-used' }),
          ec2('aws.ec2.security_group', 'security-group', 'sg-idle', { GroupId: 'sg-idle' }),
          ec2('aws.ec2.network_interface', 'network-interface', 'eni-1', {
            NetworkInterfaceId: 'eni-1',
            Groups: [{ GroupId: 'sg-used', GroupName: 'web' }],
          }),
          ec2('aws.ec2.vpc_peering_connection', 'vpc-peering-connection', 'pcx-1', {
            VpcPeeringConnectionId: 'pcx-1',
            RequesterVpcInfo: {
              VpcId: 'vpc-a',
              CidrBlock: '10.0.0.0/16',
              CidrBlockSet: [{ CidrBlock: '10.0.0.0/16' }],
            },
            AccepterVpcInfo: {
              VpcId: 'vpc-b',
              CidrBlock: '10.1.0.0/16',
              Ipv6CidrBlockSet: [{ Ipv6CidrBlock: '2600:1f18::/56' }],
            },
          }),
          ec2('aws.ec2.route_table', 'route-table', 'rtb-peer', {
            RouteTableId: 'rtb-peer',
            Routes: [
              { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
              { DestinationCidrBlock: '10.1.0.0/16', VpcPeeringConnectionId: 'pcx-1' },
              { DestinationCidrBlock: '10.2.0.0/16', VpcPeeringConnectionId: 'pcx-gone' },
            ],
          }),
          ec2('aws.ec2.route_table', 'route-table', 'rtb-plain', {
            RouteTableId: 'rtb-plain',
            Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }],
            // written by an older run, before the table's peering route was removed
            stance: { peerings: { collected: true, connections: {} } },
          }),
          ...extra,
        ],
      },
    ],
  };
}

const stanceOf = (c: Collection, id: string) =>
  (
    c.scopes.flatMap((s) => s.resources).find((r) => r.id === id)!.config as {
      stance?: Record<string, unknown>;
    }
  ).stance;

describe('EC2 network joins', () => {
  it('names the network interfaces using each security group', () => {
    const out = enrich(scope('ok'));
    expect(stanceOf(out, arn('security-group', 'sg-used'))).toEqual({
      networkInterfaces: { collected: true, ids: ['eni-1'] },
    });
    expect(stanceOf(out, arn('security-group', 'sg-idle'))).toEqual({
      networkInterfaces: { collected: true, ids: [] },
    });
  });

  it('gives the CIDR blocks of both sides of each peering a route table routes to; a connection not listed is left out', () => {
    const out = enrich(scope('ok'));
    expect(stanceOf(out, arn('route-table', 'rtb-peer'))).toEqual({
      peerings: {
        collected: true,
        connections: {
          'pcx-1': { requesterCidrs: ['10.0.0.0/16'], accepterCidrs: ['10.1.0.0/16', '2600:1f18::/56'] },
        },
      },
    });
    // no peering route: the fact an older run left is removed
    expect(stanceOf(out, arn('route-table', 'rtb-plain'))).toBeUndefined();
  });

  it('says "not collected" when the EC2 scope was not read completely', () => {
    const out = enrich(scope('partial'));
    expect(stanceOf(out, arn('security-group', 'sg-idle'))).toEqual({
      networkInterfaces: { collected: false },
    });
    expect(stanceOf(out, arn('route-table', 'rtb-peer'))).toEqual({ peerings: { collected: false } });
  });
});
