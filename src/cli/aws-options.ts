import type { Command } from 'commander';
import type { AwsOptions } from '../index.js';
import { commaList } from './options.js';

export interface AwsFlags {
  regions?: string;
  profile?: string;
  roleArn?: string[];
  externalId?: string;
  orgRole?: string;
  excludeAccounts?: string;
  services?: string;
}

export function addAwsOptions(command: Command, services: string): Command {
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
    .option('--services <list>', `only these AWS services, comma-separated${services}`);
}

/** The library's AWS options from the flags (the library checks the values). */
export function awsOptionsFrom(flags: AwsFlags): AwsOptions {
  return {
    regions: flags.regions && flags.regions !== 'all' ? commaList(flags.regions) : undefined,
    profile: flags.profile,
    roleArns: flags.roleArn,
    externalId: flags.externalId,
    orgRole: flags.orgRole,
    excludeAccounts: flags.excludeAccounts ? commaList(flags.excludeAccounts) : undefined,
    services: flags.services ? commaList(flags.services) : undefined,
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
