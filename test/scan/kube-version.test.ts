import { describe, expect, it } from 'vitest';
import { LIVE_KINDS } from '../../src/collect/k8s/live.js';
import { InputError } from '../../src/errors.js';
import { kubeVersionFor, parseKubeVersion, serverKubeVersion } from '../../src/model/kube-version.js';
import { parseSystemNamespaces } from '../../src/scan/system-namespaces.js';
import type { Resource } from '../../src/types.js';
import { PATHS } from '../helpers/fake-k8s.js';

describe('the Kubernetes version rules check against', () => {
  it('reads the API server version from gitVersion, or major and minor', () => {
    expect(serverKubeVersion({ major: '1', minor: '31', gitVersion: 'v1.31.2-eks-7f9249a' })).toBe('v1.31');
    expect(serverKubeVersion({ major: '1', minor: '29+', gitVersion: 'garbage' })).toBe('v1.29');
    expect(serverKubeVersion({ gitVersion: 'v1.30.0+k3s1' })).toBe('v1.30');
    expect(serverKubeVersion({ kind: 'List', items: [] })).toBeUndefined();
    expect(serverKubeVersion('v1.31')).toBeUndefined();
  });

  it('takes --kube-version as v1.N, and refuses anything else with the flag named', () => {
    expect(parseKubeVersion('v1.31', '--kube-version')).toBe('v1.31');
    expect(parseKubeVersion('1.29', '--kube-version')).toBe('v1.29');
    expect(parseKubeVersion('v1.30.4', '--kube-version')).toBe('v1.30');
    expect(parseKubeVersion('latest', '--kube-version')).toBe('latest');
    for (const bad of ['v2.1', '1', 'v1.x', 'v1.31-eks', '\u001b[31m'])
      expect(() => parseKubeVersion(bad, '--kube-version')).toThrow(InputError);
    expect(() => parseKubeVersion('v1.x', '--kube-version')).toThrow(
      /--kube-version "v1\.x": expected a Kubernetes version such as v1\.31/,
    );
  });

  it('uses the override, else the cluster the resource came from, else latest', () => {
    const pod = { account: 'prod' } as Resource;
    const clusters = [
      { name: 'prod', kubeVersion: 'v1.28' },
      { name: 'dev', kubeVersionError: 'GET /version: HTTP 403' },
    ];
    expect(kubeVersionFor(pod, clusters)).toBe('v1.28');
    expect(kubeVersionFor(pod, clusters, 'v1.31')).toBe('v1.31');
    expect(kubeVersionFor({ account: 'dev' } as Resource, clusters)).toBe('latest');
    expect(kubeVersionFor({ account: 'manifests' } as Resource, undefined)).toBe('latest');
  });

  it('parses --system-namespaces as namespace names', () => {
    expect(parseSystemNamespaces('kube-system, platform ,platform', '--system-namespaces')).toEqual([
      'kube-system',
      'platform',
    ]);
    expect(parseSystemNamespaces('', '--system-namespaces')).toEqual([]);
    expect(() => parseSystemNamespaces('kube-system,Bad_Name', '--system-namespaces')).toThrow(
      /--system-namespaces "Bad_Name": not a namespace name/,
    );
  });
});

describe('the kinds the live collector lists', () => {
  it('are all served by the fake API server at their real list paths', () => {
    for (const { kind, apiVersion, resource } of LIVE_KINDS) {
      const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      expect(PATHS[kind], kind).toBe(`${base}/${resource}`);
    }
  });
});
