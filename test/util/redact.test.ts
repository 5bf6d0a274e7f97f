import { describe, expect, it } from 'vitest';
import { redactUrl, redactUrlsInText, safeErrorMessage } from '../../src/util/redact.js';
import { sanitizeTerminalField, sanitizeTerminalText } from '../../src/util/terminal-text.js';

describe('URL redaction', () => {
  it('keeps scheme and host only', () => {
    expect(redactUrl('https://u:p@hooks.example.com:8443/T0/B1/tok?key=v#f')).toBe(
      'https://hooks.example.com:8443',
    );
    expect(redactUrl('not a url')).toBe('[url]');
  });

  it('redacts every URL inside free text and keeps the punctuation after it', () => {
    const text = 'POST https://a:b@h.example/x/SECRET?k=KEY; then (see http://i.example/p/TOKEN).';
    const out = redactUrlsInText(text);
    expect(out).toBe('POST https://h.example; then (see http://i.example).');
    expect(out).not.toMatch(/SECRET|KEY|TOKEN|a:b/);
  });

  it('redacts the cause of an error too, on one line', () => {
    const error = new TypeError('fetch failed\nsecond line', {
      cause: new Error('at http://x:y@z.example/tok'),
    });
    expect(safeErrorMessage(error)).toBe('fetch failed');
    expect(safeErrorMessage(new Error('bad', { cause: new Error('at http://x:y@z.example/tok') }))).toBe(
      'bad: at http://z.example',
    );
  });
});

describe('what is not redacted', () => {
  it("leaves Stance's own resource ids and s3 locations readable", () => {
    const text =
      'no resource k8s://prod/default/Pod/web or aws://111122223333/global/account in s3://trail/AWSLogs';
    expect(redactUrlsInText(text)).toBe(text);
    expect(redactUrlsInText('db postgres://u:pw@db.example:5432/stance')).toBe(
      'db postgres://db.example:5432',
    );
  });
});

describe('terminal text', () => {
  it('makes ESC, C1 and bidi controls visible', () => {
    expect(sanitizeTerminalText('a\x1b]0;pwn\x07b\u202ec\x9b\nd\te')).toBe(
      'a\\x1b]0;pwn\\x07b\\u202ec\\x9b\nd\te',
    );
    expect(sanitizeTerminalField('x\ny\tz')).toBe('x\\x0ay\\x09z');
  });
});
