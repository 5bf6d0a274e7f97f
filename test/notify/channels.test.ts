import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { failureReason } from '../../src/notify/deliver.js';

const parse = (yaml: string) => () => parseConfig(yaml, 'stance.yaml', {});

describe('notify channel settings', () => {
  it('refuse a URL with user info, pointing at headers: or secret: instead', () => {
    expect(parse('notify:\n  - type: webhook\n    url: https://bob:hunter22@hooks.example.com/x\n')).toThrow(
      /^config stance\.yaml:3: notify\[0\]\.url: credentials in the URL are not allowed; put them in headers: or use secret:$/,
    );
    expect(
      parse('notify:\n  - type: slack\n    url: https://token@hooks.slack.com/services/T/B/X\n'),
    ).toThrow(/notify\[0\]\.url: credentials in the URL are not allowed/);
    // a token in the path or query is how Slack and many receivers work: allowed (and never printed)
    expect(
      parse('notify:\n  - type: slack\n    url: https://hooks.slack.com/services/T/B/X?k=v\n')(),
    ).toMatchObject({ notify: [{ type: 'slack', allowPrivateTargets: false }] });
  });

  it('take extra headers for a webhook, but not ones Stance sets or that break the request', () => {
    const config = parse(
      'notify:\n  - type: webhook\n    url: https://h.example.com/x\n    headers:\n      Authorization: Bearer abc\n',
    )();
    expect(config.notify[0]).toMatchObject({ headers: { Authorization: 'Bearer abc' } });
    expect(
      parse(
        'notify:\n  - type: webhook\n    url: https://h.example.com/x\n    headers:\n      Stance-Signature: forged\n',
      ),
    ).toThrow(/notify\[0\]\.headers\.Stance-Signature: this header is set by Stance/);
    expect(
      parse(
        'notify:\n  - type: webhook\n    url: https://h.example.com/x\n    headers:\n      "X-A": "one\\ntwo"\n',
      ),
    ).toThrow(/notify\[0\]\.headers\.X-A: a header value must be one line/);
  });

  it('a failure reason is one line with URLs cut to scheme and host and controls made visible', () => {
    const error = new TypeError(
      'Request cannot be constructed from a URL that includes credentials: https://u:pw@h.example.com/T/B/tok?k=v\nmore',
      { cause: new Error('see https://h.example.com/path/tok2 \u001b[2J') },
    );
    const reason = failureReason(error);
    expect(reason).toBe(
      'Request cannot be constructed from a URL that includes credentials: https://h.example.com',
    );
    expect(failureReason(new Error('a\u001b[2Jb https://x.example/tok'))).toBe(
      'a\\x1b[2Jb https://x.example',
    );
    expect(failureReason(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe('timed out');
  });
});
