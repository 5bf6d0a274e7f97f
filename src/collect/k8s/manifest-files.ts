import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { readYamlFile } from '../../util/safe-yaml.js';

/** Something about one path or document: `line` when it is about a place inside a file. */
export interface ManifestProblem {
  file: string;
  line?: number;
  reason: string;
}

export const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const KUSTOMIZATION_FILE = /^(kustomization\.ya?ml|Kustomization)$/;

export interface ManifestFiles {
  /** Absolute paths of the manifest files found, in a stable order. */
  files: string[];
  /** Entries that could not be followed (symbolic link loops, dangling links, unreadable directories). */
  bad: ManifestProblem[];
  notices: ManifestProblem[];
}

/** Why a path could not be followed or read, in words (never the raw errno text with its path). */
export function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'symbolic link loop; skipped';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied; skipped';
  if (code === 'ENOENT') return 'no longer exists; skipped';
  return `${(error as Error).message.split('\n')[0]}; skipped`;
}

/**
 * The manifest files under `path` (a file or a directory, walked recursively; hidden entries and
 * files without a .yaml, .yml or .json name are not manifests). An entry that cannot be followed
 * is reported and skipped, never fatal: a symbolic link loop (a link to a directory that contains
 * it, or links that point at each other), a dangling link, a directory that cannot be read. Only
 * a `path` that does not exist at all is an input error.
 */
export function manifestFiles(path: string, display: (absolute: string) => string): ManifestFiles {
  const out: ManifestFiles = { files: [], bad: [], notices: [] };
  let top;
  try {
    top = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw new InputError(`--manifests ${display(path)}: ${errorReason(error).replace(/; skipped$/, '')}`);
  }
  if (!top) throw new InputError(`--manifests ${display(path)}: no such file or directory`);
  if (top.isFile()) {
    out.files.push(path);
    return out;
  }
  const visited = new Map<string, string>(); // real path → the path it was first walked as
  const walk = (dir: string, ancestors: Set<string>) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      out.bad.push({ file: display(dir), reason: errorReason(error) });
      return;
    }
    if (ancestors.has(real)) {
      out.bad.push({
        file: display(dir),
        reason: `symbolic link loop (leads back to ${display(real)}); skipped`,
      });
      return;
    }
    const first = visited.get(real);
    if (first !== undefined) {
      out.notices.push({ file: display(dir), reason: `the same directory as ${first}, scanned once` });
      return;
    }
    visited.set(real, display(dir));
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      out.bad.push({ file: display(dir), reason: `cannot read the directory: ${errorReason(error)}` });
      return;
    }
    const inside = new Set([...ancestors, real]);
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      let stat;
      try {
        const link = lstatSync(p);
        stat = link.isSymbolicLink() ? statSync(p) : link;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        out.bad.push({
          file: display(p),
          reason:
            code === 'ENOENT'
              ? 'dangling symbolic link (its target does not exist); skipped'
              : errorReason(error),
        });
        continue;
      }
      if (stat.isDirectory()) walk(p, inside);
      else if (stat.isFile() && MANIFEST_FILE.test(name)) out.files.push(p);
    }
  };
  walk(path, new Set());
  return out;
}

/** A Kustomize file (kustomization.yaml) is configuration for `kustomize build`, not an object. */
export function isKustomization(file: string): boolean {
  return KUSTOMIZATION_FILE.test(basename(file));
}

/** Patch file paths a kustomization lists (patches, patchesStrategicMerge, patchesJson6902). */
function patchPaths(kustomization: unknown): string[] {
  if (!kustomization || typeof kustomization !== 'object') return [];
  const k = kustomization as Record<string, unknown>;
  const paths: string[] = [];
  for (const field of ['patches', 'patchesJson6902']) {
    const list = k[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const path = (entry as { path?: unknown } | null)?.path;
      if (typeof path === 'string') paths.push(path);
    }
  }
  const strategic = k.patchesStrategicMerge;
  if (Array.isArray(strategic)) {
    // entries are file paths or inline patches (YAML text, which spans lines)
    for (const entry of strategic) if (typeof entry === 'string' && !entry.includes('\n')) paths.push(entry);
  }
  return paths;
}

/**
 * The patch files that the kustomizations among `files` list: absolute path → the kustomization
 * (as displayed) that lists it. A kustomization that cannot be read lists nothing; it is skipped
 * like every kustomization.
 */
export function kustomizePatches(
  files: string[],
  display: (absolute: string) => string,
): Map<string, string> {
  const patches = new Map<string, string>();
  for (const file of files) {
    if (!isKustomization(file)) continue;
    let value: unknown;
    try {
      value = readYamlFile(readFileSync(file, 'utf8')).value;
    } catch {
      continue;
    }
    for (const p of patchPaths(value)) {
      const target = resolve(dirname(file), p);
      if (!patches.has(target)) patches.set(target, display(file));
    }
  }
  return patches;
}

/** How a path is shown and recorded (scope keys, sources): relative to the working directory. */
export function displayPath(cwd: string): (absolute: string) => string {
  return (absolute) => relative(cwd, absolute) || absolute;
}
