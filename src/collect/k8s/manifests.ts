import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isSeq, type LineCounter } from 'yaml';
import { InputError } from '../../errors.js';
import { manifestScope } from '../../model/scopes.js';
import type { Resource } from '../../types.js';
import { IGNORE_ANNOTATION } from '../../types.js';
import { tooDeepMessage } from '../../util/nesting.js';
import { readYamlStream, YamlNestingError, type YamlDocument } from '../../util/safe-yaml.js';
import type { CollectedScope, Collection } from '../../types.js';
import {
  displayPath,
  errorReason,
  isKustomization,
  kustomizePatches,
  manifestFiles,
  type ManifestProblem,
} from './manifest-files.js';
import { sanitizeK8sObject } from './sanitize.js';

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

export type { ManifestProblem } from './manifest-files.js';

export interface ManifestCollection extends Collection {
  /** Inputs and documents that could not be read: their scopes are `partial` or `error`. */
  problems: ManifestProblem[];
  /** Inputs deliberately not evaluated (Kustomize files) and objects defined more than once. */
  notices: ManifestProblem[];
}

/** Turns one Kubernetes object into a Resource, or says what is wrong with it. */
export function objectToResource(
  object: unknown,
  cluster: string,
  source: { file: string; line: number } | undefined,
): Resource | string {
  if (!object || typeof object !== 'object' || Array.isArray(object))
    return 'not a Kubernetes object (expected a mapping)';
  // `stance` holds facts Stance itself adds (enrichment, collection errors); an object that brings
  // its own could pre-empt them, e.g. mark itself unreadable to dodge evaluation
  const { stance: _own, ...o } = object as Record<string, unknown>;
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
    config: sanitizeK8sObject(o),
    ...(source ? { source } : {}),
  };
}

/** The objects of one document: itself, or each item of a `List`, with its line. */
function documentObjects(
  document: YamlDocument,
  lineCounter: LineCounter,
): { value: unknown; line: number }[] {
  const { value, doc, line } = document;
  if (
    value &&
    typeof value === 'object' &&
    (value as { kind?: unknown }).kind === 'List' &&
    isMap(doc.contents)
  ) {
    const itemsNode = doc.contents.get('items', true);
    const items = (value as { items?: unknown }).items;
    if (!Array.isArray(items)) return [];
    return items.map((item, i) => ({
      value: item,
      line: isSeq(itemsNode)
        ? lineCounter.linePos((itemsNode.items[i] as { range?: [number] } | undefined)?.range?.[0] ?? 0).line
        : line,
    }));
  }
  return [{ value, line }];
}

const KUSTOMIZE_API = /^kustomize\.config\.k8s\.io\//;

const renderHint = (dir: string) =>
  `scan the rendered output instead (kustomize build ${dir} | stance scan k8s --manifests -)`;

/**
 * Same id, several definitions (overlays, per-environment copies): every one is evaluated and the
 * store keeps them apart by source file; a second definition in the same file is `FILE#2`.
 */
function assignDefinitions(scopes: CollectedScope[], notices: ManifestProblem[]): void {
  const byId = new Map<string, Resource[]>();
  for (const r of scopes.flatMap((s) => s.resources)) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  for (const [id, definitions] of byId) {
    if (definitions.length < 2) continue;
    const perFile = new Map<string, number>();
    for (const r of definitions) {
      const n = (perFile.get(r.source!.file) ?? 0) + 1;
      perFile.set(r.source!.file, n);
      if (n > 1) r.definition = `${r.source!.file}#${n}`;
    }
    const where = definitions.map((r) => `${r.source!.file}:${r.source!.line}`);
    notices.push({
      file: definitions[1]!.source!.file,
      line: definitions[1]!.source!.line,
      reason: `${id} is defined ${definitions.length} times (${where.join(', ')}): each definition is evaluated and kept with its location`,
    });
  }
}

/**
 * Reads manifests (multi-document YAML, JSON, `List` kinds, Helm/Kustomize output) into one scope
 * per file. A document that cannot be read (syntax, an alias bomb) is reported with file and line
 * and the rest of the file is still scanned; that file's scope is then `partial` (nothing in it is
 * marked deleted). A directory entry that cannot be followed is an `error` scope of its own. Input
 * nested deeper than the bound is an input error: nothing of any file is scanned.
 */
