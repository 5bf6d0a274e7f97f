import { SigmaError } from './errors.js';
import { wildcardMatcher } from './wildcard.js';

/** A parsed Sigma condition over named selections. */
export type ConditionNode =
  | { type: 'sel'; name: string }
  | { type: 'and'; items: ConditionNode[] }
  | { type: 'or'; items: ConditionNode[] }
  | { type: 'not'; item: ConditionNode };

/** The old aggregation form `selection | count(field) by group > N`. */
export interface Aggregation {
  field?: string;
  groupBy: string[];
  op: 'gt' | 'gte';
  value: number;
}

/** Parentheses and `not`s nested deeper than this are refused (the parser recurses once per level). */
const MAX_NESTING = 64;

/** A selection-name pattern: `*` any characters, everything else literal. */
function globMatcher(pattern: string): (name: string) => boolean {
  return wildcardMatcher(
    pattern
      .split('*')
      .flatMap((text, i) => [
        ...(i > 0 ? [{ kind: 'many' as const }] : []),
        ...(text ? [{ kind: 'text' as const, text }] : []),
      ]),
  );
}

/**
 * Parses `and`, `or`, `not`, parentheses, `1 of pattern`, `all of pattern`, `1 of them`,
 * `all of them` (not > and > or). Selection names must exist; `them` skips names starting with `_`.
 */
export function parseCondition(text: string, selections: string[]): ConditionNode {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  let depth = 0;
  const nest = () => {
    if (++depth > MAX_NESTING)
      throw new SigmaError(
        `condition: parentheses and 'not' nested deeper than ${MAX_NESTING} levels are not supported`,
      );
  };
  const peek = () => tokens[i];
  const take = () => tokens[i++];
  const expect = (what: string) => {
    const t = take();
    if (t?.toLowerCase() !== what)
      throw new SigmaError(
        `condition ${JSON.stringify(text)}: expected '${what}'${t ? ` before '${t}'` : ' at the end'}`,
      );
  };
  const named = (pattern: string): string[] => {
    if (pattern === 'them') return selections.filter((s) => !s.startsWith('_'));
    const matches = globMatcher(pattern);
    const found = selections.filter((s) => matches(s));
    if (found.length === 0)
      throw new SigmaError(`condition ${JSON.stringify(text)}: no selection matches '${pattern}'`);
    return found;
  };
  const primary = (): ConditionNode => {
    const t = take();
    if (t === undefined) throw new SigmaError(`condition ${JSON.stringify(text)}: unexpected end`);
    if (t === '(') {
      nest();
      const inner = or();
      expect(')');
      depth--;
      return inner;
    }
    const lower = t.toLowerCase();
    if ((lower === '1' || lower === 'all' || /^\d+$/.test(lower)) && peek()?.toLowerCase() === 'of') {
      if (lower !== '1' && lower !== 'all')
        throw new SigmaError(
          `condition ${JSON.stringify(text)}: '${t} of' is not supported (only '1 of' and 'all of')`,
        );
      take();
      const pattern = take();
      if (!pattern || pattern === '(' || pattern === ')')
        throw new SigmaError(`condition ${JSON.stringify(text)}: '${t} of' needs a selection pattern`);
      const items = named(pattern).map((name): ConditionNode => ({ type: 'sel', name }));
      return items.length === 1 ? items[0]! : { type: lower === '1' ? 'or' : 'and', items };
    }
    if (['and', 'or', 'not', ')', 'of'].includes(lower))
      throw new SigmaError(`condition ${JSON.stringify(text)}: unexpected '${t}'`);
    if (t.includes('*'))
      throw new SigmaError(`condition ${JSON.stringify(text)}: wildcard '${t}' needs '1 of' or 'all of'`);
    if (!selections.includes(t))
      throw new SigmaError(`condition ${JSON.stringify(text)}: unknown selection '${t}'`);
    return { type: 'sel', name: t };
  };
  const not = (): ConditionNode => {
    if (peek()?.toLowerCase() === 'not') {
      take();
      nest();
      const item = not();
      depth--;
      return { type: 'not', item };
    }
    return primary();
  };
  const and = (): ConditionNode => {
    const items = [not()];
    while (peek()?.toLowerCase() === 'and') {
      take();
      items.push(not());
    }
    return items.length === 1 ? items[0]! : { type: 'and', items };
  };
  const or = (): ConditionNode => {
    const items = [and()];
    while (peek()?.toLowerCase() === 'or') {
      take();
      items.push(and());
    }
    return items.length === 1 ? items[0]! : { type: 'or', items };
  };
  const node = or();
  if (i < tokens.length) throw new SigmaError(`condition ${JSON.stringify(text)}: unexpected '${tokens[i]}'`);
  return node;
}

/** Splits `search | count(field) by a, b > N` into the search part and the aggregation. */
export function splitAggregation(text: string): { search: string; aggregation?: Aggregation } {
  const bar = text.indexOf('|');
  if (bar < 0) return { search: text };
  const search = text.slice(0, bar).trim();
  const tail = text.slice(bar + 1).trim();
  if (tail.includes('|'))
    throw new SigmaError(`condition ${JSON.stringify(text)}: only one aggregation is supported`);
  if (/^near\b/i.test(tail))
    throw new SigmaError(`condition ${JSON.stringify(text)}: 'near' aggregations are not supported`);
  const m =
    /^count\(\s*([\w.]*)\s*\)\s*(?:by\s+([\w.]+(?:\s*,\s*[\w.]+)*)\s*)?(>=|>|<=|<|==|=)\s*(\d+)$/i.exec(tail);
  if (!m) {
    const fn = /^(\w+)\(/.exec(tail)?.[1];
    throw new SigmaError(
      `condition ${JSON.stringify(text)}: aggregation ${fn ? `'${fn}()'` : JSON.stringify(tail)} is not supported (only count() with > or >=)`,
    );
  }
  const op = m[3]!;
  if (op !== '>' && op !== '>=')
    throw new SigmaError(
      `condition ${JSON.stringify(text)}: aggregation comparison '${op}' is not supported (only > and >=)`,
    );
  return {
    search,
    aggregation: {
      ...(m[1] ? { field: m[1] } : {}),
      groupBy: m[2] ? m[2].split(',').map((s) => s.trim()) : [],
      op: op === '>' ? 'gt' : 'gte',
      value: Number(m[4]),
    },
  };
}
