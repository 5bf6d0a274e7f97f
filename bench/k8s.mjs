#!/usr/bin/env node
// Kubernetes benchmark: N objects (default 20,000) served by a local fake API server and read
// through @kubernetes/client-node, and the same objects as manifest files; each scanned by a real
// `stance` process. Reports wall time and peak RSS of each process.
//   node bench/k8s.mjs [--objects 20000] [--small] [--only live|manifests] [--keep DIR]
// --keep writes the manifests (and the databases) to DIR and leaves them there, to compare findings.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const small = args.includes('--small');
const N = args.includes('--objects') ? Number(args[args.indexOf('--objects') + 1]) : small ? 1000 : 20_000;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (only !== undefined && only !== 'live' && only !== 'manifests') {
  process.stderr.write(`bench/k8s: --only takes live or manifests, got ${only}\n`);
  process.exit(2);
}
const keep = args.includes('--keep') ? args[args.indexOf('--keep') + 1] : undefined;
const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');

const kinds = [
  ['Pod', '/api/v1/pods', 'v1'],
  ['Deployment', '/apis/apps/v1/deployments', 'apps/v1'],
  ['Service', '/api/v1/services', 'v1'],
  ['ConfigMap', '/api/v1/configmaps', 'v1'],
];
const objects = [];
for (let i = 0; i < N; i++) {
  const [kind, , apiVersion] = kinds[i % kinds.length];
  const ns = `team-${i % 40}`;
  const podSpec = {
    securityContext: { runAsNonRoot: i % 5 !== 0, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: `registry.example/app:${i}`,
        ports: [{ containerPort: 8080 }],
        securityContext: {
          privileged: i % 37 === 0,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
      },
    ],
  };
  const metadata = { name: `obj-${i}`, namespace: ns, labels: { app: `obj-${i}`, owner: `team-${i % 40}` } };
  if (kind === 'Pod') objects.push({ apiVersion, kind, metadata, spec: podSpec });
  else if (kind === 'Deployment')
    objects.push({
      apiVersion,
      kind,
      metadata,
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: metadata.name } },
        template: { metadata: { labels: { app: metadata.name } }, spec: podSpec },
      },
    });
  else if (kind === 'Service')
    objects.push({
      apiVersion,
      kind,
      metadata,
      spec: { type: 'ClusterIP', ports: [{ port: 80, targetPort: 8080 }] },
    });
  else objects.push({ apiVersion, kind, metadata, data: { 'app.properties': `id=${i}` } });
}

const byPath = new Map();
for (const o of objects) {
  const path = kinds.find(([k]) => k === o.kind)[1];
  byPath.set(path, [...(byPath.get(path) ?? []), o]);
}
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/version') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ major: '1', minor: '33', gitVersion: 'v1.33.2' }));
  }
  const all = byPath.get(url.pathname) ?? [];
  const limit = Number(url.searchParams.get('limit') || all.length) || 1;
  const start = Number(url.searchParams.get('continue') || 0);
  const next = start + limit < all.length ? String(start + limit) : undefined;
  const items = all
    .slice(start, start + limit)
    .map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => rest);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: next ? { continue: next } : {}, items }),
  );
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'stance-bench-k8s-'));
if (keep) mkdirSync(keep, { recursive: true });
writeFileSync(
  join(dir, 'kubeconfig'),
  `apiVersion: v1\nkind: Config\nclusters: [{name: bench, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: bench, context: {cluster: bench, user: u}}]\ncurrent-context: bench\n`,
);
const files = 20;
for (let f = 0; f < files; f++) {
  writeFileSync(
    join(dir, `m-${f}.yaml`),
    objects
      .filter((_, i) => i % files === f)
      .map((o) => JSON.stringify(o))
      .join('\n---\n'),
  );
}

/**
 * Runs stance under /usr/bin/time-free measurement: wall clock here, peak RSS and CPU time (user +
 * system, every thread; the last poll before exit, so up to 50 ms short) from /proc polling. CPU
 * time says more than wall time on a shared machine.
 */
function run(label, stanceArgs) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, 'bin', 'stance.js'), ...stanceArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    let cpuTicks = 0;
    const timer = setInterval(async () => {
      try {
        const { readFileSync } = await import('node:fs');
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
        // fields after the command name (which may hold spaces): utime and stime are 12th and 13th
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuTicks = Number(fields[11]) + Number(fields[12]);
      } catch {
        // the process ended between polls
      }
    }, 50);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({
        label,
        code,
        wallMs: Math.round(performance.now() - started),
        peakRssMb: Math.round(peak / 1e6),
        cpuMs: cpuTicks * 10,
        tail: out.trim().split('\n').slice(-1)[0],
      });
    });
  });
}

const skipped = { code: 0, wallMs: 0, peakRssMb: 0, cpuMs: 0, tail: '' };
// a kept directory may hold the databases of an earlier run: every run here is a first scan
if (keep) for (const db of ['live.db', 'm.db']) rmSync(join(dir, db), { force: true });
const live =
  only === 'manifests'
    ? skipped
    : await run('live', [
        'scan',
        'k8s',
        '--kubeconfig',
        join(dir, 'kubeconfig'),
        '--db',
        join(dir, 'live.db'),
        '--format',
        'json',
      ]);
const manifests =
  only === 'live'
    ? skipped
    : await run('manifests', [
        'scan',
        'k8s',
        '--manifests',
        dir,
        '--db',
        join(dir, 'm.db'),
        '--format',
        'json',
      ]);
server.close();
if (!keep) rmSync(dir, { recursive: true, force: true });
/** Objects scanned per second of the whole `stance` process (collection, evaluation, storing). */
const rate = (r) => (r.wallMs ? Math.round((N * 1000) / r.wallMs) : 0);
const measured = (r) => ({
  code: r.code,
  wallMs: r.wallMs,
  peakRssMb: r.peakRssMb,
  cpuMs: r.cpuMs,
  objectsPerSecond: rate(r),
});
const result = {
  bench: 'k8s',
  objects: N,
  ...(only === 'manifests' ? {} : { live: measured(live) }),
  ...(only === 'live' ? {} : { manifests: measured(manifests) }),
};
process.stdout.write(JSON.stringify(result) + '\n');
process.stderr.write(
  `k8s: ${N} objects — live ${live.wallMs} ms (${rate(live)} objects/s), peak ${live.peakRssMb} MB, CPU ${live.cpuMs} ms; manifests ${manifests.wallMs} ms (${rate(manifests)} objects/s), peak ${manifests.peakRssMb} MB, CPU ${manifests.cpuMs} ms\n`,
);
if (live.code !== 0 || manifests.code !== 0) {
  process.stderr.write(`bench/k8s: a scan failed: ${live.tail} / ${manifests.tail}\n`);
  process.exitCode = 1;
}
