import { RE2JS } from 're2js';
import { SigmaError } from './errors.js';

/**
 * Regular expressions from rules (`field|re`) run on RE2JS, a pure-JavaScript port of RE2: time
 * linear in the text, whatever the pattern, so `^(a+)+$` cannot stall a run as it would a
 * backtracking engine. RE2 has no constructs that need backtracking; a pattern using one is
 * refused at load, naming it (the rule is skipped like any other unsupported feature).
 */

const GROUP_FEATURES: [prefix: string, feature: string][] = [
  ['(?<=', 'a lookbehind (?<=...)'],
  ['(?<!', 'a negative lookbehind (?<!...)'],
  ['(?=', 'a lookahead (?=...)'],
  ['(?!', 'a negative lookahead (?!...)'],
  ['(?>', 'an atomic group (?>...)'],
  ['(?(', 'a conditional group (?(...)...)'],
  ['(?R)', 'recursion (?R)'],
  ['(?&', 'a subroutine call (?&name)'],
  ['(?P=', 'a backreference (?P=name)'],
  ['(?P>', 'a subroutine call (?P>name)'],
  ['(?|', 'a branch reset group (?|...)'],
];

/** The first construct in the pattern that needs a backtracking engine, described, or undefined. */
export function backtrackingFeature(pattern: string): string | undefined {
  let inClass = false;
  let afterQuantifier = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (next === 'Q') {
        // \Q...\E: all literal.
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 1;
        afterQuantifier = false;
        continue;
      }
      if (!inClass) {
        if (/[1-9]/.test(next)) return `a backreference \\${/^\d+/.exec(pattern.slice(i + 1))![0]}`;
        if (next === 'k' || next === 'g') {
          const ref = /^[kg](<[^>]*>|\{[^}]*\}|'[^']*'|-?\d+)/.exec(pattern.slice(i + 1));
          if (ref) return `a backreference \\${ref[0]}`;
        }
      }
      i++;
      afterQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A `]` first in the class (after an optional `^`) is a literal.
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      afterQuantifier = false;
      continue;
    }
    if (c === '(') {
      for (const [prefix, feature] of GROUP_FEATURES) if (pattern.startsWith(prefix, i)) return feature;
      if (/^\(\?[+-]?\d+\)/.test(pattern.slice(i, i + 8))) return 'a subroutine call (?N)';
    }
    if (c === '+' && afterQuantifier) return `a possessive quantifier (${pattern[i - 1]}+)`;
    afterQuantifier =
      c === '*' ||
      c === '+' ||
      c === '?' ||
      (c === '}' && /\{\d+(,\d*)?\}$/.test(pattern.slice(Math.max(0, i - 24), i + 1)));
    // `(?` opens a group's options: its `?` quantifies nothing.
    if (c === '?' && pattern[i - 1] === '(') afterQuantifier = false;
  }
  return undefined;
}

export interface RegexFlags {
  /** Sigma `|i` */
  ignoreCase?: boolean;
  /** Sigma `|m`: ^ and $ at line breaks. */
  multiline?: boolean;
  /** Sigma `|s`: . matches a line break. */
  dotAll?: boolean;
}

/** A test for "the pattern occurs in the text" (Sigma's unanchored search). Throws SigmaError when it cannot run. */
export function compileRegex(pattern: string, flags: RegexFlags = {}): (text: string) => boolean {
  const feature = backtrackingFeature(pattern);
  if (feature)
    throw new SigmaError(
      `regular expression ${JSON.stringify(pattern)} uses ${feature}, which needs a backtracking engine; Stance runs rule regular expressions in linear time (RE2 syntax) and cannot evaluate it`,
    );
  let re: RE2JS;
  try {
    re = RE2JS.compile(
      pattern,
      (flags.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) |
        (flags.multiline ? RE2JS.MULTILINE : 0) |
        (flags.dotAll ? RE2JS.DOTALL : 0),
    );
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    throw new SigmaError(`invalid regular expression ${JSON.stringify(pattern)} (RE2 syntax: ${reason})`);
  }
  return (text) => re.test(text);
}
