import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BadYamlFileError, readYamlFile, YamlNestingError } from '../util/safe-yaml.js';
import { tooDeepMessage } from '../util/nesting.js';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { formatPath, lineOfPath } from '../util/json-location.js';

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

/** A user's framework directories: each must exist and hold frameworks, whose rules must exist. */
export interface UserFrameworks {
  dirs: string[];
  /** Every rule id of the loaded policy bundle (built-in and user rules). */
  ruleIds: ReadonlySet<string>;
}

/**
 * Loads every `*.yaml` framework in the bundled directory, then in the user's directories; no
 * directory may redefine an id. A user's directory that is missing or holds no framework, or a
 * user's control naming a rule the bundle lacks, is an InputError naming the file and line.
 */
export function loadFrameworks(dirs: string[], user?: UserFrameworks): Framework[] {
  const byId = new Map<string, Framework>();
  for (const dir of dirs) loadDir(dir, byId);
  for (const dir of user?.dirs ?? []) {
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      throw new InputError(`frameworks ${dir}: no such directory`);
    }
    if (!isDir) throw new InputError(`frameworks ${dir}: not a directory`);
    const loaded = loadDir(dir, byId);
    if (loaded.length === 0) throw new InputError(`frameworks ${dir}: no framework files (*.yaml, *.yml)`);
    for (const { framework, file, text } of loaded) checkRules(framework, file, text, user!.ruleIds);
  }
  return [...byId.values()];
}

function checkRules(framework: Framework, file: string, text: string, ruleIds: ReadonlySet<string>): void {
  framework.controls.forEach((control, i) =>
    control.rules.forEach((rule, j) => {
      if (ruleIds.has(rule)) return;
      const line = lineOfPath(text, ['controls', i, 'rules', j]);
      throw new InputError(
        `framework ${file}${line ? `:${line}` : ''}: control ${control.id}: unknown rule id ${rule} (see stance rules)`,
      );
    }),
  );
}

function loadDir(
  dir: string,
  byId: Map<string, Framework>,
): { framework: Framework; file: string; text: string }[] {
  const loaded: { framework: Framework; file: string; text: string }[] = [];
  if (!existsSync(dir)) return loaded;
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
      loaded.push({ framework, file, text });
  }
  return loaded;
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
