import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { EvalContext, Evaluation, Resource } from '../types.js';
import type { BundleManifest } from './bundle.js';

export interface EvalItem {
  resource: Resource;
  context: EvalContext;
}

interface RuleVerdict {
  na: boolean;
  deny: { msg?: unknown }[];
  /** Facts the rule needed but the collection could not provide: the verdict is `error`. */
  unknown?: unknown[];
}

function messageOf(item: unknown): string {
  if (typeof item === 'string') return item;
  if (item && typeof item === 'object' && typeof (item as { msg?: unknown }).msg === 'string')
    return (item as { msg: string }).msg;
  return JSON.stringify(item);
}

type TypeVerdict = Record<string, RuleVerdict>;

/**
 * Items per wasm call: large enough to amortize the call, small enough to keep wasm memory modest.
 * opa-wasm's linear memory grows to the largest single evaluation and never shrinks; with 138 rules
 * a 256-item batch of pods held ~60 MB more per thread than 64 items, at no measurable speed gain;
 * with the hygiene rules (24 more verdicts per workload) 32 items peak ~20 MB lower than 64 for 20k
 * objects, evaluation time within run-to-run noise (bench/k8s.mjs).
 */
const BATCH = 32;

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error)
    return String((error as { message: unknown }).message);
  return String(error);
}

/**
 * Evaluates resources against the bundle in this thread. One wasm call per batch of resources of
 * a type; when a call fails, the batch is retried resource by resource, then rule by rule, so a rule
 * that errors yields `error` for that (resource, rule) only.
 */
export class WasmEvaluator {
  private constructor(
    private readonly policy: LoadedPolicy,
    private readonly manifest: BundleManifest,
  ) {}

  static async create(wasm: Uint8Array, manifest: BundleManifest): Promise<WasmEvaluator> {
    const policy = await loadPolicy(wasm);
    return new WasmEvaluator(policy, manifest);
  }

  evaluate(items: EvalItem[]): Evaluation[] {
    const byType = new Map<string, EvalItem[]>();
    for (const item of items) {
      if (!(item.resource.type in this.manifest.entrypoints)) continue;
      const list = byType.get(item.resource.type);
      if (list) list.push(item);
      else byType.set(item.resource.type, [item]);
    }
    const out: Evaluation[] = [];
    for (const [type, list] of byType) {
      for (let i = 0; i < list.length; i += BATCH) this.evaluateBatch(type, list.slice(i, i + BATCH), out);
    }
    return out;
  }

  private call(entrypoint: string, input: unknown): unknown {
    const result = this.policy.evaluate(input, entrypoint) as { result: unknown }[];
    return result[0]?.result;
  }

  private evaluateBatch(type: string, batch: EvalItem[], out: Evaluation[]): void {
    let verdicts: TypeVerdict[] | undefined;
    try {
      verdicts = this.call(this.manifest.batchEntrypoints[type]!, { items: batch }) as
        TypeVerdict[] | undefined;
    } catch {
      verdicts = undefined;
    }
    if (verdicts && verdicts.length === batch.length) {
      batch.forEach((item, i) => this.collect(item.resource.id, verdicts[i]!, out));
      return;
    }
    for (const item of batch) this.evaluateOne(type, item, out);
  }

  private evaluateOne(type: string, item: EvalItem, out: Evaluation[]): void {
    try {
      const verdict = this.call(this.manifest.entrypoints[type]!, item) as TypeVerdict | undefined;
      if (verdict) return this.collect(item.resource.id, verdict, out);
    } catch {
      // isolate the failing rule below
    }
    for (const rule of this.manifest.rules) {
      if (!rule.resourceTypes.includes(type)) continue;
      try {
        const verdict = this.call(this.manifest.ruleEntrypoints[rule.id]!, item) as RuleVerdict | undefined;
        if (!verdict) throw new Error('rule produced no verdict');
        this.collect(item.resource.id, { [rule.id]: verdict }, out);
      } catch (error) {
        out.push({
          resourceId: item.resource.id,
          ruleId: rule.id,
          status: 'error',
          message: `rule error: ${errorText(error)}`,
        });
      }
    }
  }

  private collect(resourceId: string, verdict: TypeVerdict, out: Evaluation[]): void {
    for (const ruleId of Object.keys(verdict)) {
      const v = verdict[ruleId]!;
      if (v.na) continue;
      if (v.unknown && v.unknown.length > 0) {
        out.push({
          resourceId,
          ruleId,
          status: 'error',
          message: `not collected: ${v.unknown.map(messageOf).join('; ')}`,
        });
      } else if (v.deny.length === 0) {
        out.push({ resourceId, ruleId, status: 'pass', message: '' });
      } else {
        const messages = v.deny.map(messageOf);
        out.push({ resourceId, ruleId, status: 'fail', message: messages.join('; ') });
      }
    }
  }
}

/** Bundles evaluated side by side (the built-in one and users'): each rule belongs to exactly one. */
export class BundleSetEvaluator {
  private constructor(private readonly evaluators: WasmEvaluator[]) {}

  static async create(parts: readonly { wasm: Uint8Array; manifest: BundleManifest }[]) {
    return new BundleSetEvaluator(
      await Promise.all(parts.map((p) => WasmEvaluator.create(p.wasm, p.manifest))),
    );
  }

  evaluate(items: EvalItem[]): Evaluation[] {
    return this.evaluators.length === 1
      ? this.evaluators[0]!.evaluate(items)
      : this.evaluators.flatMap((e) => e.evaluate(items));
  }
}

/** What a worker or an evaluator needs of a bundle: its modules and their manifests. */
export function bundleParts(bundle: {
  wasm: Uint8Array;
  manifest: BundleManifest;
  parts?: readonly { wasm: Uint8Array; manifest: BundleManifest }[];
}): { wasm: Uint8Array; manifest: BundleManifest }[] {
  return (bundle.parts ?? [bundle]).map((p) => ({ wasm: p.wasm, manifest: p.manifest }));
}

export function sortEvaluations(list: Evaluation[]): Evaluation[] {
  return list.sort((a, b) =>
    a.resourceId < b.resourceId
      ? -1
      : a.resourceId > b.resourceId
        ? 1
        : a.ruleId < b.ruleId
          ? -1
          : a.ruleId > b.ruleId
            ? 1
            : 0,
  );
}
