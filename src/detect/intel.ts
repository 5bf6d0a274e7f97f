import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../errors.js';
import { parseCidr, parseIp, type CidrRange } from './net.js';

/** Whether an address (parsed once) is in one of the ranges. */
function inAnyRange(ipText: string, ranges: CidrRange[]): boolean {
  if (ranges.length === 0) return false;
  const ip = parseIp(ipText);
  if (ip === undefined) return false;
  for (const r of ranges) if (ip.v6 === r.v6 && (ip.value & r.mask) === r.base) return true;
  return false;
}

/**
 * Threat-intelligence lists: labelled IPs and CIDR ranges (Tor exit nodes, an incident's
 * indicators). Rules use them with the `intel` modifier (`sourceIPAddress|intel: tor-exit`) or
 * through Sigma placeholders (`sourceIPAddress|expand: '%tor-exit%'`).
 */
export class IntelLists {
  private readonly lists = new Map<string, CidrRange[]>();

  add(label: string, ranges: CidrRange[]): void {
    this.lists.set(label, [...(this.lists.get(label) ?? []), ...ranges]);
  }

  /** The lists as plain data (to rebuild them in a detection worker with `fromEntries`). */
  entries(): [string, CidrRange[]][] {
    return [...this.lists.entries()].map(([label, ranges]) => [label, [...ranges]]);
  }

  static fromEntries(entries: readonly [string, CidrRange[]][]): IntelLists {
    const intel = new IntelLists();
    for (const [label, ranges] of entries) intel.add(label, ranges);
    return intel;
  }

  clear(): void {
    this.lists.clear();
  }

  has(label: string): boolean {
    return this.lists.has(label);
  }

  get labels(): string[] {
    return [...this.lists.keys()].sort();
  }

  /** Labels of the lists containing the address (`*` asks for any list). */
  match(ip: string, label: string): boolean {
    if (label !== '*') {
      const ranges = this.lists.get(label);
      return ranges !== undefined && inAnyRange(ip, ranges);
    }
    if (this.lists.size === 0) return false;
    for (const ranges of this.lists.values()) if (inAnyRange(ip, ranges)) return true;
    return false;
  }

  /**
   * Reads a file: YAML/JSON `{label: [ip-or-cidr, ...]}`, or text with one address or range per
   * line, optionally followed by a label (default: the file name); `#` starts a comment.
   */
  static load(files: string[]): IntelLists {
    const intel = new IntelLists();
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new InputError(`--intel ${file}: cannot read the file`);
      }
      const ext = extname(file).toLowerCase();
      if (ext === '.yaml' || ext === '.yml' || ext === '.json') {
        let doc: unknown;
        try {
          doc = parse(text);
        } catch (error) {
          throw new InputError(
            `--intel ${file}: invalid YAML/JSON (${(error as Error).message.split('\n')[0]})`,
          );
        }
        if (!doc || typeof doc !== 'object' || Array.isArray(doc))
          throw new InputError(`--intel ${file}: expected a mapping of label to a list of IPs or CIDRs`);
        for (const [label, entries] of Object.entries(doc)) {
          if (!Array.isArray(entries))
            throw new InputError(`--intel ${file}: ${label}: expected a list of IPs or CIDRs`);
          intel.add(
            label,
            entries.map((entry, i) => {
              const range = parseCidr(String(entry));
              if (!range)
                throw new InputError(
                  `--intel ${file}: ${label}[${i}]: ${JSON.stringify(entry)} is not an IP address or CIDR range`,
                );
              return range;
            }),
          );
        }
        continue;
      }
      const fallback = basename(file, extname(file));
      text.split('\n').forEach((raw, i) => {
        const line = raw.replace(/#.*/, '').trim();
        if (!line) return;
        const [value, label] = line.split(/[\s,]+/);
        const range = parseCidr(value!);
        if (!range)
          throw new InputError(
            `--intel ${file}:${i + 1}: ${JSON.stringify(value)} is not an IP address or CIDR range`,
          );
        intel.add(label ?? fallback, [range]);
      });
    }
    return intel;
  }
}
