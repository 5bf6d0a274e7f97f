import { awsService } from './service-metadata.js';
import {
  IAMClient,
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListServerCertificates,
  paginateListVirtualMFADevices,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
  type GroupDetail,
} from '@aws-sdk/client-iam';
import type { Resource } from '../../types.js';
import { isNotFound, nameCalls } from './errors.js';
import { clientConfig } from './session.js';
import {
  awsResource,
  decodePolicy,
  factId,
  parseCsv,
  tagsOf,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';

const SUPPORT_POLICY = /:policy\/AWSSupportAccess$/;
const REPORT_POLL_MS = 2000;
const REPORT_MAX_POLLS = 30;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function credentialReport(iam: IAMClient): Promise<Record<string, string>[]> {
  for (let i = 0; i < REPORT_MAX_POLLS; i++) {
    const state = await iam.send(new GenerateCredentialReportCommand({}));
    if (state.State === 'COMPLETE') break;
    await sleep(REPORT_POLL_MS);
  }
  const report = await iam.send(new GetCredentialReportCommand({}));
  const content = report.Content ? Buffer.from(report.Content).toString('utf8') : '';
  return parseCsv(content);
}

function withDecodedPolicies<
  T extends { UserPolicyList?: unknown; RolePolicyList?: unknown; GroupPolicyList?: unknown },
>(entity: T): T {
  const decode = (list: unknown) =>
    Array.isArray(list)
      ? list.map((p: { PolicyName?: string; PolicyDocument?: string }) => ({
          ...p,
          PolicyDocument: decodePolicy(p.PolicyDocument),
        }))
      : list;
  const out = { ...entity } as Record<string, unknown>;
  for (const key of ['UserPolicyList', 'RolePolicyList', 'GroupPolicyList'])
    if (key in out) out[key] = decode(out[key]);
  return out as T;
}

interface Details {
  users: UserDetail[];
  roles: RoleDetail[];
  groups: GroupDetail[];
  policies: ManagedPolicyDetail[];
}

async function authorizationDetails(iam: IAMClient): Promise<Details> {
  const out: Details = { users: [], roles: [], groups: [], policies: [] };
  const filter = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
  for await (const page of paginateGetAccountAuthorizationDetails(
    { client: iam, pageSize: 1000 },
    { Filter: [...filter] },
  )) {
    out.users.push(...(page.UserDetailList ?? []));
    out.roles.push(...(page.RoleDetailList ?? []));
    out.groups.push(...(page.GroupDetailList ?? []));
    out.policies.push(...(page.Policies ?? []));
  }
  return out;
}

const reportDate = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value : null);

/**
 * A user's access keys as the credential report lists them (two slots), in ListAccessKeys'
 * shape plus LastUsed: one report for all users instead of three calls per user.
 */
function accessKeysFromReport(userName: string, row: Record<string, string> | undefined) {
  if (!row) return [];
  const keys = [];
  for (const slot of [1, 2]) {
    const created = reportDate(row[`access_key_${slot}_last_rotated`]);
    if (!created) continue;
    keys.push({
      UserName: userName,
      Slot: slot,
      Status: row[`access_key_${slot}_active`] === 'true' ? 'Active' : 'Inactive',
      CreateDate: created,
      LastUsed: {
        LastUsedDate: reportDate(row[`access_key_${slot}_last_used_date`]),
        ServiceName: row[`access_key_${slot}_last_used_service`] ?? null,
        Region: row[`access_key_${slot}_last_used_region`] ?? null,
      },
    });
  }
  return keys;
}

