/**
 * Which rules read the collection time. The WebAssembly runtime has no time builtins: a rule
 * learns the time only from `input.context.now_ns`, itself or through a library package it refers
 * to. A scan hashes the collection time into a scope's input digest only for the resources such a
 * rule applies to (src/scan/input-digest.ts), so the rest are recognised as unchanged from one
 * scan to the next. Deciding from the source text errs one way only: a mention of `now_ns` in a
 * comment or string marks a rule that does not read it, never the reverse; a dynamic index into
 * the context (`context[...]`) counts as reading the clock.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTestFile, regoFiles } from './sources.js';

const READS_CLOCK = /\bnow_ns\b|\bcontext\s*\[/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Rego packages under these directories that read the collection time, directly or not. */
export function clockPackages(dirs: readonly string[]): Set<string> {
  const texts = new Map<string, string>();
  for (const dir of dirs)
    for (const file of regoFiles(dir).filter((f) => !isTestFile(f))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const pkg = /^\s*package\s+([\w.]+)/m.exec(text)?.[1];
      if (pkg) texts.set(pkg, `${texts.get(pkg) ?? ''}\n${text}`);
    }
  const reading = new Set([...texts].filter(([, text]) => READS_CLOCK.test(text)).map(([pkg]) => pkg));
  for (let grew = true; grew;) {
    grew = false;
    for (const [pkg, text] of texts) {
      if (reading.has(pkg)) continue;
      if ([...reading].some((r) => new RegExp(`\\bdata\\.${escape(r)}\\b`).test(text))) {
        reading.add(pkg);
        grew = true;
      }
    }
  }
  return reading;
}
