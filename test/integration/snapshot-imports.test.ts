import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';

/**
 * A snapshot scan reads a file and writes the store: it needs no AWS SDK (70–120 MB of resident
 * memory for the clients), and a 100k-resource rescan's peak memory is measured against a budget
 * (bench/RESULTS.md). The built CLI runs with a module loader hook that lists every module it
 * loads; the scan must load none of the SDK, while the list proves the hook saw the scan's own code.
 */
function moduleLogger(dir: string): { nodeOptions: string; loaded: () => string[] } {
  const log = join(dir, 'modules.txt');
  const hooks = join(dir, 'hooks.mjs');
  const register = join(dir, 'register.mjs');
  writeFileSync(
    hooks,
    [
      "import { appendFileSync } from 'node:fs';",
      'let file;',
      'export function initialize(data) { file = data.file; }',
      "export async function load(url, context, next) { appendFileSync(file, url + '\\n'); return next(url, context); }",
    ].join('\n'),
  );
  writeFileSync(
    register,
    [
      "import { register } from 'node:module';",
      `register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { file: ${JSON.stringify(log)} } });`,
    ].join('\n'),
  );
  writeFileSync(log, '');
  return {
    nodeOptions: `--import=${pathToFileURL(register).href}`,
    loaded: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}

const snapshot = {
  version: 1,
  collectedAt: '2026-11-01T00:00:00Z',
  scopes: [
    { provider: 'aws', account: '111122223333', region: 'global', service: 'iam', status: 'ok' },
    { provider: 'aws', account: '111122223333', region: 'eu-west-1', service: 'ec2', status: 'ok' },
    { provider: 'k8s', account: 'prod', kind: 'Pod', status: 'ok' },
  ],
  resources: [
    {
      id: 'arn:aws:iam::111122223333:user/alice',
      type: 'aws.iam.user',
      provider: 'aws',
      account: '111122223333',
      region: 'us-east-1',
      name: 'alice',
      config: { UserName: 'alice' },
    },
    {
      id: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1',
      type: 'aws.ec2.security_group',
      provider: 'aws',
      account: '111122223333',
      region: 'eu-west-1',
      name: 'sg-1',
      config: { GroupId: 'sg-1', IpPermissions: [] },
    },
    {
      id: 'k8s://prod/default/Pod/web',
      type: 'k8s.pod',
      provider: 'k8s',
      account: 'prod',
      region: 'default',
      name: 'web',
      config: { kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [] } },
    },
  ],
};

describe('stance scan --snapshot', () => {
  it('loads no AWS SDK module', async () => {
    const dir = tempDir();
    const file = join(dir, 'inventory.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const logger = moduleLogger(dir);
    const scanned = await runStance(['scan', '--snapshot', file, '--db', join(dir, 'stance.db')], {
      env: { NODE_OPTIONS: logger.nodeOptions, STANCE_DB: '' },
    });
    expect(scanned.stderr).not.toMatch(/error/i);
    expect(scanned.code).toBe(0);
    const loaded = logger.loaded();
    // the hook saw the scan itself: the snapshot reader, the store and the policy engine
    for (const own of ['dist/collect/snapshot.js', 'dist/store/sqlite/store.js', 'dist/policy/engine.js'])
      expect(
        loaded.some((url) => url.endsWith(own)),
        own,
      ).toBe(true);
    expect(loaded.filter((url) => /\/node_modules\/@aws-sdk\//.test(url))).toEqual([]);
  });
});
