import { describe, expect, it } from 'vitest';
import { combineExitCodes, EXIT } from '../../src/scan/exit-codes.js';

describe('exit code precedence 2 > 4 > 1 > 3', () => {
  it('picks the highest-precedence code present', () => {
    expect(combineExitCodes([])).toBe(EXIT.ok);
    expect(combineExitCodes([EXIT.partial])).toBe(3);
    expect(combineExitCodes([EXIT.partial, EXIT.gateTripped])).toBe(1);
    expect(combineExitCodes([EXIT.gateTripped, EXIT.runtime, EXIT.partial])).toBe(4);
    expect(combineExitCodes([EXIT.runtime, EXIT.input])).toBe(2);
    expect(combineExitCodes([EXIT.ok, EXIT.ok])).toBe(0);
  });
});
