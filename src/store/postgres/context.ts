import { createHash } from 'node:crypto';
import type pg from 'pg';
import { StoreError } from '../errors.js';
import type { RuleKeys } from '../core/scope-run.js';

/**
 * How a repository call runs: `read` in a read-only snapshot, `write` in its own short
 * transaction, `transaction` inside `store.transaction()` (where read-modify-write sequences take
 * their locks, see Db.lock), `statement`: no BEGIN … COMMIT, each statement is its own
 * transaction (for calls that are one atomic statement: a round trip instead of three).
 */
export type Mode = 'read' | 'write' | 'transaction' | 'statement';

/** Rows at most per multi-row statement (arrays passed to unnest): bounds the size of one message. */
export const BATCH = 10_000;

/**
 * One transaction on one pooled connection, as the repositories see it: queries, the store's
 * advisory lock keys, and the rule keys (loaded once per transaction, when first needed).
 */
export class Db {
  private ruleKeys: Promise<PgRuleKeys> | undefined;
  private ended = false;

  constructor(
    private readonly client: pg.PoolClient,
    readonly mode: Mode,
    readonly shown: string,
    private readonly keys: LockKeys,
  ) {}

  async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    if (this.ended) throw new StoreError('invalid', 'a transaction was used after it ended');
    return (await this.client.query(text, params)).rows as T[];
  }

  async one<T>(text: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.query<T>(text, params))[0];
  }

  /** Runs a statement; returns the rows it inserted, updated or deleted. */
  async exec(text: string, params: unknown[] = []): Promise<number> {
    if (this.ended) throw new StoreError('invalid', 'a transaction was used after it ended');
    return (await this.client.query(text, params)).rowCount ?? 0;
  }

  /** Waits for the transaction-scoped advisory lock of this name (per database schema), held until commit. */
  async lock(name: string): Promise<void> {
    if (this.mode === 'statement')
      throw new StoreError('invalid', `lock ${name}: a statement outside a transaction holds no lock`);
    await this.query('SELECT pg_advisory_xact_lock($1::bigint)', [this.keys.of(name)]);
  }

  rules(): Promise<PgRuleKeys> {
    this.ruleKeys ??= this.query<{ id: number; rule_id: string }>('SELECT id, rule_id FROM rules').then(
      (rows) => new PgRuleKeys(rows),
    );
    return this.ruleKeys;
  }

  /** After the rules table changed in this transaction. */
  forgetRules(): void {
    this.ruleKeys = undefined;
  }

  end(): void {
    this.ended = true;
  }
}

/** Rule ids ↔ surrogate keys, as they are in this transaction. */
export class PgRuleKeys implements RuleKeys {
  private readonly byId = new Map<string, number>();
  private readonly byKey = new Map<number, string>();

  constructor(rows: { id: number; rule_id: string }[]) {
    for (const r of rows) {
      this.byId.set(r.rule_id, r.id);
      this.byKey.set(r.id, r.rule_id);
    }
  }

  keyOf(ruleId: string): number | undefined {
    return this.byId.get(ruleId);
  }

  idOf(ruleKey: number): string {
    const id = this.byKey.get(ruleKey);
    if (id === undefined) throw new StoreError('corrupt', `rule key ${ruleKey} is not in the rules table`);
    return id;
  }
}

/**
 * Advisory lock keys: a 64-bit hash of the schema and the lock's name, so two Stance databases
 * in different schemas of one PostgreSQL database never wait for each other.
 */
export class LockKeys {
  private readonly cache = new Map<string, string>();

  constructor(private readonly schema: string) {}

  of(name: string): string {
    let key = this.cache.get(name);
    if (key === undefined) {
      const digest = createHash('sha256').update(`stance\u0000${this.schema}\u0000${name}`).digest();
      key = digest.readBigInt64BE(0).toString();
      this.cache.set(name, key);
    }
    return key;
  }
}

export { iso, isoOrNull } from '../core/time.js';

/** Splits rows into batches of at most BATCH. */
export function* batches<T>(rows: readonly T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
