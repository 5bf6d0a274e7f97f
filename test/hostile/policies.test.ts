import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';
import { opaBinary, skipWithoutOpa } from '../helpers/opa.js';

const header = `# METADATA
# title: Pod name is checked
# description: A user rule written to probe the build.
# custom:
#   id: k8s-acme-probe
#   severity: low
#   resource_types: [k8s.pod]
#   remediation: |-
#     Rename the Pod in its manifest and apply it again with kubectl apply -f <file>.
package stance.rules.k8s.acme.probe

import rego.v1
`;

const probeTest = `package stance.rules.k8s.acme.probe_test

import data.stance.lib.testing.harness
import rego.v1

cases := []

test_cases if harness.check_cases("k8s.acme.probe", cases)
`;

function rules(body: string): string {
  const dir = join(tempDir(), 'acme-rules');
  mkdirSync(join(dir, 'k8s', 'acme'), { recursive: true });
  writeFileSync(join(dir, 'k8s', 'acme', 'probe.rego'), header + body);
  writeFileSync(join(dir, 'k8s', 'acme', 'probe_test.rego'), probeTest);
  return dir;
}

const build = (dir: string) => runStance(['policy', 'build', '--policies', dir], { env: { OPA: opaBinary } });

describe.skipIf(skipWithoutOpa)('hostile user rules given to stance policy build', () => {
  it('refuses a rule that calls the network (http.send): the wasm capabilities forbid it', async () => {
    const dir = rules(
      'deny contains {"msg": r.body} if {\n\tr := http.send({"method": "GET", "url": "http://169.254.169.254/"})\n}\n',
    );
    const result = await build(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/opa build failed/);
    expect(result.stderr).toMatch(/acme-rules\/k8s\/acme\/probe\.rego:\d+: .*http\.send/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'bundle'))).toBe(false);
  });

  it('names the file and line of a Rego syntax error', async () => {
    const result = await build(rules('deny contains {"msg": "x"} if {\n\tinput.resource.name ==\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/acme-rules\/k8s\/acme\/probe\.rego:\d+/);
  });

  it('does not follow a symbolic link that loops back into the rule directory', async () => {
    const dir = rules('deny contains {"msg": "no"} if input.resource.name == "forbidden"\n');
    symlinkSync(dir, join(dir, 'k8s', 'loop'));
    const started = Date.now();
    const result = await build(dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/built 1 rule\(s\)/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('refuses --policies that names no directory, in one line', async () => {
    const result = await build(join(tempDir(), 'missing'));
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/missing: no such directory/);
  });
});
