import { z } from 'zod';
import { InputError } from '../errors.js';
import { writeOutputFile } from '../util/output-file.js';
import { awsScope, k8sScope, manifestScope } from '../model/scopes.js';
import { scopeOfResource } from './resource-scope.js';
import { readSnapshotMembers } from './snapshot-reader.js';
import {
  RESOURCE_TYPE,
  type CollectedScope,
  type Collection,
  type Resource,
  type ScopeRef,
} from '../types.js';
import { formatPath, jsonLineOfPath, jsonSyntaxLocation, readTextFile } from '../util/json-location.js';
import { sanitizeK8sObject } from './k8s/sanitize.js';
import { tooDeepMessage, tooDeepPath } from '../util/nesting.js';
import { definitionOf } from '../types.js';

const nonEmpty = z.string().min(1, 'must be a non-empty string');

const resourceSchema = z.object({
  id: nonEmpty,
  type: z.string().regex(RESOURCE_TYPE, 'must look like "aws.ec2.security_group" or "k8s.pod"'),
  provider: z.enum(['aws', 'k8s']),
  account: nonEmpty,
  region: nonEmpty,
  name: z.string(),
  tags: z.record(z.string(), z.string()).default({}),
  config: z.unknown(),
  source: z.object({ file: nonEmpty, line: z.number().int().positive() }).optional(),
  definition: nonEmpty.optional(),
});

const scopeSchema = z
  .object({
    provider: z.enum(['aws', 'k8s']),
    account: nonEmpty,
    region: z.string().optional(),
    service: nonEmpty.optional(),
    kind: nonEmpty.optional(),
    paths: z.array(nonEmpty).min(1).optional(),
    status: z.enum(['ok', 'error']),
    error: z.string().optional(),
  })
  .refine((s) => [s.service, s.kind, s.paths].filter((v) => v !== undefined).length === 1, {
    message: 'needs exactly one of "service", "kind" or "paths"',
  })
  .refine((s) => s.provider !== 'aws' || (s.region !== undefined && s.region !== ''), {
    message: 'an AWS scope needs "region" (or "global")',
    path: ['region'],
  });

/** Facts about each live cluster read (optional; written by `stance collect k8s`). */
const clusterSchema = z
  .object({
    name: nonEmpty,
    kubeVersion: z
      .string()
      .regex(/^v[0-9]{1,3}\.[0-9]{1,3}$/, 'must look like v1.31')
      .optional(),
    kubeVersionError: z.string().max(1000).optional(),
  })
  .strict();

const snapshotSchema = z.object({
  version: z.literal(1, { message: 'unsupported snapshot version (this Stance reads version 1)' }),
  collectedAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }),
  scopes: z.array(scopeSchema),
  resources: z.array(z.unknown()),
  clusters: z.array(clusterSchema).optional(),
});

type SnapshotScope = z.infer<typeof scopeSchema>;

function scopeRefOf(s: SnapshotScope): ScopeRef[] {
  if (s.service !== undefined) return [awsScopeOrK8s(s, s.service)];
  if (s.kind !== undefined) return [k8sScope(s.account, s.kind)];
  return (s.paths ?? []).map((p) => manifestScope(s.account, p));
}

function awsScopeOrK8s(s: SnapshotScope, service: string): ScopeRef {
  if (s.provider === 'aws') return awsScope(s.account, s.region ?? 'global', service);
  return k8sScope(s.account, service);
}

/** `whole`: the problem's text names the path itself. */
function fail(
  file: string,
  text: string,
  path: ReadonlyArray<PropertyKey>,
  problem: string,
  whole = false,
): never {
  const line = jsonLineOfPath(text, path);
  const where = line === undefined ? file : `${file}:${line}`;
  throw new InputError(`snapshot ${where}: ${whole ? problem : `${formatPath(path)}: ${problem}`}`);
}

/** What is wrong with a snapshot, and where: a path into its JSON. */
type Reject = (path: ReadonlyArray<PropertyKey>, problem: string, whole?: boolean) => never;

/** The streamed reading found a problem: the file is read whole, which says what and where. */
const readWhole: Reject = () => {
  throw new Error('read the snapshot whole');
};

/**
 * Builds a collection from a snapshot's top-level members and then its resources one at a time
 * (DESIGN.md "Snapshot format"); every problem goes to `reject`.
 */
class SnapshotBuilder {
  private readonly scopes = new Map<string, CollectedScope>();
  private readonly manifestScopes: CollectedScope[];
  private readonly seen = new Set<string>();

  constructor(
    private readonly top: z.infer<typeof snapshotSchema>,
    private readonly reject: Reject,
  ) {
    top.scopes.forEach((s, i) => {
      for (const scope of scopeRefOf(s)) {
        if (this.scopes.has(scope.key)) reject(['scopes', i], `duplicate scope ${scope.key}`);
        if (s.status === 'error' && !s.error)
          reject(['scopes', i, 'error'], 'a scope with status "error" needs an "error" text');
        this.scopes.set(scope.key, { scope, status: s.status, error: s.error, resources: [] });
      }
    });
    this.manifestScopes = [...this.scopes.values()].filter((s) => s.scope.service === 'manifests');
  }

