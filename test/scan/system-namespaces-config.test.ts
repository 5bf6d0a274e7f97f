import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { InputError } from '../../src/errors.js';

describe('stance.yaml: Kubernetes settings', () => {
  it('reads kubernetes.systemNamespaces and a target kubeVersion (normalised)', () => {
    const config = parseConfig(
      'kubernetes:\n  systemNamespaces: [kube-system, platform]\ntargets:\n  - name: prod\n    kubernetes: {context: prod}\n    kubeVersion: "1.29"\n',
      'stance.yaml',
      {},
    );
    expect(config.kubernetes?.systemNamespaces).toEqual(['kube-system', 'platform']);
    expect(config.targets[0]!.kubeVersion).toBe('v1.29');
  });

  it('refuses a bad namespace, a bad version and a version on an AWS target, naming the field and line', () => {
    const bad = (text: string) => () => parseConfig(text, 'stance.yaml', {});
    expect(bad('kubernetes:\n  systemNamespaces: [Kube_System]\n')).toThrow(InputError);
    expect(bad('kubernetes:\n  systemNamespaces: [Kube_System]\n')).toThrow(
      /stance\.yaml:2: kubernetes\.systemNamespaces\[0\]: not a namespace name/,
    );
    expect(bad('targets:\n  - name: a\n    manifests: [x]\n    kubeVersion: v1.x\n')).toThrow(
      /kubeVersion: expected a Kubernetes version such as v1\.31/,
    );
    expect(bad('targets:\n  - name: a\n    aws: {}\n    kubeVersion: v1.30\n')).toThrow(
      /kubeVersion applies to Kubernetes targets/,
    );
  });
});
