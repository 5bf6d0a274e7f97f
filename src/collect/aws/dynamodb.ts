import { awsService } from './service-metadata.js';
import {
  DynamoDBClient,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  paginateListTables,
} from '@aws-sdk/client-dynamodb';
import {
  ApplicationAutoScalingClient,
  paginateDescribeScalableTargets,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { awsErrorText, nameCalls } from './errors.js';
import {
  listAll,
  readItem,
  resourcesOf,
  withClient,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';

/** The region's Application Auto Scaling targets of DynamoDB, by table name (one listing for all tables). */
async function scalableTargets(ctx: ServiceContext): Promise<Map<string, ScalableTarget[]>> {
  return withClient(
    nameCalls(new ApplicationAutoScalingClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const targets = await listAll(
        paginateDescribeScalableTargets({ client, pageSize: 50 }, { ServiceNamespace: 'dynamodb' }),
        (p) => p.ScalableTargets,
      );
      const byTable = new Map<string, ScalableTarget[]>();
      for (const t of targets) {
        // table/<name> or table/<name>/index/<index>
        const table = /^table\/([^/]+)/.exec(t.ResourceId ?? '')?.[1];
        if (table) byTable.set(table, [...(byTable.get(table) ?? []), t]);
      }
      return byTable;
    },
  );
}

async function collectDynamoDb(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new DynamoDBClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const names = await listAll(paginateListTables({ client, pageSize: 100 }, {}), (p) => p.TableNames);
      const problems: string[] = [];
      let targets: Map<string, ScalableTarget[]> | undefined;
      if (names.length) {
        try {
          targets = await scalableTargets(ctx);
        } catch (error) {
          problems.push(`auto scaling targets of the tables: ${awsErrorText(error)}`);
        }
      }
      const limit = pLimit(8);
      const resources: Resource[] = [];
      await Promise.all(
        names.map((name) =>
          limit(async () => {
            // No batch API: each table is described by two calls of its own.
            const [described, backups] = await Promise.all([
              // A table deleted since the listing answers ResourceNotFound: gone, not a failure.
              readItem(
                problems,
                `table ${name}`,
                () => client.send(new DescribeTableCommand({ TableName: name })),
                ['ResourceNotFoundException'],
              ),
              readItem(problems, `table ${name} continuous backups`, () =>
                client.send(new DescribeContinuousBackupsCommand({ TableName: name })),
              ),
            ]);
            const table = described?.Table;
            // Left out: gone since the listing, or its failure is in problems (the scope is partial).
            if (!table?.TableArn) return;
            resources.push(
              make.resource({
                id: table.TableArn,
                type: 'aws.dynamodb.table',
                name,
                config: {
                  ...table,
                  ...(backups
                    ? { ContinuousBackupsDescription: backups.ContinuousBackupsDescription ?? null }
                    : {}),
                  stance: targets
                    ? {
                        scalableTargets: (targets.get(name) ?? []).map((t) => ({
                          ResourceId: t.ResourceId,
                          ScalableDimension: t.ScalableDimension,
                          MinCapacity: t.MinCapacity,
                          MaxCapacity: t.MaxCapacity,
                        })),
                      }
                    : {},
                },
              }),
            );
          }),
        ),
      );
      resources.sort((a, b) => a.id.localeCompare(b.id));
      return { resources, problems };
    },
  );
}

export const dynamoDbCollector: ServiceCollector = {
  ...awsService('dynamodb'),
  permissions: [
    'dynamodb:ListTables',
    'dynamodb:DescribeTable',
    'dynamodb:DescribeContinuousBackups',
    'application-autoscaling:DescribeScalableTargets',
  ],
  collect: collectDynamoDb,
};