  /** Every resource is checked before anything is used: a snapshot is accepted whole or not at all. */
  add(value: unknown, i: number): void {
    const deep = tooDeepPath((value as { config?: unknown } | null)?.config);
    if (deep) {
      const path = ['resources', i, 'config', ...deep];
      this.reject(path, tooDeepMessage(path), true);
    }
    const parsed = resourceSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      this.reject(['resources', i, ...issue.path], issue.message);
    }
    const resource = parsed.data as Resource;
    // the same id twice is two definitions of one object (manifest overlays), each from its file
    const identity = `${resource.id}\u0000${definitionOf(resource)}`;
    if (this.seen.has(identity)) this.reject(['resources', i, 'id'], `duplicate resource id ${resource.id}`);
    this.seen.add(identity);
    // Snapshots written by earlier versions, or by hand, may hold Secret values: never kept.
    if (resource.provider === 'k8s') resource.config = sanitizeK8sObject(resource.config, resource.type);
    const target = findScope(resource, this.scopes, this.manifestScopes);
    if (!target) {
      this.reject(
        ['resources', i],
        `resource ${resource.id} belongs to no scope listed in "scopes" (expected ${scopeOfResource(resource).key})`,
      );
    }
    if (target.status === 'error') {
      this.reject(
        ['resources', i],
        `resource ${resource.id} belongs to scope ${target.scope.key}, which has status "error"`,
      );
    }
    target.resources.push(resource);
  }

  collection(): Collection {
    return {
      collectedAt: new Date(this.top.collectedAt),
      scopes: [...this.scopes.values()],
      ...(this.top.clusters ? { clusters: this.top.clusters } : {}),
    };
  }
}

/**
 * A snapshot file read in one pass, resource by resource (./snapshot-reader.ts), or undefined when
 * it has to be read whole: not laid out as Stance writes it, or not valid (the whole reading then
 * says what is wrong and on which line).
 */
function streamSnapshot(file: string): Collection | undefined {
  const members: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let builder: SnapshotBuilder | undefined;
  const topOf = (resources: unknown[]) => {
    const top = snapshotSchema.safeParse({ ...members, resources });
    return top.success ? top.data : undefined;
  };
  try {
    const read = readSnapshotMembers(file, {
      onMember: (name, value) => {
        members[name] = value;
      },
      onResourcesStart: () => {
        const top = topOf([]);
        if (top) builder = new SnapshotBuilder(top, readWhole);
        return builder !== undefined;
      },
      onResource: (value, i) => builder!.add(value, i),
    });
    if (!read || !builder) return undefined;
    // members after the resources (clusters) are checked with the rest
    const top = topOf([]);
    if (!top) return undefined;
    return { ...builder.collection(), ...(top.clusters ? { clusters: top.clusters } : {}) };
  } catch {
    // ReadWhole, a syntax error, anything else: the whole reading says what it is, and where
    return undefined;
  }
}

/** Reads and validates a snapshot file (DESIGN.md "Snapshot format"); `-` reads standard input. */
export function loadSnapshot(file: string): Collection {
  const streamed = file === '-' ? undefined : streamSnapshot(file);
  if (streamed) return streamed;
  let text: string;
  try {
    text = readTextFile(file, 'snapshot');
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  return parseSnapshot(text, file);
}

export function parseSnapshot(text: string, file: string): Collection {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const loc = jsonSyntaxLocation(text, error as Error);
    const where = loc ? `${file}:${loc.line}:${loc.column}` : file;
    throw new InputError(`snapshot ${where}: invalid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const top = snapshotSchema.safeParse(raw);
  if (!top.success) {
    const issue = top.error.issues[0]!;
    fail(file, text, issue.path, issue.message);
  }
  const builder = new SnapshotBuilder(top.data, (path, problem, whole) =>
    fail(file, text, path, problem, whole),
  );
  top.data.resources.forEach((value, i) => builder.add(value, i));
  return builder.collection();
}

function findScope(
  resource: Resource,
  scopes: Map<string, CollectedScope>,
  manifestScopes: CollectedScope[],
): CollectedScope | undefined {
  if (resource.source && resource.provider === 'k8s') {
    const file = resource.source.file;
    const byPath = manifestScopes.find((s) => {
      const path = s.scope.key.slice(`manifests/${s.scope.account}/`.length);
      return (
        s.scope.account === resource.account &&
        (file === path || file.startsWith(path.endsWith('/') ? path : `${path}/`))
      );
    });
    if (byPath) return byPath;
  }
  return scopes.get(scopeOfResource(resource).key);
}

/** A collection as snapshot text (DESIGN.md "Snapshot format"). */
export function snapshotText(collection: Collection): string {
  const body = {
    version: 1,
    collectedAt: collection.collectedAt.toISOString(),
    scopes: collection.scopes.map(({ scope, status: collected, error }) => ({
      provider: scope.provider,
      account: scope.account,
      region: scope.region,
      ...(scope.provider === 'aws'
        ? { service: scope.service }
        : scope.service === 'manifests'
          ? { paths: [scope.key.slice(`manifests/${scope.account}/`.length)] }
          : { kind: scope.service }),
      // a partial listing cannot be replayed as complete: it is written as an errored scope
      status: collected === 'ok' ? 'ok' : 'error',
      ...(error ? { error } : {}),
    })),
    resources: collection.scopes.filter((s) => s.status === 'ok').flatMap((s) => s.resources),
    ...(collection.clusters?.length ? { clusters: collection.clusters } : {}),
  };
  return JSON.stringify(body, null, 2) + '\n';
}

/** Writes a collection as a snapshot file, atomically (temp file, then rename). */
export function writeSnapshot(file: string, collection: Collection): void {
  writeOutputFile(file, snapshotText(collection));
}
