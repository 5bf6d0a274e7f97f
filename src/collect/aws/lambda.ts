import { awsService } from './service-metadata.js';
import {
  LambdaClient,
  GetPolicyCommand,
  paginateListFunctions,
  paginateListFunctionUrlConfigs,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { EC2Client, paginateDescribeSubnets } from '@aws-sdk/client-ec2';
import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { awsErrorText, nameCalls } from './errors.js';
import {
  listAll,
  decodePolicy,
  readItem,
  resourcesOf,
  withClient,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';

/**
 * What an environment variable's value is, without keeping it: a literal (possibly a secret), empty,
 * or a reference to where the secret lives (an ARN, an unresolved CloudFormation dynamic reference).
 */
export function valueKind(value: string | undefined): 'literal' | 'empty' | 'reference' {
  if (!value) return 'empty';
  if (/^arn:aws[a-z-]*:/.test(value) || value.startsWith('{{resolve:')) return 'reference';
  return 'literal';
}

/** The function's configuration with the environment's values dropped: names and their kinds only. */
export function withoutEnvironmentValues(fn: FunctionConfiguration) {
  const { Environment, ...rest } = fn;
  const variables = Environment?.Variables ?? {};
  const names = Object.keys(variables).sort();
  return {
    config: {
      ...rest,
      Environment: {
        VariableNames: names,
        ...(Environment?.Error ? { Error: Environment.Error } : {}),
      },
    },
    environmentValues: Object.fromEntries(names.map((n) => [n, valueKind(variables[n])])),
  };
}

/** Subnet → Availability Zone for the subnets the functions use, in batched DescribeSubnets calls. */
async function subnetZones(ctx: ServiceContext, ids: string[]): Promise<Map<string, string>> {
  const zones = new Map<string, string>();
  if (!ids.length) return zones;
  await withClient(
    nameCalls(new EC2Client(clientConfig(ctx.region, ctx.session.credentials))),
    async (ec2) => {
      for (let i = 0; i < ids.length; i += 200) {
        // A filter, not SubnetIds: a subnet deleted since the function was configured is no error.
        const filter = [{ Name: 'subnet-id', Values: ids.slice(i, i + 200) }];
        const subnets = await listAll(
          paginateDescribeSubnets({ client: ec2, pageSize: 1000 }, { Filters: filter }),
          (p) => p.Subnets,
        );
        for (const s of subnets)
          if (s.SubnetId && s.AvailabilityZone) zones.set(s.SubnetId, s.AvailabilityZone);
      }
    },
  );
  return zones;
}

async function collectLambda(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new LambdaClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const functions = await listAll(
        paginateListFunctions({ client, pageSize: 50 }, {}),
        (p) => p.Functions,
      );
      const problems: string[] = [];
      const subnetIds = [...new Set(functions.flatMap((f) => f.VpcConfig?.SubnetIds ?? []))].sort();
      let zones: Map<string, string> | undefined;
      try {
        zones = await subnetZones(ctx, subnetIds);
      } catch (error) {
        problems.push(`Availability Zones of the functions' subnets: ${awsErrorText(error)}`);
      }
      const limit = pLimit(8);
      const resources: Resource[] = await Promise.all(
        functions.map((fn) =>
          limit(async () => {
            const name = fn.FunctionName!;
            // No batch API: a function's resource policy and its URLs are calls of their own.
            const [policy, urls] = await Promise.all([
              readItem(
                problems,
                `function ${name} policy`,
                async () =>
                  decodePolicy((await client.send(new GetPolicyCommand({ FunctionName: name }))).Policy),
                ['ResourceNotFoundException'],
              ),
              readItem(problems, `function ${name} URLs`, () =>
                listAll(
                  paginateListFunctionUrlConfigs({ client, pageSize: 50 }, { FunctionName: name }),
                  (p) => p.FunctionUrlConfigs,
                ),
              ),
            ]);
            const { config, environmentValues } = withoutEnvironmentValues(fn);
            const subnets = fn.VpcConfig?.SubnetIds ?? [];
            return make.resource({
              id: fn.FunctionArn!,
              type: 'aws.lambda.function',
              name,
              config: {
                ...config,
                ...(policy !== undefined ? { Policy: policy } : {}),
                ...(urls !== undefined && urls !== null ? { FunctionUrlConfigs: urls } : {}),
                stance: {
                  environmentValues,
                  ...(zones
                    ? {
                        subnets: subnets.map((id) => ({
                          SubnetId: id,
                          AvailabilityZone: zones.get(id) ?? null,
                        })),
                      }
                    : {}),
                },
              },
            });
          }),
        ),
      );
      resources.sort((a, b) => a.id.localeCompare(b.id));
      return { resources, problems };
    },
  );
}

export const lambdaCollector: ServiceCollector = {
  ...awsService('lambda'),
  permissions: [
    'lambda:ListFunctions',
    'lambda:GetPolicy',
    'lambda:ListFunctionUrlConfigs',
    'ec2:DescribeSubnets',
  ],
  collect: collectLambda,
};
