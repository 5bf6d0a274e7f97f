import { realpathSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { InputError } from '../../errors.js';
import { NODE_FILES_KIND, NODE_FILES_TYPE, nodeFilesScope } from '../../model/scopes.js';
import type { Collection, Resource } from '../../types.js';
import { BadYamlFileError, readYamlFile, YamlNestingError } from '../../util/safe-yaml.js';
import { hostAccounts } from './accounts.js';
import { FileFacts, type TargetFacts } from './files.js';
import { HostError, HostFs } from './host.js';
import { flagValues, hostProcesses, type ProgramFlags } from './processes.js';

/**
 * `stance node`: the files and directories CIS Kubernetes sections 1.1 and 4.1 (and CIS Amazon EKS
 * 3.1) name, read on a node whose filesystem is mounted at `root`, recorded as one resource
 * (type k8s.node_files) that the node rules judge. Paths come from the components' own flags and
 * configuration where the host shows them (the kubelet's command line in /proc, its configuration
 * file, the static Pod manifests), else from the defaults the benchmark names (kubeadm's layout),
 * with the alternatives kube-bench knows for other distributions.
 */

/** Files read for their content (kubelet configuration, static Pod manifests), at most this long. */
const MAX_CONFIG_BYTES = 1024 * 1024;

const DEFAULT_STATIC_POD_DIR = '/etc/kubernetes/manifests';

const KUBELET_CONFIG_PATHS = [
  '/var/lib/kubelet/config.yaml',
  '/etc/kubernetes/kubelet/kubelet-config.json',
  '/etc/kubernetes/kubelet/config.json',
  '/etc/kubernetes/kubelet-config.yaml',
  '/var/lib/kubelet/config.yml',
  '/home/kubernetes/kubelet-config.yaml',
];

const KUBELET_KUBECONFIG_PATHS = [
  '/etc/kubernetes/kubelet.conf',
  '/var/lib/kubelet/kubeconfig',
  '/etc/kubernetes/kubelet-kubeconfig',
  '/etc/kubernetes/kubelet/kubeconfig',
];

const PROXY_KUBECONFIG_PATHS = [
  '/etc/kubernetes/proxy.conf',
  '/etc/kubernetes/kube-proxy.conf',
  '/etc/kubernetes/kube-proxy.kubeconfig',
  '/var/lib/kube-proxy/kubeconfig',
];

const SYSTEMD_DIRS = [
  '/etc/systemd/system',
  '/run/systemd/system',
  '/usr/lib/systemd/system',
  '/lib/systemd/system',
];

const DEFAULT_CLIENT_CA = '/etc/kubernetes/pki/ca.crt';

/** The items of the node check, each decided by one or more rules (policies/k8s/node). */
export const NODE_FILE_TARGETS = [
  'apiServerManifest',
  'controllerManagerManifest',
  'schedulerManifest',
  'etcdManifest',
  'cniFiles',
  'etcdDataDir',
  'adminKubeconfig',
  'schedulerKubeconfig',
  'controllerManagerKubeconfig',
  'pki',
  'kubeletService',
  'proxyKubeconfig',
  'kubeletKubeconfig',
  'clientCaFile',
  'kubeletConfig',
] as const;
export type NodeFileTarget = (typeof NODE_FILE_TARGETS)[number];

export interface NodeCheckOptions {
  /** Where the node's filesystem is mounted (default "/"). */
  root?: string;
  cluster: string;
  /** The Kubernetes node name (default: the host's /etc/hostname, else this machine's name). */
  node?: string;
  clock?: () => Date;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkNodeName(name: string, flag: string): string {
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    throw new InputError(
      `${flag} ${JSON.stringify(name.slice(0, 80))}: not a Kubernetes node name (lower-case letters, digits, "-" and ".", at most 253)`,
    );
  return name;
}

export function checkClusterName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!name || name.length > 512 || /[\u0000-\u001f\u007f]/.test(name))
    throw new InputError(
      '--cluster: give the cluster name the live scan uses (at most 512 printable characters)',
    );
  return name;
}

