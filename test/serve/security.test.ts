import { describe, expect, it } from 'vitest';
import { jsonDiff } from '../../src/serve/api/diff.js';
import { checkBindRules } from '../../src/serve/server.js';
import { allowedHosts, CONTENT_SECURITY_POLICY, isLoopback } from '../../src/serve/security.js';
import { assetPath } from '../../src/serve/static.js';

describe('console server: hosts, binds, assets', () => {
  it('answers loopback names on loopback, and the public names given', () => {
    const local = allowedHosts('127.0.0.1', 7420, []);
    expect([...local].sort()).toEqual(['127.0.0.1:7420', '[::1]:7420', 'localhost:7420']);
    const remote = allowedHosts('10.0.0.5', 443, ['Console.Example.com', 'proxy.example:8443']);
    expect(remote.has('console.example.com:443')).toBe(true);
    expect(remote.has('console.example.com')).toBe(true);
    expect(remote.has('proxy.example:8443')).toBe(true);
    expect(remote.has('localhost:443')).toBe(false);
    expect(isLoopback('127.0.0.2')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('::')).toBe(false);
  });

  it('refuses another address without TLS or a TLS proxy', () => {
    expect(() => checkBindRules({ host: '0.0.0.0' })).toThrow(/needs TLS/);
    expect(() => checkBindRules({ host: '0.0.0.0', behindTlsProxy: true })).not.toThrow();
    expect(() => checkBindRules({ host: '::', tls: { cert: 'c', key: 'k' } })).not.toThrow();
    expect(() => checkBindRules({ host: '127.0.0.1' })).not.toThrow();
  });

  it('serves only files inside the assets folder', () => {
    expect(assetPath('/srv/console', '/app.js')).toBe('/srv/console/app.js');
    expect(assetPath('/srv/console', '/assets/x.css')).toBe('/srv/console/assets/x.css');
    for (const bad of [
      '/../secret',
      '/%2e%2e/secret',
      '/a/%2e%2e/%2e%2e/secret',
      '/.env',
      '/a%00.js',
      '/%E0%A4%A',
      '/a\\..\\b',
    ])
      expect(assetPath('/srv/console', bad), bad).toBeUndefined();
  });

  it('the CSP allows no inline script and no other origin', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('diffs configurations by JSON Pointer', () => {
    const { changes, truncated } = jsonDiff(
      { a: 1, b: { 'c/d': [1, 2] }, gone: true },
      { a: 2, b: { 'c/d': [1] }, added: 'x' },
    );
    expect(truncated).toBe(false);
    expect(changes).toEqual([
      { path: '/a', kind: 'changed', from: 1, to: 2 },
      { path: '/b/c~1d/1', kind: 'removed', from: 2 },
      { path: '/gone', kind: 'removed', from: true },
      { path: '/added', kind: 'added', to: 'x' },
    ]);
    expect(jsonDiff(null, { a: 1 }).changes).toEqual([
      { path: '', kind: 'changed', from: null, to: { a: 1 } },
    ]);
    const big = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]));
    expect(jsonDiff({}, big).truncated).toBe(true);
  });
});
