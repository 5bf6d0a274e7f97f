#!/usr/bin/env node
// Writes docs/aws-iam-policy.json: the least-privilege IAM policy Stance's AWS collection needs,
// generated from the `permissions` every collector declares (AWS_COLLECTORS) and the session's own
// (SESSION_PERMISSIONS), read from the build in dist/.
//   npm run build && npm run aws:policy          (re)writes the file
//   node scripts/aws-iam-policy.mjs --check     exits 1 when the committed file is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const POLICY_FILE = join(root, 'docs', 'aws-iam-policy.json');

/** IAM's limit on a customer managed policy: 6,144 characters, white space not counted. */
export const MANAGED_POLICY_LIMIT = 6144;

/**
 * The policy document: one Allow statement of every action, sorted and deduplicated. Read-only
 * Describe/Get/List actions do not support resource-level scoping for most services, hence "*".
 */
export function policyDocument(collectors, sessionPermissions) {
  const actions = new Set(sessionPermissions);
  for (const c of collectors) for (const a of c.permissions) actions.add(a);
  for (const a of actions)
    if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a)) throw new Error(`malformed IAM action ${JSON.stringify(a)}`);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'StanceReadOnlyCollection',
        Effect: 'Allow',
        Action: [...actions].sort(),
        Resource: '*',
      },
    ],
  };
}

export function policyText(doc) {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export async function builtPolicy() {
  const dist = join(root, 'dist', 'collect', 'aws');
  const { AWS_COLLECTORS } = await import(pathToFileURL(join(dist, 'index.js')).href);
  const { SESSION_PERMISSIONS } = await import(pathToFileURL(join(dist, 'session.js')).href);
  return policyDocument(AWS_COLLECTORS, SESSION_PERMISSIONS);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const doc = await builtPolicy();
  const text = policyText(doc);
  const size = JSON.stringify(doc).length;
  if (size > MANAGED_POLICY_LIMIT)
    process.stderr.write(`warning: the policy has ${size} characters, over IAM's ${MANAGED_POLICY_LIMIT}\n`);
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(POLICY_FILE, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (committed !== text) {
      process.stderr.write('docs/aws-iam-policy.json is stale: run npm run build && npm run aws:policy\n');
      process.exit(1);
    }
    process.stdout.write('docs/aws-iam-policy.json is current\n');
  } else {
    writeFileSync(POLICY_FILE, text);
    process.stdout.write(
      `wrote docs/aws-iam-policy.json (${doc.Statement[0].Action.length} actions, ${size} characters)\n`,
    );
  }
}
