import { awsService } from './service-metadata.js';
import {
  CloudFrontClient,
  GetDistributionConfigCommand,
  paginateListDistributions,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, customEndpoint } from './session.js';
import { awsErrorText, nameCalls } from './errors.js';
import {
  eachItem,
  listAll,
  resourcesOf,
  withClient,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';

/** The bucket of an S3 REST origin ("<bucket>.s3.amazonaws.com", "<bucket>.s3.<region>.amazonaws.com"). */
export function originBucket(domain: string | undefined): string | undefined {
  return /^(.+?)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/i.exec(domain ?? '')?.[1];
}

/**
 * Whether a bucket exists: HeadBucket answers 404 for a name nobody holds, 403 or 301 for a bucket
 * that exists (someone else's, another region's). Anything else is unknown (null).
 */
async function bucketExists(
  s3: S3Client,
  bucket: string,
): Promise<{ exists: boolean | null; error?: string }> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return { exists: true };
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return { exists: false };
    if (status === 403 || status === 301) return { exists: true };
    return { exists: null, error: awsErrorText(error) };
  }
}

/**
 * Distributions (global). The list gives no default root object or logging, so each distribution's
 * configuration is read (AWS has no batch form); each S3 origin's bucket is checked to exist.
 */
async function collectCloudFront(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  const s3 = nameCalls(
    new S3Client({
      ...clientConfig(ctx.apiRegion, ctx.session.credentials),
      forcePathStyle: customEndpoint('S3'),
    }),
  );
  try {
    return await withClient(
      nameCalls(new CloudFrontClient(clientConfig(ctx.apiRegion, ctx.session.credentials))),
      async (client) => {
        const problems: string[] = [];
        const summaries = await listAll(
          paginateListDistributions({ client, pageSize: 100 }, {}),
          (p) => p.DistributionList?.Items,
        );
        const details = await eachItem(
          summaries,
          (d) => `distribution ${d.Id}`,
          async (d) => {
            const out = await client.send(new GetDistributionConfigCommand({ Id: d.Id }));
            return { summary: d, config: out.DistributionConfig as DistributionConfig };
          },
          problems,
        );
        const buckets = new Set<string>();
        for (const { config } of details)
          for (const o of config.Origins?.Items ?? []) {
            const bucket = o.S3OriginConfig ? originBucket(o.DomainName) : undefined;
            if (bucket) buckets.add(bucket);
          }
        const existence = new Map<string, boolean | null>();
        await eachItem(
          [...buckets],
          (b) => `origin bucket ${b}`,
          async (b) => {
            const seen = await bucketExists(s3, b);
            existence.set(b, seen.exists);
            if (seen.error) problems.push(`origin bucket ${b}: ${seen.error}`);
          },
          problems,
        );
        const resources = details.map(({ summary, config }) =>
          make.resource({
            id: summary.ARN!,
            type: 'aws.cloudfront.distribution',
            name: summary.Id!,
            config: {
              Id: summary.Id,
              ARN: summary.ARN,
              DomainName: summary.DomainName,
              Status: summary.Status,
              DistributionConfig: config,
              stance: {
                originBuckets: (config.Origins?.Items ?? []).flatMap((o) => {
                  const bucket = o.S3OriginConfig ? originBucket(o.DomainName) : undefined;
                  return bucket
                    ? [{ OriginId: o.Id, Bucket: bucket, Exists: existence.get(bucket) ?? null }]
                    : [];
                }),
              },
            },
          }),
        );
        return { resources, problems };
      },
    );
  } finally {
    s3.destroy();
  }
}

export const cloudFrontCollector: ServiceCollector = {
  ...awsService('cloudfront'),
  permissions: ['cloudfront:ListDistributions', 'cloudfront:GetDistributionConfig', 's3:ListBucket'],
  collect: collectCloudFront,
};
