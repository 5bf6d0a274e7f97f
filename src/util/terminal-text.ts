/**
 * Text for a terminal reader. Names, ids, messages and file names come from scanned systems and may be
 * hostile: ESC/CSI/OSC sequences can erase lines or retitle the terminal, C1 controls act like ESC on
 * some terminals, and bidi overrides reorder what is shown. Every such code point is made visible
 * (`\x1b`, `\u202e`) instead of being acted on. Newlines and tabs survive only where the caller allows.
 */

/* eslint-disable no-control-regex -- matching control characters is the point */
// C0 (but \t \n), DEL, C1, and the Unicode bidi controls (embeddings, overrides, isolates, marks).
const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_WITH_LAYOUT =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/* eslint-enable no-control-regex */

function escapeCodePoint(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Keeps `\n` and `\t` (multi-line output the program itself composed); escapes every other control. */
export function sanitizeTerminalText(text: string): string {
  return text.replace(UNSAFE, escapeCodePoint);
}

/** For one field of a line or a table cell: newlines and tabs are escaped too. */
export function sanitizeTerminalField(text: string): string {
  return text.replace(UNSAFE_WITH_LAYOUT, escapeCodePoint);
}
