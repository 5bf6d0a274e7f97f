/**
 * Compiles Rego rules into a policy bundle: `<dir>/**\/*.rego` → `{policy.wasm, manifest.json}`.
 * The package's own bundle (`npm run policy:build`) and a user's (`stance policy build --policies
 * DIR`) are built the same way; a user build also gets the shared `policies/lib` and must not reuse
 * a built-in rule id.
 *
 * The build is deterministic: sources are copied in sorted order to a temp tree with stable relative
 * paths, the entrypoint module is generated from sorted metadata, and nothing time-dependent is written.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { gunzipSync as gunzip } from 'node:zlib';
import { clockPackages } from './clock.js';
import { RESOURCE_TYPE, RULE_ID, SEVERITIES, type RuleMeta } from '../types.js';
import type { BundleManifest } from './bundle.js';
import { lintRules } from './lint.js';
import { findOpa, OPA_MISSING, PolicyBuildError } from './opa.js';

export { findOpa, OPA_MISSING, PolicyBuildError } from './opa.js';
import { isTestFile, regoFiles, sourceHash } from './sources.js';

function opaOrThrow(opa: string | undefined): string {
  const found = opa ?? findOpa();
  if (!found) throw new PolicyBuildError(OPA_MISSING);
  return found;
}

function run(opaBin: string, args: string[], opts: { cwd?: string } = {}): string {
  try {
    return execFileSync(opaBin, args, {
      cwd: opts.cwd,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT' || e.code === 'EACCES')
      throw new PolicyBuildError(`the OPA CLI at ${opaBin} cannot be run (${e.code}): ${OPA_MISSING}`);
    throw error;
  }
}

/** The first lines OPA printed for a failure, with temp paths named as the user's files. */
function opaOutput(error: unknown, paths: [string, string][]): string {
  const e = error as Error & { stdout?: string; stderr?: string };
  let detail = [e.stdout, e.stderr].filter(Boolean).join('\n').trim() || e.message;
  for (const [from, to] of paths) detail = detail.replaceAll(from, to);
  return detail.split('\n').slice(0, 8).join('\n');
}

/** Copies the .rego files of `from` (test files too, when `tests`) into `to`, keeping relative paths. */
function copyRego(from: string, to: string, opts: { tests: boolean; under?: string }): void {
  for (const file of regoFiles(from)) {
    if (!opts.tests && isTestFile(file)) continue;
    if (opts.under !== undefined && !file.startsWith(`${opts.under}/`)) continue;
    mkdirSync(dirname(join(to, file)), { recursive: true });
    writeFileSync(join(to, file), readFileSync(join(from, file)));
  }
}

/**
 * `opa inspect -a` over the Rego files only: it takes one path and loads YAML and JSON as data,
 * and the Sigma detections (policies/detections) are not Rego data. So it reads a copy.
 */
