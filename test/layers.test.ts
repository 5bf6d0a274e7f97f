import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

/**
 * The stages of src/ depend on each other one way (DESIGN.md "Data flow"): collect → enrich →
 * policy → store → report/notify, detect → store → notify, cli on top, util and types at the bottom.
 * An area is a folder of src/ (a file at the top of src/ is an area of its own). Every import counts,
 * `import type` included: a type-level cycle ties the stages together just the same.
 */
const srcDir = join(repoRoot, 'src');

/**
 * Cycles owned elsewhere, listed so that a new one cannot hide among them: log.ts writes through
 * cli/output.ts, the only module allowed to write to stderr.
 */
const KNOWN_CYCLE_EDGES = new Set(['log -> cli']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const areaOf = (file: string) =>
  relative(srcDir, file)
    .split(sep)[0]!
    .replace(/\.[jt]s$/, '');

interface Edge {
  from: string;
  to: string;
  /** The import leaves src/. */
  outside: boolean;
  where: string;
}

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(srcDir)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), fileName);
      const outside = !target.startsWith(srcDir + sep);
      edges.push({
        from: areaOf(file),
        to: outside ? relative(repoRoot, target) : areaOf(target),
        outside,
        where: `${relative(repoRoot, file)} imports ${fileName}`,
      });
    }
  }
  return edges;
}

/** Strongly connected groups of more than one area (Tarjan). */
function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)!.add(e.to);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) out.push(group.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('the layers of src/', () => {
  const edges = importEdges();

  it('has no import cycle between areas, type-only imports included', () => {
    const allowed = edges.filter((e) => !KNOWN_CYCLE_EDGES.has(`${e.from} -> ${e.to}`));
    const found = cycles(allowed);
    const detail = found.map((group) =>
      [
        group.join(' ⇄ '),
        ...allowed
          .filter((e) => e.from !== e.to && group.includes(e.from) && group.includes(e.to))
          .map((e) => `  ${e.where}`),
      ].join('\n'),
    );
    expect(detail).toEqual([]);
  });

  it('imports nothing from outside src/ at run time (no build script in the library)', () => {
    const outside = edges.filter((e) => e.outside).map((e) => e.where);
    expect(outside).toEqual([]);
  });
});
