import { describe, expect, it } from 'vitest';
import { compileFieldMatcher } from '../../src/detect/sigma/matchers.js';
import { IntelLists } from '../../src/detect/intel.js';

const ctx = { intel: new IntelLists() };

describe('string matchers with remembered answers', () => {
  it('answer as the patterns do, for repeated, unique, long and non-string values', () => {
    const { predicate } = compileFieldMatcher('userAgent|contains', ['pacu', 'Kali'], ctx, 'test');
    const expected = (ua: unknown) => typeof ua === 'string' && /pacu|kali/i.test(ua);
    const agents: unknown[] = [];
    for (let i = 0; i < 6000; i++) {
      // Repeated agents, unique ones (enough to turn remembering off), long ones, numbers and objects.
      agents.push(
        i % 3 === 0
          ? `aws-cli/2.15.${i % 7}`
          : i % 3 === 1
            ? `boto3/${i} ${i % 11 === 0 ? 'PACU' : 'x'}`
            : i % 50 === 2
              ? `${'A'.repeat(300)}${i % 100 === 2 ? 'kAlI' : ''}`
              : i % 50 === 5
                ? i
                : `Mozilla/5.0 (${i % 5 === 0 ? 'Kali Linux' : 'Windows'})`,
      );
    }
    agents.push({ nested: 'pacu' }, null);
    for (const ua of agents) expect([ua, predicate({ userAgent: ua })]).toEqual([ua, expected(ua)]);
    // Lists of values are searched element by element.
    expect(predicate({ userAgent: ['curl', 'pacu/1.0'] })).toBe(true);
    expect(predicate({ userAgent: ['curl', 'wget'] })).toBe(false);
  });
});
