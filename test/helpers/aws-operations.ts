/**
 * Which AWS API operation a request on the wire is, and which IAM action authorizes it: the
 * recording test of the least-privilege policy (test/integration/aws.test.ts) names every
 * operation the collector sent and checks its action against docs/aws-iam-policy.json.
 */
import type { IncomingMessage } from 'node:http';
import { signedFor } from './aws.js';

/** REST operations by signing service: [method, path pattern (query string included), operation]. */
const REST: Record<string, [string, RegExp, string][]> = {
  s3: [
    // S3 Control (account settings) is signed as s3 and lives under /v20180820/.
    ['GET', /^\/v20180820\/configuration\/publicAccessBlock$/, 's3control:GetPublicAccessBlock'],
    ['GET', /^\/(\?.*)?$/, 'ListBuckets'],
    ['HEAD', /^\/[^/?]+\/?$/, 'HeadBucket'],
    ['GET', /^\/[^/?]+\/?\?location(=|&|$)/, 'GetBucketLocation'],
    ['GET', /^\/[^/?]+\/?\?policy(=|&|$)/, 'GetBucketPolicy'],
    ['GET', /^\/[^/?]+\/?\?acl(=|&|$)/, 'GetBucketAcl'],
    ['GET', /^\/[^/?]+\/?\?publicAccessBlock(=|&|$)/, 'GetPublicAccessBlock'],
    ['GET', /^\/[^/?]+\/?\?encryption(=|&|$)/, 'GetBucketEncryption'],
    ['GET', /^\/[^/?]+\/?\?versioning(=|&|$)/, 'GetBucketVersioning'],
    ['GET', /^\/[^/?]+\/?\?logging(=|&|$)/, 'GetBucketLogging'],
    ['GET', /^\/[^/?]+\/?\?tagging(=|&|$)/, 'GetBucketTagging'],
  ],
  cloudfront: [
    ['GET', /^\/2020-05-31\/distribution(\?.*)?$/, 'ListDistributions'],
    ['GET', /^\/2020-05-31\/distribution\/[^/]+\/config$/, 'GetDistributionConfig'],
  ],
  apigateway: [
    ['GET', /^\/restapis(\?.*)?$/, 'GetRestApis'],
    ['GET', /^\/restapis\/[^/]+\/stages$/, 'GetStages'],
    ['GET', /^\/v2\/apis(\?.*)?$/, 'GetApis'],
    ['GET', /^\/v2\/apis\/[^/]+\/stages(\?.*)?$/, 'GetStages'],
    ['GET', /^\/v2\/apis\/[^/]+\/routes(\?.*)?$/, 'GetRoutes'],
  ],
  account: [
    ['POST', /^\/getContactInformation$/, 'GetContactInformation'],
    ['POST', /^\/getAlternateContact$/, 'GetAlternateContact'],
  ],
  'access-analyzer': [['GET', /^\/analyzer(\?.*)?$/, 'ListAnalyzers']],
  securityhub: [['GET', /^\/accounts$/, 'DescribeHub']],
  elasticfilesystem: [['GET', /^\/2015-02-01\/file-systems(\?.*)?$/, 'DescribeFileSystems']],
  eks: [
    ['GET', /^\/clusters(\?.*)?$/, 'ListClusters'],
    ['GET', /^\/clusters\/[^/?]+$/, 'DescribeCluster'],
    ['GET', /^\/clusters\/[^/?]+\/node-groups(\?.*)?$/, 'ListNodegroups'],
    ['GET', /^\/clusters\/[^/?]+\/node-groups\/[^/?]+$/, 'DescribeNodegroup'],
  ],
};

/**
 * "<signing service>:<Operation>" of a request in any AWS protocol: X-Amz-Target (JSON), Action=
 * (query and EC2), or the REST method and path above; "unmapped:<service> <METHOD> <path>" when
 * none says.
 */
export function operationOf(req: IncomingMessage, body: Buffer): string {
  const { service } = signedFor(req);
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return `${service}:${target.split('.').pop()}`;
  const url = req.url ?? '/';
  const action =
    new URLSearchParams(url.split('?')[1] ?? '').get('Action') ??
    /(?:^|&)Action=([A-Za-z]+)/.exec(body.toString('utf8'))?.[1];
  if (action) return `${service}:${action}`;
  for (const [method, path, operation] of REST[service] ?? [])
    if (req.method === method && path.test(url))
      return operation.includes(':') ? operation : `${service}:${operation}`;
  return `unmapped:${service} ${req.method} ${url}`;
}

/** IAM service prefixes that differ from the signing name. */
const PREFIX: Record<string, string> = { monitoring: 'cloudwatch', s3control: 's3' };

/** Operations whose IAM action is not `<prefix>:<Operation>`. */
const ACTION_EXCEPTIONS: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:HeadBucket': 's3:ListBucket',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  // API Gateway authorizes management calls by HTTP method on the resource path.
  'apigateway:GetRestApis': 'apigateway:GET',
  'apigateway:GetStages': 'apigateway:GET',
  'apigateway:GetApis': 'apigateway:GET',
  'apigateway:GetRoutes': 'apigateway:GET',
};

/** The IAM action that authorizes an operation named by operationOf (undefined when unmapped). */
export function iamActionOf(operation: string): string | undefined {
  if (operation.startsWith('unmapped:')) return undefined;
  const exception = ACTION_EXCEPTIONS[operation];
  if (exception) return exception;
  const [service, name] = operation.split(':') as [string, string];
  return `${PREFIX[service] ?? service}:${name}`;
}
