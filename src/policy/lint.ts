/**
 * The rule lint, without the OPA binary: every rule file has a METADATA block with title,
 * description and custom id/severity/resource_types/remediation; ids are well-formed and unique;
 * the package matches the path; a _test.rego sits beside each rule, declares its cases and checks
 * them with the shared harness (it pastes none of its own); no rule names a container by its
 * optional `name`. The built-in rules (scripts/lint-rules.mjs) and user rules (`stance policy
 * build`) pass the same lint.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RESOURCE_TYPE, RULE_ID, SEVERITIES } from '../types.js';
import { regoFiles } from './sources.js';

/** The first `# METADATA` comment block of a Rego file, parsed as YAML. */
export function metadataOf(text: string): Record<string, unknown> | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^#\s*METADATA\s*$/.test(l));
  if (start < 0) return undefined;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('#')) break;
    body.push(line.replace(/^# ?/, ''));
  }
  const parsed: unknown = parse(body.join('\n'));
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

export interface LintOptions {
  /** How the directory is named in messages (default "policies"). */
  label?: string;
}

/** One line per problem, naming the file (under `label`) and what is wrong. */
export function lintRules(policiesDir: string, opts: LintOptions = {}): string[] {
  const label = opts.label ?? 'policies';
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const file of regoFiles(policiesDir)) {
    if (file.endsWith('_test.rego') || file.startsWith('lib/')) continue;
    const path = join(policiesDir, file);
    const text = readFileSync(path, 'utf8');
    const where = `${label}/${file}`;
    let meta: Record<string, unknown> | undefined;
    try {
      meta = metadataOf(text);
    } catch (error) {
      problems.push(`${where}: METADATA is not valid YAML (${(error as Error).message.split('\n')[0]})`);
      continue;
    }
    if (!meta) {
      problems.push(`${where}: no # METADATA block`);
      continue;
    }
    const custom = (meta.custom ?? {}) as Record<string, unknown>;
    if (!meta.title) problems.push(`${where}: METADATA has no title`);
    if (!meta.description) problems.push(`${where}: METADATA has no description`);
    if (typeof custom.id !== 'string' || !RULE_ID.test(custom.id)) {
      problems.push(
        `${where}: custom.id ${JSON.stringify(custom.id)} is malformed (expected kebab-case starting with aws- or k8s-)`,
      );
    } else if (ids.has(custom.id)) {
      problems.push(`${where}: duplicate rule id ${custom.id} (also in ${ids.get(custom.id)})`);
    } else ids.set(custom.id, where);
    if (!(SEVERITIES as readonly unknown[]).includes(custom.severity))
      problems.push(`${where}: custom.severity must be one of ${SEVERITIES.join(', ')}`);
    const types = custom.resource_types;
    if (
      !Array.isArray(types) ||
      !types.length ||
      !types.every((t) => typeof t === 'string' && RESOURCE_TYPE.test(t))
    ) {
      problems.push(`${where}: custom.resource_types must list types like aws.ec2.security_group`);
    }
    if (typeof custom.remediation !== 'string' || custom.remediation.trim().length < 40)
      problems.push(`${where}: custom.remediation is missing or too short`);
    const expectedPackage = `stance.rules.${file
      .replace(/\.rego$/, '')
      .split('/')
      .join('.')}`;
    const pkg = /^package\s+(\S+)/m.exec(text)?.[1];
    if (pkg !== expectedPackage) problems.push(`${where}: package ${pkg} should be ${expectedPackage}`);
    // A container's name is optional in a manifest: a message or identity built from it would drop
    // the finding for a nameless container. lib/k8s.rego's all_containers gives `ref` and `id`.
    if (/\bcontainer\.name\b/.test(text))
      problems.push(
        `${where}: uses container.name, which is optional; name containers with entry.ref or entry.id from data.stance.lib.k8s.all_containers`,
      );
    const testPath = path.replace(/\.rego$/, '_test.rego');
    if (!existsSync(testPath))
      problems.push(`${where}: no ${file.replace(/\.rego$/, '_test.rego')} beside it`);
    else problems.push(...testProblems(`${label}/${file}`, file, readFileSync(testPath, 'utf8')));
  }
  return problems;
}

/** What a harness pasted into a test file defines: a verdict function, a failure list, `with input as case_input`. */
const OWN_HARNESS = /^(default\s+)?(verdict|failures)\b|^unknown\(case_input\)|with input as case_input\b/m;

/**
 * A rule's test declares its cases and checks them with the shared harness
 * (policies/lib/testing/harness_test.rego), naming its own rule.
 */
function testProblems(shown: string, ruleFile: string, text: string): string[] {
  const where = shown.replace(/\.rego$/, '_test.rego');
  const rule = ruleFile
    .replace(/\.rego$/, '')
    .split('/')
    .join('.');
  const check = `test_cases if harness.check_cases("${rule}", cases)`;
  const advice = `declare cases := [...] and check them with ${check} (import data.stance.lib.testing.harness)`;
  if (OWN_HARNESS.test(text)) return [`${where}: defines its own test harness; ${advice}`];
  if (!/^cases\s*:=/m.test(text) || !text.split('\n').includes(check)) return [`${where}: ${advice}`];
  return [];
}
