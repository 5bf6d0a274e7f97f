import { awsService } from './service-metadata.js';
import {
  KMSClient,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  paginateListKeys,
  paginateListResourceTags,
} from '@aws-sdk/client-kms';
import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { clientConfig } from './session.js';
import { nameCalls } from './errors.js';
import {
  decodePolicy,
  readItem,
  resourcesOf,
  withClient,
  type ServiceCollector,
  type ServiceContext,
} from './service.js';

async function collectKms(ctx: ServiceContext) {
  const make = resourcesOf(ctx);
  return withClient(
    nameCalls(new KMSClient(clientConfig(ctx.region, ctx.session.credentials))),
    async (kms) => {
      const ids: string[] = [];
      for await (const page of paginateListKeys({ client: kms, pageSize: 1000 }, {}))
        ids.push(...(page.Keys ?? []).map((k) => k.KeyArn ?? k.KeyId!));
      const limit = pLimit(8);
      const problems: string[] = [];
      const resources: Resource[] = await Promise.all(
        ids.map((id) =>
          limit(async () => {
            const meta = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
            const config: Record<string, unknown> = { ...meta };
            // Rotation applies to customer-managed symmetric keys only; AWS answers an error for the others.
            if (
              meta.KeyManager === 'CUSTOMER' &&
              meta.KeySpec === 'SYMMETRIC_DEFAULT' &&
              meta.KeyState === 'Enabled' &&
              meta.Origin !== 'EXTERNAL'
            ) {
              // An answer without the flag leaves it out: the rule reports it as not collected, never "off".
              config.KeyRotationEnabled = (
                await kms.send(new GetKeyRotationStatusCommand({ KeyId: meta.KeyId }))
              ).KeyRotationEnabled;
            }
            // A customer managed key's policy says who may use it (no batch API: one call per key).
            if (meta.KeyManager === 'CUSTOMER') {
              const policy = await readItem(problems, `key ${meta.KeyId} policy`, async () =>
                decodePolicy(
                  (await kms.send(new GetKeyPolicyCommand({ KeyId: meta.KeyId, PolicyName: 'default' })))
                    .Policy,
                ),
              );
              if (policy !== undefined) config.Policy = policy;
            }
            const tags: Record<string, string> = {};
            if (meta.KeyManager === 'CUSTOMER') {
              for await (const page of paginateListResourceTags({ client: kms }, { KeyId: meta.KeyId })) {
                for (const t of page.Tags ?? []) if (t.TagKey) tags[t.TagKey] = t.TagValue ?? '';
              }
            }
            return make.resource({ id: meta.Arn!, type: 'aws.kms.key', name: meta.KeyId!, tags, config });
          }),
        ),
      );
      return { resources, problems };
    },
  );
}

export const kmsCollector: ServiceCollector = {
  ...awsService('kms'),
  permissions: [
    'kms:ListKeys',
    'kms:DescribeKey',
    'kms:GetKeyRotationStatus',
    'kms:GetKeyPolicy',
    'kms:ListResourceTags',
  ],
  collect: collectKms,
};
