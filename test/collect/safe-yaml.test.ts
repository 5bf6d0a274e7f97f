import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  BadYamlFileError,
  MAX_ALIAS_EXPANSION_BYTES,
  readYamlFile,
  readYamlStream,
  YamlNestingError,
} from '../../src/util/safe-yaml.js';
import { MAX_NESTING_DEPTH, shortPath, tooDeepPath } from '../../src/util/nesting.js';
import { jsonLineOfPath } from '../../src/util/json-location.js';

const documents = (text: string) => [...readYamlStream(text).documents()];

describe('safe YAML reading', () => {
  it('gives the same values as the yaml library for ordinary documents, aliases included', () => {
    const text = [
      'a: 1',
      'b: [x, "y", 2.5, true, null, ~]',
      'c: &c {k: v, n: [1, 2]}',
      'd: *c',
      '"quoted key": |',
      '  block',
      '1: one',
      '---',
      '- &s shared',
      '- *s',
      '- [a: 1]',
    ].join('\n');
    const ours = documents(text).map((d) => (d.ok ? d.value : d));
    expect(ours).toEqual(parseAllDocuments(text).map((d) => d.toJS()));
  });

  it('keeps a "__proto__" key as data', () => {
    const [doc] = documents('__proto__: {polluted: true}\n');
    expect(doc!.ok && Object.keys(doc!.value as object)).toEqual(['__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses a document whose aliases expand past the bound, and reads the next one', () => {
    const big = 'x'.repeat(1024 * 1024);
    const text = `a: &a "${big}"\nb: [${Array.from({ length: 5 }, () => '*a').join(', ')}]\n---\nok: 1\n`;
    const [bomb, next] = documents(text);
    expect(bomb).toMatchObject({ ok: false, line: 1, reason: expect.stringMatching(/alias/) });
    expect(next).toMatchObject({ ok: true, value: { ok: 1 } });
    // just under the bound is fine
    const fits = Math.floor(MAX_ALIAS_EXPANSION_BYTES / (1024 * 1024 + 2)) - 1;
    const [under] = documents(
      `a: &a "${big}"\nb: [${Array.from({ length: fits }, () => '*a').join(', ')}]\n`,
    );
    expect(under!.ok).toBe(true);
  });

  it('refuses billion laughs without expanding them', () => {
    const lines = [`l0: &l0 [${Array.from({ length: 10 }, () => '"lol"').join(', ')}]`];
    for (let i = 1; i < 30; i++)
      lines.push(`l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
    const started = Date.now();
    const [doc] = documents(lines.join('\n'));
    expect(doc).toMatchObject({ ok: false, reason: expect.stringMatching(/alias/) });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses an alias inside the node it names, and an unknown alias', () => {
    expect(documents('a: &a [1, *a]\n')[0]).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cycle/),
    });
    expect(documents('a: *nope\n')[0]).toMatchObject({ ok: false });
  });

  it('stops at the nesting bound before composing, naming the line and path, for flow and block styles', () => {
    const depth = 5000;
    const flow = `top:\n  x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    expect(() => documents(flow)).toThrow(YamlNestingError);
    try {
      documents(flow);
    } catch (error) {
      expect((error as YamlNestingError).line).toBe(2);
      expect(shortPath((error as YamlNestingError).path, 4)).toBe('top.x[0][0]…');
    }
    const block = ['root:', ...Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k:`)].join('\n');
    expect(() => documents(block)).toThrow(YamlNestingError);
    // exactly at the bound is fine
    const atBound = `${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}`;
    expect(documents(atBound)[0]!.ok).toBe(true);
    expect(() => documents(`[${atBound}]`)).toThrow(YamlNestingError);
  });

  it('counts nesting that aliases add', () => {
    const lines = ['a0: &a0 [1]'];
    for (let i = 1; i <= MAX_NESTING_DEPTH; i++) lines.push(`a${i}: &a${i} [*a${i - 1}]`);
    expect(() => documents(lines.join('\n'))).toThrow(YamlNestingError);
  });

  it('reads a one-document file and says what is wrong with one that is not', () => {
    expect(readYamlFile('a: 1\n').value).toEqual({ a: 1 });
    expect(readYamlFile('').value).toBeNull();
    expect(() => readYamlFile('a: 1\n---\nb: 2\n')).toThrow(BadYamlFileError);
    expect(() => readYamlFile('a: [1\n')).toThrow(BadYamlFileError);
  });
});

describe('nesting bound on values', () => {
  it('finds the path past the bound without recursing', () => {
    const deep = JSON.parse(`{"spec":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`) as unknown;
    const path = tooDeepPath(deep)!;
    expect(path.slice(0, 3)).toEqual(['spec', 'a', 'a']);
    expect(path).toHaveLength(MAX_NESTING_DEPTH);
    expect(tooDeepPath({ a: [{ b: 1 }] })).toBeUndefined();
  });

  it('locates a path in JSON text of any depth', () => {
    const text = `{\n"x": [\n1,\n${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}\n]}`;
    expect(jsonLineOfPath(text, ['x', 1, 'a', 'a'])).toBe(4);
    expect(jsonLineOfPath(text, ['x', 0])).toBe(3);
    expect(jsonLineOfPath(text, ['x', 0, 'missing'])).toBe(3);
  });
});
