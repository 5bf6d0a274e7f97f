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
 * - ConfigMap: `data` and `binaryData` become their key names; metadata stays.
 * - Every kind: the `kubectl.kubernetes.io/last-applied-configuration` annotation is removed and
 *   named in `stance.removedAnnotations`. It is a copy of the object as last applied, which can be
 *   large, can hold values later moved to a Secret (an inline env value) and, for a ConfigMap,
 *   the data stripped above; no rule reads it.
 *
 * Idempotent: a sanitised object sanitises to itself, so configurations collected live, from
 * manifests and from snapshots hash alike.
 */
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
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function mergedNames(previous: unknown, added: string[]): string[] {
  const names = new Set(Array.isArray(previous) ? previous.filter((n) => typeof n === 'string') : []);
  for (const n of added) names.add(n);
  return [...names].sort();
}

/** The kind of a stored object: its own `kind`, else from the resource type (`k8s.secret`). */
function kindOf(object: Record<string, unknown>, type: string | undefined): string {
  if (typeof object.kind === 'string') return object.kind;
  if (type === 'k8s.secret') return 'Secret';
  if (type === 'k8s.configmap') return 'ConfigMap';
  return '';
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
  const payloadKind = secret || kind === 'ConfigMap';
  const metadata = isRecord(object.metadata) ? object.metadata : undefined;
  const annotations = metadata && isRecord(metadata.annotations) ? metadata.annotations : undefined;
  const hasPayload = payloadKind && PAYLOAD_FIELDS.some((f) => f in object);
  const secretMetadataToDrop =
    secret && metadata && Object.keys(metadata).some((k) => !SECRET_METADATA.has(k));
  const lastApplied = !secret && annotations !== undefined && LAST_APPLIED_ANNOTATION in annotations;
  if (!hasPayload && !secretMetadataToDrop && !lastApplied) return object;

  const out: Record<string, unknown> = { ...object };
  const stance: Record<string, unknown> = isRecord(object.stance) ? { ...object.stance } : {};
  if (hasPayload) {
    const keys: string[] = [];
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
    const { [LAST_APPLIED_ANNOTATION]: _dropped, ...rest } = annotations!;
    out.metadata = { ...metadata, annotations: rest };
    if (removed) removed.lastApplied += 1;
    stance.removedAnnotations = mergedNames(stance.removedAnnotations, [LAST_APPLIED_ANNOTATION]);
  }
  out.stance = stance;
  return out;
}
