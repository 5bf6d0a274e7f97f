import { describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import { moreSettings } from '../../src/collect/aws/s3.js';

const awsError = (name: string) => Object.assign(new Error(name), { name, Code: name });

/** An S3 stand-in answering each command by its name: a value, or an error to throw. */
function s3(answers: Record<string, unknown>): S3Client {
  return {
    send(command: object) {
      const name = command.constructor.name;
      const answer = answers[name];
      if (answer instanceof Error) return Promise.reject(answer);
      if (answer === undefined) return Promise.reject(new Error(`unexpected ${name}`));
      return Promise.resolve({ $metadata: { httpStatusCode: 200 }, ...(answer as object) });
    },
  } as unknown as S3Client;
}

describe('S3 bucket settings read one call each', () => {
  it('"none configured" answers become null, answers keep the API shape', async () => {
    const problems: string[] = [];
    const out = await moreSettings(
      s3({
        GetBucketLifecycleConfigurationCommand: awsError('NoSuchLifecycleConfiguration'),
        GetObjectLockConfigurationCommand: awsError('ObjectLockConfigurationNotFoundError'),
        GetBucketNotificationConfigurationCommand: { EventBridgeConfiguration: {} },
        GetBucketReplicationCommand: awsError('ReplicationConfigurationNotFoundError'),
        GetBucketOwnershipControlsCommand: {
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        },
      }),
      'acme-invoices',
      problems,
    );
    expect(problems).toEqual([]);
    expect(out).toEqual({
      LifecycleConfiguration: null,
      ObjectLockConfiguration: null,
      NotificationConfiguration: { EventBridgeConfiguration: {} },
      ReplicationConfiguration: null,
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('a denied call leaves its field out (not reported) and names the bucket in problems', async () => {
    const problems: string[] = [];
    const out = await moreSettings(
      s3({
        GetBucketLifecycleConfigurationCommand: { Rules: [{ ID: 'x', Status: 'Enabled' }] },
        GetObjectLockConfigurationCommand: awsError('AccessDenied'),
        GetBucketNotificationConfigurationCommand: {},
        GetBucketReplicationCommand: awsError('AccessDenied'),
        GetBucketOwnershipControlsCommand: awsError('OwnershipControlsNotFoundError'),
      }),
      'acme-invoices',
      problems,
    );
    expect(out).toEqual({
      LifecycleConfiguration: { Rules: [{ ID: 'x', Status: 'Enabled' }] },
      NotificationConfiguration: {},
      OwnershipControls: null,
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^bucket acme-invoices object lock: .*AccessDenied/);
    expect(problems[1]).toMatch(/^bucket acme-invoices replication: .*AccessDenied/);
  });
});
