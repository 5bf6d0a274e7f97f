import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { fixture, runStance, tempDir } from '../helpers/cli.js';

/** A real SMTP server on loopback (the smtp-server package) that keeps every message it accepts. */
function smtpReceiver(): Promise<{
  server: SMTPServer;
  port: number;
  messages: { from: string; to: string[]; raw: string }[];
}> {
  const messages: { from: string; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'alerts' && auth.password === 's3cr3t-pw')
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.server.address() as AddressInfo).port, messages }),
    ),
  );
}

describe('email alerts', () => {
  it('sends one email per scan with text and HTML parts over SMTP', async () => {
    const smtp = await smtpReceiver();
    const dir = tempDir();
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      `notify:\n  - type: email\n    smtp: smtp://alerts:\${SMTP_PASSWORD}@127.0.0.1:${smtp.port}\n    from: stance@acme.example\n    to: [secops@acme.example, platform@acme.example]\n    minSeverity: high\n`,
    );
    try {
      const result = await runStance(
        [
          'scan',
          '--snapshot',
          fixture('snapshots', 'minimal.json'),
          '--db',
          join(dir, 's.db'),
          '--config',
          config,
          '--notify',
        ],
        {
          env: { SMTP_PASSWORD: 's3cr3t-pw' },
        },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('s3cr3t-pw');
      expect(smtp.messages).toHaveLength(1);
      const mail = smtp.messages[0]!;
      expect(mail.from).toBe('stance@acme.example');
      expect(mail.to.sort()).toEqual(['platform@acme.example', 'secops@acme.example']);
      expect(mail.raw).toMatch(/^Subject: \[Stance\] 3 new failing finding\(s\)/m);
      expect(mail.raw).toMatch(/^Stance-Delivery-Id: [0-9a-f-]{36}/im);
      expect(mail.raw).toContain('Content-Type: text/plain');
      expect(mail.raw).toContain('Content-Type: text/html');
      expect(mail.raw).toContain('aws-iam-user-console-without-mfa');
      // an unchanged rescan sends no mail
      await runStance(
        [
          'scan',
          '--snapshot',
          fixture('snapshots', 'minimal.json'),
          '--db',
          join(dir, 's.db'),
          '--config',
          config,
          '--notify',
        ],
        {
          env: { SMTP_PASSWORD: 's3cr3t-pw' },
        },
      );
      expect(smtp.messages).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    }
  });
});
