import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runStance, tempDir } from '../helpers/cli.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback that records every request. */
function receiver(): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, received }),
    ),
  );
}

const SECRET = 'hunter2-hmac-secret';

describe('alerts on newly failing resources', () => {
  let rx: Awaited<ReturnType<typeof receiver>>;
  let dir: string;
  let db: string;
  let config: string;
  let snapshot: {
    resources: { id: string; config: { IpPermissions?: { IpRanges: { CidrIp: string }[] }[] } }[];
  };

  beforeAll(async () => {
    rx = await receiver();
    dir = tempDir();
    db = join(dir, 'stance.db');
    config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'notify:',
        '  - type: webhook',
        `    url: http://127.0.0.1:${rx.port}/hook/\${HOOK_TOKEN}`,
        '    secret: ${HOOK_SECRET}',
        '    allowPrivateTargets: true',
        '    minSeverity: medium',
        '    resolved: true',
        '  - type: slack',
        `    url: http://127.0.0.1:${rx.port}/slack/T000/B000/XXXX`,
        '    allowPrivateTargets: true',
        '    providers: [aws]',
      ].join('\n'),
    );
    snapshot = JSON.parse(readFileSync(fixture('snapshots', 'minimal.json'), 'utf8')) as typeof snapshot;
  });
  afterAll(() => rx.server.close());

  const env = { HOOK_TOKEN: 'tok-abc123', HOOK_SECRET: SECRET };
  const scan = (file: string, extra: string[] = [], e: NodeJS.ProcessEnv = env) =>
    runStance(['scan', '--snapshot', file, '--db', db, '--config', config, '--notify', ...extra], { env: e });
  const write = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };

  it('first scan: one signed webhook message and one Slack message with every new failure', async () => {
    const result = await scan(fixture('snapshots', 'minimal.json'));
    expect(result.code, result.stderr).toBe(0);
    const hooks = rx.received.filter((r) => r.path.startsWith('/hook/'));
    const slack = rx.received.filter((r) => r.path.startsWith('/slack/'));
    expect(hooks).toHaveLength(1);
    expect(slack).toHaveLength(1);
    const hook = hooks[0]!;
    expect(hook.path).toBe('/hook/tok-abc123');
    expect(hook.headers['stance-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(hook.body).digest('hex')}`,
    );
    const message = JSON.parse(hook.body) as {
      deliveryId: string;
      summary: { newFailures: number };
      alerts: { ruleId: string; remediation: string; owner: string | null }[];
    };
    expect(hook.headers['stance-delivery-id']).toBe(message.deliveryId);
    // medium and above: +1 since IAM.19, aws-iam-user-mfa (medium), fails the user without MFA too;
    // the debug Pod's k8s-naked-pod (low) stays below this route's minSeverity
    expect(message.summary.newFailures).toBe(4);
    expect(message.alerts.map((a) => a.ruleId).sort()).toEqual([
      'aws-ec2-sg-admin-port-open-ipv4',
      'aws-iam-user-console-without-mfa',
      'aws-iam-user-mfa',
      'k8s-container-privileged',
    ]);
    expect(
      message.alerts.every((a) => a.remediation.includes('CLI') || a.remediation.includes('kubectl')),
    ).toBe(true);
    expect(message.alerts.find((a) => a.ruleId === 'aws-ec2-sg-admin-port-open-ipv4')?.owner).toBe('team-a');
    const blocks = JSON.parse(slack[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(blocks.blocks[0]!.type).toBe('header');
    // the Slack route only takes AWS: the open security group and the user's two MFA rules
    expect(blocks.text).toMatch(/3 new failing finding/);
  });

  it('an unchanged rescan sends nothing', async () => {
    const before = rx.received.length;
    expect((await scan(fixture('snapshots', 'minimal.json'))).code).toBe(0);
    expect(rx.received.length).toBe(before);
  });

  it('pass → fail alerts once, and a muted failure stays silent', async () => {
    const changed = structuredClone(snapshot);
    changed.resources[1]!.config.IpPermissions![0]!.IpRanges[0]!.CidrIp = '0.0.0.0/0'; // sg-0fine opens SSH
    const before = rx.received.length;
    expect((await scan(write('changed.json', changed))).code).toBe(0);
    const sent = rx.received.slice(before).filter((r) => r.path.startsWith('/hook/'));
    expect(sent).toHaveLength(1);
    expect(
      (JSON.parse(sent[0]!.body) as { alerts: { resourceId: string }[] }).alerts.map((a) => a.resourceId),
    ).toEqual([changed.resources[1]!.id]);
    expect((await scan(write('changed.json', changed))).code).toBe(0);
    expect(rx.received.length).toBe(before + 2); // webhook + slack, once

    // fixed again (resolved notice), then muted and broken again: only the resolution is announced
    const r1 = rx.received.length;
    expect((await scan(fixture('snapshots', 'minimal.json'))).code).toBe(0);
    const resolved = rx.received.slice(r1).filter((r) => r.path.startsWith('/hook/'));
    expect((JSON.parse(resolved[0]!.body) as { summary: { resolved: number } }).summary.resolved).toBe(1);
    expect(
      (
        await runStance([
          'mute',
          'add',
          '--rule',
          'aws-ec2-sg-admin-port-open-ipv4',
          '--resource',
          '*sg-0fine',
          '--reason',
          'test',
          '--db',
          db,
        ])
      ).code,
    ).toBe(0);
    const r2 = rx.received.length;
    expect((await scan(write('changed.json', changed))).code).toBe(0);
    expect(rx.received.length).toBe(r2);
  });

  it('a receiver that is down never fails the scan; the message waits in the outbox and is delivered later', async () => {
    const downConfig = join(dir, 'down.yaml');
    const down = await receiver();
    const port = down.port;
    down.server.close();
    writeFileSync(
      downConfig,
      `notify:\n  - type: webhook\n    url: http://127.0.0.1:${port}/hook/very-secret-token\n    allowPrivateTargets: true\n`,
    );
    const broken = structuredClone(snapshot);
    broken.resources[1]!.id = broken.resources[1]!.id.replace('sg-0fine', 'sg-0new');
    broken.resources[1]!.config.IpPermissions![0]!.IpRanges[0]!.CidrIp = '0.0.0.0/0';
    const result = await runStance([
      'scan',
      '--snapshot',
      write('down.json', broken),
      '--db',
      db,
      '--config',
      downConfig,
      '--notify',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/delivery .* failed \(attempt 1\/8\)/);
    expect(result.stderr).not.toContain('very-secret-token');
    const status = JSON.parse(
      (await runStance(['notify', 'status', '--format', 'json', '--db', db])).stdout,
    ) as { pending: number };
    expect(status.pending).toBe(1);

    const up = await receiver();
    // the same port again, so the configured channel (and its route key) is unchanged
    up.server.close();
    await new Promise<void>((resolve) => up.server.listen(port, '127.0.0.1', () => resolve()));
    try {
      const flushed = await runStance(['notify', 'flush', '--config', downConfig, '--retry-now', '--db', db]);
      expect(flushed.stdout).toContain('delivered 1');
      expect(up.received).toHaveLength(1);
      expect(JSON.parse(up.received[0]!.body)).toMatchObject({ summary: { newFailures: 1 } });
      expect(
        (await runStance(['notify', 'flush', '--config', downConfig, '--retry-now', '--db', db])).stdout,
      ).toContain('delivered 0');
    } finally {
      up.server.close();
    }
  });

  it('rejects an invalid config with file, line and key path', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'notify:\n  - type: webhook\n    url: http://127.0.0.1:9/x\n    minSeverity: urgent\n',
    );
    const result = await runStance([
      'scan',
      '--snapshot',
      fixture('snapshots', 'minimal.json'),
      '--db',
      db,
      '--config',
      bad,
      '--notify',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^stance: config .*bad\.yaml:4: notify\[0\]\.minSeverity: /);
    writeFileSync(bad, 'notify:\n  - type: webhook\n    url: ${NOT_SET_ANYWHERE}\n');
    const missing = await runStance([
      'scan',
      '--snapshot',
      fixture('snapshots', 'minimal.json'),
      '--db',
      db,
      '--config',
      bad,
      '--notify',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /bad\.yaml:3: notify\[0\]\.url: environment variable NOT_SET_ANYWHERE is not set/,
    );
  });

  it.each(['before-send', 'after-send'])(
    'a crash at %s loses no alert and duplicates none (counted by delivery id)',
    async (point) => {
      const crashDb = join(dir, `crash-${point}.db`);
      const rx2 = await receiver();
      const crashConfig = join(dir, `crash-${point}.yaml`);
      writeFileSync(
        crashConfig,
        `notify:\n  - type: webhook\n    url: http://127.0.0.1:${rx2.port}/hook\n    allowPrivateTargets: true\n`,
      );
      try {
        const crashed = await runStance(
          [
            'scan',
            '--snapshot',
            fixture('snapshots', 'minimal.json'),
            '--db',
            crashDb,
            '--config',
            crashConfig,
            '--notify',
          ],
          {
            env: { STANCE_FAILPOINT: point },
          },
        );
        expect(crashed.signal).toBe('SIGKILL');
        expect(rx2.received).toHaveLength(point === 'after-send' ? 1 : 0);
        // restart: the next run delivers what is still pending
        const flushed = await runStance(['notify', 'flush', '--config', crashConfig, '--db', crashDb]);
        expect(flushed.code, flushed.stderr).toBe(0);
        const ids = rx2.received.map((r) => r.headers['stance-delivery-id']);
        expect(new Set(ids).size).toBe(1); // one logical message; a resend reuses its delivery id
        expect(ids.length).toBe(point === 'after-send' ? 2 : 1);
        // every new failure (no minSeverity): the 3 medium-and-above ones of old, + aws-iam-user-mfa
        // (IAM.19) and + k8s-naked-pod (the debug Pod has no controller)
        expect(JSON.parse(rx2.received[0]!.body)).toMatchObject({ summary: { newFailures: 5 } });
        expect(
          (await runStance(['notify', 'flush', '--config', crashConfig, '--db', crashDb])).stdout,
        ).toContain('delivered 0');
      } finally {
        rx2.server.close();
      }
    },
  );
});

describe('changing a channel while messages wait', () => {
  it('a rotated secret and a raised minSeverity keep the pending message; it goes out signed with the new secret', async () => {
    let status = 503;
    const received: Received[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const config = join(dir, 'stance.yaml');
    const channel = (secret: string, minSeverity: string) =>
      writeFileSync(
        config,
        `notify:\n  - type: webhook\n    url: http://127.0.0.1:${port}/hook\n    secret: ${secret}\n    minSeverity: ${minSeverity}\n    allowPrivateTargets: true\n`,
      );
    try {
      channel('first-secret-1', 'low');
      const scan = await runStance([
        'scan',
        '--snapshot',
        fixture('snapshots', 'minimal.json'),
        '--db',
        db,
        '--config',
        config,
        '--notify',
      ]);
      expect(scan.code, scan.stderr).toBe(0);
      expect(scan.stderr).toMatch(/failed \(attempt 1\/8\): HTTP 503/);
      // waiting out its backoff: not attempted, but still pending, and the flush says so
      const early = await runStance(['notify', 'flush', '--config', config, '--db', db]);
      expect(early.stdout, early.stderr).toContain(
        'delivered 0, retrying later 0, given up 0; 1 message(s) pending',
      );
      status = 200;
      channel('second-secret-2', 'critical');
      const flushed = await runStance(['notify', 'flush', '--config', config, '--retry-now', '--db', db]);
      expect(flushed.stdout, flushed.stderr).toContain(
        'delivered 1, retrying later 0, given up 0; 0 message(s) pending',
      );
      const last = received.at(-1)!;
      expect(last.headers['stance-signature']).toBe(
        `sha256=${createHmac('sha256', 'second-secret-2').update(last.body).digest('hex')}`,
      );
      // queued under minSeverity low, so all 5 (+ aws-iam-user-mfa, + k8s-naked-pod since this test
      // was written); raising minSeverity later does not shrink a message already pending
      expect(JSON.parse(last.body)).toMatchObject({ summary: { newFailures: 5 } });
    } finally {
      server.close();
    }
  });
});
