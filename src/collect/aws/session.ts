import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { EC2Client, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { fromIni } from '@aws-sdk/credential-providers';
import { InputError } from '../../errors.js';
import { awsErrorText, isCredentialError, isForeignResponse, isUnreachable, nameCalls } from './errors.js';

/** The home region used for account-wide calls (STS, IAM, Organizations, S3 ListBuckets). */
export const HOME_REGION_FALLBACK = 'us-east-1';

export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;

/** Retry attempts per call; the SDK's adaptive mode backs off and rate-limits itself on throttling. */
export function maxAttempts(): number {
  const raw = Number(process.env.STANCE_AWS_MAX_ATTEMPTS);
  return Number.isInteger(raw) && raw >= 1 && raw <= 20 ? raw : 6;
}

/**
 * Client settings for one region. Endpoints come from the SDK's own configuration
 * (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, profile `endpoint_url`), so Stance runs
 * unchanged against AWS, a VPC endpoint or an emulator.
 */
export function clientConfig(region: string, credentials: Credentials) {
  return {
    region,
    credentials,
    retryMode: 'adaptive' as const,
    maxAttempts: maxAttempts(),
  };
}

/** True when a custom endpoint is configured: such endpoints do not serve virtual-hosted or account-prefixed names. */
export function customEndpoint(service: string): boolean {
  return Boolean(process.env[`AWS_ENDPOINT_URL_${service}`] ?? process.env.AWS_ENDPOINT_URL);
}

/** One account reached with one set of credentials. */
export interface AccountSession {
  accountId: string;
  /** How the account was reached, for messages: "default credentials", a role ARN. */
  via: string;
  credentials: Credentials;
  homeRegion: string;
}

export interface SessionOptions {
  profile?: string;
  region?: string;
}

export function baseCredentials(opts: SessionOptions): Credentials {
  return opts.profile ? fromIni({ profile: opts.profile }) : undefined;
}

export function homeRegion(opts: SessionOptions): string {
  return opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? HOME_REGION_FALLBACK;
}

/** Who the credentials are. Invalid or missing credentials are a usage error (exit 2). */
export async function identify(
  credentials: Credentials,
  region: string,
  via: string,
  /** A client to use (and keep open) instead of a new one. */
  client?: STSClient,
): Promise<string> {
  const sts = client ?? nameCalls(new STSClient(clientConfig(region, credentials)));
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Account) throw new Error('GetCallerIdentity returned no account');
    return out.Account;
  } catch (error) {
    if (isCredentialError(error)) throw new InputError(`AWS credentials (${via}): ${awsErrorText(error)}`);
    // Nothing can be scanned through an endpoint that is not there or does not speak STS: a
    // configuration error (AWS_ENDPOINT_URL pointing at the wrong port, an emulator not running).
    if (isForeignResponse(error) || isUnreachable(error))
      throw new InputError(`cannot identify the AWS caller (${via}): ${awsErrorText(error)}`);
    throw error;
  } finally {
    if (!client) sts.destroy();
  }
}

export interface AssumeOptions {
  roleArn: string;
  externalId?: string;
}

/** Temporary credentials for a role, refreshed by the SDK when they near expiry. */
export async function assumeRole(
  base: Credentials,
  region: string,
  opts: AssumeOptions,
  /** A client to use (and keep open) instead of a new one. */
  client?: STSClient,
): Promise<AwsCredentialIdentity> {
  const sts = client ?? nameCalls(new STSClient(clientConfig(region, base)));
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: opts.roleArn,
        RoleSessionName: 'stance-scan',
        ExternalId: opts.externalId,
        DurationSeconds: 3600,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`AssumeRole ${opts.roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  } finally {
    if (!client) sts.destroy();
  }
}

/** The regions enabled for the account (opt-in regions included only once opted in). */
export async function enabledRegions(session: AccountSession): Promise<string[]> {
  const ec2 = nameCalls(new EC2Client(clientConfig(session.homeRegion, session.credentials)));
  try {
    const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
    return (out.Regions ?? [])
      .map((r) => r.RegionName!)
      .filter(Boolean)
      .sort();
  } finally {
    ec2.destroy();
  }
}

export interface OrgAccount {
  id: string;
  name: string;
  status: string;
}

/** Every account of the organization the credentials belong to (its management or a delegated admin account). */
export async function organizationAccounts(base: Credentials, region: string): Promise<OrgAccount[]> {
  const org = nameCalls(new OrganizationsClient(clientConfig(region, base)));
  const out: OrgAccount[] = [];
  try {
    for await (const page of paginateListAccounts({ client: org }, {})) {
      for (const a of page.Accounts ?? [])
        out.push({ id: a.Id!, name: a.Name ?? a.Id!, status: a.Status ?? 'ACTIVE' });
    }
  } finally {
    org.destroy();
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** IAM actions of the session itself: who am I, which regions, the Organization's accounts, assumed roles. */
export const SESSION_PERMISSIONS: readonly string[] = [
  'sts:GetCallerIdentity',
  'sts:AssumeRole',
  'ec2:DescribeRegions',
  'organizations:ListAccounts',
];
