/**
 * What Stance keeps of a Kubernetes object's configuration: one sanitiser applied where objects
 * enter (live listings, manifests, snapshots of any age) and by the store migration that scrubs
 * databases written by earlier versions.
 *
 * - Secret: identity and shape only. Metadata is kept field by field (name, namespace, labels,
 *   owners, ...); `data`, `stringData` and `binaryData` become their key names
 *   (`stance.dataKeys`); annotations become their key names (`stance.annotationKeys`), because
 *   any annotation can hold a value (kubectl's last-applied-configuration holds the whole Secret).
 *   `managedFields` goes too.
 * - ConfigMap: `data` and `binaryData` become their key names; metadata stays. Before the values
 *   go, each `data` value is read for what looks like a credential (./credentials.ts): the keys
 *   that do are kept with the reason in `stance.credentialKeys` (present, possibly empty, whenever
 *   the values were read), for the k8s-configmap-credentials rule. binaryData is not read.
 * - Pod specs (Pods, workload templates, CronJob and PodTemplate templates): a literal env value
 *   that looks like a credential is replaced with REDACTED_ENV_VALUE and named, with the reason,
 *   in `stance.credentialEnv` ({container: "containers[0]", name, reason}), for the
 *   k8s-env-literal-credential rule. Other env values stay: they are configuration.
 * - Every kind: the `kubectl.kubernetes.io/last-applied-configuration` annotation is removed and
 *   named in `stance.removedAnnotations`. It is a copy of the object as last applied, which can be
 *   large, can hold values later moved to a Secret (an inline env value) and, for a ConfigMap,
 *   the data stripped above; no rule reads it. The apiVersion it was applied with is kept as
 *   `stance.appliedApiVersion` (a live cluster serves objects at the version asked for, so this is
 *   the only trace of a deprecated apiVersion in the manifests behind them).
 *
 * Idempotent: a sanitised object sanitises to itself, so configurations collected live, from
 * manifests and from snapshots hash alike.
 */
import { configMapValueReason, envValueReason, REDACTED_ENV_VALUE } from './credentials.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

const PAYLOAD_FIELDS = ['data', 'stringData', 'binaryData'] as const;

/** Secret metadata that identifies the object and its owners; nothing here carries a value. */
const SECRET_METADATA = new Set([
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'ownerReferences',
  'finalizers',
]);

/** What one sanitisation removed, for the store migration's count. */
export interface Removed {
  /** Values of Secret data entries and annotations. */
  secretValues: number;
  /** last-applied-configuration annotations on other kinds. */
  lastApplied: number;
  /** Literal env values that look like credentials. */
  envValues: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function mergedNames(previous: unknown, added: string[]): string[] {
  const names = new Set(Array.isArray(previous) ? previous.filter((n) => typeof n === 'string') : []);
  for (const n of added) names.add(n);
  return [...names].sort();
}

/** Kinds whose pod spec the sanitiser reads, by resource type (objects stored without `kind`). */
const KIND_OF_TYPE: Record<string, string> = {
  'k8s.secret': 'Secret',
  'k8s.configmap': 'ConfigMap',
  'k8s.pod': 'Pod',
  'k8s.podtemplate': 'PodTemplate',
  'k8s.deployment': 'Deployment',
  'k8s.statefulset': 'StatefulSet',
  'k8s.daemonset': 'DaemonSet',
  'k8s.replicaset': 'ReplicaSet',
  'k8s.replicationcontroller': 'ReplicationController',
  'k8s.job': 'Job',
  'k8s.cronjob': 'CronJob',
};

/** The kind of a stored object: its own `kind`, else from the resource type (`k8s.secret`). */
function kindOf(object: Record<string, unknown>, type: string | undefined): string {
  if (typeof object.kind === 'string') return object.kind;
  return (type && KIND_OF_TYPE[type]) ?? '';
}

/** Where each kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const CONTAINER_FIELDS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

export interface CredentialEnv {
  /** The container's place in the pod spec, e.g. "initContainers[0]". */
  container: string;
  name: string;
  reason: string;
}

/** A pod spec with literal credentials in env replaced, and what was replaced; undefined if nothing. */
function redactPodSpec(
  spec: Record<string, unknown>,
): { spec: Record<string, unknown>; found: CredentialEnv[] } | undefined {
  const found: CredentialEnv[] = [];
  const out: Record<string, unknown> = { ...spec };
  for (const field of CONTAINER_FIELDS) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    let changed = false;
    const next = containers.map((container: unknown, i) => {
      if (!isRecord(container) || !Array.isArray(container.env)) return container;
      let envChanged = false;
      const env = container.env.map((entry: unknown, j) => {
        if (!isRecord(entry) || typeof entry.value !== 'string') return entry;
        const name = typeof entry.name === 'string' ? entry.name : `env[${j}]`;
        const reason = envValueReason(name, entry.value);
        if (!reason) return entry;
        envChanged = true;
        found.push({ container: `${field}[${i}]`, name, reason });
        return { ...entry, value: REDACTED_ENV_VALUE };
      });
      if (!envChanged) return container;
      changed = true;
      return { ...container, env };
    });
    if (changed) out[field] = next;
  }
  return found.length ? { spec: out, found } : undefined;
}

