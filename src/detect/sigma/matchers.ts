import type { IntelLists } from '../intel.js';
import { inCidr, parseCidr } from '../net.js';
import { SigmaError } from './errors.js';
import { fieldGetter, fieldScanner, type FieldGetter, type FieldScanner } from './fields.js';
import { compileRegex } from './regex.js';
import { wildcardMatcher, type WildcardToken } from './wildcard.js';

export { SigmaError };

export type Predicate = (record: unknown) => boolean;

export interface CompileContext {
  intel: IntelLists;
}

const SUPPORTED = [
  'contains',
  'startswith',
  'endswith',
  'all',
  're',
  'i',
  'm',
  's',
  'cidr',
  'exists',
  'cased',
  'gt',
  'gte',
  'lt',
  'lte',
  'fieldref',
  'expand',
  'intel',
];
const KNOWN_UNSUPPORTED = [
  'windash',
  'base64',
  'base64offset',
  'utf16',
  'utf16le',
  'utf16be',
  'wide',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
];

type Scalar = string | number | boolean | null;

/** Values as text for string matching; objects never match a string pattern. */
function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * A Sigma string pattern: `*` any characters, `?` one character, `\` escapes. Compiled to the
 * cheapest test: equality, prefix, suffix, substring, or a wildcard matcher (linear, see wildcard.ts).
 */
export function stringPattern(pattern: string, cased: boolean): (text: string) => boolean {
  const test = normalizedPattern(pattern, cased);
  return cased ? test : (t) => test(t.toLowerCase());
}

/** stringPattern for text already lower-cased when the pattern is not `cased` (one lower-casing per value, not per pattern). */
function normalizedPattern(pattern: string, cased: boolean): (text: string) => boolean {
  const parts: { wild: '*' | '?' | null; text: string }[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length && '*?\\'.includes(pattern[i + 1]!)) {
      literal += pattern[++i];
    } else if (c === '*' || c === '?') {
      if (literal) parts.push({ wild: null, text: literal });
      literal = '';
      parts.push({ wild: c, text: '' });
    } else literal += c;
  }
  if (literal) parts.push({ wild: null, text: literal });
  const norm = (s: string) => (cased ? s : s.toLowerCase());
  const texts = parts.filter((p) => !p.wild).map((p) => norm(p.text));
  const shape = parts.map((p) => p.wild ?? 'x').join('');
  const first = texts[0]!;
  if (shape === '') return (t) => t === '';
  if (shape === 'x') return (t) => t === first;
  if (/^\*+$/.test(shape)) return () => true;
  if (shape === 'x*') return (t) => t.startsWith(first);
  if (shape === '*x') return (t) => t.endsWith(first);
  if (shape === '*x*') return (t) => t.includes(first);
  return wildcardMatcher(
    parts.map((p): WildcardToken =>
      p.wild === '*'
        ? { kind: 'many' }
        : p.wild === '?'
          ? { kind: 'one' }
          : { kind: 'text', text: norm(p.text) },
    ),
  );
}

function escapeWildcards(text: string): string {
  return text.replace(/[*?\\]/g, '\\$&');
}

type ValueTest = (value: unknown, record: unknown) => boolean;

function valueTest(mods: Set<string>, raw: Scalar, ctx: CompileContext, where: string): ValueTest {
  if (mods.has('exists')) {
    if (typeof raw !== 'boolean') throw new SigmaError(`${where}: exists expects true or false`);
    throw new SigmaError('internal: exists handled by the caller');
  }
  if (mods.has('fieldref')) {
    const other = fieldGetter(String(raw));
    const cased = mods.has('cased');
    // With contains / startswith / endswith: the other field's (non-empty) value inside this one.
    const relation: ((mine: string, theirs: string) => boolean) | undefined = mods.has('contains')
      ? (mine, theirs) => mine.includes(theirs)
      : mods.has('startswith')
        ? (mine, theirs) => mine.startsWith(theirs)
        : mods.has('endswith')
          ? (mine, theirs) => mine.endsWith(theirs)
          : undefined;
    return (value, record) => {
      const text = asText(value);
      if (text === undefined) return false;
      const mine = cased ? text : text.toLowerCase();
      return other(record).some((o) => {
        const t = asText(o);
        if (t === undefined) return false;
        const theirs = cased ? t : t.toLowerCase();
        return relation ? theirs !== '' && relation(mine, theirs) : theirs === mine;
      });
    };
  }
  if (mods.has('intel')) {
    const label = String(raw);
    return (value) => {
      const text = asText(value);
      return text !== undefined && ctx.intel.match(text, label);
    };
  }
  if (mods.has('expand')) {
    const placeholder = /^%([^%]+)%$/.exec(String(raw));
    if (!placeholder) throw new SigmaError(`${where}: expand expects a %placeholder%`);
    const label = placeholder[1]!;
    // Placeholders resolve to intel lists of the same name; an unknown one matches nothing.
    return (value) => {
      const text = asText(value);
      return text !== undefined && ctx.intel.has(label) && ctx.intel.match(text, label);
    };
  }
  if (mods.has('cidr')) {
    const range = parseCidr(String(raw));
    if (!range) throw new SigmaError(`${where}: ${JSON.stringify(raw)} is not a CIDR range`);
    return (value) => {
      const text = asText(value);
      return text !== undefined && inCidr(text, range);
    };
  }
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    if (!mods.has(op)) continue;
    const bound = Number(raw);
    if (raw === null || Number.isNaN(bound)) throw new SigmaError(`${where}: ${op} expects a number`);
    return (value) => {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : NaN;
      if (Number.isNaN(n)) return false;
      return op === 'gt' ? n > bound : op === 'gte' ? n >= bound : op === 'lt' ? n < bound : n <= bound;
    };
  }
  if (mods.has('re')) {
    let test: (text: string) => boolean;
    try {
      test = compileRegex(String(raw), {
        ignoreCase: mods.has('i'),
        multiline: mods.has('m'),
        dotAll: mods.has('s'),
      });
    } catch (error) {
      throw new SigmaError(`${where}: ${(error as Error).message}`);
    }
    return (value) => {
      const text = asText(value);
      return text !== undefined && test(text);
    };
  }
  if (raw === null) return (value) => value === null;
  if (typeof raw === 'number' || typeof raw === 'boolean') {
    const text = String(raw);
    return (value) =>
      typeof value === 'string' ? value.toLowerCase() === text : value === raw || asText(value) === text;
  }
  let pattern = raw;
  if (mods.has('contains')) pattern = `*${pattern}*`;
  else if (mods.has('startswith')) pattern = `${pattern}*`;
  else if (mods.has('endswith')) pattern = `*${pattern}`;
  const test = stringPattern(pattern, mods.has('cased'));
  return (value) => {
    const text = asText(value);
    return text !== undefined && test(text);
  };
}

/** `field|mod|mod: value(s)` → a predicate over a record. */
export function compileFieldMatcher(
  key: string,
  value: unknown,
  ctx: CompileContext,
  where: string,
): { field: string; modifiers: string[]; predicate: Predicate } {
  const [field, ...modifiers] = key.split('|');
  if (!field) throw new SigmaError(`${where}: empty field name in ${JSON.stringify(key)}`);
  for (const m of modifiers) {
    if (KNOWN_UNSUPPORTED.includes(m)) throw new SigmaError(`${where}: modifier '${m}' is not supported`);
    if (!SUPPORTED.includes(m)) throw new SigmaError(`${where}: unknown modifier '${m}'`);
  }
  const mods = new Set(modifiers);
  if (['i', 'm', 's'].some((m) => mods.has(m)) && !mods.has('re'))
    throw new SigmaError(`${where}: modifiers i, m and s only go with re`);
  const getter: FieldGetter = fieldGetter(field);
  const scan = fieldScanner(field);
  if (mods.has('exists')) {
    if (typeof value !== 'boolean') throw new SigmaError(`${where}: exists expects true or false`);
    const present = (v: unknown) => v !== null && v !== undefined;
    return { field, modifiers, predicate: (record) => scan(record, present) === value };
  }
  const rawValues = Array.isArray(value) ? value : [value];
  if (rawValues.length === 0) throw new SigmaError(`${where}: empty value list`);
  const all = mods.has('all');
  const textPredicate = plainTextPredicate(getter, scan, mods, rawValues, all);
  if (textPredicate) return { field, modifiers, predicate: textPredicate };
  const tests = rawValues.map((raw) => {
    if (raw !== null && typeof raw === 'object')
      throw new SigmaError(`${where}: nested objects are not Sigma values`);
    const scalar = raw as Scalar;
    // A null value means "field absent or null".
    if (scalar === null && !mods.has('re')) return null;
    return valueTest(mods, scalar, ctx, where);
  });
  const one = (test: ValueTest | null, values: unknown[], record: unknown): boolean => {
    if (test === null) {
      for (const v of values) if (v !== null) return false;
      return true;
    }
    for (const v of values) if (test(v, record)) return true;
    return false;
  };
  const predicate: Predicate = (record) => {
    const values = getter(record);
    if (all) {
      for (const test of tests) if (!one(test, values, record)) return false;
      return true;
    }
    for (const test of tests) if (one(test, values, record)) return true;
    return false;
  };
  return { field, modifiers, predicate };
}

/** Texts per generation of a TextMemo (two are kept). */
const MEMO_GENERATION = 256;
/** Longer texts are tested each time, never kept. */
const MEMO_MAX_TEXT = 256;
/** A memo that has missed this often, on at least half of its lookups, turns itself off. */
const MEMO_MIN_MISSES = 1024;

/**
 * A test's answers per text, for fields whose values repeat (user agents, event types: the same
 * few texts on most events). A field whose values do not repeat (ids) turns its memo off after a
 * while, so it costs nothing there. Answers are the test's own: only the work changes.
 */
class TextMemo {
  private recent = new Map<string, boolean>();
  private older = new Map<string, boolean>();
  private lookups = 0;
  private misses = 0;
  private off = false;

  constructor(private readonly test: (text: string) => boolean) {}

  answer(text: string): boolean {
    if (this.off || text.length > MEMO_MAX_TEXT) return this.test(text);
    this.lookups++;
    let answer = this.recent.get(text);
    if (answer !== undefined) return answer;
    answer = this.older.get(text);
    if (answer === undefined) {
      answer = this.test(text);
      if (++this.misses >= MEMO_MIN_MISSES && this.misses * 2 >= this.lookups) {
        this.off = true;
        this.recent = new Map();
        this.older = new Map();
        return answer;
      }
    }
    if (this.recent.size >= MEMO_GENERATION) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(text, answer);
    return answer;
  }
}

/** Modifiers that keep a value a plain string pattern. */
const PLAIN_TEXT_MODIFIERS = new Set(['contains', 'startswith', 'endswith', 'cased', 'all']);

/**
 * The common case, string patterns (with contains / startswith / endswith / cased / all), as one
 * predicate that lower-cases each field value once for all its patterns. Undefined for anything else.
 */
function plainTextPredicate(
  getter: FieldGetter,
  scan: FieldScanner,
  mods: Set<string>,
  rawValues: unknown[],
  all: boolean,
): Predicate | undefined {
  for (const m of mods) if (!PLAIN_TEXT_MODIFIERS.has(m)) return undefined;
  if (!rawValues.every((raw) => typeof raw === 'string')) return undefined;
  const cased = mods.has('cased');
  const tests = (rawValues as string[]).map((raw) =>
    normalizedPattern(
      mods.has('contains')
        ? `*${raw}*`
        : mods.has('startswith')
          ? `${raw}*`
          : mods.has('endswith')
            ? `*${raw}`
            : raw,
      cased,
    ),
  );
  const normalized = (value: unknown): string | undefined => {
    const text = asText(value);
    return text === undefined || cased ? text : text.toLowerCase();
  };
  if (!all) {
    const memo = new TextMemo((raw) => {
      const text = cased ? raw : raw.toLowerCase();
      for (const test of tests) if (test(text)) return true;
      return false;
    });
    const anyTest = (value: unknown): boolean => {
      const text = asText(value);
      return text !== undefined && memo.answer(text);
    };
    return (record) => scan(record, anyTest);
  }
  return (record) => {
    const values = getter(record);
    const texts: string[] = [];
    for (const value of values) {
      const text = normalized(value);
      if (text !== undefined) texts.push(text);
    }
    for (const test of tests) if (!texts.some(test)) return false;
    return true;
  };
}

/** Keyword search: any string value anywhere in the record contains one of the keywords. */
export function compileKeywords(values: unknown[], where: string): Predicate {
  const tests = values.map((v) => {
    if (v === null || typeof v === 'object')
      throw new SigmaError(`${where}: keyword lists hold strings or numbers`);
    return stringPattern(`*${String(v)}*`, false);
  });
  const walk = (value: unknown, test: (t: string) => boolean): boolean => {
    if (typeof value === 'string') return test(value);
    if (typeof value === 'number' || typeof value === 'boolean') return test(String(value));
    if (Array.isArray(value)) return value.some((v) => walk(v, test));
    if (value && typeof value === 'object') return Object.values(value).some((v) => walk(v, test));
    return false;
  };
  return (record) => tests.some((test) => walk(record, test));
}

export { escapeWildcards };
