import { describe, expect, it } from 'vitest';
import { LAST_APPLIED_ANNOTATION, sanitizeK8sObject, type Removed } from '../../src/collect/k8s/sanitize.js';

const secret = () => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'kubernetes.io/service-account-token',
  immutable: true,
  metadata: {
    name: 's',
    namespace: 'n',
    uid: 'u-1',
    labels: { app: 'x' },
    ownerReferences: [{ kind: 'ServiceAccount', name: 'sa' }],
    annotations: {
      [LAST_APPLIED_ANNOTATION]: '{"data":{"k":"c2VjcmV0"}}',
      'kubernetes.io/service-account.name': 'sa',
    },
    managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:data': { 'f:k': {} } } }],
  },
  data: { k: 'c2VjcmV0' },
  stringData: { t: 'secret' },
});

describe('Kubernetes object sanitiser', () => {
  it('keeps a Secret by name, type, labels, owners, data keys and annotation keys only', () => {
    const removed: Removed = { secretValues: 0, lastApplied: 0, envValues: 0 };
    const out = sanitizeK8sObject(secret(), undefined, removed);
    expect(out).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      immutable: true,
      metadata: {
        name: 's',
        namespace: 'n',
        uid: 'u-1',
        labels: { app: 'x' },
        ownerReferences: [{ kind: 'ServiceAccount', name: 'sa' }],
      },
      stance: {
        dataKeys: ['k', 't'],
        annotationKeys: [
          'kubectl.kubernetes.io/last-applied-configuration',
          'kubernetes.io/service-account.name',
        ],
      },
    });
    expect(removed).toEqual({ secretValues: 4, lastApplied: 0, envValues: 0 });
  });

  it('is idempotent, so every source hashes alike', () => {
    const once = sanitizeK8sObject(secret());
    expect(sanitizeK8sObject(once)).toBe(once);
    const deployment = {
      kind: 'Deployment',
      metadata: { name: 'd', annotations: { [LAST_APPLIED_ANNOTATION]: '{}', keep: 'me' } },
    };
    const d = sanitizeK8sObject(deployment);
    expect(d).toEqual({
      kind: 'Deployment',
      metadata: { name: 'd', annotations: { keep: 'me' } },
      stance: { removedAnnotations: [LAST_APPLIED_ANNOTATION] },
    });
    expect(sanitizeK8sObject(d)).toBe(d);
  });

  it('leaves objects with nothing to remove untouched, and knows a stored Secret by its type', () => {
    const pod = { kind: 'Pod', metadata: { name: 'p', annotations: { a: 'b' } } };
    expect(sanitizeK8sObject(pod)).toBe(pod);
    expect(sanitizeK8sObject({ data: { k: 'v' } }, 'k8s.secret')).toEqual({ stance: { dataKeys: ['k'] } });
    expect(
      sanitizeK8sObject({ kind: 'ConfigMap', data: { k: 'v' }, metadata: { annotations: { a: 'b' } } }),
    ).toEqual({
      kind: 'ConfigMap',
      metadata: { annotations: { a: 'b' } },
      stance: { dataKeys: ['k'], credentialKeys: [] },
    });
  });
});
