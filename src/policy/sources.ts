import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The Rego sources of a policy directory and the hash that ties a bundle to them. The bundle build
 * (scripts/policy-build.mjs, through dist/) writes the hash into the manifest; loading the package's
 * own bundle recomputes it, so an edited rule never runs against an old bundle.
 */

/**
 * Every .rego file under dir (recursively), excluding the generated bundle, as sorted relative paths.
 * Symbolic links to directories are not followed (a user's rule directory could loop); links to
 * files are read like files.
 */
export function regoFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const entry = lstatSync(p);
      if (entry.isDirectory()) {
        if (name !== 'bundle') walk(p);
      } else if (name.endsWith('.rego') && (entry.isFile() || isFileLink(p)))
        out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function isFileLink(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // a dangling link
  }
}

/** Test files (`*_test.rego`) are not part of the bundle. */
export const isTestFile = (file: string) => file.endsWith('_test.rego');

/** SHA-256 over the bundle's Rego sources: each file's relative path and bytes, in sorted order. */
export function sourceHash(policiesDir: string): string {
  const hash = createHash('sha256');
  for (const file of regoFiles(policiesDir).filter((f) => !isTestFile(f))) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(policiesDir, file)))
      .update('\0');
  }
  return hash.digest('hex');
}
