import {
  AdmissionregistrationV1Api,
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  PolicyV1Api,
  RbacAuthorizationV1Api,
  VersionApi,
} from '@kubernetes/client-node';
import { InputError } from '../../errors.js';
import { k8sScope } from '../../model/scopes.js';
import type { Resource } from '../../types.js';
import type { ClusterFacts, CollectedScope, Collection } from '../../types.js';
import { serverKubeVersion } from '../../model/kube-version.js';
import { objectToResource } from './manifests.js';
import { tooDeepMessage, tooDeepPath } from '../../util/nesting.js';

type Page = { items: unknown[]; metadata?: { _continue?: string } };
type Lister = (page: { limit: number; _continue?: string }) => Promise<Page>;

interface KindSpec {
  kind: string;
  apiVersion: string;
  list: Lister;
}

export interface LiveOptions {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  pageSize?: number;
  /** How long one node's /configz may take through the API server proxy (default 15 s). */
  kubeletTimeoutMs?: number;
  progress?: { phase(name: string, total?: number): void; tick(n?: number): void; done(): void };
  /** Once aborted, no further kind is listed and the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Nodes whose kubelet configuration is read at the same time. */
const KUBELET_CONCURRENCY = 8;

/**
 * Every kind the live collector lists, cluster-wide, with `list` (and `limit`/`continue` paging):
 * the read access a collector's ClusterRole needs, resource by resource. Besides these it reads
 * each node's kubelet configuration (`get` on `nodes/proxy`, path /configz) and the server version
 * (GET /version, open to every client through system:public-info-viewer).
 */
export const LIVE_KINDS = [
  { kind: 'Namespace', apiVersion: 'v1', resource: 'namespaces' },
  { kind: 'Node', apiVersion: 'v1', resource: 'nodes' },
  { kind: 'Pod', apiVersion: 'v1', resource: 'pods' },
  { kind: 'Service', apiVersion: 'v1', resource: 'services' },
  { kind: 'ServiceAccount', apiVersion: 'v1', resource: 'serviceaccounts' },
  { kind: 'Secret', apiVersion: 'v1', resource: 'secrets' },
  { kind: 'ConfigMap', apiVersion: 'v1', resource: 'configmaps' },
  { kind: 'LimitRange', apiVersion: 'v1', resource: 'limitranges' },
  { kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployments' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', resource: 'statefulsets' },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', resource: 'daemonsets' },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', resource: 'replicasets' },
  { kind: 'Job', apiVersion: 'batch/v1', resource: 'jobs' },
  { kind: 'CronJob', apiVersion: 'batch/v1', resource: 'cronjobs' },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', resource: 'horizontalpodautoscalers' },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', resource: 'poddisruptionbudgets' },
  { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'roles' },
  { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'clusterroles' },
  { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'rolebindings' },
  { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'clusterrolebindings' },
  { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', resource: 'networkpolicies' },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', resource: 'ingresses' },
  {
    kind: 'MutatingWebhookConfiguration',
    apiVersion: 'admissionregistration.k8s.io/v1',
    resource: 'mutatingwebhookconfigurations',
  },
  {
    kind: 'ValidatingWebhookConfiguration',
    apiVersion: 'admissionregistration.k8s.io/v1',
    resource: 'validatingwebhookconfigurations',
  },
] as const;

type LiveKind = (typeof LIVE_KINDS)[number]['kind'];