function problemText(error: unknown): string {
  if (error instanceof HostError) return error.code;
  if (error instanceof YamlNestingError) return `nested deeper than the bound at line ${error.line}`;
  if (error instanceof BadYamlFileError)
    return `not valid YAML or JSON at line ${error.line}: ${error.reason}`;
  return (error as Error).message;
}

/** A YAML or JSON file of the host, parsed; or why it could not be. */
function readObject(host: HostFs, path: string): { value?: Record<string, unknown>; problem?: string } {
  try {
    const { text, truncated } = host.readText(path, MAX_CONFIG_BYTES);
    if (truncated) return { problem: `longer than ${MAX_CONFIG_BYTES} bytes` };
    const { value } = readYamlFile(text);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { problem: 'not a YAML or JSON object' };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { problem: problemText(error) };
  }
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The flags of a static Pod manifest's containers (command, then args), as the component reads them. */
function manifestFlags(pod: Record<string, unknown>, wanted: string[]): ProgramFlags {
  const containers = ((pod.spec as { containers?: unknown } | undefined)?.containers ?? []) as unknown[];
  const out: ProgramFlags = {};
  for (const c of Array.isArray(containers) ? containers : []) {
    const container = (c ?? {}) as { command?: unknown; args?: unknown };
    const args = [container.command, container.args]
      .flatMap((v) => (Array.isArray(v) ? v : []))
      .filter((a): a is string => typeof a === 'string');
    Object.assign(out, flagValues(args, wanted));
  }
  return out;
}

/** The node name when none is given: the host's /etc/hostname, else this machine's. */
function defaultNodeName(host: HostFs): { name: string; from: string } {
  try {
    const name = host.readText('/etc/hostname', 256).text.trim().toLowerCase();
    if (name) return { name, from: "the host's /etc/hostname" };
  } catch {
    // no /etc/hostname under the root: this machine's name
  }
  return { name: hostname().toLowerCase(), from: "this machine's host name" };
}

/** The node's configuration facts and files, as the rules read them (docs/decisions/0008). */
export function inspectNode(host: HostFs): { config: Record<string, unknown>; looksLikeNode: boolean } {
  const accounts = hostAccounts(host);
  const files = new FileFacts(host, accounts);
  const processes = hostProcesses(host);
  const running = processes.collected ? processes.running : {};
  const kubelet = running.kubelet ?? {};
  const targets: Partial<Record<NodeFileTarget, TargetFacts>> = {};

  // The kubelet's configuration file: its --config flag, else the first default path that exists.
  targets.kubeletConfig = kubelet.config
    ? files.paths('kubelet --config flag', [kubelet.config])
    : files.firstOf('the first default kubelet configuration path that exists', KUBELET_CONFIG_PATHS);
  if (kubelet['config-dir']) {
    const dropIns = files.tree(
      `kubelet --config-dir flag (${kubelet['config-dir']})`,
      [kubelet['config-dir']],
      {
        includeDirs: false,
        includeRoot: false,
        filesOnly: true,
      },
    );
    targets.kubeletConfig = {
      ...targets.kubeletConfig,
      looked: [...targets.kubeletConfig.looked, ...dropIns.looked],
      entries: [...targets.kubeletConfig.entries, ...dropIns.entries],
      ...(dropIns.truncated ? { truncated: true } : {}),
    };
  }
  const configFile = targets.kubeletConfig.entries[0];
  const kubeletSettings = configFile && !('error' in configFile) ? readObject(host, configFile.path) : {};
  const settings = kubeletSettings.value ?? {};
  const staticPodPath =
    kubelet['pod-manifest-path'] ?? text(settings.staticPodPath) ?? DEFAULT_STATIC_POD_DIR;
  const staticPodSource = kubelet['pod-manifest-path']
    ? 'kubelet --pod-manifest-path flag'
    : text(settings.staticPodPath)
      ? 'staticPodPath of the kubelet configuration'
      : `the default static Pod directory${kubeletSettings.problem ? ` (the kubelet configuration could not be read: ${kubeletSettings.problem})` : ''}`;

  const manifest = (name: string) =>
    files.paths(
      `${staticPodSource}: ${staticPodPath}`,
      ['yaml', 'yml', 'manifest'].map((ext) => `${staticPodPath.replace(/\/+$/, '')}/${name}.${ext}`),
    );
  targets.apiServerManifest = manifest('kube-apiserver');
  targets.controllerManagerManifest = manifest('kube-controller-manager');
  targets.schedulerManifest = manifest('kube-scheduler');
  targets.etcdManifest = manifest('etcd');

  // A component's kubeconfig or data directory, from its static Pod manifest or its process.
  const componentFlag = (
    target: TargetFacts,
    program: 'etcd' | 'kube-scheduler' | 'kube-controller-manager',
    flag: string,
  ) => {
    const found = target.entries.find((e) => !('error' in e));
    if (found) {
      const pod = readObject(host, found.path);
      const value = pod.value && manifestFlags(pod.value, [flag])[flag];
      if (value) return { value, from: `--${flag} in ${found.path}` };
    }
    const value = running[program]?.[flag];
    return value ? { value, from: `--${flag} of the running ${program}` } : undefined;
  };

  const dataDir = componentFlag(targets.etcdManifest, 'etcd', 'data-dir');
  targets.etcdDataDir = dataDir
    ? files.paths(dataDir.from, [dataDir.value])
    : files.paths('the default etcd data directory', ['/var/lib/etcd']);

  const kubeconfigOf = (
    program: 'kube-scheduler' | 'kube-controller-manager',
    target: TargetFacts,
    fallback: string,
  ) => {
    const flag = componentFlag(target, program, 'kubeconfig');
    return files.paths(
      flag ? `${fallback} and ${flag.from}` : `${fallback} (the benchmark's path)`,
      flag ? [fallback, flag.value] : [fallback],
    );
  };
  targets.schedulerKubeconfig = kubeconfigOf(
    'kube-scheduler',
    targets.schedulerManifest,
    '/etc/kubernetes/scheduler.conf',
  );
  targets.controllerManagerKubeconfig = kubeconfigOf(
    'kube-controller-manager',
    targets.controllerManagerManifest,
    '/etc/kubernetes/controller-manager.conf',
  );
  targets.adminKubeconfig = files.paths('the administrator kubeconfigs kubeadm writes', [
    '/etc/kubernetes/admin.conf',
    '/etc/kubernetes/super-admin.conf',
  ]);

  targets.cniFiles = {
    ...files.tree(
      'CNI configuration (/etc/cni/net.d) and IPAM state (/var/lib/cni/networks)',
      ['/etc/cni/net.d'],
      {
        includeDirs: true,
        includeRoot: false,
      },
    ),
  };
  const ipam = files.tree('', ['/var/lib/cni/networks'], {
    includeDirs: false,
    includeRoot: false,
    filesOnly: true,
  });
  targets.cniFiles = {
    ...targets.cniFiles,
    looked: [...targets.cniFiles.looked, ...ipam.looked],
    entries: [...targets.cniFiles.entries, ...ipam.entries],
    ...(targets.cniFiles.truncated || ipam.truncated ? { truncated: true } : {}),
  };

  targets.pki = files.tree('the Kubernetes PKI directory', ['/etc/kubernetes/pki'], {
    includeDirs: true,
    includeRoot: true,
  });

  // systemd: kubelet.service and its drop-ins, wherever systemd reads them from.
  const units = SYSTEMD_DIRS.map((d) => `${d}/kubelet.service`);
  const dropIns = files.tree(
    '',
    SYSTEMD_DIRS.map((d) => `${d}/kubelet.service.d`),
    { includeDirs: false, includeRoot: false, filesOnly: true },
  );
  const unitFiles = files.paths('', units);
  targets.kubeletService = {
    source: 'the kubelet.service unit and its drop-ins in the systemd unit directories',
    looked: [...unitFiles.looked, ...dropIns.looked],
    entries: [
      ...unitFiles.entries,
      ...dropIns.entries.filter((e) => 'error' in e || e.path.endsWith('.conf')),
    ],
    ...(dropIns.truncated ? { truncated: true } : {}),
  };

  targets.kubeletKubeconfig = kubelet.kubeconfig
    ? files.paths('kubelet --kubeconfig flag', [kubelet.kubeconfig])
    : files.paths('the default kubelet kubeconfig paths', KUBELET_KUBECONFIG_PATHS);

  const proxyFlag = running['kube-proxy']?.kubeconfig;
  targets.proxyKubeconfig = files.paths(
    proxyFlag
      ? 'the default kube-proxy kubeconfig paths and --kubeconfig of the running kube-proxy'
      : 'the default kube-proxy kubeconfig paths',
    proxyFlag ? [...PROXY_KUBECONFIG_PATHS, proxyFlag] : PROXY_KUBECONFIG_PATHS,
  );

  const x509 = ((settings.authentication as { x509?: { clientCAFile?: unknown } } | undefined)?.x509 ??
    {}) as {
    clientCAFile?: unknown;
  };
  if (kubelet['client-ca-file'])
    targets.clientCaFile = files.paths('kubelet --client-ca-file flag', [kubelet['client-ca-file']]);
  else if (text(x509.clientCAFile))
    targets.clientCaFile = files.paths('authentication.x509.clientCAFile of the kubelet configuration', [
      text(x509.clientCAFile)!,
    ]);
  else if (kubeletSettings.value)
    targets.clientCaFile = {
      source: 'the kubelet configuration names no client CA file',
      looked: [],
      entries: [],
    };
  else targets.clientCaFile = files.paths('the default client CA path', [DEFAULT_CLIENT_CA]);

  const looksLikeNode =
    Boolean(running.kubelet) ||
    targets.kubeletConfig.entries.length > 0 ||
    targets.kubeletKubeconfig.entries.length > 0 ||
    ['/etc/kubernetes', '/var/lib/kubelet'].some((p) => files.entry(p) !== undefined);

  const ordered = Object.fromEntries(NODE_FILE_TARGETS.map((t) => [t, targets[t]!]));
  return {
    looksLikeNode,
    config: {
      processes: processes.collected
        ? { collected: true, running: processes.running }
        : { collected: false, reason: processes.reason },
      kubeletConfiguration: configFile
        ? {
            path: configFile.path,
            ...(kubeletSettings.problem ? { problem: kubeletSettings.problem } : {}),
            staticPodPath,
          }
        : { path: null, staticPodPath },
      ...(accounts.problems.length ? { accountProblems: accounts.problems } : {}),
      files: ordered,
    },
  };
}

/** Runs the node check and returns it as a collection of one scope: this node's files. */
export function collectNode(opts: NodeCheckOptions): Collection {
  const rootArg = opts.root ?? '/';
  let root: string;
  try {
    root = realpathSync(rootArg);
    if (!statSync(root).isDirectory()) throw new InputError(`--root ${rootArg}: not a directory`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `--root ${rootArg}: ${code === 'ENOENT' ? 'no such directory' : (code ?? (error as Error).message)}`,
    );
  }
  const cluster = checkClusterName(opts.cluster);
  const host = new HostFs(root);
  const fallback = opts.node === undefined ? defaultNodeName(host) : undefined;
  const node = checkNodeName(
    opts.node ?? fallback!.name,
    fallback ? `node name from ${fallback.from}` : '--node',
  );
  const collectedAt = (opts.clock ?? (() => new Date()))();
  const { config, looksLikeNode } = inspectNode(host);
  if (!looksLikeNode)
    throw new InputError(
      `--root ${rootArg}: no Kubernetes node there (no kubelet process in its /proc, no kubelet configuration or kubeconfig, no /etc/kubernetes or /var/lib/kubelet); mount the node's filesystem and point --root at it`,
    );
  const resource: Resource = {
    id: `k8s://${cluster}/_cluster/${NODE_FILES_KIND}/${node}`,
    type: NODE_FILES_TYPE,
    provider: 'k8s',
    account: cluster,
    region: '_cluster',
    name: node,
    tags: {},
    config: {
      apiVersion: 'stance.dev/v1',
      kind: NODE_FILES_KIND,
      metadata: { name: node },
      root: rootArg,
      ...config,
    },
  };
  return {
    collectedAt,
    scopes: [{ scope: nodeFilesScope(cluster, node), status: 'ok', resources: [resource] }],
  };
}
