/** The ARN partition of a region: China and GovCloud regions have their own. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/**
 * A region name: eu-west-1, us-gov-west-1, ap-southeast-2. Regions are numbered with one digit so
 * far; AWS's own endpoint data allows more, and so does this.
 */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** A 12-digit account id. */
export const ACCOUNT_ID = /^\d{12}$/;

/** An IAM role ARN in any partition; group 1 is its account. */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/;
