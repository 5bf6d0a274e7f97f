import { awsService } from './service-metadata.js';
import {
  S3Client,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  type Bucket,
} from '@aws-sdk/client-s3';
import {
  S3ControlClient,
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
} from '@aws-sdk/client-s3-control';
import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { awsErrorText, isNotFound, nameCalls } from './errors.js';
import { clientConfig, customEndpoint, type Credentials } from './session.js';
import {
  awsResource,
  decodePolicy,
  readItem,
  tagsOf,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';
import { partitionOf } from '../../model/aws-ids.js';

/** Absent configuration answers with these codes; they mean "not set", not a failure. */
const ABSENT = [
  'NoSuchBucketPolicy',
  'NoSuchPublicAccessBlockConfiguration',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchTagSet',
  'NoSuchTagSetError',
];

/** "None configured" answers of the bucket settings read since issue 16. */
const NO_LIFECYCLE = ['NoSuchLifecycleConfiguration'];
const NO_OBJECT_LOCK = ['ObjectLockConfigurationNotFoundError'];
const NO_REPLICATION = ['ReplicationConfigurationNotFoundError'];
const NO_OWNERSHIP_CONTROLS = ['OwnershipControlsNotFoundError'];

type Metadata = { $metadata?: unknown };
const body = <T extends Metadata>(answer: T | null | undefined) => {
  if (!answer) return answer;
  const { $metadata: _m, ...rest } = answer;
  return rest;
};

async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error, ...ABSENT)) return null;
    throw error;
  }
}

class S3Clients {
  private readonly clients = new Map<string, S3Client>();
  constructor(private readonly credentials: Credentials) {}
  get(region: string): S3Client {
    let client = this.clients.get(region);
    if (!client) {
      // Emulators and private endpoints do not serve bucket-named hosts.
      client = nameCalls(
        new S3Client({
          ...clientConfig(region, this.credentials),
          forcePathStyle: customEndpoint('S3'),
        }),
      );
      this.clients.set(region, client);
    }
    return client;
  }
  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
  }
}

// Hosts of AWS itself (a PrivateLink endpoint among them), where S3 Control's account-id host prefix is
// part of the address.
const AWS_HOST = /(^|\.)(amazonaws\.com(\.cn)?|api\.aws)$/i;

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/**
 * S3 Control puts the account id in front of the host. A custom endpoint that is not AWS (an
 * emulator, a proxy; often an IP address, where `<account>.127.0.0.1` is no host at all) serves one
 * host and reads the account from the x-amz-account-id header instead.
 */
function s3Control(ctx: ServiceContext): S3ControlClient {
  const control = nameCalls(new S3ControlClient(clientConfig(ctx.apiRegion, ctx.session.credentials)));
  const sdkEndpoint = control.config.endpointProvider;
  control.config.endpointProvider = (params, context) => {
    const prefixable = !params.Endpoint || AWS_HOST.test(hostOf(params.Endpoint));
    return sdkEndpoint(prefixable ? params : { ...params, RequiresAccountId: false }, context);
  };
  return control;
}

/** The account-level Block Public Access, or why it could not be read. */
async function accountPublicAccessBlock(
  ctx: ServiceContext,
): Promise<{ block: unknown } | { error: string }> {
  const control = s3Control(ctx);
  try {
    const out = await orNull(
      control.send(new GetAccountPublicAccessBlockCommand({ AccountId: ctx.session.accountId })),
    );
    return { block: out?.PublicAccessBlockConfiguration ?? null };
  } catch (error) {
    return { error: awsErrorText(error) };
  } finally {
    control.destroy();
  }
}

/**
 * Settings added after the first release: a denied or failed call leaves its field out (the rules
 * needing it say "not reported") and is recorded in `problems`, so the bucket is still evaluated on
 * everything else.
 */
export async function moreSettings(s3: S3Client, name: string, problems: string[]) {
  const read = <T>(what: string, call: () => Promise<T>, absent: string[] = []) =>
    readItem(problems, `bucket ${name} ${what}`, call, absent);
  const [lifecycle, lock, notification, replication, ownership] = await Promise.all([
    read(
      'lifecycle',
      () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name })),
      NO_LIFECYCLE,
    ),
    read(
      'object lock',
      () => s3.send(new GetObjectLockConfigurationCommand({ Bucket: name })),
      NO_OBJECT_LOCK,
    ),
    read('notifications', () => s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: name }))),
    read('replication', () => s3.send(new GetBucketReplicationCommand({ Bucket: name })), NO_REPLICATION),
    read(
      'ownership controls',
      () => s3.send(new GetBucketOwnershipControlsCommand({ Bucket: name })),
      NO_OWNERSHIP_CONTROLS,
    ),
  ]);
  const out: Record<string, unknown> = {};
  if (lifecycle !== undefined)
    out.LifecycleConfiguration = lifecycle ? { Rules: lifecycle.Rules ?? [] } : null;
  if (lock !== undefined) out.ObjectLockConfiguration = lock?.ObjectLockConfiguration ?? null;
  if (notification !== undefined) out.NotificationConfiguration = body(notification);
  if (replication !== undefined) out.ReplicationConfiguration = replication?.ReplicationConfiguration ?? null;
  if (ownership !== undefined) out.OwnershipControls = ownership?.OwnershipControls ?? null;
  return out;
}

