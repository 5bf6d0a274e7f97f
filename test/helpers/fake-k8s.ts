import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Kind → list path, as the real API server serves them (all namespaces). */
export const PATHS: Record<string, string> = {
  Namespace: '/api/v1/namespaces',
  Node: '/api/v1/nodes',
  Pod: '/api/v1/pods',
  Service: '/api/v1/services',
  ServiceAccount: '/api/v1/serviceaccounts',
  Secret: '/api/v1/secrets',
  ConfigMap: '/api/v1/configmaps',
  LimitRange: '/api/v1/limitranges',
  Deployment: '/apis/apps/v1/deployments',
  StatefulSet: '/apis/apps/v1/statefulsets',
  DaemonSet: '/apis/apps/v1/daemonsets',
  ReplicaSet: '/apis/apps/v1/replicasets',
  Job: '/apis/batch/v1/jobs',
  CronJob: '/apis/batch/v1/cronjobs',
  HorizontalPodAutoscaler: '/apis/autoscaling/v2/horizontalpodautoscalers',
  PodDisruptionBudget: '/apis/policy/v1/poddisruptionbudgets',
  Role: '/apis/rbac.authorization.k8s.io/v1/roles',
  ClusterRole: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  RoleBinding: '/apis/rbac.authorization.k8s.io/v1/rolebindings',
  ClusterRoleBinding: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  NetworkPolicy: '/apis/networking.k8s.io/v1/networkpolicies',
  Ingress: '/apis/networking.k8s.io/v1/ingresses',
  MutatingWebhookConfiguration: '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
  ValidatingWebhookConfiguration: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
};

export interface FakeApi {
  server: Server;
  port: number;
  requests: string[];
  kubeconfig: (dir: string) => string;
  close: () => Promise<void>;
}

/**
 * A small HTTP server that speaks the Kubernetes list API from fixture objects: pagination with
 * `limit` and `continue`, a 403 Status for forbidden kinds, 404-free answers for every kind the
 * collector lists, GET /version, and each node's kubelet /configz through the node proxy path. Tests reach it through the real @kubernetes/client-node and a kubeconfig.
 */
export function fakeKubernetesApi(
  objects: Record<string, unknown>[],
  opts: {
    forbidden?: string[];
    /** Node name → the kubelet configuration its /configz serves through the node proxy, or 'forbidden' (403). Other nodes answer 404. */
    kubeletConfigs?: Record<string, Record<string, unknown> | 'forbidden'>;
    /**
     * Placeholder string → raw JSON text put in its place in every answer: for values this process
     * cannot serialise itself (an object nested thousands of levels deep).
     */
    rawJson?: Record<string, string>;
    /**
     * What GET /version answers: the API server's version info (default gitVersion v1.33.2), or
     * 'forbidden' (403) or 'missing' (404).
     */
    version?: Record<string, unknown> | 'forbidden' | 'missing';
    /** Awaited before each answer: a test holds the collector mid-collection (a slow API server). */
    beforeAnswer?: () => Promise<void>;
  } = {},
): Promise<FakeApi> {
  const requests: string[] = [];
  const byPath = new Map<string, Record<string, unknown>[]>();
  for (const o of objects) {
    const path = PATHS[String(o.kind)];
    if (!path) throw new Error(`fake API: no list path for kind ${String(o.kind)}`);
    byPath.set(path, [...(byPath.get(path) ?? []), o]);
  }
  const forbidden = new Set((opts.forbidden ?? []).map((k) => PATHS[k]));
  const server = createServer((req, res) => {
    if (opts.beforeAnswer) {
      opts.beforeAnswer().then(
        () => answer(req, res),
        () => res.destroy(),
      );
      return;
    }
    answer(req, res);
  });
  function answer(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      let text = JSON.stringify(body);
      for (const [placeholder, raw] of Object.entries(opts.rawJson ?? {}))
        text = text.split(JSON.stringify(placeholder)).join(raw);
      res.end(text);
    };
    if (forbidden.has(url.pathname)) {
      return send(403, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
        message: `${url.pathname} is forbidden: User "system:serviceaccount:stance:scanner" cannot list resource`,
      });
    }
    if (url.pathname === '/version') {
      const version = opts.version ?? {
        major: '1',
        minor: '33',
        gitVersion: 'v1.33.2',
        platform: 'linux/amd64',
      };
      if (version === 'forbidden')
        return send(403, {
          kind: 'Status',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message: 'forbidden',
        });
      if (version === 'missing') return send(404, { kind: 'Status', code: 404, message: 'not found' });
      return send(200, version);
    }
    const configz = /^\/api\/v1\/nodes\/([^/]+)\/proxy\/configz$/.exec(url.pathname);
    if (configz) {
      const node = decodeURIComponent(configz[1]!);
      const config = opts.kubeletConfigs?.[node];
      if (config === 'forbidden') {
        return send(403, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message: `nodes "${node}" is forbidden: User "system:serviceaccount:stance:scanner" cannot get resource "nodes/proxy" in API group "" at the cluster scope`,
        });
      }
      if (!config)
        return send(404, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'NotFound',
          code: 404,
          message: `nodes "${node}" not found`,
        });
      return send(200, { kubeletconfig: config });
    }
    if (!Object.values(PATHS).includes(url.pathname))
      return send(404, { kind: 'Status', code: 404, message: 'not found' });
    const all = byPath.get(url.pathname) ?? [];
    const limit = Number(url.searchParams.get('limit') ?? all.length) || all.length;
    const start = Number(url.searchParams.get('continue') ?? 0);
    const items = all.slice(start, start + limit).map((o) => {
      const copy = { ...o };
      delete copy.kind; // list items come without kind/apiVersion, as from a real API server
      delete copy.apiVersion;
      return copy;
    });
    const next = start + limit < all.length ? String(start + limit) : undefined;
    send(200, {
      kind: 'List',
      apiVersion: 'v1',
      metadata: { resourceVersion: '1', ...(next ? { continue: next } : {}) },
      items,
    });
  }
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        requests,
        kubeconfig: (dir: string) => {
          const file = join(dir, 'kubeconfig');
          writeFileSync(
            file,
            [
              'apiVersion: v1',
              'kind: Config',
              'clusters:',
              `  - name: test-cluster`,
              `    cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}`,
              'users:',
              '  - name: scanner',
              '    user: {token: "fake-token-never-logged"}',
              'contexts:',
              '  - name: test',
              '    context: {cluster: test-cluster, user: scanner}',
              'current-context: test',
            ].join('\n'),
          );
          return file;
        },
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    }),
  );
}
