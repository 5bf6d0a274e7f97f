import { awsService } from './service-metadata.js';
import {
  OrganizationsClient,
  DescribeOrganizationCommand,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListRoots,
  paginateListTargetsForPolicy,
  type Organization,
} from '@aws-sdk/client-organizations';
import { clientConfig } from './session.js';
import { isNotFound, nameCalls } from './errors.js';
import { listAll, resourcesOf, withClient, type ServiceCollector, type ServiceContext } from './service.js';

interface Node {
  Id: string;
  Name?: string;
  ParentId: string;
  /** Ids of the OUs and root above it, nearest first. */
  Path: string[];
}

/**
 * Whether the account belongs to an Organization and, in the management account, the
 * organization's tree (roots, OUs, accounts) and its service control policies with their targets.
 * AWS lists the tree one parent at a time and a policy's targets one policy at a time (no batch).
 */
async function collectOrganizations(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new OrganizationsClient(clientConfig(ctx.apiRegion, ctx.session.credentials))),
    async (client) => {
      let organization: Organization | null;
      try {
        organization = (await client.send(new DescribeOrganizationCommand({}))).Organization ?? null;
      } catch (error) {
        if (!isNotFound(error, 'AWSOrganizationsNotInUseException')) throw error;
        organization = null;
      }
      const management = organization?.MasterAccountId === make.account;
      const config: Record<string, unknown> = { Organization: organization, ManagementAccount: management };
      if (organization && management) {
        const roots = await listAll(paginateListRoots({ client }, {}), (p) => p.Roots);
        const units: Node[] = [];
        const accounts: (Node & { Status?: string })[] = [];
        let level: { Id: string; Path: string[] }[] = roots.map((r) => ({ Id: r.Id!, Path: [] }));
        while (level.length) {
          const next: typeof level = [];
          for (const parent of level) {
            const path = [parent.Id, ...parent.Path];
            const [ous, members] = await Promise.all([
              listAll(
                paginateListOrganizationalUnitsForParent({ client }, { ParentId: parent.Id }),
                (p) => p.OrganizationalUnits,
              ),
              listAll(paginateListAccountsForParent({ client }, { ParentId: parent.Id }), (p) => p.Accounts),
            ]);
            for (const ou of ous) {
              units.push({ Id: ou.Id!, Name: ou.Name, ParentId: parent.Id, Path: path });
              next.push({ Id: ou.Id!, Path: path });
            }
            for (const a of members)
              accounts.push({ Id: a.Id!, Name: a.Name, Status: a.Status, ParentId: parent.Id, Path: path });
          }
          level = next;
        }
        const summaries = await listAll(
          paginateListPolicies({ client }, { Filter: 'SERVICE_CONTROL_POLICY' }),
          (p) => p.Policies,
        );
        const policies = [];
        for (const p of summaries) {
          const targets = await listAll(
            paginateListTargetsForPolicy({ client }, { PolicyId: p.Id }),
            (t) => t.Targets,
          );
          policies.push({ ...p, Targets: targets });
        }
        Object.assign(config, {
          Roots: roots,
          OrganizationalUnits: units,
          Accounts: accounts,
          Policies: policies,
        });
      }
      return { resources: [make.fact('organization', 'aws.organizations.account', config)], problems: [] };
    },
  );
}

export const organizationsCollector: ServiceCollector = {
  ...awsService('organizations'),
  permissions: [
    'organizations:DescribeOrganization',
    'organizations:ListRoots',
    'organizations:ListOrganizationalUnitsForParent',
    'organizations:ListAccountsForParent',
    'organizations:ListPolicies',
    'organizations:ListTargetsForPolicy',
  ],
  collect: collectOrganizations,
};
