#!/usr/bin/env node
// Builds the committed policy bundle: policies/**/*.rego → policies/bundle/{policy.wasm,manifest.json}.
//
//   node scripts/policy-build.mjs            build into policies/bundle/
//   node scripts/policy-build.mjs --check    rebuild into a temp dir; exit 1 if the committed bundle differs
//   node scripts/policy-build.mjs --out DIR  build into DIR
//
// The build is deterministic: sources are copied in sorted order to a temp tree with stable relative
// paths, the entrypoint module is generated from sorted metadata, and nothing time-dependent is written.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
// The naming rules, the source list and its hash are the library's (built into dist/ by
// `npm run build`), so the bundle and the freshness check at load time agree by construction.
import { isTestFile, regoFiles, sourceHash } from '../dist/policy/sources.js';
import { RESOURCE_TYPE, RULE_ID, SEVERITIES } from '../dist/types.js';

export { regoFiles, RESOURCE_TYPE, RULE_ID, SEVERITIES, sourceHash };

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export class PolicyBuildError extends Error {}

/** The OPA CLI: $OPA, ../shared/bin/opa beside the repository, or `opa` on the PATH. */
export function findOpa() {
  if (process.env.OPA) return process.env.OPA;
  const shared = resolve(repoRoot, '..', 'shared', 'bin', 'opa');
  if (existsSync(shared)) return shared;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'opa'))) return join(dir, 'opa');
  }
  return undefined;
}

function opaOrThrow(opa) {
  const found = opa ?? findOpa();
  if (!found)
    throw new PolicyBuildError(
      'OPA CLI not found: set $OPA, put opa on the PATH, or place it at ../shared/bin/opa',
    );
  return found;
}

/**
 * `opa inspect -a` over the Rego files only: it takes one path and loads YAML and JSON as data,
 * and the Sigma detections (policies/detections) are not Rego data. So it reads a copy.
 */
