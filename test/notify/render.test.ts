import { describe, expect, it } from 'vitest';
import type { AlertItem, AlertMessage } from '../../src/notify/alerts.js';
import { emailContent, slackPayload } from '../../src/notify/deliver.js';

// Values a scanned system controls: names, tags, messages. Slack would turn these into a channel-wide
// ping, a user mention and a disguised link; an email client into markup.
const HOSTILE = {
  ruleTitle: 'Title <!here> & more',
  resourceName: '<!channel> <https://evil.example/login|click to fix>',
  resourceType: 'aws.ec2.<thing>',
  account: '<@U024BE7LH>',
  region: 'eu-west-1 & <#C024BE7LR>',
  owner: '<mailto:x@evil.example|security team>',
  message: 'bucket <script>alert(1)</script> & <!everyone>',
  remediation: 'run <https://evil.example|this> & reboot',
};

function hostileMessage(): AlertMessage {
  const alert: AlertItem = {
    kind: 'new_failure',
    ruleId: 'r-<a>',
    severity: 'high',
    resourceId: 'x',
    provider: 'aws',
    ...HOSTILE,
  };
  return {
    type: 'stance.alerts',
    version: 1,
    scanId: 1,
    generatedAt: '2026-03-02T10:00:00.000Z',
    summary: { newFailures: 1, resolved: 0, bundleChanges: 0 },
    alerts: [alert],
    omitted: 0,
  };
}

/** Every mrkdwn text of a Block Kit payload, and the top-level fallback text. */
function slackTexts(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(payload);
  out.push((payload as { text: string }).text);
  return out;
}

describe('rendering hostile values', () => {
  it('Slack: every interpolated value has <, > and & escaped, so no mention or link is formed', () => {
    const texts = slackTexts(slackPayload(hostileMessage())).join('\n');
    expect(texts).not.toMatch(/[<>]/);
    expect(texts).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(texts).toContain('&lt;!channel&gt; &lt;https://evil.example/login|click to fix&gt;');
    expect(texts).toContain('Title &lt;!here&gt; &amp; more');
    expect(texts).toContain('owner &lt;mailto:x@evil.example|security team&gt;');
    expect(texts).toContain('&lt;@U024BE7LH&gt;');
    expect(texts).toContain('&lt;#C024BE7LR&gt;');
    expect(texts).toContain('run &lt;https://evil.example|this&gt; &amp; reboot');

    // a long value is cut without leaving half an entity behind
    const long = hostileMessage();
    long.alerts[0]!.message = '&'.repeat(3000);
    const cut = slackTexts(slackPayload(long)).join('\n');
    expect(cut).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('email: the HTML part escapes every value; the text part carries them as plain text', () => {
    const mail = emailContent(hostileMessage());
    const tags = [...mail.html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1]!.toLowerCase());
    expect(new Set(tags)).toEqual(
      new Set(['html', 'body', 'h2', 'table', 'tr', 'th', 'td', 'code', 'br', 'small', 'pre']),
    );
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!everyone&gt;');
    expect(mail.html).toContain('&lt;mailto:x@evil.example|security team&gt;');
    for (const value of Object.values(HOSTILE)) expect(mail.text).toContain(value);
    expect(mail.subject).not.toMatch(/[<>\r\n]/);
  });
});
