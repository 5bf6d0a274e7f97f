import { SNSClient, paginateListSubscriptions, paginateListTopics } from '@aws-sdk/client-sns';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import { awsResource, type ServiceCollector, type ServiceContext } from './service.js';

/** Topics with their subscriptions counted from one account-wide listing (not one call per topic). */
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
    const resources: Resource[] = [];
    for await (const page of paginateListTopics({ client }, {})) {
      for (const topic of page.Topics ?? []) {
        const arn = topic.TopicArn!;
        resources.push(
          awsResource({
            id: arn,
            type: 'aws.sns.topic',
            account,
            region,
            name: arn.split(':').pop()!,
            config: {
              TopicArn: arn,
              ConfirmedSubscriptions: confirmed.get(arn) ?? 0,
              PendingSubscriptions: pending.get(arn) ?? 0,
            },
          }),
        );
      }
    }
    return { resources, problems: [] };
  } finally {
    client.destroy();
  }
}

export const snsCollector: ServiceCollector = {
  service: 'sns',
  global: false,
  permissions: ['sns:ListTopics', 'sns:ListSubscriptions'],
  collect: collectSns,
};