function kinds(kc: KubeConfig): KindSpec[] {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const net = kc.makeApiClient(NetworkingV1Api);
  const adm = kc.makeApiClient(AdmissionregistrationV1Api);
  const autoscaling = kc.makeApiClient(AutoscalingV2Api);
  const policy = kc.makeApiClient(PolicyV1Api);
  const listers: Record<LiveKind, Lister> = {
    Namespace: (p) => core.listNamespace(p),
    Node: (p) => core.listNode(p),
    Pod: (p) => core.listPodForAllNamespaces(p),
    Service: (p) => core.listServiceForAllNamespaces(p),
    ServiceAccount: (p) => core.listServiceAccountForAllNamespaces(p),
    Secret: (p) => core.listSecretForAllNamespaces(p),
    ConfigMap: (p) => core.listConfigMapForAllNamespaces(p),
    LimitRange: (p) => core.listLimitRangeForAllNamespaces(p),
    Deployment: (p) => apps.listDeploymentForAllNamespaces(p),
    StatefulSet: (p) => apps.listStatefulSetForAllNamespaces(p),
    DaemonSet: (p) => apps.listDaemonSetForAllNamespaces(p),
    ReplicaSet: (p) => apps.listReplicaSetForAllNamespaces(p),
    Job: (p) => batch.listJobForAllNamespaces(p),
    CronJob: (p) => batch.listCronJobForAllNamespaces(p),
    HorizontalPodAutoscaler: (p) => autoscaling.listHorizontalPodAutoscalerForAllNamespaces(p),
    PodDisruptionBudget: (p) => policy.listPodDisruptionBudgetForAllNamespaces(p),
    Role: (p) => rbac.listRoleForAllNamespaces(p),
    ClusterRole: (p) => rbac.listClusterRole(p),
    RoleBinding: (p) => rbac.listRoleBindingForAllNamespaces(p),
    ClusterRoleBinding: (p) => rbac.listClusterRoleBinding(p),
    NetworkPolicy: (p) => net.listNetworkPolicyForAllNamespaces(p),
    Ingress: (p) => net.listIngressForAllNamespaces(p),
    MutatingWebhookConfiguration: (p) => adm.listMutatingWebhookConfiguration(p),
    ValidatingWebhookConfiguration: (p) => adm.listValidatingWebhookConfiguration(p),
  };
  return LIVE_KINDS.map(({ kind, apiVersion }) => ({ kind, apiVersion, list: listers[kind] }));
}

/**
 * The API server's Kubernetes version ("v1.31"), or why it could not be read: a fact about the
 * cluster, so its failure never fails a scope; the API version rules then check against the
 * newest version they know, and the scan says so.
 */
async function clusterVersion(
  kc: KubeConfig,
): Promise<Pick<ClusterFacts, 'kubeVersion' | 'kubeVersionError'>> {
  try {
    const info: unknown = await withTimeout(kc.makeApiClient(VersionApi).getCode(), 15_000);
    const version = serverKubeVersion(info);
    return version
      ? { kubeVersion: version }
      : { kubeVersionError: 'GET /version: the answer has no readable gitVersion or major/minor' };
  } catch (error) {
    return { kubeVersionError: `GET /version: ${describe(error).text}` };
  }
}

/** The API's typed models carry Dates and undefined fields: back to the plain JSON the API sent. */
function plain(object: unknown): unknown {
  return JSON.parse(JSON.stringify(object));
}

/**
 * One listed object as a Resource. An object nested past MAX_NESTING_DEPTH is kept by name only,
 * with `config.stance.unreadable` saying why: the scan records an error for each of its rules
 * instead of evaluating it, and the rest of its kind is evaluated as usual.
 */
function itemToResource(item: unknown, spec: KindSpec, cluster: string): Resource | string {
  const deep = tooDeepPath(item);
  if (!deep) {
    return objectToResource(
      { apiVersion: spec.apiVersion, kind: spec.kind, ...(plain(item) as object) },
      cluster,
      undefined,
    );
  }
  const metadata = ((item as { metadata?: Record<string, unknown> } | null)?.metadata ?? {}) as Record<
    string,
    unknown
  >;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const resource = objectToResource(
    {
      apiVersion: spec.apiVersion,
      kind: spec.kind,
      metadata: { name: text(metadata.name), namespace: text(metadata.namespace), uid: text(metadata.uid) },
    },
    cluster,
    undefined,
  );
  if (typeof resource !== 'string')
    resource.config = { ...(resource.config as object), stance: { unreadable: tooDeepMessage(deep) } };
  return resource;
}

