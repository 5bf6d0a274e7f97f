import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runStance, startStance, tempDir } from '../helpers/cli.js';
import { poll } from '../helpers/poll.js';

function receiver(): Promise<{ server: Server; port: number; bodies: Record<string, unknown>[] }> {
  const bodies: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, bodies }),
    ),
  );
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const until = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>) =>
  poll(what, probe, { timeoutMs: 20_000, probeErrors: 'fail' });

describe('stance daemon', () => {
  it('runs scheduled scans, alerts once, flags a stale target, serves health and metrics, stops on SIGTERM', async () => {
    const rx = await receiver();
    const dir = tempDir();
    const healthPort = await freePort();
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        `  - name: demo`,
        `    snapshot: ${fixture('snapshots', 'minimal.json')}`,
        `    schedule: "*/2 * * * * *"`,
        `  - name: broken`,
        `    snapshot: ${join(dir, 'missing.json')}`,
        `    schedule: "* * * * * *"`,
        `    staleAfter: 2`,
        'daemon:',
        `  healthPort: ${healthPort}`,
        '  jitterSeconds: 0',
        'notify:',
        '  - type: webhook',
        `    url: http://127.0.0.1:${rx.port}/hook`,
        '    allowPrivateTargets: true',
        '    minSeverity: medium',
      ].join('\n'),
    );
    const { child, done } = startStance(['daemon', '--config', config, '--db', join(dir, 'stance.db')]);
    try {
      const alert = await until('the first alert', () => rx.bodies.find((b) => b.type === 'stance.alerts'));
      // medium and above: the 3 highs, + aws-iam-user-mfa (medium, IAM.19: the same user has no MFA)
      expect(alert).toMatchObject({ summary: { newFailures: 4 } });
      const stale = await until('the stale-target alert', () =>
        rx.bodies.find((b) => b.type === 'stance.stale'),
      );
      expect(stale).toMatchObject({ target: 'broken', lastSuccessfulScan: null });
      const health = await (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).json();
      expect(health).toMatchObject({ status: 'ok' });
      const metrics = await until('two scans of demo', async () => {
        const text = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
        const m = /stance_scans_total\{target="demo",status="ok"\} (\d+)/.exec(text);
        return m && Number(m[1]) >= 2 ? text : undefined;
      });
      // every failing finding: the 4 alerted above, + k8s-naked-pod (low, the debug Pod has no controller)
      expect(metrics).toMatch(/stance_findings\{status="fail"\} 5/);
      expect(metrics).toMatch(/stance_alerts_sent_total [1-9]/);
      // unchanged rescans sent nothing more; the stale alert is sent once per episode
      expect(rx.bodies.filter((b) => b.type === 'stance.alerts')).toHaveLength(1);
      expect(rx.bodies.filter((b) => b.type === 'stance.stale')).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    const result = await done;
    rx.server.close();
    expect(result.code).toBe(0);
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; target?: string });
    expect(lines.some((l) => l.msg === 'scan finished' && l.target === 'demo')).toBe(true);
    expect(lines.some((l) => l.msg === 'scan failed' && l.target === 'broken')).toBe(true);
    expect(lines.at(-1)?.msg).toBe('stance daemon stopped');
    expect(result.stderr).not.toContain('/hook');
  });

  it('rejects an invalid cron expression with file, line and key', async () => {
    const dir = tempDir();
    const config = join(dir, 'stance.yaml');
    writeFileSync(config, `targets:\n  - name: x\n    snapshot: a.json\n    schedule: "every hour"\n`);
    const result = await runStance(['daemon', '--config', config, '--db', join(dir, 'x.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /stance\.yaml:4: targets\[0\]\.schedule: not a valid cron expression/,
    );
  });
});

