import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root (where package.json names "stance"), from src/ or dist/ alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'stance') return dir;
      } catch {
        // keep looking upwards
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the stance package root');
    dir = parent;
  }
}

export const bundledFrameworksDir = () => join(packageRoot(), 'frameworks');
export const demoEnvironmentFile = () => join(packageRoot(), 'demo', 'environment.json');

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
}