function describe(error: unknown): { status?: number; text: string } {
  const e = error as { code?: number | string; body?: unknown; message?: string; cause?: { code?: string } };
  if (typeof e.code === 'string') return { text: e.code }; // a network error: ECONNREFUSED, ENOTFOUND, ETIMEDOUT
  const status = typeof e.code === 'number' ? e.code : undefined;
  let reason = '';
  if (typeof e.body === 'string') {
    try {
      reason = (JSON.parse(e.body) as { message?: string }).message ?? '';
    } catch {
      reason = e.body.slice(0, 200);
    }
  }
  const text = status
    ? `HTTP ${status}${reason ? `: ${reason}` : ''}`
    : (e.cause?.code ?? e.message ?? String(error)).split('\n')[0]!;
  return { status, text };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The kubelet's running configuration (`kubeletconfig` of GET /api/v1/nodes/NAME/proxy/configz),
 * or `{collected: false, error}` when the proxy call is forbidden or fails: a per-node fact, so one
 * unreachable kubelet never fails the Node scope; the kubelet rules report it as `error`.
 */
async function kubeletConfig(
  core: CoreV1Api,
  node: string,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const where = `GET /api/v1/nodes/${node}/proxy/configz`;
  try {
    const body: unknown = await withTimeout(
      core.connectGetNodeProxyWithPath({ name: node, path: 'configz' }),
      timeoutMs,
    );
    const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { kubeletconfig?: unknown } | null;
    const config = parsed?.kubeletconfig;
    if (!config || typeof config !== 'object' || Array.isArray(config))
      return { collected: false, error: `${where}: the answer has no kubeletconfig object` };
    return config as Record<string, unknown>;
  } catch (error) {
    const text = error instanceof SyntaxError ? 'the answer is not JSON' : describe(error).text;
    return { collected: false, error: `${where}: ${text}` };
  }
}

/** Adds `config.stance.kubeletConfig` to every Node, a few nodes at a time. */
async function addKubeletConfigs(core: CoreV1Api, nodes: Resource[], timeoutMs: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < nodes.length) {
      const node = nodes[next++]!;
      const config = node.config as Record<string, unknown>;
      const stance = (config.stance ?? {}) as Record<string, unknown>;
      node.config = {
        ...config,
        stance: { ...stance, kubeletConfig: await kubeletConfig(core, node.name, timeoutMs) },
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(KUBELET_CONCURRENCY, nodes.length) }, worker));
}

/**
 * Lists every supported kind of a live cluster through @kubernetes/client-node, page by page.
 * Each kind is a scope: one the credentials may not list (403) is recorded as an error for that
 * kind, the rest goes on. An unreachable server or rejected credentials is an input error.
 * Each Node also gets its kubelet's configuration through the API server's node proxy.
 */
export async function collectLive(opts: LiveOptions = {}): Promise<Collection> {
  const kc = new KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
    if (opts.context) kc.setCurrentContext(opts.context);
  } catch (error) {
    throw new InputError(
      `kubeconfig ${opts.kubeconfig ?? '(default)'}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (opts.context && !kc.getContextObject(opts.context))
    throw new InputError(`--context ${opts.context}: no such context in the kubeconfig`);
  const current = kc.getCurrentCluster();
  if (!current) throw new InputError('kubeconfig: no current cluster (set a context with --context)');
  const cluster = opts.cluster ?? current.name;
  const limit = opts.pageSize ?? 500;
  const collectedAt = new Date();
  const scopes: CollectedScope[] = [];
  const failures: { status?: number; text: string }[] = [];
  const specs = kinds(kc);
  opts.progress?.phase('collecting Kubernetes', specs.length);
  for (const spec of specs) {
    opts.signal?.throwIfAborted();
    opts.progress?.tick();
    const scope = k8sScope(cluster, spec.kind);
    try {
      const resources: Resource[] = [];
      let token: string | undefined;
      do {
        const page = await spec.list({ limit, ...(token ? { _continue: token } : {}) });
        for (const item of page.items) {
          const resource = itemToResource(item, spec, cluster);
          if (typeof resource !== 'string') resources.push(resource);
        }
        token = page.metadata?._continue || undefined;
      } while (token);
      if (spec.kind === 'Node')
        await addKubeletConfigs(kc.makeApiClient(CoreV1Api), resources, opts.kubeletTimeoutMs ?? 15_000);
      scopes.push({ scope, status: 'ok', resources });
    } catch (error) {
      const failure = describe(error);
      failures.push(failure);
      scopes.push({ scope, status: 'error', error: `list ${spec.kind}: ${failure.text}`, resources: [] });
    }
  }
  opts.progress?.done();
  if (failures.length === scopes.length) {
    const first = failures[0]!;
    const why = first.status === 401 ? 'the credentials were rejected (HTTP 401)' : first.text;
    throw new InputError(`cannot read the Kubernetes API at ${current.server}: ${why}`);
  }
  return { collectedAt, scopes, clusters: [{ name: cluster, ...(await clusterVersion(kc)) }] };
}