describe('stance daemon targets', () => {
  it('scans a live cluster and manifest paths on schedule', async () => {
    const { fakeKubernetesApi } = await import('../helpers/fake-k8s.js');
    const api = await fakeKubernetesApi([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'ns' },
        spec: { containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] },
      },
    ]);
    const dir = tempDir();
    const healthPort = await freePort();
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: cluster',
        `    kubernetes: {kubeconfig: ${api.kubeconfig(dir)}}`,
        '    schedule: "* * * * * *"',
        '  - name: repo',
        `    manifests: [${join(dir, 'm.yaml')}]`,
        '    schedule: "* * * * * *"',
        '    pssVersion: v1.34',
        'daemon:',
        `  healthPort: ${healthPort}`,
        '  jitterSeconds: 0',
      ].join('\n'),
    );
    // the namespace pins v1.33, where the probe-host check does not exist; the target's pssVersion overrides it
    writeFileSync(
      join(dir, 'm.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: legacy, labels: {pod-security.kubernetes.io/enforce-version: v1.33}}\n---\n' +
        'apiVersion: v1\nkind: Pod\nmetadata: {name: m, namespace: legacy}\n' +
        'spec: {containers: [{name: c, image: i, livenessProbe: {tcpSocket: {host: 10.0.0.1, port: 80}}}]}\n',
    );
    const { child, done } = startStance(['daemon', '--config', config, '--db', join(dir, 'stance.db')]);
    try {
      await until('both targets scanned', async () => {
        const text = await fetch(`http://127.0.0.1:${healthPort}/metrics`)
          .then((r) => r.text())
          .catch(() => '');
        return /target="cluster",status="(ok|partial)"/.test(text) && /target="repo",status="ok"/.test(text)
          ? text
          : undefined;
      });
    } finally {
      child.kill('SIGTERM');
    }
    const result = await done;
    await api.close();
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('fake-token-never-logged');
    const probes = JSON.parse(
      (
        await runStance([
          'findings',
          '--rule',
          'k8s-pss-host-probes',
          '--format',
          'json',
          '--db',
          join(dir, 'stance.db'),
        ])
      ).stdout,
    ) as { resourceId: string; status: string; message: string }[];
    expect(
      probes.filter((f) => f.resourceId.endsWith('/legacy/Pod/m')).map((f) => [f.status, f.message]),
    ).toEqual([
      [
        'fail',
        'container "c" sets livenessProbe.tcpSocket.host 10.0.0.1 (Pod Security Standards baseline, v1.34)',
      ],
    ]);
  });

  it('rejects a pssVersion that is not a version, and one on an aws target', async () => {
    const dir = tempDir();
    const config = join(dir, 'stance.yaml');
    writeFileSync(config, 'targets:\n  - name: x\n    snapshot: a.json\n    pssVersion: "1.34"\n');
    const bad = await runStance(['daemon', '--config', config, '--db', join(dir, 'x.db')]);
    expect(bad.code).toBe(2);
    // off a terminal the daemon's lines are JSON: the message is the `msg` field
    const message = (JSON.parse(bad.stderr.trim()) as { msg: string }).msg;
    expect(message).toMatch(/stance\.yaml:4: targets\[0\]\.pssVersion: expected "latest" or v1\.<minor>/);
    writeFileSync(config, 'targets:\n  - name: x\n    aws: {regions: [eu-west-1]}\n    pssVersion: v1.34\n');
    const aws = await runStance(['daemon', '--config', config, '--db', join(dir, 'x.db')]);
    expect(aws.code).toBe(2);
    expect(aws.stderr).toMatch(/targets\[0\]: pssVersion applies to Kubernetes targets/);
  });

  it('rejects a target with two sources', async () => {
    const dir = tempDir();
    const config = join(dir, 'stance.yaml');
    writeFileSync(config, 'targets:\n  - name: x\n    snapshot: a.json\n    manifests: [b.yaml]\n');
    const result = await runStance(['daemon', '--config', config, '--db', join(dir, 'x.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /targets\[0\]: needs exactly one of aws, kubernetes, manifests, snapshot or cloudtrail/,
    );
  });
});