async function collectIam(ctx: ServiceContext) {
  const account = ctx.session.accountId;
  const iam = nameCalls(new IAMClient(clientConfig(ctx.apiRegion, ctx.session.credentials)));
  try {
    const [details, report, summary, passwordPolicy] = await Promise.all([
      authorizationDetails(iam),
      credentialReport(iam),
      iam.send(new GetAccountSummaryCommand({})),
      iam.send(new GetAccountPasswordPolicyCommand({})).then(
        (out) => out.PasswordPolicy ?? null,
        (error: unknown) => {
          if (isNotFound(error, 'NoSuchEntity', 'NoSuchEntityException')) return null;
          throw error;
        },
      ),
    ]);
    const reportByUser = new Map(report.map((row) => [row.user, row]));
    const virtualMfa = [];
    for await (const page of paginateListVirtualMFADevices(
      { client: iam },
      { AssignmentStatus: 'Assigned' },
    )) {
      for (const d of page.VirtualMFADevices ?? [])
        if (d.User?.Arn?.endsWith(':root'))
          virtualMfa.push({ SerialNumber: d.SerialNumber, EnableDate: d.EnableDate });
    }
    const resources: Resource[] = [];
    const supportRoles = details.roles
      .filter((r) => (r.AttachedManagedPolicies ?? []).some((p) => SUPPORT_POLICY.test(p.PolicyArn ?? '')))
      .map((r) => r.RoleName!);
    const supportPolicy = details.policies.find((p) => SUPPORT_POLICY.test(p.Arn ?? ''));
    resources.push(
      awsResource({
        id: factId(account, 'global', 'account'),
        type: 'aws.iam.account',
        account,
        region: 'global',
        name: account,
        config: {
          AccountSummary: summary.SummaryMap ?? {},
          Root: reportByUser.get('<root_account>') ?? null,
          VirtualMFADevices: virtualMfa,
          stance: {
            supportRoles: supportRoles.sort(),
            supportPolicyAttached: (supportPolicy?.AttachmentCount ?? 0) > 0,
          },
        },
      }),
      awsResource({
        id: factId(account, 'global', 'iam-password-policy'),
        type: 'aws.iam.password_policy',
        account,
        region: 'global',
        name: 'password-policy',
        config: passwordPolicy ? { exists: true, PasswordPolicy: passwordPolicy } : { exists: false },
      }),
    );
    for (const user of details.users) {
      const row = reportByUser.get(user.UserName!);
      resources.push(
        awsResource({
          id: user.Arn!,
          type: 'aws.iam.user',
          account,
          region: 'global',
          name: user.UserName!,
          tags: tagsOf(user.Tags),
          config: {
            ...withDecodedPolicies(user),
            AccessKeys: accessKeysFromReport(user.UserName!, row),
            CredentialReport: row ?? null,
          },
        }),
      );
    }
    for (const role of details.roles) {
      resources.push(
        awsResource({
          id: role.Arn!,
          type: 'aws.iam.role',
          account,
          region: 'global',
          name: role.RoleName!,
          tags: tagsOf(role.Tags),
          config: {
            ...withDecodedPolicies(role),
            AssumeRolePolicyDocument: decodePolicy(role.AssumeRolePolicyDocument),
          },
        }),
      );
    }
    for (const group of details.groups) {
      resources.push(
        awsResource({
          id: group.Arn!,
          type: 'aws.iam.group',
          account,
          region: 'global',
          name: group.GroupName!,
          config: withDecodedPolicies(group),
        }),
      );
    }
    // AWS publishes over a thousand managed policies: only those attached to something here matter.
    const attachments = new Map<string, number>();
    for (const entity of [...details.users, ...details.roles, ...details.groups]) {
      for (const p of entity.AttachedManagedPolicies ?? [])
        attachments.set(p.PolicyArn ?? '', (attachments.get(p.PolicyArn ?? '') ?? 0) + 1);
    }
    for (const policy of details.policies) {
      const awsManaged = /^arn:aws[a-z-]*:iam::aws:/.test(policy.Arn ?? '');
      const count = attachments.get(policy.Arn ?? '') ?? 0;
      if (awsManaged && count === 0) continue;
      const version = (policy.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion);
      const { PolicyVersionList: _versions, ...rest } = policy;
      resources.push(
        awsResource({
          id: policy.Arn!,
          type: 'aws.iam.policy',
          account,
          region: 'global',
          name: policy.PolicyName!,
          config: {
            ...rest,
            DefaultVersionDocument: decodePolicy(version?.Document),
            stance: { awsManaged, attachments: count },
          },
        }),
      );
    }
    for await (const page of paginateListServerCertificates({ client: iam }, {})) {
      for (const cert of page.ServerCertificateMetadataList ?? []) {
        resources.push(
          awsResource({
            id: cert.Arn!,
            type: 'aws.iam.server_certificate',
            account,
            region: 'global',
            name: cert.ServerCertificateName!,
            config: cert,
          }),
        );
      }
    }
    return { resources, problems: [] };
  } finally {
    iam.destroy();
  }
}

export const iamCollector: ServiceCollector = {
  ...awsService('iam'),
  permissions: [
    'iam:GenerateCredentialReport',
    'iam:GetCredentialReport',
    'iam:GetAccountPasswordPolicy',
    'iam:GetAccountSummary',
    'iam:GetAccountAuthorizationDetails',
    'iam:ListServerCertificates',
    'iam:ListVirtualMFADevices',
  ],
  collect: collectIam,
};
