import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Composer, isMap, isSeq, LineCounter, Parser, type Document } from 'yaml';
import { enrichK8s } from '../../enrich/k8s.js';
import { InputError } from '../../errors.js';
import { manifestScope } from '../../scan/scopes.js';
import type { Resource } from '../../types.js';
import { IGNORE_ANNOTATION } from '../../mutes/match.js';
import type { CollectedScope, Collection } from '../snapshot.js';

/** Kinds that live outside namespaces; everything else defaults to namespace "default". */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'CSIDriver',
  'APIService',
  'PodSecurityPolicy',
]);

/** Object kinds whose payload is never stored: Secrets and ConfigMaps are kept as metadata only. */
const DATA_KINDS = new Set(['Secret', 'ConfigMap']);

export interface ManifestProblem {
  file: string;
  line: number;
  reason: string;
}

export interface ManifestCollection extends Collection {
  problems: ManifestProblem[];
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function filesOf(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new InputError(`--manifests ${path}: no such file or directory`);
  if (stat.isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (MANIFEST_FILE.test(name)) out.push(p);
    }
  };
  walk(path);
  return out;
}

function stripData(object: Record<string, unknown>): Record<string, unknown> {
  if (!DATA_KINDS.has(String(object.kind))) return object;
  const { data, stringData, binaryData, ...rest } = object;
  const keys = [data, stringData, binaryData]
    .flatMap((d) => (d && typeof d === 'object' ? Object.keys(d) : []))
    .sort();
  return { ...rest, stance: { dataKeys: keys } };
}

/** Turns one Kubernetes object into a Resource, or says what is wrong with it. */
export function objectToResource(
  object: unknown,
  cluster: string,
  source: { file: string; line: number } | undefined,
): Resource | string {
  if (!object || typeof object !== 'object' || Array.isArray(object))
    return 'not a Kubernetes object (expected a mapping)';
  const o = object as Record<string, unknown>;
  if (typeof o.kind !== 'string' || !o.kind) return 'missing "kind"';
  if (typeof o.apiVersion !== 'string' || !o.apiVersion) return 'missing "apiVersion"';
  const metadata = (o.metadata ?? {}) as Record<string, unknown>;
  const name = metadata.name;
  if (typeof name !== 'string' || !name) return `${o.kind} without metadata.name`;
  const namespace = CLUSTER_SCOPED.has(o.kind)
    ? '_cluster'
    : typeof metadata.namespace === 'string' && metadata.namespace
      ? metadata.namespace
      : 'default';
  const labels =
    metadata.labels && typeof metadata.labels === 'object'
      ? (metadata.labels as Record<string, unknown>)
      : {};
  const annotations =
    metadata.annotations && typeof metadata.annotations === 'object'
      ? (metadata.annotations as Record<string, unknown>)
      : {};
  const ignore = annotations[IGNORE_ANNOTATION];
  return {
    id: `k8s://${cluster}/${namespace}/${o.kind}/${name}`,
    type: `k8s.${o.kind.toLowerCase()}`,
    provider: 'k8s',
    account: cluster,
    region: namespace,
    name,
    tags: {
      ...Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])),
      ...(typeof ignore === 'string' ? { [IGNORE_ANNOTATION]: ignore } : {}),
    },
    config: stripData(o),
    ...(source ? { source } : {}),
  };
}

function documentObjects(doc: Document, lineCounter: LineCounter): { value: unknown; line: number }[] {
  const line = lineCounter.linePos(doc.contents?.range?.[0] ?? 0).line;
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (
    value &&
    typeof value === 'object' &&
    (value as { kind?: unknown }).kind === 'List' &&
    isMap(doc.contents)
  ) {
    const itemsNode = doc.contents.get('items', true);
    const items = ((value as { items?: unknown }).items ?? []) as unknown[];
    return items.map((item, i) => ({
      value: item,
      line: isSeq(itemsNode)
        ? lineCounter.linePos((itemsNode.items[i] as { range?: [number] } | undefined)?.range?.[0] ?? 0).line
        : line,
    }));
  }
  return [{ value, line }];
}

/**
 * Reads manifests (multi-document YAML, JSON, `List` kinds, Helm/Kustomize output) into one scope
 * per file. A malformed document is reported with file and line and the rest of the file is still
 * scanned; that file's scope is then `partial` (nothing in it is marked deleted).
 */
export function collectManifests(
  paths: string[],
  opts: { cluster?: string; stdin?: () => string; cwd?: string } = {},
): ManifestCollection {
  const cluster = opts.cluster ?? 'manifests';
  const cwd = opts.cwd ?? process.cwd();
  const scopes: CollectedScope[] = [];
  const problems: ManifestProblem[] = [];
  const seen = new Map<string, string>();
  const inputs: { file: string; text: () => string }[] = [];
  for (const path of paths) {
    if (path === '-')
      inputs.push({ file: '<stdin>', text: () => (opts.stdin ?? (() => readFileSync(0, 'utf8')))() });
    else
      for (const file of filesOf(resolve(cwd, path)))
        inputs.push({ file: relative(cwd, file) || file, text: () => readFileSync(file, 'utf8') });
  }
  for (const input of inputs) {
    const lineCounter = new LineCounter();
    const resources: Resource[] = [];
    let broken = false;
    let text: string;
    try {
      text = input.text();
    } catch (error) {
      problems.push({ file: input.file, line: 1, reason: (error as Error).message.split('\n')[0]! });
      scopes.push({
        scope: manifestScope(cluster, input.file),
        status: 'error',
        error: 'unreadable',
        resources: [],
      });
      continue;
    }
    // Documents are composed one at a time, so a large file never holds every document tree at once.
    const documents = new Composer({ uniqueKeys: true }).compose(
      new Parser(lineCounter.addNewLine).parse(text),
      true,
    );
    for (const doc of documents as Iterable<Document>) {
      if (doc.errors.length) {
        const e = doc.errors[0]!;
        problems.push({
          file: input.file,
          line: lineCounter.linePos(e.pos?.[0] ?? doc.range?.[0] ?? 0).line,
          reason: e.message.split('\n')[0]!,
        });
        broken = true;
        continue;
      }
      if (doc.contents === null) continue; // an empty document between separators
      for (const { value, line } of documentObjects(doc, lineCounter)) {
        const resource = objectToResource(value, cluster, { file: input.file, line });
        if (typeof resource === 'string') {
          problems.push({ file: input.file, line, reason: resource });
          broken = true;
          continue;
        }
        const previous = seen.get(resource.id);
        if (previous) {
          problems.push({ file: input.file, line, reason: `${resource.id} is also defined at ${previous}` });
          broken = true;
          continue;
        }
        seen.set(resource.id, `${input.file}:${line}`);
        resources.push(resource);
      }
    }
    scopes.push({
      scope: manifestScope(cluster, input.file),
      status: broken ? 'partial' : 'ok',
      ...(broken ? { error: 'some documents could not be read' } : {}),
      resources,
    });
  }
  if (inputs.length === 0)
    throw new InputError(`--manifests ${paths.join(' ')}: no .yaml, .yml or .json files found`);
  return enrichK8s({ collectedAt: new Date(), scopes, problems });
}
