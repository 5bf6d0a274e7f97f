import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import { MAX_NESTING_DEPTH, type ValuePath } from './nesting.js';

/**
 * YAML from files users (or attackers) control: manifests, stance.yaml, framework files.
 *
 * Three bounds the `yaml` library does not give:
 * - nesting: the token tree is measured before it is composed (the composer recurses, so a few
 *   thousand levels would overflow the stack); aliases that nest deeper once expanded count too;
 * - alias expansion: `maxAliasCount` bounds how often an anchor is referenced, not what that
 *   costs (one 5 MB scalar referenced 99 times is 495 MB once serialised). Here every alias adds
 *   the size of what it stands for, measured as JSON text, and a document may grow by at most
 *   MAX_ALIAS_EXPANSION_BYTES through aliases;
 * - work: aliases are resolved from one table built in document order (the library scans the
 *   whole document for every alias), and an alias inside the node it names is refused.
 */
export const MAX_ALIAS_EXPANSION_BYTES = 4 * 1024 * 1024;

/** A value nested deeper than MAX_NESTING_DEPTH: the whole input is refused, not one document. */
export class YamlNestingError extends Error {
  constructor(
    readonly line: number,
    readonly path: ValuePath,
  ) {
    super(`nested deeper than ${MAX_NESTING_DEPTH} levels`);
    this.name = 'YamlNestingError';
  }
}

/** A document that cannot be read (syntax, alias bomb, alias cycle); the rest of the stream can be. */
export interface BadYamlDocument {
  ok: false;
  line: number;
  reason: string;
}

export interface YamlDocument {
  ok: true;
  /** Line where the document's content starts. */
  line: number;
  value: unknown;
  /** The composed document, for line lookups. */
  doc: Document;
}

class BadDocument extends Error {
  constructor(
    readonly offset: number | undefined,
    reason: string,
  ) {
    super(reason);
  }
}

type Token = CST.Token;
type CstItem = { key?: Token | null; value?: Token };

