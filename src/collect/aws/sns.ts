import { awsService } from './service-metadata.js';
import {
  SNSClient,
  GetTopicAttributesCommand,
  paginateListSubscriptions,
  paginateListTopics,
} from '@aws-sdk/client-sns';
import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import {
  awsResource,
  decodePolicy,
  readItem,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';

/**
 * Topics with their subscriptions counted from one account-wide listing (not one call per topic),
 * and each topic's attributes (encryption, access policy, delivery status logging).
 */
async function collectSns(ctx: ServiceContext) {
  const { region } = ctx;
  const account = ctx.session.accountId;
  const client = nameCalls(new SNSClient(clientConfig(region, ctx.session.credentials)));
  try {
    const confirmed = new Map<string, number>();
    const pending = new Map<string, number>();
    for await (const page of paginateListSubscriptions({ client }, {})) {
      for (const s of page.Subscriptions ?? []) {
        const counts = s.SubscriptionArn === 'PendingConfirmation' ? pending : confirmed;
        counts.set(s.TopicArn ?? '', (counts.get(s.TopicArn ?? '') ?? 0) + 1);
      }
    }
    const arns: string[] = [];
    for await (const page of paginateListTopics({ client }, {}))
      for (const topic of page.Topics ?? []) arns.push(topic.TopicArn!);
    const problems: string[] = [];
    const limit = pLimit(8);
    const resources: Resource[] = await Promise.all(
      arns.map((arn) =>
        limit(async () => {
          // No batch API: a topic's attributes are a call of their own.
          const out = await readItem(problems, `topic ${arn.split(':').pop()} attributes`, () =>
            client.send(new GetTopicAttributesCommand({ TopicArn: arn })),
          );
          const attributes = out?.Attributes;
          return awsResource({
            id: arn,
            type: 'aws.sns.topic',
            account,
            region,
            name: arn.split(':').pop()!,
            config: {
              TopicArn: arn,
              ConfirmedSubscriptions: confirmed.get(arn) ?? 0,
              PendingSubscriptions: pending.get(arn) ?? 0,
              ...(attributes
                ? { Attributes: { ...attributes, Policy: decodePolicy(attributes.Policy) } }
                : {}),
            },
          });
        }),
      ),
    );
    resources.sort((a, b) => a.id.localeCompare(b.id));
    return { resources, problems };
  } finally {
    client.destroy();
  }
}

export const snsCollector: ServiceCollector = {
  ...awsService('sns'),
  permissions: ['sns:ListTopics', 'sns:ListSubscriptions', 'sns:GetTopicAttributes'],
  collect: collectSns,
};
