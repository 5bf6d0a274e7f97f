import { describe, expect, it } from 'vitest';
import {
  configMapValueReason,
  credentialShape,
  envValueReason,
  REDACTED_ENV_VALUE,
  secretName,
} from '../../src/collect/k8s/credentials.js';
import { sanitizeK8sObject, type Removed } from '../../src/collect/k8s/sanitize.js';

const PLANTED = 'PLANTED-cr3d-7e1a4b';

/** Test values assembled at run time, so no token-shaped literal sits in the repository. */
const jwt = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJzdGFuY2UtdGVzdCJ9', 'c2lnbmF0dXJlLXBhcnQtMTIz'].join('.');
const githubToken = `ghp_${'A1b2C3d4E5'.repeat(3)}123456`;
const pem = ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIB\n-----END RSA', 'PRIVATE KEY-----'].join(' ');

describe('credential detection', () => {
  it('knows secret-looking names by their last word', () => {
    for (const name of [
      'DB_PASSWORD',
      'dbPassword',
      'spring.datasource.password',
      'REDIS_PASS',
      'JWT_SECRET',
      'GITHUB_TOKEN',
      'API_KEY',
      'AWS_SECRET_ACCESS_KEY',
      'client-secret',
      'PRIVATE_KEY',
      'db_pwd',
    ])
      expect(secretName(name), name).toBe(true);
    for (const name of [
      'PASSWORD_FILE',
      'SECRET_NAME',
      'TOKEN_TTL',
      'AWS_ACCESS_KEY_ID',
      'CACHE_KEY',
      'PWD',
      'BYPASS',
      'MODE',
      'password_min_length',
    ])
      expect(secretName(name), name).toBe(false);
  });

  it('finds credentials by their shape whatever the name', () => {
    expect(credentialShape(pem)).toBe('contains a private key');
    expect(credentialShape(`Authorization: Bearer ${jwt}`)).toBe('contains a JSON Web Token');
    expect(credentialShape(`token=${githubToken}`)).toBe('contains a GitHub token');
    expect(credentialShape(`postgres://app:${PLANTED}@db:5432/shop`)).toBe(
      'contains a URL with a password in it',
    );
    expect(credentialShape('postgres://app@db:5432/shop')).toBeUndefined();
    expect(credentialShape('postgres://app:$(DB_PASSWORD)@db/shop')).toBeUndefined();
    expect(credentialShape('https://example.com/a:b@c')).toBeUndefined();
    expect(credentialShape('plain text, nothing here')).toBeUndefined();
  });

  it('counts literal values under secret-looking names, and not references, paths or placeholders', () => {
    expect(envValueReason('DB_PASSWORD', PLANTED)).toBe('a secret-looking name with a literal value');
    for (const value of [
      '',
      '$(DB_PASSWORD)',
      '${DB_PASSWORD}',
      '{{ .Values.password }}',
      '/run/secrets/db',
      '<changeme>',
      '******',
      'true',
    ])
      expect(envValueReason('DB_PASSWORD', value), value).toBeUndefined();
    expect(envValueReason('MODE', PLANTED)).toBeUndefined();
    expect(envValueReason('MODE', jwt)).toBe('contains a JSON Web Token');
  });

  it('reads ConfigMap values as keys and as configuration files, naming lines, never values', () => {
    expect(configMapValueReason('db-password', PLANTED)).toBe('a secret-looking key with a literal value');
    expect(
      configMapValueReason('app.properties', `mode=prod\n# db\nspring.datasource.password=${PLANTED}\n`),
    ).toBe('line 3: a secret-looking setting with a literal value');
    expect(
      configMapValueReason('config.yaml', `db:\n  host: db\n  password: "${PLANTED}"  # rotated\n`),
    ).toBe('line 3: a secret-looking setting with a literal value');
    expect(configMapValueReason('config.json', `{\n  "apiKey": "${PLANTED}",\n  "x": 1\n}`)).toBe(
      'line 2: a secret-looking setting with a literal value',
    );
    expect(configMapValueReason('.env', `export API_TOKEN=${PLANTED}`)).toBe(
      'line 1: a secret-looking setting with a literal value',
    );
    expect(
      configMapValueReason(
        'app.properties',
        'password.min-length=12\nspring.datasource.password=${DB_PASSWORD}\n',
      ),
    ).toBe(undefined);
    expect(configMapValueReason('nginx.conf', 'server { listen 80; }')).toBeUndefined();
  });

  it('stays linear on hostile values', () => {
    const started = performance.now();
    const hostile = [
      'eyJ'.repeat(300_000),
      'a://'.repeat(250_000),
      `${'x'.repeat(4000)}=${' '.repeat(4000)}\n`.repeat(120),
      `password:${' '.repeat(1 << 20)}`,
      '-----BEGIN '.repeat(90_000),
      `${'A'.repeat(1 << 20)}@`,
    ];
    for (const value of hostile) {
      configMapValueReason('password', value);
      envValueReason('DB_PASSWORD', value);
    }
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('sanitiser: credentials in ConfigMaps and env literals', () => {
  it('keeps which ConfigMap keys look like credentials, and why, never the values', () => {
    const out = sanitizeK8sObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop' },
      data: { 'app.properties': `db.password=${PLANTED}`, mode: 'prod', dsn: `mysql://app:${PLANTED}@db/x` },
      binaryData: { blob: Buffer.from(PLANTED).toString('base64') },
    });
    expect(out).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop' },
      stance: {
        dataKeys: ['app.properties', 'blob', 'dsn', 'mode'],
        credentialKeys: [
          { key: 'app.properties', reason: 'line 1: a secret-looking setting with a literal value' },
          { key: 'dsn', reason: 'contains a URL with a password in it' },
        ],
      },
    });
    expect(JSON.stringify(out)).not.toContain(PLANTED);
    // read and clean: an empty list says the values were checked
    expect(sanitizeK8sObject({ kind: 'ConfigMap', data: { mode: 'prod' } })).toEqual({
      kind: 'ConfigMap',
      stance: { dataKeys: ['mode'], credentialKeys: [] },
    });
  });

  it('replaces literal env credentials in every pod spec with a marker and names them', () => {
    const removed: Removed = { secretValues: 0, lastApplied: 0, envValues: 0 };
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'shop' },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                initContainers: [{ name: 'init', env: [{ name: 'GITHUB_TOKEN', value: PLANTED }] }],
                containers: [
                  {
                    name: 'run',
                    env: [
                      { name: 'MODE', value: 'prod' },
                      { name: 'DB_PASSWORD', value: PLANTED },
                      {
                        name: 'DB_PASSWORD_REF',
                        valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
                      },
                    ],
                  },
                ],
              },
            },
          },
        },
      },
    };
    const out = sanitizeK8sObject(cronJob, undefined, removed) as typeof cronJob & { stance: unknown };
    expect(JSON.stringify(out)).not.toContain(PLANTED);
    const spec = out.spec.jobTemplate.spec.template.spec;
    expect(spec.containers[0]!.env).toEqual([
      { name: 'MODE', value: 'prod' },
      { name: 'DB_PASSWORD', value: REDACTED_ENV_VALUE },
      { name: 'DB_PASSWORD_REF', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    ]);
    expect(out.stance).toEqual({
      credentialEnv: [
        {
          container: 'containers[0]',
          name: 'DB_PASSWORD',
          reason: 'a secret-looking name with a literal value',
        },
        {
          container: 'initContainers[0]',
          name: 'GITHUB_TOKEN',
          reason: 'a secret-looking name with a literal value',
        },
      ],
    });
    expect(removed.envValues).toBe(2);
    // the input is left as it was, and a second pass changes nothing
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0]!.env[1]!.value).toBe(PLANTED);
    expect(sanitizeK8sObject(out)).toBe(out);
  });

  it('keeps the apiVersion a last-applied-configuration recorded', () => {
    const out = sanitizeK8sObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
            apiVersion: 'extensions/v1beta1',
            kind: 'Deployment',
          }),
        },
      },
    });
    expect(out).toMatchObject({ stance: { appliedApiVersion: 'extensions/v1beta1' } });
    const odd = sanitizeK8sObject({
      kind: 'Deployment',
      metadata: {
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion": "\\u001b[31mx"}' },
      },
    });
    expect(odd).not.toHaveProperty('stance.appliedApiVersion');
  });
});