describe('one daemon per database', () => {
  const jsonLines = (stderr: string) =>
    stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; [k: string]: unknown });

  it('a second daemon on the same database refuses with one line; once the first is gone another starts', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: demo',
        `    snapshot: ${fixture('snapshots', 'minimal.json')}`,
        '    schedule: "* * * * * *"',
        'daemon:',
        '  jitterSeconds: 0',
      ].join('\n'),
    );
    const first = startStance(['daemon', '--config', config, '--db', db]);
    let firstErr = '';
    first.child.stderr!.on('data', (d: Buffer) => (firstErr += d.toString()));
    let third: ReturnType<typeof startStance> | undefined;
    try {
      await until('the first daemon scanning', () => /"scan finished"/.test(firstErr) || undefined);
      const secondRun = startStance(['daemon', '--config', config, '--db', db]);
      const second = await Promise.race([
        secondRun.done,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 20_000)),
      ]);
      if (!second) secondRun.child.kill('SIGKILL');
      expect(second, 'the second daemon kept running').toBeDefined();
      expect(second!.code).toBe(4);
      const lines = jsonLines(second!.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.msg).toMatch(
        new RegExp(
          `^database .*stance\\.db is used by another stance daemon \\(pid ${first.child.pid} on host [^ ]+ since [0-9T:.-]+Z\\); stop it first$`,
        ),
      );
      expect(first.child.exitCode).toBeNull(); // the first one is undisturbed

      // killed without a chance to clean up: a new daemon on the same host takes over at once
      first.child.kill('SIGKILL');
      await first.done;
      third = startStance(['daemon', '--config', config, '--db', db]);
      let thirdErr = '';
      third.child.stderr!.on('data', (d: Buffer) => (thirdErr += d.toString()));
      await until('the third daemon scanning', () => /"scan finished"/.test(thirdErr) || undefined);
    } finally {
      first.child.kill('SIGKILL');
      third?.child.kill('SIGTERM');
    }
    const stopped = await third!.done;
    expect(stopped.code).toBe(0);
    // stopped cleanly, it leaves the database free at once
    const fourth = startStance(['daemon', '--config', config, '--db', db]);
    let fourthErr = '';
    fourth.child.stderr!.on('data', (d: Buffer) => (fourthErr += d.toString()));
    try {
      await until('the fourth daemon scanning', () => /"scan finished"/.test(fourthErr) || undefined);
    } finally {
      fourth.child.kill('SIGTERM');
    }
    expect((await fourth.done).code).toBe(0);
  });

  it('writes only JSON lines off a terminal: delivery failures, warnings and a bad config included', async () => {
    const dir = tempDir();
    const config = join(dir, 'stance.yaml');
    const down = await freePort();
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: demo',
        `    snapshot: ${fixture('snapshots', 'minimal.json')}`,
        '    schedule: "* * * * * *"',
        'daemon:',
        '  jitterSeconds: 0',
        'notify:',
        '  - type: webhook',
        `    url: http://127.0.0.1:${down}/hook/tok-in-path`,
        '    allowPrivateTargets: true',
      ].join('\n'),
    );
    const { child, done } = startStance(['daemon', '--config', config, '--db', join(dir, 'stance.db')], {
      env: { NODE_OPTIONS: '--require ./test/fixtures/emit-warning.cjs' },
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await until(
        'a failed delivery and the warning',
        () => (/failed \(attempt 1\/8\)/.test(stderr) && /stance test warning/.test(stderr)) || undefined,
      );
    } finally {
      child.kill('SIGTERM');
    }
    const result = await done;
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stderr);
    expect(
      lines.some((l) => /failed \(attempt 1\/8\): connect ECONNREFUSED/.test(l.msg) && l.level === 40),
    ).toBe(true);
    expect(lines.some((l) => l.msg === 'stance test warning' && l.warning === 'StanceTestWarning')).toBe(
      true,
    );
    expect(result.stderr).not.toContain('tok-in-path');

    writeFileSync(config, 'targets:\n  - name: x\n    snapshot: a.json\n    schedule: "every hour"\n');
    const bad = await runStance(['daemon', '--config', config, '--db', join(dir, 'stance.db')]);
    expect(bad.code).toBe(2);
    expect(jsonLines(bad.stderr)).toMatchObject([
      {
        level: 50,
        msg: expect.stringMatching(/stance\.yaml:4: targets\[0\]\.schedule: not a valid cron expression/),
      },
    ]);
  });
});
