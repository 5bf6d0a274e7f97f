import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadYamlFileError, readYamlFile, YamlNestingError } from '../util/safe-yaml.js';
import { tooDeepMessage } from '../util/nesting.js';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { formatPath } from '../util/json-location.js';

const controlSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  section: z.string().min(1),
  level: z.union([z.number(), z.string()]).optional(),
  assessment: z.enum(['automated', 'manual']),
  coverage: z.enum(['full', 'partial']).default('full'),
  rules: z.array(z.string().min(1)).default([]),
  guidance: z.string().optional(),
});

const frameworkSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be lower-case letters, digits, dots and dashes'),
  name: z.string().min(1),
  version: z.string().min(1),
  source: z.string().min(1),
  complete: z.boolean(),
  controls: z.array(controlSchema).min(1),
});

export type Framework = z.infer<typeof frameworkSchema>;
export type Control = z.infer<typeof controlSchema>;

export function parseFramework(text: string, file: string): Framework {
  let raw: unknown;
  try {
    raw = readYamlFile(text).value;
  } catch (error) {
    if (error instanceof YamlNestingError)
      throw new InputError(`framework ${file}:${error.line}: ${tooDeepMessage(error.path)}`);
    if (error instanceof BadYamlFileError)
      throw new InputError(`framework ${file}:${error.line}: invalid YAML (${error.reason})`);
    throw error;
  }
  const result = frameworkSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const [first, index] = issue.path;
    const control =
      first === 'controls' && typeof index === 'number'
        ? ` control ${String((raw as { controls?: { id?: unknown }[] }).controls?.[index]?.id ?? `#${index}`)}`
        : '';
    throw new InputError(`framework ${file}:${control} ${formatPath(issue.path)}: ${issue.message}`);
  }
  const ids = new Set<string>();
  for (const control of result.data.controls) {
    if (ids.has(control.id)) throw new InputError(`framework ${file}: duplicate control id ${control.id}`);
    ids.add(control.id);
  }
  return result.data;
}

/** Loads every `*.yaml` framework in the given directories; later directories may not redefine an id. */
export function loadFrameworks(dirs: string[]): Framework[] {
  const byId = new Map<string, Framework>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
      const file = join(dir, name);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT'
            ? 'dangling symbolic link (its target does not exist)'
            : code === 'ELOOP'
              ? 'symbolic link loop'
              : code === 'EISDIR'
                ? 'is a directory'
                : (error as Error).message.split('\n')[0]!;
        throw new InputError(`framework ${file}: cannot read: ${reason}`);
      }
      const framework = parseFramework(text, file);
      if (byId.has(framework.id)) throw new InputError(`framework ${file}: id ${framework.id} is defined twice`);
      byId.set(framework.id, framework);
    }
  }
  return [...byId.values()];
}

/** rule id → ["<framework-id>:<control-id>", ...] */
export function controlsByRule(frameworks: Framework[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const framework of frameworks) {
    for (const control of framework.controls) {
      for (const rule of control.rules) {
        const list = map.get(rule) ?? [];
        list.push(`${framework.id}:${control.id}`);
        map.set(rule, list);
      }
    }
  }
  return map;
}