export function collectManifests(
  paths: string[],
  opts: { cluster?: string; stdin?: () => string; cwd?: string } = {},
): ManifestCollection {
  const cluster = opts.cluster ?? 'manifests';
  const cwd = opts.cwd ?? process.cwd();
  const display = displayPath(cwd);
  const scopes: CollectedScope[] = [];
  const problems: ManifestProblem[] = [];
  const notices: ManifestProblem[] = [];
  const inputs: { file: string; absolute?: string; text: () => string }[] = [];
  for (const path of paths) {
    if (path === '-') {
      inputs.push({ file: '<stdin>', text: () => (opts.stdin ?? (() => readFileSync(0, 'utf8')))() });
      continue;
    }
    const found = manifestFiles(resolve(cwd, path), display);
    for (const file of found.files)
      inputs.push({ file: display(file), absolute: file, text: () => readFileSync(file, 'utf8') });
    for (const bad of found.bad) {
      problems.push(bad);
      scopes.push({
        scope: manifestScope(cluster, bad.file),
        status: 'error',
        error: bad.reason,
        resources: [],
      });
    }
    notices.push(...found.notices);
  }
  if (inputs.length === 0 && problems.length === 0)
    throw new InputError(`--manifests ${paths.join(' ')}: no .yaml, .yml or .json files found`);
  const patches = kustomizePatches(
    inputs.flatMap((i) => (i.absolute ? [i.absolute] : [])),
    display,
  );

  for (const input of inputs) {
    const scope = manifestScope(cluster, input.file);
    const skipped = (reason: string) => {
      notices.push({ file: input.file, reason });
      // nothing of this file is an object: whatever an earlier scan stored from it is gone
      scopes.push({ scope, status: 'ok', resources: [] });
    };
    if (input.absolute && isKustomization(input.absolute)) {
      skipped(`a Kustomize kustomization, not a Kubernetes object; ${renderHint(dirname(input.file))}`);
      continue;
    }
    const kustomization = input.absolute ? patches.get(input.absolute) : undefined;
    if (kustomization) {
      skipped(
        `a patch listed in ${kustomization}, not a complete object: not evaluated; ${renderHint(dirname(kustomization))}`,
      );
      continue;
    }
    let text: string;
    try {
      text = input.text();
    } catch (error) {
      problems.push({ file: input.file, reason: `cannot read: ${errorReason(error)}` });
      scopes.push({ scope, status: 'error', error: 'unreadable', resources: [] });
      continue;
    }
    const resources: Resource[] = [];
    let broken = false;
    const { lineCounter, documents } = readYamlStream(text);
    try {
      for (const document of documents()) {
        if (!document.ok) {
          problems.push({ file: input.file, line: document.line, reason: document.reason });
          broken = true;
          continue;
        }
        for (const { value, line } of documentObjects(document, lineCounter)) {
          const apiVersion = (value as { apiVersion?: unknown } | null)?.apiVersion;
          if (typeof apiVersion === 'string' && KUSTOMIZE_API.test(apiVersion)) {
            notices.push({
              file: input.file,
              line,
              reason: `Kustomize configuration, not a Kubernetes object; ${renderHint(dirname(input.file))}`,
            });
            continue;
          }
          const resource = objectToResource(value, cluster, { file: input.file, line });
          if (typeof resource === 'string') {
            problems.push({ file: input.file, line, reason: resource });
            broken = true;
            continue;
          }
          resources.push(resource);
        }
      }
    } catch (error) {
      if (error instanceof YamlNestingError)
        throw new InputError(
          `${input.file}:${error.line}: ${tooDeepMessage(error.path)}; nothing was scanned`,
        );
      throw error;
    }
    scopes.push({
      scope,
      status: broken ? 'partial' : 'ok',
      ...(broken ? { error: 'some documents could not be read' } : {}),
      resources,
    });
  }
  assignDefinitions(scopes, notices);
  return { collectedAt: new Date(), scopes, problems, notices };
}