/** The object with its pod spec (at `path`) replaced by what `change` returns, or undefined. */
function withPodSpec(
  object: Record<string, unknown>,
  path: string[],
  change: (spec: Record<string, unknown>) => Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const [head, ...rest] = path;
  const child = object[head!];
  if (!isRecord(child)) return undefined;
  const replaced = rest.length === 0 ? change(child) : withPodSpec(child, rest, change);
  return replaced ? { ...object, [head!]: replaced } : undefined;
}

/** The apiVersion a last-applied-configuration annotation records, when it is readable. */
function appliedApiVersion(annotation: unknown): string | undefined {
  if (typeof annotation !== 'string' || annotation.length > 1 << 20) return undefined;
  try {
    const applied = JSON.parse(annotation) as { apiVersion?: unknown } | null;
    const version = applied?.apiVersion;
    return typeof version === 'string' && /^([a-z0-9.-]{1,253}\/)?v[0-9]+[a-z0-9]{0,20}$/.test(version)
      ? version
      : undefined;
  } catch {
    return undefined;
  }
}

/** Each ConfigMap data entry that looks like a credential, with why; never its value. */
function credentialKeys(data: unknown): { key: string; reason: string }[] {
  if (!isRecord(data)) return [];
  const found: { key: string; reason: string }[] = [];
  for (const [key, value] of Object.entries(data)) {
    const text =
      typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : undefined;
    const reason = text === undefined ? undefined : configMapValueReason(key, text);
    if (reason) found.push({ key, reason });
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The configuration to keep for a Kubernetes object (see above). Returns the object itself when
 * there is nothing to remove. `type` (the resource type) names the kind of objects stored without
 * one.
 */
export function sanitizeK8sObject(object: unknown, type?: string, removed?: Removed): unknown {
  if (!isRecord(object)) return object;
  const kind = kindOf(object, type);
  const secret = kind === 'Secret';
  const configMap = kind === 'ConfigMap';
  const payloadKind = secret || configMap;
  const metadata = isRecord(object.metadata) ? object.metadata : undefined;
  const annotations = metadata && isRecord(metadata.annotations) ? metadata.annotations : undefined;
  const hasPayload = payloadKind && PAYLOAD_FIELDS.some((f) => f in object);
  const secretMetadataToDrop =
    secret && metadata && Object.keys(metadata).some((k) => !SECRET_METADATA.has(k));
  const lastApplied = !secret && annotations !== undefined && LAST_APPLIED_ANNOTATION in annotations;
  let env: CredentialEnv[] = [];
  const podSpecPath = POD_SPEC_PATHS[kind];
  const redacted = podSpecPath
    ? withPodSpec(object, podSpecPath, (spec) => {
        const result = redactPodSpec(spec);
        if (result) env = result.found;
        return result?.spec;
      })
    : undefined;
  if (!hasPayload && !secretMetadataToDrop && !lastApplied && !redacted) return object;

  const out: Record<string, unknown> = { ...(redacted ?? object) };
  const stance: Record<string, unknown> = isRecord(object.stance) ? { ...object.stance } : {};
  if (hasPayload) {
    const keys: string[] = [];
    if (configMap)
      stance.credentialKeys = mergedEntries(stance.credentialKeys, credentialKeys(object.data), (e) => e.key);
    for (const field of PAYLOAD_FIELDS) {
      const payload = object[field];
      if (isRecord(payload)) {
        keys.push(...Object.keys(payload));
        if (secret && removed) removed.secretValues += Object.keys(payload).length;
      } else if (payload !== undefined && payload !== null && secret && removed) removed.secretValues += 1;
      delete out[field];
    }
    stance.dataKeys = mergedNames(stance.dataKeys, keys);
  }
  if (secret && metadata) {
    const kept: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(metadata)) if (SECRET_METADATA.has(k)) kept[k] = v;
    out.metadata = kept;
    if (annotations) {
      const keys = Object.keys(annotations);
      if (removed) removed.secretValues += keys.length;
      stance.annotationKeys = mergedNames(stance.annotationKeys, keys);
    }
  }
  if (lastApplied) {
    const { [LAST_APPLIED_ANNOTATION]: dropped, ...rest } = annotations!;
    out.metadata = { ...metadata, annotations: rest };
    if (removed) removed.lastApplied += 1;
    stance.removedAnnotations = mergedNames(stance.removedAnnotations, [LAST_APPLIED_ANNOTATION]);
    const version = appliedApiVersion(dropped);
    if (version) stance.appliedApiVersion = version;
  }
  if (env.length) {
    if (removed) removed.envValues += env.length;
    stance.credentialEnv = mergedEntries(stance.credentialEnv, env, (e) => `${e.container}\u0000${e.name}`);
  }
  out.stance = stance;
  return out;
}

/** Entries already recorded (an object sanitised before) and new ones, one per key, in key order. */
function mergedEntries<T>(previous: unknown, added: T[], key: (entry: T) => string): T[] {
  const byKey = new Map<string, T>();
  if (Array.isArray(previous))
    for (const entry of previous as T[]) if (isRecord(entry)) byKey.set(key(entry), entry);
  for (const entry of added) byKey.set(key(entry), entry);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
}