/** Throws YamlNestingError when a document's token tree nests deeper than the bound. Iterative. */
function checkTokenDepth(token: Token, lineCounter: LineCounter): void {
  if (token.type !== 'document' || !token.value) return;
  interface Frame {
    token: Token;
    depth: number;
    key: string | number | undefined;
    parent: Frame | undefined;
  }
  const stack: Frame[] = [{ token: token.value, depth: 1, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const t = frame.token;
    if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
    if (frame.depth > MAX_NESTING_DEPTH) {
      const path: ValuePath = [];
      for (let f: Frame | undefined = frame; f && f.key !== undefined; f = f.parent) path.push(f.key);
      throw new YamlNestingError(lineCounter.linePos(t.offset).line, path.reverse());
    }
    const isMapping = t.type === 'block-map' || (t.type === 'flow-collection' && t.start.source === '{');
    (t.items as CstItem[]).forEach((item, i) => {
      const keyName =
        isMapping && item.key && 'source' in item.key && typeof item.key.source === 'string'
          ? item.key.source
          : i;
      if (item.key) stack.push({ token: item.key, depth: frame.depth + 1, key: keyName, parent: frame });
      if (item.value) stack.push({ token: item.value, depth: frame.depth + 1, key: keyName, parent: frame });
    });
  }
}

function scalarSize(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  return String(value).length;
}

interface Converted {
  value: unknown;
  /** Length of the value's JSON text, aliases expanded. */
  size: number;
  /** Nesting depth, aliases expanded (a scalar is 0). */
  depth: number;
}

interface Anchor {
  done: boolean;
  result?: Converted;
}

/**
 * The document's value as plain JSON-like data (like `doc.toJS()` with mappings as objects),
 * resolving aliases to the same value they name, within the bounds above.
 */
function convert(doc: Document, lineCounter: LineCounter): unknown {
  const anchors = new Map<string, Anchor>();
  const path: ValuePath = [];
  let aliasBytes = 0;

  const visit = (node: unknown, level: number): Converted => {
    if (node === null || node === undefined) return { value: null, size: 4, depth: 0 };
    if (isAlias(node)) {
      const anchor = anchors.get(node.source);
      const offset = node.range?.[0];
      if (!anchor) throw new BadDocument(offset, `unknown YAML alias *${node.source} (no anchor before it)`);
      if (!anchor.done)
        throw new BadDocument(offset, `YAML alias *${node.source} is inside the node it names (a cycle)`);
      const result = anchor.result!;
      aliasBytes += result.size;
      if (aliasBytes > MAX_ALIAS_EXPANSION_BYTES)
        throw new BadDocument(
          offset,
          `YAML aliases expand this document by more than ${MAX_ALIAS_EXPANSION_BYTES / 1024 / 1024} MiB (an alias bomb?)`,
        );
      if (level - 1 + result.depth > MAX_NESTING_DEPTH)
        throw new YamlNestingError(lineCounter.linePos(offset ?? 0).line, [...path]);
      return result;
    }
    const anchorName = (node as { anchor?: string }).anchor;
    const anchor: Anchor | undefined = anchorName ? { done: false } : undefined;
    if (anchorName) anchors.set(anchorName, anchor!);
    let result: Converted;
    if (isScalar(node)) {
      result = { value: node.value ?? null, size: scalarSize(node.value), depth: 0 };
    } else if (isMap(node)) {
      const out: Record<string, unknown> = {};
      let size = 2;
      let depth = 0;
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        let key: string;
        if (keyNode === null || keyNode === undefined) key = '';
        else if (isScalar(keyNode)) key = keyNode.value === null ? '' : String(keyNode.value);
        else if (isAlias(keyNode)) {
          const named = visit(keyNode, level + 1).value;
          if (named !== null && typeof named === 'object')
            throw new BadDocument(keyNode.range?.[0], 'a mapping key that is itself a collection');
          key = named === null ? '' : String(named);
        } else throw new BadDocument(keyNode.range?.[0], 'a mapping key that is itself a collection');
        path.push(key);
        const child = visit(pair.value, level + 1);
        path.pop();
        // defineProperty: a "__proto__" key is data, never the object's prototype
        Object.defineProperty(out, key, {
          value: child.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        size += key.length + 4 + child.size;
        depth = Math.max(depth, child.depth);
      }
      result = { value: out, size, depth: depth + 1 };
    } else if (isSeq(node)) {
      const out: unknown[] = [];
      let size = 2;
      let depth = 0;
      node.items.forEach((item, i) => {
        path.push(i);
        const child = visit(item, level + 1);
        path.pop();
        out.push(child.value);
        size += child.size + 1;
        depth = Math.max(depth, child.depth);
      });
      result = { value: out, size, depth: depth + 1 };
    } else {
      throw new BadDocument((node as YamlNode).range?.[0], 'unsupported YAML node');
    }
    if (anchor) {
      anchor.done = true;
      anchor.result = result;
    }
    return result;
  };
  return visit(doc.contents, 1).value;
}

/**
 * Reads a YAML stream one document at a time (a large file never holds every document tree at
 * once). Yields each document's value, or a BadYamlDocument for one that cannot be read; throws
 * YamlNestingError for a document nested past the bound.
 */
export function readYamlStream(text: string): {
  lineCounter: LineCounter;
  documents: () => Generator<YamlDocument | BadYamlDocument>;
} {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  function* guarded(): Generator<Token> {
    for (const token of parser.parse(text)) {
      checkTokenDepth(token, lineCounter);
      yield token;
    }
  }
  function* documents(): Generator<YamlDocument | BadYamlDocument> {
    const composer = new Composer({ uniqueKeys: true });
    for (const doc of composer.compose(guarded(), true) as Iterable<Document>) {
      const line = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0).line;
      if (doc.errors.length) {
        const e = doc.errors[0]!;
        yield {
          ok: false,
          line: lineCounter.linePos(e.pos?.[0] ?? doc.range?.[0] ?? 0).line,
          reason: e.message.split('\n')[0]!,
        };
        continue;
      }
      if (doc.contents === null) continue; // an empty document between separators
      try {
        yield { ok: true, line, value: convert(doc, lineCounter), doc };
      } catch (error) {
        if (!(error instanceof BadDocument)) throw error;
        yield { ok: false, line, reason: error.message };
      }
    }
  }
  return { lineCounter, documents };
}

/**
 * A file that holds one YAML document (stance.yaml, a framework). An empty file is `null`.
 * Throws BadYamlFileError for a document that cannot be read, YamlNestingError past the bound.
 */
export function readYamlFile(text: string): { value: unknown; doc?: Document; lineCounter: LineCounter } {
  const { lineCounter, documents } = readYamlStream(text);
  let found: YamlDocument | undefined;
  for (const d of documents()) {
    if (!d.ok) throw new BadYamlFileError(d.line, d.reason);
    if (found) throw new BadYamlFileError(d.line, 'more than one YAML document (expected one)');
    found = d;
  }
  return { value: found?.value ?? null, doc: found?.doc, lineCounter };
}

export class BadYamlFileError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'BadYamlFileError';
  }
}
