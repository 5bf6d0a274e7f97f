/**
 * The AWS services Stance collects and where each is listed: once per account ("global") or per
 * region. Kept apart from the collectors so that code which only needs to know this (placing a
 * snapshot's resources in their scopes, `--services` help) does not load the AWS SDK.
 */
const SERVICES = {
  iam: { global: true },
  s3: { global: true },
  ec2: { global: false },
  cloudtrail: { global: false },
  config: { global: false },
  kms: { global: false },
  rds: { global: false },
  efs: { global: false },
  eks: { global: false },
  accessanalyzer: { global: false },
  securityhub: { global: false },
  logs: { global: false },
  cloudwatch: { global: false },
  sns: { global: false },
  lambda: { global: false },
  ecr: { global: false },
  secretsmanager: { global: false },
  guardduty: { global: false },
  sqs: { global: false },
  dynamodb: { global: false },
  elbv2: { global: false },
  elb: { global: false },
  cloudfront: { global: true },
  apigateway: { global: false },
  autoscaling: { global: false },
  acm: { global: false },
  organizations: { global: true },
  account: { global: true },
} as const satisfies Record<string, { global: boolean }>;

export type AwsServiceName = keyof typeof SERVICES;

/** A collector's identity: the scope's service name and whether it is listed once per account. */
export interface AwsServiceInfo {
  /** The scope's service name, the second part of its resource types (aws.<service>.x). */
  service: AwsServiceName;
  global: boolean;
}

/** Every service, in the collectors' order. */
export const AWS_SERVICE_NAMES = Object.keys(SERVICES) as AwsServiceName[];

/** The services listed once per account rather than per region. */
export const GLOBAL_AWS_SERVICES: ReadonlySet<string> = new Set(
  AWS_SERVICE_NAMES.filter((s) => SERVICES[s].global),
);

export function awsService(service: AwsServiceName): AwsServiceInfo {
  return { service, global: SERVICES[service].global };
}