function inspectRego(policiesDir, opaBin) {
  const copy = mkdtempSync(join(tmpdir(), 'stance-policy-inspect-'));
  try {
    for (const file of regoFiles(policiesDir)) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      writeFileSync(join(copy, file), readFileSync(join(policiesDir, file)));
    }
    return execFileSync(opaBin, ['inspect', '-a', '--format', 'json', copy], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Builtins the wasm target must not use: non-deterministic, networked, or absent from opa-wasm for Node. */
const FORBIDDEN_BUILTINS = [
  /^time\./,
  /^http\.send$/,
  /^net\./,
  /^opa\.runtime$/,
  /^rand\./,
  /^uuid\./,
  /^crypto\./,
  /^io\.jwt\./,
  /^urlquery\./,
  /^glob\./,
  /^regex\.globs_match$/,
  /^providers\./,
  /^trace$/,
  /^print$/,
  /^internal\.print$/,
  /^internal\.test_case$/,
  /^rego\.parse_module$/,
  /^rego\.metadata\./,
  /^json\.verify_schema$/,
  /^json\.match_schema$/,
  /^strings\.render_template$/,
];

export function capabilities(opa) {
  const current = JSON.parse(
    execFileSync(opaOrThrow(opa), ['capabilities', '--current'], { encoding: 'utf8', maxBuffer: 64 << 20 }),
  );
  current.builtins = current.builtins
    .filter((b) => !FORBIDDEN_BUILTINS.some((re) => re.test(b.name)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  delete current.wasm_abi_versions_ignored;
  return current;
}

function packagePath(path) {
  return path
    .slice(1)
    .map((p) => p.value)
    .join('.');
}

/** Rule metadata from `opa inspect -a`, validated. Problems are collected, not thrown one at a time. */
export function ruleManifest(policiesDir, opa) {
  const inspected = JSON.parse(inspectRego(policiesDir, opaOrThrow(opa)));
  const problems = [];
  const rules = [];
  const byFile = new Map();
  for (const entry of inspected.annotations ?? []) {
    const pkg = packagePath(entry.path);
    if (!pkg.startsWith('stance.rules.') || entry.annotations.scope !== 'package') continue;
    // DESIGN.md: package stance.rules.<provider>.<service>.<rule> lives in <provider>/<service>/<rule>.rego
    const expected = join(policiesDir, ...pkg.split('.').slice(2)) + '.rego';
    const file = relative(repoRoot, expected).split(sep).join('/');
    const a = entry.annotations;
    const c = a.custom ?? {};
    const where = `${file}: rule ${c.id ?? '(no id)'}`;
    if (!existsSync(expected)) problems.push(`${where}: package ${pkg} must be in ${file}`);
    else if (!existsSync(expected.replace(/\.rego$/, '_test.rego')))
      problems.push(`${where}: no ${file.replace(/\.rego$/, '_test.rego')} beside the rule`);
    if (!a.title) problems.push(`${where}: METADATA is missing title`);
    if (!a.description) problems.push(`${where}: METADATA is missing description`);
    if (typeof c.id !== 'string' || !RULE_ID.test(c.id))
      problems.push(`${where}: custom.id must be kebab-case and start with aws- or k8s-`);
    if (!SEVERITIES.includes(c.severity))
      problems.push(`${where}: custom.severity must be one of ${SEVERITIES.join(', ')}`);
    if (
      !Array.isArray(c.resource_types) ||
      c.resource_types.length === 0 ||
      !c.resource_types.every((t) => RESOURCE_TYPE.test(t))
    ) {
      problems.push(`${where}: custom.resource_types must be a non-empty list like [aws.ec2.security_group]`);
    }
    if (typeof c.remediation !== 'string' || c.remediation.trim().length < 40)
      problems.push(`${where}: custom.remediation must give console steps and a CLI command or YAML change`);
    if (byFile.has(pkg)) problems.push(`${where}: package ${pkg} has two METADATA blocks`);
    byFile.set(pkg, true);
    rules.push({
      id: c.id,
      title: a.title,
      description: a.description,
      severity: c.severity,
      resourceTypes: [...(c.resource_types ?? [])].sort(),
      remediation: c.remediation,
      package: pkg,
      file,
    });
  }
  const seen = new Map();
  for (const rule of rules) {
    if (seen.has(rule.id))
      problems.push(`${rule.file}: rule id ${rule.id} is also used by ${seen.get(rule.id)}`);
    seen.set(rule.id, rule.file);
  }
  if (problems.length) throw new PolicyBuildError(problems.join('\n'));
  return rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Rules may declare `unknown contains ...` for facts the collection could not provide (verdict `error`). */
function declaresUnknown(rule) {
  const path = join(repoRoot, rule.file);
  return existsSync(path) && /^unknown\s+contains\b/m.test(readFileSync(path, 'utf8'));
}

export const entrypointName = (type) => `stance/entry/${type.replace(/\./g, '_')}`;
export const batchEntrypointName = (type) => `stance/entry/batch_${type.replace(/\./g, '_')}`;
export const ruleEntrypointName = (index) => `stance/entry/rule_${index}`;

/**
 * The generated entrypoint module: per rule a verdict object, per resource type an object of its
 * rules' verdicts, and a batch form that evaluates a list of {resource, context} items in one call.
 */
export function entrypointModule(rules) {
  const lines = ['package stance.entry', '', 'import rego.v1', ''];
  rules.forEach((rule, i) => {
    lines.push(
      `default rule_${i}_na := false`,
      '',
      `rule_${i}_na if data.${rule.package}.not_applicable == true`,
      '',
      declaresUnknown(rule)
        ? `rule_${i} := {"na": rule_${i}_na, "deny": [d | some d in data.${rule.package}.deny], "unknown": [u | some u in data.${rule.package}.unknown]}`
        : `rule_${i} := {"na": rule_${i}_na, "deny": [d | some d in data.${rule.package}.deny], "unknown": []}`,
      '',
    );
  });
  const types = [...new Set(rules.flatMap((r) => r.resourceTypes))].sort();
  for (const type of types) {
    const name = type.replace(/\./g, '_');
    const members = rules
      .map((r, i) => [r, i])
      .filter(([r]) => r.resourceTypes.includes(type))
      .map(([r, i]) => `${JSON.stringify(r.id)}: rule_${i}`);
    lines.push(`${name} := {${members.join(', ')}}`, '');
    lines.push(`batch_${name} := [v | some item in input.items; v := ${name} with input as item]`, '');
  }
  return { source: lines.join('\n'), types };
}

function extractWasm(tarGz) {
  const tar = gunzipSync(tarGz);
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar
      .subarray(offset, offset + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(
      tar
        .subarray(offset + 124, offset + 136)
        .toString('utf8')
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8,
    );
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (name.replace(/^\/+/, '') === 'policy.wasm') return Buffer.from(body);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new PolicyBuildError('opa build produced no policy.wasm');
}

/** Builds the bundle from policiesDir into outDir and returns the manifest. */
export function buildBundle({
  policiesDir = join(repoRoot, 'policies'),
  outDir = join(policiesDir, 'bundle'),
  opa,
} = {}) {
  const opaBin = opaOrThrow(opa);
  const rules = ruleManifest(policiesDir, opaBin);
  if (rules.length === 0) throw new PolicyBuildError(`no rules with METADATA under ${policiesDir}`);
  const work = mkdtempSync(join(tmpdir(), 'stance-policy-build-'));
  try {
    const src = join(work, 'src');
    for (const file of regoFiles(policiesDir).filter((f) => !isTestFile(f))) {
      mkdirSync(dirname(join(src, file)), { recursive: true });
      writeFileSync(join(src, file), readFileSync(join(policiesDir, file)));
    }
    const { source, types } = entrypointModule(rules);
    mkdirSync(join(src, 'stance_entry'), { recursive: true });
    writeFileSync(join(src, 'stance_entry', 'entry.rego'), source);
    const caps = capabilities(opaBin);
    writeFileSync(join(work, 'capabilities.json'), JSON.stringify(caps));
    const entrypoints = [
      ...types.flatMap((t) => [entrypointName(t), batchEntrypointName(t)]),
      ...rules.map((_, i) => ruleEntrypointName(i)),
    ];
    try {
      execFileSync(
        opaBin,
        [
          'build',
          '-t',
          'wasm',
          '--capabilities',
          'capabilities.json',
          '-o',
          'bundle.tar.gz',
          ...entrypoints.flatMap((e) => ['-e', e]),
          'src',
        ],
        { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      const detail = [error.stdout, error.stderr].filter(Boolean).join('\n').trim() || error.message;
      const lines = detail.split('\n').slice(0, 8).join('\n');
      throw new PolicyBuildError(`opa build failed:\n${lines.replaceAll('src/', 'policies/')}`);
    }
    const wasm = extractWasm(readFileSync(join(work, 'bundle.tar.gz')));
    const manifest = {
      format: 1,
      version: createHash('sha256').update(wasm).digest('hex').slice(0, 16),
      sourceHash: sourceHash(policiesDir),
      opaVersion: execFileSync(opaBin, ['version'], { encoding: 'utf8' })
        .split('\n')[0]
        .replace('Version: ', ''),
      entrypoints: Object.fromEntries(types.map((t) => [t, entrypointName(t)])),
      batchEntrypoints: Object.fromEntries(types.map((t) => [t, batchEntrypointName(t)])),
      ruleEntrypoints: Object.fromEntries(rules.map((r, i) => [r.id, ruleEntrypointName(i)])),
      rules,
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'policy.wasm'), wasm);
    writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Rebuilds into a temp dir and compares bytes with the committed bundle. */
export function checkBundleFresh({ policiesDir = join(repoRoot, 'policies'), opa } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'stance-policy-check-'));
  try {
    buildBundle({ policiesDir, outDir: tmp, opa });
    const committed = join(policiesDir, 'bundle');
    const stale = ['policy.wasm', 'manifest.json'].filter((f) => {
      const path = join(committed, f);
      return !existsSync(path) || !readFileSync(path).equals(readFileSync(join(tmp, f)));
    });
    return stale;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function cli() {
  const args = process.argv.slice(2);
  try {
    if (args.includes('--check')) {
      const stale = checkBundleFresh();
      if (stale.length) {
        process.stderr.write(
          `policy bundle is stale (${stale.join(', ')} differ): run npm run policy:build and commit policies/bundle/\n`,
        );
        process.exit(1);
      }
      process.stdout.write('policy bundle is up to date\n');
      return;
    }
    const outIndex = args.indexOf('--out');
    const outDir = outIndex >= 0 ? resolve(args[outIndex + 1] ?? '') : undefined;
    const manifest = buildBundle({ outDir });
    process.stdout.write(
      `built ${manifest.rules.length} rules for ${Object.keys(manifest.entrypoints).length} resource types, bundle ${manifest.version}\n`,
    );
  } catch (error) {
    if (error instanceof PolicyBuildError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await cli();
