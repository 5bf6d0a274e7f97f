import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AWS_COLLECTORS } from '../../src/collect/aws/index.js';
import { SESSION_PERMISSIONS } from '../../src/collect/aws/session.js';
import {
  MANAGED_POLICY_LIMIT,
  POLICY_FILE,
  policyDocument,
  policyText,
} from '../../scripts/aws-iam-policy.mjs';

/**
 * docs/aws-iam-policy.json is what users apply to the scanning role: it must be the one the
 * collectors' declared permissions generate (npm run aws:policy), never a stale copy.
 */
describe('the least-privilege IAM policy document', () => {
  const doc = policyDocument(AWS_COLLECTORS, SESSION_PERMISSIONS);

  it('is current: regenerated from the collectors it equals the committed file', () => {
    expect(readFileSync(POLICY_FILE, 'utf8'), 'run npm run build && npm run aws:policy').toBe(
      policyText(doc),
    );
  });

  it('holds every action each collector and the session declare, and nothing else', () => {
    const declared = new Set([...SESSION_PERMISSIONS, ...AWS_COLLECTORS.flatMap((c) => c.permissions)]);
    expect(new Set(doc.Statement[0]!.Action)).toEqual(declared);
    for (const c of AWS_COLLECTORS) expect(c.permissions.length, c.service).toBeGreaterThan(0);
  });

  it('fits in one customer managed policy', () => {
    expect(JSON.stringify(doc).length).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
  });

  it('rejects a malformed action', () => {
    expect(() => policyDocument([{ permissions: ['ec2 DescribeVpcs'] }], [])).toThrow(/malformed IAM action/);
  });
});