function inspectRego(policiesDir: string, opaBin: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'stance-policy-inspect-'));
  try {
    copyRego(policiesDir, copy, { tests: true });
    try {
      return run(opaBin, ['inspect', '-a', '--format', 'json', copy]);
    } catch (error) {
      if (error instanceof PolicyBuildError) throw error;
      throw new PolicyBuildError(
        `opa inspect failed:\n${opaOutput(error, [
          [`${copy}/`, `${basename(policiesDir)}/`],
          [copy, basename(policiesDir)],
        ])}`,
      );
    }
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

export function capabilities(opa?: string): Record<string, unknown> {
  const current = JSON.parse(run(opaOrThrow(opa), ['capabilities', '--current'])) as {
    builtins: { name: string }[];
    wasm_abi_versions_ignored?: unknown;
  };
  current.builtins = current.builtins
    .filter((b) => !FORBIDDEN_BUILTINS.some((re) => re.test(b.name)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  delete current.wasm_abi_versions_ignored;
  return current;
}

interface InspectEntry {
  path: { value: string }[];
  annotations: {
    scope?: string;
    title?: string;
    description?: string;
    custom?: Record<string, unknown>;
  };
}

function packagePath(path: { value: string }[]): string {
  return path
    .slice(1)
    .map((p) => p.value)
    .join('.');
}

export interface ManifestOptions {
  /** The directory manifest `file` paths are relative to (default: the parent of policiesDir). */
  displayRoot?: string;
}

/** Rule metadata from `opa inspect -a`, validated. Problems are collected, not thrown one at a time. */
export function ruleManifest(policiesDir: string, opa?: string, opts: ManifestOptions = {}): RuleMeta[] {
  const displayRoot = opts.displayRoot ?? dirname(policiesDir);
  const inspected = JSON.parse(inspectRego(policiesDir, opaOrThrow(opa))) as {
    annotations?: InspectEntry[];
  };
  const problems: string[] = [];
  const rules: RuleMeta[] = [];
  const byFile = new Map<string, boolean>();
  for (const entry of inspected.annotations ?? []) {
    const pkg = packagePath(entry.path);
    if (!pkg.startsWith('stance.rules.') || entry.annotations.scope !== 'package') continue;
    // DESIGN.md: package stance.rules.<provider>.<service>.<rule> lives in <provider>/<service>/<rule>.rego
    const expected = join(policiesDir, ...pkg.split('.').slice(2)) + '.rego';
    const file = relative(displayRoot, expected).split(sep).join('/');
    const a = entry.annotations;
    const c = a.custom ?? {};
    const id = c.id as string;
    const where = `${file}: rule ${typeof c.id === 'string' ? c.id : '(no id)'}`;
    if (!existsSync(expected)) problems.push(`${where}: package ${pkg} must be in ${file}`);
    else if (!existsSync(expected.replace(/\.rego$/, '_test.rego')))
      problems.push(`${where}: no ${file.replace(/\.rego$/, '_test.rego')} beside the rule`);
    if (!a.title) problems.push(`${where}: METADATA is missing title`);
    if (!a.description) problems.push(`${where}: METADATA is missing description`);
    if (typeof c.id !== 'string' || !RULE_ID.test(c.id))
      problems.push(`${where}: custom.id must be kebab-case and start with aws- or k8s-`);
    if (!(SEVERITIES as readonly unknown[]).includes(c.severity))
      problems.push(`${where}: custom.severity must be one of ${SEVERITIES.join(', ')}`);
    const types = c.resource_types;
    if (
      !Array.isArray(types) ||
      types.length === 0 ||
      !types.every((t) => typeof t === 'string' && RESOURCE_TYPE.test(t))
    ) {
      problems.push(`${where}: custom.resource_types must be a non-empty list like [aws.ec2.security_group]`);
    }
    if (typeof c.remediation !== 'string' || c.remediation.trim().length < 40)
      problems.push(`${where}: custom.remediation must give console steps and a CLI command or YAML change`);
    if (byFile.has(pkg)) problems.push(`${where}: package ${pkg} has two METADATA blocks`);
    byFile.set(pkg, true);
    rules.push({
      id,
      title: a.title!,
      description: a.description!,
      severity: c.severity as RuleMeta['severity'],
      resourceTypes: [...((types as string[] | undefined) ?? [])].sort(),
      remediation: c.remediation as string,
      package: pkg,
      file,
    });
  }
  const seen = new Map<string, string>();
  for (const rule of rules) {
    if (seen.has(rule.id))
      problems.push(`${rule.file}: rule id ${rule.id} is also used by ${seen.get(rule.id)}`);
    seen.set(rule.id, rule.file);
  }
  if (problems.length) throw new PolicyBuildError(problems.join('\n'));
  return rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Rules may declare `unknown contains ...` for facts the collection could not provide (verdict `error`). */
function declaresUnknown(rule: RuleMeta, displayRoot: string): boolean {
  const path = join(displayRoot, rule.file);
  return existsSync(path) && /^unknown\s+contains\b/m.test(readFileSync(path, 'utf8'));
}

export const entrypointName = (type: string) => `stance/entry/${type.replace(/\./g, '_')}`;
export const batchEntrypointName = (type: string) => `stance/entry/batch_${type.replace(/\./g, '_')}`;
export const ruleEntrypointName = (index: number) => `stance/entry/rule_${index}`;

/**
 * The generated entrypoint module: per rule a verdict object, per resource type an object of its
 * rules' verdicts, and a batch form that evaluates a list of {resource, context} items in one call.
 */
export function entrypointModule(
  rules: RuleMeta[],
  displayRoot: string,
): { source: string; types: string[] } {
  const lines = ['package stance.entry', '', 'import rego.v1', ''];
  rules.forEach((rule, i) => {
    lines.push(
      `default rule_${i}_na := false`,
      '',
      `rule_${i}_na if data.${rule.package}.not_applicable == true`,
      '',
      declaresUnknown(rule, displayRoot)
        ? `rule_${i} := {"na": rule_${i}_na, "deny": [d | some d in data.${rule.package}.deny], "unknown": [u | some u in data.${rule.package}.unknown]}`
        : `rule_${i} := {"na": rule_${i}_na, "deny": [d | some d in data.${rule.package}.deny], "unknown": []}`,
      '',
    );
  });
  const types = [...new Set(rules.flatMap((r) => r.resourceTypes))].sort();
  for (const type of types) {
    const name = type.replace(/\./g, '_');
    const members = rules
      .map((r, i) => [r, i] as const)
      .filter(([r]) => r.resourceTypes.includes(type))
      .map(([r, i]) => `${JSON.stringify(r.id)}: rule_${i}`);
    lines.push(`${name} := {${members.join(', ')}}`, '');
    lines.push(`batch_${name} := [v | some item in input.items; v := ${name} with input as item]`, '');
  }
  return { source: lines.join('\n'), types };
}

function extractWasm(tarGz: Buffer): Buffer {
  // A tar reader for the one file we need: opa build writes a plain ustar archive.
  const tar = gunzip(tarGz);
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

export interface BuildOptions {
  /** The Rego rules: `<provider>/<service>/<rule>.rego` with a `_test.rego` beside each. */
  policiesDir: string;
  /** Where policy.wasm and manifest.json go (default `<policiesDir>/bundle`). */
  outDir?: string;
  /** The OPA CLI (default: findOpa()). */
  opa?: string;
  /** A user build: the built-in `lib/` Rego is compiled in, and these rule ids are taken. */
  user?: { libDir: string; builtInRules: readonly RuleMeta[] };
  /** Manifest `file` paths are relative to this (default: the parent of policiesDir). */
  displayRoot?: string;
}

/** Builds the bundle from policiesDir into outDir and returns the manifest. */
export function buildBundle(opts: BuildOptions): BundleManifest {
  const { policiesDir } = opts;
  const outDir = opts.outDir ?? join(policiesDir, 'bundle');
  const displayRoot = opts.displayRoot ?? dirname(policiesDir);
  const label = basename(policiesDir);
  if (!existsSync(policiesDir) || !statSync(policiesDir).isDirectory())
    throw new PolicyBuildError(`${policiesDir}: no such directory`);
  const opaBin = opaOrThrow(opts.opa);
  if (opts.user) {
    const lint = lintRules(policiesDir, { label });
    if (lint.length) throw new PolicyBuildError(lint.join('\n'));
  }
  const clock = clockPackages([policiesDir, ...(opts.user ? [opts.user.libDir] : [])]);
  const rules = ruleManifest(policiesDir, opaBin, { displayRoot }).map((r) => ({
    ...r,
    readsClock: clock.has(r.package),
  }));
  if (rules.length === 0) throw new PolicyBuildError(`no rules with METADATA under ${policiesDir}`);
  if (opts.user) {
    const taken = new Map(opts.user.builtInRules.map((r) => [r.id, r.file]));
    const clashes = rules
      .filter((r) => taken.has(r.id))
      .map(
        (r) =>
          `${r.file}: rule id ${r.id} is already a built-in rule (${taken.get(r.id)}); choose another id`,
      );
    if (clashes.length) throw new PolicyBuildError(clashes.join('\n'));
  }
  const work = mkdtempSync(join(tmpdir(), 'stance-policy-build-'));
  try {
    const src = join(work, 'src');
    if (opts.user) copyRego(opts.user.libDir, join(src, 'stance_lib'), { tests: false });
    copyRego(policiesDir, src, { tests: false });
    const { source, types } = entrypointModule(rules, displayRoot);
    mkdirSync(join(src, 'stance_entry'), { recursive: true });
    writeFileSync(join(src, 'stance_entry', 'entry.rego'), source);
    writeFileSync(join(work, 'capabilities.json'), JSON.stringify(capabilities(opaBin)));
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
      throw new PolicyBuildError(
        `opa build failed:\n${opaOutput(error, [
          ['src/stance_lib/', 'policies/lib/'],
          ['src/', `${label}/`],
        ])}`,
      );
    }
    const wasm = extractWasm(readFileSync(join(work, 'bundle.tar.gz')));
    const manifest: BundleManifest = {
      format: 1,
      version: createHash('sha256').update(wasm).digest('hex').slice(0, 16),
      sourceHash: sourceHash(policiesDir),
      opaVersion: run(opaBin, ['version']).split('\n')[0]!.replace('Version: ', ''),
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

/** Rebuilds into a temp dir and names the files that differ from the bundle in `<policiesDir>/bundle`. */
export function checkBundleFresh(opts: Omit<BuildOptions, 'outDir'>): string[] {
  const tmp = mkdtempSync(join(tmpdir(), 'stance-policy-check-'));
  try {
    buildBundle({ ...opts, outDir: tmp });
    const committed = join(opts.policiesDir, 'bundle');
    return ['policy.wasm', 'manifest.json'].filter((f) => {
      const path = join(committed, f);
      return !existsSync(path) || !readFileSync(path).equals(readFileSync(join(tmp, f)));
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
