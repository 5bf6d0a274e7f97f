import type Database from 'better-sqlite3';
import type { RuleKeys } from '../core/scope-run.js';

/** What the SQLite repositories share: the connection, its prepared statements and the rule keys. */
export class SqliteContext {
  private readonly statements = new Map<string, Database.Statement>();
  readonly rules: RuleCache;

  constructor(
    readonly db: Database.Database,
    readonly path: string,
  ) {
    this.rules = new RuleCache(this);
  }

  /** A prepared statement, cached by its text (for statements with a fixed text). */
  sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }
}

/** Rule ids ↔ surrogate keys, cached: a rule keeps its key once stored. */
export class RuleCache implements RuleKeys {
  private readonly byId = new Map<string, number>();
  private readonly byKey = new Map<number, string>();

  constructor(private readonly ctx: SqliteContext) {}

  /** After a sync or a rollback (a key read inside a rolled-back transaction may be reused). */
  clear(): void {
    this.byId.clear();
    this.byKey.clear();
  }

  keyOf(ruleId: string): number | undefined {
    let key = this.byId.get(ruleId);
    if (key === undefined) {
      const row = this.ctx.sql('SELECT id FROM rules WHERE rule_id = ?').get(ruleId) as
        { id: number } | undefined;
      if (!row) return undefined;
      key = row.id;
      this.byId.set(ruleId, key);
      this.byKey.set(key, ruleId);
    }
    return key;
  }

  idOf(ruleKey: number): string {
    let id = this.byKey.get(ruleKey);
    if (id === undefined) {
      id = (this.ctx.sql('SELECT rule_id AS id FROM rules WHERE id = ?').get(ruleKey) as { id: string }).id;
      this.byKey.set(ruleKey, id);
      this.byId.set(id, ruleKey);
    }
    return id;
  }
}

export { iso, isoOrNull } from '../core/time.js';
