/**
 * Wildcard patterns (`*` any characters, `?` one character) matched without a backtracking
 * regular expression: a pattern is split at its stars into pieces; the first piece must start the
 * text, the last must end it, and each piece between is taken at its leftmost place after the
 * previous one (which is never worse for the pieces after it). The work is at most the text's
 * length times the pattern's, whatever the pattern, so a rule like `*a*a*a*a*c` cannot stall a run.
 */

/** Text between two stars; `any` holds the positions of `?` (any one character). */
interface Piece {
  text: string;
  any?: Set<number>;
}

export type WildcardToken = { kind: 'text'; text: string } | { kind: 'one' } | { kind: 'many' };

function pieceAt(piece: Piece, text: string, at: number): boolean {
  if (!piece.any) return text.startsWith(piece.text, at);
  if (at + piece.text.length > text.length) return false;
  for (let i = 0; i < piece.text.length; i++) {
    if (piece.any.has(i)) continue;
    if (text.charCodeAt(at + i) !== piece.text.charCodeAt(i)) return false;
  }
  return true;
}

/** The leftmost place at or after `from` where the piece fits and ends by `end`, or -1. */
function findPiece(piece: Piece, text: string, from: number, end: number): number {
  const last = end - piece.text.length;
  if (!piece.any) {
    const at = text.indexOf(piece.text, from);
    return at >= 0 && at <= last ? at : -1;
  }
  for (let at = from; at <= last; at++) if (pieceAt(piece, text, at)) return at;
  return -1;
}

/** A matcher for the whole text. Tokens are compared as given: lower-case them and the text for a case-insensitive match. */
export function wildcardMatcher(tokens: WildcardToken[]): (text: string) => boolean {
  const pieces: Piece[] = [{ text: '' }];
  for (const token of tokens) {
    const piece = pieces[pieces.length - 1]!;
    if (token.kind === 'many') pieces.push({ text: '' });
    else if (token.kind === 'one') {
      (piece.any ??= new Set()).add(piece.text.length);
      piece.text += '?';
    } else piece.text += token.text;
  }
  if (pieces.length === 1) {
    const only = pieces[0]!;
    return (text) => text.length === only.text.length && pieceAt(only, text, 0);
  }
  const first = pieces[0]!;
  const lastPiece = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1).filter((p) => p.text.length > 0);
  const fixed = first.text.length + lastPiece.text.length;
  return (text) => {
    if (text.length < fixed) return false;
    const end = text.length - lastPiece.text.length;
    if (!pieceAt(first, text, 0) || !pieceAt(lastPiece, text, end)) return false;
    let at = first.text.length;
    for (const piece of middle) {
      const found = findPiece(piece, text, at, end);
      if (found < 0) return false;
      at = found + piece.text.length;
    }
    return true;
  };
}
