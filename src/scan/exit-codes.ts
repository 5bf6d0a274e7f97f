/** Exit codes of DESIGN.md's CLI contract. */
export const EXIT = {
  ok: 0,
  gateTripped: 1,
  input: 2,
  partial: 3,
  runtime: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** When several outcomes hold, the one reported is chosen in this order: 2 > 4 > 1 > 3. */
const PRECEDENCE: ExitCode[] = [EXIT.input, EXIT.runtime, EXIT.gateTripped, EXIT.partial];

export function combineExitCodes(codes: Iterable<ExitCode>): ExitCode {
  const present = new Set(codes);
  return PRECEDENCE.find((code) => present.has(code)) ?? EXIT.ok;
}