async function bucketConfig(clients: S3Clients, home: S3Client, bucket: Bucket, problems: string[]) {
  const name = bucket.Name!;
  const location = bucket.BucketRegion
    ? { LocationConstraint: bucket.BucketRegion }
    : await home.send(new GetBucketLocationCommand({ Bucket: name }));
  // Buckets in us-east-1 report no location constraint; "EU" is the legacy name of eu-west-1.
  const region = !location.LocationConstraint
    ? 'us-east-1'
    : location.LocationConstraint === 'EU'
      ? 'eu-west-1'
      : location.LocationConstraint;
  const s3 = clients.get(region);
  const [policy, acl, block, encryption, versioning, logging, tagging] = await Promise.all([
    orNull(s3.send(new GetBucketPolicyCommand({ Bucket: name }))),
    s3.send(new GetBucketAclCommand({ Bucket: name })),
    orNull(s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))),
    orNull(s3.send(new GetBucketEncryptionCommand({ Bucket: name }))),
    s3.send(new GetBucketVersioningCommand({ Bucket: name })),
    s3.send(new GetBucketLoggingCommand({ Bucket: name })),
    orNull(s3.send(new GetBucketTaggingCommand({ Bucket: name }))),
  ]);
  const { $metadata: _a, ...aclBody } = acl;
  const more = await moreSettings(s3, name, problems);
  return {
    region,
    tags: tagsOf(tagging?.TagSet),
    config: {
      Name: name,
      CreationDate: bucket.CreationDate,
      Region: region,
      Policy: decodePolicy(policy?.Policy),
      Acl: aclBody,
      PublicAccessBlockConfiguration: block?.PublicAccessBlockConfiguration ?? null,
      ServerSideEncryptionConfiguration: encryption?.ServerSideEncryptionConfiguration ?? null,
      Versioning: { Status: versioning.Status ?? null, MFADelete: versioning.MFADelete ?? null },
      Logging: logging.LoggingEnabled ?? null,
      ...more,
    },
  };
}

async function collectS3(ctx: ServiceContext) {
  const account = ctx.session.accountId;
  const clients = new S3Clients(ctx.session.credentials);
  try {
    const home = clients.get(ctx.apiRegion);
    const accountBlock = await accountPublicAccessBlock(ctx);
    const buckets: Bucket[] = [];
    for await (const page of paginateListBuckets({ client: home, pageSize: 1000 }, {}))
      buckets.push(...(page.Buckets ?? []));
    const limit = pLimit(8);
    const problems: string[] = [];
    // Unread, the account setting is unknown, never "off": the buckets are still read, the scope is
    // partial, and rules that need the setting say it is unknown.
    if ('error' in accountBlock) problems.push(`account Block Public Access: ${accountBlock.error}`);
    const stance =
      'error' in accountBlock
        ? { accountPublicAccessBlock: null, accountPublicAccessBlockError: accountBlock.error }
        : { accountPublicAccessBlock: accountBlock.block };
    const resources: Resource[] = [];
    await Promise.all(
      buckets.map((bucket) =>
        limit(async () => {
          try {
            const detail = await bucketConfig(clients, home, bucket, problems);
            resources.push(
              awsResource({
                id: `arn:${partitionOf(detail.region)}:s3:::${bucket.Name!}`,
                type: 'aws.s3.bucket',
                account,
                region: detail.region,
                name: bucket.Name!,
                tags: detail.tags,
                config: { ...detail.config, stance },
              }),
            );
          } catch (error) {
            problems.push(`bucket ${bucket.Name}: ${awsErrorText(error)}`);
          }
        }),
      ),
    );
    resources.sort((a, b) => a.id.localeCompare(b.id));
    return { resources, problems };
  } finally {
    clients.destroy();
  }
}

export const s3Collector: ServiceCollector = {
  ...awsService('s3'),
  permissions: [
    's3:ListAllMyBuckets',
    's3:GetBucketLocation',
    's3:GetBucketAcl',
    's3:GetEncryptionConfiguration',
    's3:GetBucketLogging',
    's3:GetBucketPolicy',
    's3:GetBucketTagging',
    's3:GetBucketVersioning',
    's3:GetBucketPublicAccessBlock',
    's3:GetAccountPublicAccessBlock',
    's3:GetLifecycleConfiguration',
    's3:GetBucketObjectLockConfiguration',
    's3:GetBucketNotification',
    's3:GetReplicationConfiguration',
    's3:GetBucketOwnershipControls',
  ],
  collect: collectS3,
};
