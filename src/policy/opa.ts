/** The OPA CLI, which compiles Rego to WebAssembly, and the error a rule set that does not build is. */
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StanceError } from '../errors.js';

/** A rule set that does not build: bad METADATA, a Rego error, a colliding id (exit 2). */
export class PolicyBuildError extends StanceError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The OPA CLI: $OPA, else `opa` on the PATH; undefined when neither. */
export function findOpa(): string | undefined {
  if (process.env.OPA) return process.env.OPA;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = dir && join(dir, 'opa');
    if (candidate && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

export const OPA_MISSING =
  'the OPA CLI is needed to compile Rego to WebAssembly and was not found: put opa on the PATH or set $OPA to its path';
