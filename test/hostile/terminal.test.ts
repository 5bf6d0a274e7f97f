/**
 * Names, ids, kinds, messages and file names come from scanned systems. In a terminal, ESC/CSI/OSC
 * sequences erase lines (hiding a finding) or retitle the window, C1 controls act like ESC, and bidi
 * overrides reorder what is shown. Every human-facing output of the CLI must show such code points
 * escaped (`\x1b`), never raw; and ESLint must stop new code from writing around the output module.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runStance, tempDir, type CliResult } from '../helpers/cli.js';

/** OSC retitle, erase-line, a C1 CSI and a right-to-left override. */
const HOSTILE = 'x\x1b]0;pwned\x07\x1b[2K\u009b31m\u202eevil';
const VISIBLE = 'x\\x1b]0;pwned\\x07\\x1b[2K\\x9b31m\\u202eevil';

// Any C0 control but newline and tab, DEL, C1, and the Unicode bidi controls.
const RAW =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectClean(label: string, result: CliResult): void {
  for (const [stream, text] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    const m = RAW.exec(text);
    const where = m ? JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 20)) : '';
    expect(m, `${label} ${stream}: raw U+${m?.[0].codePointAt(0)?.toString(16)} near ${where}`).toBeNull();
  }
}

let dir: string;
let db: string;
const env = { NO_COLOR: '1' };
const stance = (...args: string[]) => runStance([...args, '--db', db], { cwd: dir, env });
const podId = `k8s://manifests/${HOSTILE}/Pod/${HOSTILE}`;

beforeAll(() => {
  dir = tempDir('stance-hostile-terminal-');
  db = join(dir, 'stance.db');
  mkdirSync(join(dir, 'manifests'));
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: HOSTILE, namespace: HOSTILE, labels: { team: HOSTILE } },
    spec: {
      hostNetwork: true,
      containers: [{ name: HOSTILE, image: `nginx${HOSTILE}`, securityContext: { privileged: true } }],
    },
  };
  writeFileSync(join(dir, 'manifests', `pod${HOSTILE}.yaml`), JSON.stringify(pod));
  // A broken document: its problem line on stderr quotes the file name and the parser's message.
  writeFileSync(join(dir, 'manifests', `broken${HOSTILE}.yaml`), `kind: [${HOSTILE}\n  : {\n`);
});

describe('hostile text never reaches the terminal raw', () => {
  it('scan summary, problem lines, findings, resources, resource, report, mutes', async () => {
    const scan = await stance('scan', 'k8s', '--manifests', 'manifests');
    expect(scan.code, scan.stderr).toBe(3);
    expectClean('scan', scan);
    expect(scan.stdout).toContain(VISIBLE);
    expect(scan.stderr).toContain(`broken${VISIBLE}.yaml`);

    const findings = await stance('findings');
    expect(findings.code, findings.stderr).toBe(0);
    expectClean('findings', findings);
    expect(findings.stdout).toContain(VISIBLE);

    const resources = await stance('resources');
    expect(resources.code, resources.stderr).toBe(0);
    expectClean('resources', resources);
    expect(resources.stdout).toContain(VISIBLE);

    const resource = await stance('resource', podId);
    expect(resource.code, resource.stderr).toBe(0);
    expectClean('resource', resource);
    expect(resource.stdout).toContain(`pod${VISIBLE}.yaml`);

    const report = await stance('report', '--framework', 'pss-baseline', '--namespace', HOSTILE);
    expect(report.code, report.stderr).toBe(0);
    expectClean('report', report);

    const mute = await stance('mute', 'add', '--rule', '*', '--resource', podId, '--reason', HOSTILE);
    expect(mute.code, mute.stderr).toBe(0);
    expectClean('mute add', mute);
    const mutes = await stance('mute', 'list');
    expectClean('mute list', mutes);
    expect(mutes.stdout).toContain(VISIBLE.slice(0, 20));
    const muted = await stance('findings');
    expectClean('findings (muted)', muted);
    expect(muted.stdout).toContain('muted: ');
    const audit = await stance('mute', 'audit');
    expectClean('mute audit', audit);
  });

  it('error lines quoting a hostile file name, id or argument', async () => {
    const cases: [string, string[]][] = [
      ['missing snapshot', ['scan', '--snapshot', join(dir, `gone${HOSTILE}.json`)]],
      ['missing manifests', ['scan', 'k8s', '--manifests', join(dir, `gone${HOSTILE}`)]],
      ['unknown resource', ['resource', `k8s://nowhere/${HOSTILE}`]],
      ['bad format', ['findings', '--format', HOSTILE]],
      ['unknown command', [HOSTILE]],
      ['unknown option', ['findings', `--${HOSTILE}`]],
      ['bad config', ['findings', '--config', join(dir, `none${HOSTILE}.yaml`)]],
    ];
    for (const [label, args] of cases) {
      const out = await stance(...args);
      expect(out.code, `${label}: ${out.stderr}`).toBe(2);
      expectClean(label, out);
      expect(out.stderr, label).toContain('\\x1b');
    }
  });

  it('detection: problem lines for a hostile CloudTrail file name', async () => {
    const file = join(dir, `trail${HOSTILE}.json`);
    writeFileSync(
      file,
      `{"Records": [{"eventName": "${HOSTILE.replaceAll('\x1b', '').replaceAll('\x07', '')}"}, nope]}\n`,
    );
    const out = await stance('detect', 'cloudtrail', '--files', file);
    expectClean('detect cloudtrail', out);
    expect(out.stderr).toContain(`trail${VISIBLE}.json`);
  });
});

describe('the output module cannot be bypassed', () => {
  const lint = async (filePath: string, code: string) => {
    const eslint = new ESLint({ cwd: repoRoot });
    const [result] = await eslint.lintText(code, { filePath: join(repoRoot, filePath) });
    return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
  };

  it('ESLint rejects writes to process.stdout/stderr and console in src/, naming what to use', async () => {
    for (const code of [
      "process.stdout.write('x');\n",
      "process.stderr.write('x');\n",
      "console.log('x');\n",
      "console.error('x');\n",
      'const out = process.stdout;\nout.write("x");\n',
    ]) {
      const messages = await lint('src/notify/example.ts', code);
      expect(messages.join('\n'), code).toMatch(/src\/cli\/output\.ts/);
    }
  }, 60_000);

  it('the output module itself may write', async () => {
    const messages = await lint('src/cli/output.ts', "process.stdout.write('x');\n");
    expect(messages.filter((m) => /output\.ts/.test(m))).toEqual([]);
  }, 60_000);
});
