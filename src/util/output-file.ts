/**
 * Files Stance writes at a person's request (`--out`): checked before the work that produces them,
 * so a typo in the path costs nothing; and written whole or not at all (a temporary file beside the
 * target, renamed over it), so a failure never leaves a half-written report or snapshot.
 */
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

function stat(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR and the like: no such directory either
  }
}

/** Why `path` cannot be written as a file, or undefined when it can. */
export function outputFileProblem(path: string): string | undefined {
  const absolute = resolve(path);
  if (stat(absolute)?.isDirectory()) return 'it is a directory';
  const dir = dirname(absolute);
  const parent = stat(dir);
  if (!parent) {
    // The nearest ancestor that exists says why: a file where a directory should be, or nothing.
    for (let up = dirname(dir); ; up = dirname(up)) {
      const found = stat(up);
      if (found) return found.isDirectory() ? 'directory does not exist' : `${up} is not a directory`;
      if (up === dirname(up)) return 'directory does not exist';
    }
  }
  if (!parent.isDirectory()) return `${dir} is not a directory`;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `no permission to create files in ${dir}`;
  }
  return undefined;
}

/** Throws the one-line input error for an output path that cannot be written. */
export function checkOutputFile(path: string): void {
  const problem = outputFileProblem(path);
  if (problem) throw new InputError(`cannot write ${path}: ${problem}`);
}

/** Writes `text` to `path` atomically: the target holds the old content or the new, never a part. */
export function writeOutputFile(path: string, text: string): void {
  const tmp = join(
    dirname(resolve(path)),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  let created = false;
  try {
    const fd = openSync(tmp, 'wx');
    created = true;
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    if (created) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
    checkOutputFile(path);
    throw error;
  }
}
