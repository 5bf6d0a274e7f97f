/** Shared contracts between the stages of the scan pipeline (see DESIGN.md). */

export type Provider = 'aws' | 'k8s';

/** The one list of severities, lowest first: rule METADATA, --fail-on, routes and reports use it. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A rule id: kebab-case, starting with its provider ("aws-iam-root-mfa"). */
export const RULE_ID = /^(aws|k8s)-[a-z0-9]+(-[a-z0-9]+)*$/;

/** A resource type: provider, service or API group, kind ("aws.ec2.security_group", "k8s.pod"). */
export const RESOURCE_TYPE = /^(aws|k8s)\.[a-z0-9_]+(\.[a-z0-9_]+)*$/;

export interface Resource {
  /** ARN, `aws://<account>/<region|global>/<type>[/<name>]` or `k8s://<cluster>/<ns|_cluster>/<Kind>/<name>`. */
  id: string;
  /** e.g. "aws.iam.user", "aws.ec2.security_group", "k8s.pod". */
  type: string;
  provider: Provider;
  /** AWS account id or Kubernetes cluster name. */
  account: string;
  /** AWS region or "global"; Kubernetes namespace or "_cluster". */
  region: string;
  name: string;
  tags: Record<string, string>;
  config: unknown;
  source?: { file: string; line: number };
  /**
   * Which definition of the id this is, when files define the same object more than once
   * (overlays): by default its source file; `FILE#2` for a second definition in one file.
   */
  definition?: string;
}

/**
 * The store keeps the definitions of one id apart (DESIGN.md "Resource ids"): this is the second
 * half of a resource's identity, "" for resources read from a cluster or a cloud API.
 */
export function definitionOf(resource: Pick<Resource, 'definition' | 'source'>): string {
  return resource.definition ?? resource.source?.file ?? '';
}

/**
 * `stance.dev/ignore: "<rule-id>: <reason>"` on a Kubernetes object mutes that rule for it; several
 * entries are separated by new lines or semicolons. Collectors copy the annotation into the
 * resource's tags under the same key so it travels with the resource.
 */
export const IGNORE_ANNOTATION = 'stance.dev/ignore';

/**
 * The unit that is listed completely or not at all. `key` is the canonical
 * identity stored in the database:
 *   aws/<account>/<region>/<service>, k8s/<cluster>/<Kind>, manifests/<cluster>/<path>
 */
export interface ScopeRef {
  key: string;
  provider: Provider;
  account: string;
  region: string;
  /** AWS service, Kubernetes kind, or "manifests". */
  service: string;
}

/**
 * One scope as a collector saw it: listed completely (`ok`), not at all (`error`), or in part
 * (`partial`: what was read is recorded, nothing is marked deleted).
 */
export interface CollectedScope {
  scope: ScopeRef;
  status: 'ok' | 'error' | 'partial';
  error?: string;
  resources: Resource[];
}

/** Facts about a live Kubernetes cluster as a whole, read with its objects. */
export interface ClusterFacts {
  /** The cluster name the resources carry as `account`. */
  name: string;
  /** The API server's version, "v1.<minor>" (GET /version). */
  kubeVersion?: string;
  /** Why the version could not be read. */
  kubeVersionError?: string;
}

export interface Collection {
  collectedAt: Date;
  scopes: CollectedScope[];
  /** Live Kubernetes clusters read for this collection. */
  clusters?: ClusterFacts[];
}

export type EvalStatus = 'pass' | 'fail' | 'error';

/** The verdict of one rule on one resource. */
export interface Evaluation {
  resourceId: string;
  ruleId: string;
  status: EvalStatus;
  /** Failure messages joined, the error text, or "" on pass. */
  message: string;
  /** The resource's definitionOf() when not "": which of several definitions of the id was evaluated. */
  definition?: string;
}

export interface RuleMeta {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  resourceTypes: string[];
  remediation: string;
  /** Rego package, e.g. "stance.rules.aws.ec2.sg_open_admin_port". */
  package: string;
  /** Path of the .rego file relative to the repository. */
  file: string;
  /**
   * Whether the rule reads the collection time (`input.context.now_ns`), itself or through a
   * library it imports; absent in bundles built before this was recorded (taken as true).
   */
  readsClock?: boolean;
}

/** Facts about the scope passed to every rule as `input.context`. */
export interface EvalContext {
  now_ns: number;
  provider: Provider;
  account: string;
  region: string;
  [key: string]: unknown;
}
