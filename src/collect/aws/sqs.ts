import { awsService } from './service-metadata.js';
import { SQSClient, GetQueueAttributesCommand, paginateListQueues } from '@aws-sdk/client-sqs';
import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { partitionOf } from '../../model/aws-ids.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import {
  listAll,
  decodePolicy,
  readItem,
  resourcesOf,
  withClient,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';

/** Queues with all their attributes (encryption, policy); the policy decoded. */
async function collectSqs(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new SQSClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (client) => {
      const urls = await listAll(paginateListQueues({ client, pageSize: 1000 }, {}), (p) => p.QueueUrls);
      const problems: string[] = [];
      const limit = pLimit(8);
      const resources: Resource[] = [];
      await Promise.all(
        urls.map((url) =>
          limit(async () => {
            const name = url.split('/').pop()!;
            // No batch API: a queue's attributes are a call of their own.
            const out = await readItem(
              problems,
              `queue ${name} attributes`,
              () => client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })),
              // Deleted between the listing and this call: gone, not a failure.
              ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'],
            );
            if (out === null) return;
            const attributes = out?.Attributes;
            const arn =
              attributes?.QueueArn ??
              `arn:${partitionOf(ctx.region)}:sqs:${ctx.region}:${make.account}:${name}`;
            resources.push(
              make.resource({
                id: arn,
                type: 'aws.sqs.queue',
                name,
                config: {
                  QueueUrl: url,
                  ...(attributes
                    ? { Attributes: { ...attributes, Policy: decodePolicy(attributes.Policy) } }
                    : {}),
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

export const sqsCollector: ServiceCollector = {
  ...awsService('sqs'),
  permissions: ['sqs:ListQueues', 'sqs:GetQueueAttributes'],
  collect: collectSqs,
};
