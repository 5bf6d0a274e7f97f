import type { Command } from 'commander';
import { AWS_COLLECTORS, type AwsCollectOptions } from '../collect/aws/index.js';
import { InputError } from '../errors.js';
import { ACCOUNT_ID, REGION_NAME } from '../model/aws-ids.js';
import { TerminalProgress } from './progress.js';

export interface AwsFlags {
  regions?: string;
  profile?: string;
  roleArn?: string[];
  externalId?: string;
  orgRole?: string;
  excludeAccounts?: string;
  services?: string;
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export function addAwsOptions(command: Command): Command {
  return command
    .option(
      '--regions <list>',
      'AWS regions, comma-separated, or "all" (default: every region enabled for the account)',
    )
    .option('--profile <name>', 'AWS shared-config profile (default: the SDK credential chain)')
    .option('--role-arn <arn...>', 'scan the accounts of these roles (assumed with the base credentials)')
    .option('--external-id <id>', 'external id for --role-arn / --org-role')
    .option('--org-role <name>', 'scan every account of the organization through this role name')
    .option('--exclude-accounts <ids>', 'with --org-role or --role-arn: accounts to skip, comma-separated')
    .option(
      '--services <list>',
      `only these AWS services, comma-separated (${AWS_COLLECTORS.map((c) => c.service).join(', ')})`,
    );
}

export function awsOptionsFrom(flags: AwsFlags): AwsCollectOptions {
  let regions: AwsCollectOptions['regions'];
  if (flags.regions && flags.regions !== 'all') {
    regions = list(flags.regions);
    for (const r of regions)
      if (!REGION_NAME.test(r)) throw new InputError(`--regions ${r}: not a region name (e.g. eu-west-1)`);
  }
  const excludeAccounts = flags.excludeAccounts ? list(flags.excludeAccounts) : undefined;
  for (const a of excludeAccounts ?? [])
    if (!ACCOUNT_ID.test(a)) throw new InputError(`--exclude-accounts ${a}: expected a 12-digit account id`);
  if (flags.orgRole && flags.roleArn?.length) throw new InputError('give --role-arn or --org-role, not both');
  return {
    regions,
    profile: flags.profile,
    roleArns: flags.roleArn,
    externalId: flags.externalId,
    orgRole: flags.orgRole,
    excludeAccounts,
    services: flags.services ? list(flags.services) : undefined,
    progress: new TerminalProgress(),
  };
}

export function hasAwsFlags(flags: AwsFlags): boolean {
  return Boolean(
    flags.regions ||
    flags.profile ||
    flags.roleArn ||
    flags.externalId ||
    flags.orgRole ||
    flags.excludeAccounts ||
    flags.services,
  );
}
