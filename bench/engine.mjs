#!/usr/bin/env node
// Engine benchmark: Stance's opa-wasm engine against `opa eval` over the same Rego and inventory.
//
//   node bench/engine.mjs [--sizes 10000,100000] [--small]
//
// Equivalent query for `opa eval`: the same generated entrypoint module the bundle is built from
// (scripts/policy-build.mjs → stance.entry), evaluated with the OPA CLI's Go evaluator over the
// rule sources, once per resource type with that type's resources as `input.items`:
//   r<i> := v if { v := data.stance.entry.batch_<type> with input as {"items": input.by_type["<type>"]} }
// which yields, per resource, each applicable rule's {na, deny}: exactly what the wasm engine
// computes. (The query is data.stance.bench.results, a generated module holding exactly those
// `with` expressions.) Both sides' (resource, rule, status) sets are compared; the run fails if they differ.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entrypointModule, findOpa, regoFiles } from '../scripts/policy-build.mjs';
import { evaluate, parseSnapshot, policyBundle } from 'stance';
import { generateSnapshot } from './lib/inventory.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const small = args.includes('--small');
const sizesArg = args[args.indexOf('--sizes') + 1];
const sizes = args.includes('--sizes') ? sizesArg.split(',').map(Number) : small ? [1000] : [10_000, 100_000];
const opa = findOpa();
if (!opa) {
  process.stderr.write(
    'bench/engine: the OPA CLI is needed for the comparison ($OPA, ../shared/bin/opa or opa on the PATH)\n',
  );
  process.exit(1);
}

const bundle = policyBundle();
const key = (resourceId, ruleId, status) => `${resourceId}\u0000${ruleId}\u0000${status}`;

function opaEval(items) {
  const work = mkdtempSync(join(tmpdir(), 'stance-bench-opa-'));
  try {
    const src = join(work, 'src');
    const policies = join(root, 'policies');
    for (const file of regoFiles(policies).filter((f) => !f.endsWith('_test.rego'))) {
      mkdirSync(dirname(join(src, file)), { recursive: true });
      writeFileSync(join(src, file), readFileSync(join(policies, file)));
    }
    const { source, types } = entrypointModule(bundle.manifest.rules);
    writeFileSync(join(src, 'entry.rego'), source);
    const byType = {};
    for (const item of items) (byType[item.resource.type] ??= []).push(item);
    writeFileSync(join(work, 'input.json'), JSON.stringify({ by_type: byType }));
    const present = types.filter((t) => byType[t]);
    const bench = ['package stance.bench', '', 'import rego.v1', ''];
    present.forEach((t, i) => {
      bench.push(
        `r${i} := v if {`,
        `\tv := data.stance.entry.batch_${t.replace(/\./g, '_')} with input as {"items": input.by_type[${JSON.stringify(t)}]}`,
        '}',
        '',
      );
    });
    bench.push(`results := {${present.map((t, i) => `${JSON.stringify(t)}: r${i}`).join(', ')}}`, '');
    writeFileSync(join(src, 'bench.rego'), bench.join('\n'));
    const query = 'data.stance.bench.results';
    const started = performance.now();
    const out = execFileSync(
      opa,
      ['eval', '--format', 'json', '--metrics', '-d', src, '-i', join(work, 'input.json'), query],
      {
        encoding: 'utf8',
        maxBuffer: 1024 * 1024 * 1024,
      },
    );
    const wallMs = performance.now() - started;
    const parsed = JSON.parse(out);
    const value = parsed.result[0].expressions[0].value;
    const evalMs = (parsed.metrics.timer_rego_query_eval_ns ?? 0) / 1e6;
    const results = new Set();
    for (const type of present) {
      value[type].forEach((verdicts, i) => {
        const resourceId = byType[type][i].resource.id;
        for (const [ruleId, v] of Object.entries(verdicts)) {
          if (!v.na) results.add(key(resourceId, ruleId, v.deny.length ? 'fail' : 'pass'));
        }
      });
    }
    return { wallMs, evalMs, results };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const rows = [];
for (const n of sizes) {
  // evaluated as a scan evaluates: read, enriched, each resource with its rule context
  const collection = await parseSnapshot(
    JSON.stringify(generateSnapshot({ resources: n, seed: 7, mix: true })),
    'generated.json',
  );
  const { evaluations, items, workersStarted: workers, engineMs: stanceMs } = await evaluate(collection);
  const stance = new Set(evaluations.map((e) => key(e.resourceId, e.ruleId, e.status)));

  const o = opaEval(items);
  const equal = stance.size === o.results.size && [...stance].every((k) => o.results.has(k));
  const row = {
    bench: 'engine',
    resources: items.length,
    evaluations: evaluations.length,
    workers,
    stanceMs: Math.round(stanceMs),
    opaEvalMs: Math.round(o.evalMs),
    opaWallMs: Math.round(o.wallMs),
    stanceEvalsPerSec: Math.round(evaluations.length / (stanceMs / 1000)),
    opaEvalsPerSec: Math.round(evaluations.length / (o.evalMs / 1000)),
    ratioVsOpaEval: +(o.evalMs / stanceMs).toFixed(2),
    ratioVsOpaWall: +(o.wallMs / stanceMs).toFixed(2),
    equal,
  };
  rows.push(row);
  process.stdout.write(JSON.stringify(row) + '\n');
  if (!equal) {
    process.stderr.write(
      `bench/engine: results differ at ${n} resources (stance ${stance.size}, opa ${o.results.size})\n`,
    );
    process.exitCode = 1;
  }
}

process.stderr.write(`\nengine benchmark on ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}\n`);
process.stderr.write(
  'resources  evaluations  workers  stance ms  opa eval ms  opa wall ms  stance evals/s  opa evals/s  × opa eval  equal\n',
);
for (const r of rows) {
  process.stderr.write(
    `${String(r.resources).padStart(9)}  ${String(r.evaluations).padStart(11)}  ${String(r.workers).padStart(7)}  ${String(r.stanceMs).padStart(9)}  ${String(r.opaEvalMs).padStart(11)}  ${String(r.opaWallMs).padStart(11)}  ${String(r.stanceEvalsPerSec).padStart(14)}  ${String(r.opaEvalsPerSec).padStart(11)}  ${String(r.ratioVsOpaEval).padStart(10)}  ${r.equal}\n`,
  );
}
