import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsOptionsFrom } from '../src/cli/aws-options.js';
import { parseConfig } from '../src/config/load.js';
import { REGION_NAME } from '../src/model/aws-ids.js';
import { repoRoot } from './helpers/cli.js';

/** Lists and patterns have one definition each; everything else derives from it. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

const code = [...sources(join(repoRoot, 'src')), ...sources(join(repoRoot, 'scripts'))].map((file) => ({
  file: relative(repoRoot, file),
  text: readFileSync(file, 'utf8'),
}));

const holding = (pattern: RegExp) => code.filter((c) => pattern.test(c.text)).map((c) => c.file);

describe('one definition per list', () => {
  it('severities: src/types.ts SEVERITIES only', () => {
    expect(holding(/'info',\s*'low',\s*'medium',\s*'high',\s*'critical'/)).toEqual(['src/types.ts']);
  });

  it('AWS region names: one pattern, shared by --regions of scan and detect and the daemon config', () => {
    expect(holding(/\[a-z\]\{2\}\(-\[a-z\]\+\)\+-\\d/)).toEqual(['src/model/aws-ids.ts']);
    // AWS numbers regions with one digit so far; its own endpoint data allows more
    for (const region of ['eu-west-1', 'us-gov-west-1', 'ap-southeast-10'])
      expect(REGION_NAME.test(region), region).toBe(true);
    expect(awsOptionsFrom({ regions: 'ap-southeast-10' }).regions).toEqual(['ap-southeast-10']);
    expect(
      parseConfig('targets:\n  - name: prod\n    aws: {regions: [ap-southeast-10]}\n', 'stance.yaml', {})
        .targets[0]!.aws!.regions,
    ).toEqual(['ap-southeast-10']);
  });

  it('AWS account ids: one pattern', () => {
    expect(holding(/\/\^\\d\{12\}\$\//)).toEqual(['src/model/aws-ids.ts']);
  });
});
