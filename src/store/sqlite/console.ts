import type {
  ApiToken,
  ConsoleFindingsPage,
  ConsoleFindingsQuery,
  AuditEntry,
  ConsoleSession,
  FindingRow,
  FailingOf,
  RuleCounts,
  ScopedFailure,
  ScopeParts,
  NewApiToken,
  NewAuditEntry,
  NewConsoleSession,
  PostureAt,
  PostureChanges,
  SearchHits,
} from '../model.js';
import type { ConsoleRepository } from '../store.js';
import {
  assemblePostureAt,
  NOT_OBSERVED_MESSAGE,
  observedScopes,
  scopesApart,
  type CountsAt,
  type FailureAt,
} from '../core/as-of.js';
import { consoleFindingsSql } from '../core/console-findings.js';
import { DEFAULT_STALE_AFTER_MS } from '../store.js';
import { scopeStates } from './scans.js';
import { ftsPhrase, MIN_SEARCH_LENGTH } from '../core/search.js';
import { iso, isoOrNull, type SqliteContext } from './context.js';
import type { Sync } from './facade.js';
import { drainFindingSearch, RULE_KEY_BITS } from './finding-search.js';

const CURRENT_FINDINGS =
  'FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key';

/** The keys (rk, uk) of the findings whose resource id or name, or message, matches an FTS5 phrase. */
const searchKeys = (phrase: string, param: (value: unknown) => string) =>
  `SELECT f2.resource_key AS rk, f2.rule_key AS uk FROM resource_search s
     CROSS JOIN findings f2 ON f2.resource_key = s.rowid WHERE resource_search MATCH ${param(phrase)}
   UNION
   SELECT rowid / ${RULE_KEY_BITS}, rowid % ${RULE_KEY_BITS} FROM finding_search WHERE finding_search MATCH ${param(phrase)}`;

/** The keys and status of the status intervals containing T (`@t`), those matching `where`. */
const INTERVALS_AT = (where: string) =>
  `SELECT resource_key, rule_key, status FROM finding_history WHERE ${where}valid_to IS NULL AND valid_from <= @t
   UNION ALL
   SELECT resource_key, rule_key, status FROM finding_history WHERE ${where}valid_to IS NOT NULL AND valid_to > @t AND valid_from <= @t`;

const DATA_VERSION = `SELECT (SELECT coalesce(max(id), 0) FROM scope_runs) || ':' || (SELECT coalesce(max(id), 0) FROM scans) || ':' ||
  (SELECT count(*) FROM rules) || ':' || (SELECT count(*) || '/' || coalesce(max(id), 0) FROM mutes) || ':' ||
  (SELECT coalesce(max(id), 0) || '/' || coalesce(max(last_seen), 0) FROM signals) || ':' ||
  (SELECT coalesce(max(id), 0) FROM signal_history) AS v`;

type TokenRow = Omit<ApiToken, 'createdAt' | 'lastUsedAt' | 'revokedAt'> & {
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};
const TOKEN_COLUMNS = `id, name, role, created_at AS createdAt, created_by AS createdBy, last_used_at AS lastUsedAt,
  revoked_at AS revokedAt, revoked_by AS revokedBy`;
const token = (r: TokenRow): ApiToken => ({
  ...r,
  createdAt: iso(r.createdAt),
  lastUsedAt: isoOrNull(r.lastUsedAt),
  revokedAt: isoOrNull(r.revokedAt),
});

export class SqliteConsole implements Sync<ConsoleRepository> {
  constructor(private readonly ctx: SqliteContext) {}

  changes(from: Date, to: Date): PostureChanges {
    const window = [from.getTime(), to.getTime()];
    const began = this.ctx
      .sql(
        "SELECT count(*) AS n FROM finding_history WHERE status = 'fail' AND valid_from >= ? AND valid_from < ?",
      )
      .get(...window) as { n: number };
    const fixed = this.ctx
      .sql(
        `SELECT count(*) AS n FROM finding_history h
         JOIN finding_history n ON n.resource_key = h.resource_key AND n.rule_key = h.rule_key AND n.valid_from = h.valid_to
         WHERE h.status = 'fail' AND n.status = 'pass' AND h.valid_to >= ? AND h.valid_to < ?`,
      )
      .get(...window) as { n: number };
    return { newFailures: began.n, fixes: fixed.n };
  }

  dataVersion(): string {
    return (this.ctx.sql(DATA_VERSION).get() as { v: string }).v;
  }

  search(text: string): SearchHits {
    if (text.length < MIN_SEARCH_LENGTH) return { resourceIds: [], findings: [] };
    if (!this.ctx.db.readonly) drainFindingSearch(this.ctx);
    const phrase = ftsPhrase(text);
    const resourceIds = (
      this.ctx
        .sql(
          `SELECT r.resource_id AS id FROM resource_search s JOIN resources r ON r.id = s.rowid
           WHERE resource_search MATCH ? AND r.deleted_at IS NULL`,
        )
        .all(phrase) as { id: string }[]
    ).map((r) => r.id);
    const findings = (
      this.ctx
        .sql(
          `SELECT r.resource_id AS resourceId, ru.rule_id AS ruleId FROM finding_search s
           JOIN resources r ON r.id = s.rowid / ${RULE_KEY_BITS}
           JOIN rules ru ON ru.id = s.rowid % ${RULE_KEY_BITS}
           WHERE finding_search MATCH ? AND r.deleted_at IS NULL`,
        )
        .all(phrase) as { resourceId: string; ruleId: string }[]
    ).map((r): [string, string] => [r.resourceId, r.ruleId]);
    return { resourceIds, findings };
  }

  findings(q: ConsoleFindingsQuery): ConsoleFindingsPage {
    if (q.search !== undefined && !this.ctx.db.readonly) drainFindingSearch(this.ctx);
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return '?';
    };
    // current findings matching a search are looked up from the index's hits (the planner would
    // otherwise scan every finding and test it against the hit lists)
    const searchFirst = q.search !== undefined && !q.asOf;
    const from = q.asOf
      ? this.intervalsAt(q.asOf, param)
      : searchFirst
        ? `FROM (${searchKeys(ftsPhrase(q.search!), param)}) m
           CROSS JOIN findings f ON f.resource_key = m.rk AND f.rule_key = m.uk
           JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key`
        : CURRENT_FINDINGS;
    const { where, orderBy } = consoleFindingsSql(q, {
      param,
      inList: (column, values) => `${column} IN (${values.map((v) => param(v)).join(', ')})`,
      tag: (key, value) =>
        `EXISTS (SELECT 1 FROM json_each(r.tags) t WHERE t.key = ${param(key)}${
          value === undefined ? '' : ` AND t.type = 'text' AND t.value = ${param(value)}`
        })`,
      search: (text) => {
        if (searchFirst) return 'TRUE';
        const phrase = ftsPhrase(text);
        return `(r.id IN (SELECT rowid FROM resource_search WHERE resource_search MATCH ${param(phrase)})
          OR f.resource_key * ${RULE_KEY_BITS} + f.rule_key IN (SELECT rowid FROM finding_search WHERE finding_search MATCH ${param(phrase)}))`;
      },
      text: (expression) => expression,
    });
    const total = (
      this.ctx.sql(`SELECT count(*) AS n ${from} WHERE ${where}`).get(...params) as { n: number }
    ).n;
    const rows = this.ctx
      .sql(
        `SELECT r.resource_id AS resourceId, r.type AS resourceType, ru.rule_id AS ruleId, ru.severity, f.status, f.message,
                f.since, r.account, r.region, r.provider, r.name, f.opened_scan AS openedScan,
                r.source_file AS sourceFile, r.source_line AS sourceLine,
                ${
                  q.asOf
                    ? 'NULL'
                    : "(SELECT max(finished_at) FROM scope_runs sr WHERE sr.scope_id = r.scope_id AND sr.status = 'ok')"
                } AS lastOk
         ${from} WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit, q.offset) as (Omit<FindingRow, 'since' | 'lastEvaluated'> & {
      since: number;
      lastOk: number | null;
    })[];
    return {
      total,
      rows: rows.map(({ since, lastOk, ...row }) => ({
        ...row,
        since: iso(since),
        ...(lastOk !== null ? { lastEvaluated: iso(lastOk) } : {}),
      })),
    };
  }

  ruleCounts(scopeKeys?: readonly string[]): RuleCounts[] {
    if (scopeKeys === undefined)
      return this.ctx
        .sql(
          `SELECT ru.rule_id AS ruleId, ru.severity, sum(c.pass) AS pass, sum(c.fail) AS fail, sum(c.error) AS error
           FROM current_counts c JOIN rules ru ON ru.id = c.rule_key GROUP BY ru.rule_id`,
        )
        .all() as RuleCounts[];
    if (scopeKeys.length === 0) return [];
    return this.ctx
      .sql(
        `SELECT s.key AS scopeKey, ru.rule_id AS ruleId, ru.severity, sum(f.status = 'pass') AS pass, sum(f.status = 'fail') AS fail,
                sum(f.status = 'error') AS error
         FROM scopes s JOIN resources r ON r.scope_id = s.id AND r.deleted_at IS NULL
           JOIN findings f ON f.resource_key = r.id JOIN rules ru ON ru.id = f.rule_key
         WHERE s.key IN (${scopeKeys.map(() => '?').join(', ')})
         GROUP BY s.key, ru.rule_id`,
      )
      .all(...scopeKeys) as RuleCounts[];
  }

  failing(of?: FailingOf): ScopedFailure[] {
    const select = `SELECT r.resource_id AS resourceId, ru.rule_id AS ruleId, ru.severity, r.account, r.region,
                r.source_file AS sourceFile, s.key AS scopeKey
         FROM findings f JOIN rules ru ON ru.id = f.rule_key
           JOIN resources r ON r.id = f.resource_key JOIN scopes s ON s.id = r.scope_id
         WHERE f.status = 'fail' AND r.deleted_at IS NULL`;
    if (!of) return this.ctx.sql(select).all() as ScopedFailure[];
    // through the muted rules' and the named resources' keys, not through every failing finding
    return this.ctx
      .sql(
        `${select} AND (f.rule_key IN (SELECT id FROM rules WHERE rule_id IN (SELECT value FROM json_each(@rules)))
           OR f.resource_key IN (SELECT id FROM resources WHERE resource_id IN (SELECT value FROM json_each(@resources))))`,
      )
      .all({
        rules: JSON.stringify(of.ruleIds),
        resources: JSON.stringify(of.resourceIds),
      }) as ScopedFailure[];
  }

  postureAt(
    at: Date,
    opts: { staleAfterMs?: number; apart?: (scope: ScopeParts) => boolean; failingOf?: FailingOf } = {},
  ): PostureAt {
    const t = at.getTime();
    const states = scopeStates(this.ctx, at);
    const observed = observedScopes(states, t, opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
    const tally = `ru.severity, sum(h.status = 'pass') AS pass, sum(h.status = 'fail') AS fail, sum(h.status = 'error') AS error`;
    const totals = this.ctx
      .sql(
        `SELECT ru.rule_id AS ruleId, ${tally} FROM (${INTERVALS_AT('')}) h JOIN rules ru ON ru.id = h.rule_key
         GROUP BY ru.rule_id`,
      )
      .all({ t }) as CountsAt[];
    const apartIds = scopesApart(states, observed, opts.apart);
    // from the resources of those scopes to their intervals (by key), not through every interval
    const apart =
      apartIds.length === 0
        ? []
        : (this.ctx
            .sql(
              `SELECT x.scope_id AS scope, ru.rule_id AS ruleId, ${tally}
               FROM resources x JOIN finding_history h ON h.resource_key = x.id JOIN rules ru ON ru.id = h.rule_key
               WHERE x.scope_id IN (SELECT value FROM json_each(@scopes)) AND h.valid_from <= @t AND (h.valid_to IS NULL OR h.valid_to > @t)
               GROUP BY x.scope_id, ru.rule_id`,
            )
            .all({ scopes: JSON.stringify(apartIds), t }) as CountsAt[]);
    const of = opts.failingOf;
    const failing = this.ctx
      .sql(
        `SELECT r.resource_id AS resourceId, ru.rule_id AS ruleId, ru.severity, r.account, r.region,
                r.source_file AS sourceFile, r.scope_id AS scope
         FROM (${INTERVALS_AT(
           `status = 'fail' AND ${
             of
               ? `(rule_key IN (SELECT id FROM rules WHERE rule_id IN (SELECT value FROM json_each(@rules)))
                  OR resource_key IN (SELECT id FROM resources WHERE resource_id IN (SELECT value FROM json_each(@resources)))) AND `
               : ''
           }`,
         )}) h JOIN resources r ON r.id = h.resource_key JOIN rules ru ON ru.id = h.rule_key`,
      )
      .all({
        t,
        ...(of ? { rules: JSON.stringify(of.ruleIds), resources: JSON.stringify(of.resourceIds) } : {}),
      }) as FailureAt[];
    return assemblePostureAt({ at, states, observed, totals, apart, failing });
  }

  /**
   * The status intervals containing `at` as findings `f` (as FindingsRepository.asOf: a finding
   * whose scope was not observed then is an error saying so), with their resources and rules.
   */
  private intervalsAt(at: Date, param: (value: unknown) => string): string {
    const t = at.getTime();
    const states = scopeStates(this.ctx, at);
    const observed = observedScopes(states, t, DEFAULT_STALE_AFTER_MS);
    const ids = JSON.stringify([...observed].filter(([, seen]) => seen).map(([id]) => id));
    const seen = () => `x.scope_id IN (SELECT value FROM json_each(${param(ids)}))`;
    const columns = () => `h.resource_key, h.rule_key, h.valid_from AS since, h.opened_scan,
        CASE WHEN ${seen()} THEN h.status ELSE 'error' END AS status,
        CASE WHEN ${seen()} THEN h.message ELSE ${param(NOT_OBSERVED_MESSAGE)} END AS message
      FROM finding_history h JOIN resources x ON x.id = h.resource_key`;
    const open = `SELECT ${columns()} WHERE h.valid_to IS NULL AND h.valid_from <= ${param(t)}`;
    const closed = `SELECT ${columns()} WHERE h.valid_to IS NOT NULL AND h.valid_to > ${param(t)} AND h.valid_from <= ${param(t)}`;
    return `FROM (${open} UNION ALL ${closed}) f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key`;
  }

  addToken(t: NewApiToken): number {
    return this.ctx
      .sql('INSERT INTO api_tokens (name, role, hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
      .run(t.name, t.role, t.hash, t.createdAt.getTime(), t.createdBy).lastInsertRowid as number;
  }

  tokens(): ApiToken[] {
    return (this.ctx.sql(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY id`).all() as TokenRow[]).map(
      token,
    );
  }

  tokenByHash(hash: string): ApiToken | undefined {
    const row = this.ctx
      .sql(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`)
      .get(hash) as TokenRow | undefined;
    return row && token(row);
  }

  revokeToken(idOrName: number | string, p: { at: Date; by: string | null }): boolean {
    const row = this.ctx
      .sql(
        `SELECT id FROM api_tokens WHERE ${typeof idOrName === 'number' ? 'id' : 'name'} = ? AND revoked_at IS NULL`,
      )
      .get(idOrName) as { id: number } | undefined;
    if (!row) return false;
    this.ctx
      .sql('UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ?')
      .run(p.at.getTime(), p.by, row.id);
    this.ctx.sql('DELETE FROM console_sessions WHERE token_id = ?').run(row.id);
    return true;
  }

  touchToken(id: number, at: Date): void {
    this.ctx.sql('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at.getTime(), id);
  }

  addSession(s: NewConsoleSession): void {
    this.ctx
      .sql(
        'INSERT INTO console_sessions (id_hash, token_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(s.idHash, s.tokenId, s.csrfToken, s.createdAt.getTime(), s.expiresAt.getTime());
  }

  session(idHash: string, at: Date): ConsoleSession | undefined {
    const row = this.ctx
      .sql(
        `SELECT s.token_id AS tokenId, t.name AS tokenName, t.role, s.csrf_token AS csrfToken, s.expires_at AS expiresAt
         FROM console_sessions s JOIN api_tokens t ON t.id = s.token_id
         WHERE s.id_hash = ? AND s.expires_at > ? AND t.revoked_at IS NULL`,
      )
      .get(idHash, at.getTime()) as (Omit<ConsoleSession, 'expiresAt'> & { expiresAt: number }) | undefined;
    return row && { ...row, expiresAt: iso(row.expiresAt) };
  }

  endSession(idHash: string): void {
    this.ctx.sql('DELETE FROM console_sessions WHERE id_hash = ?').run(idHash);
  }

  addAudit(e: NewAuditEntry): number {
    return this.ctx
      .sql('INSERT INTO audit_log (at, actor, via, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.at.getTime(), e.actor, e.via, e.action, e.target, JSON.stringify(e.detail))
      .lastInsertRowid as number;
  }

  audit(f: { limit?: number; since?: Date; actor?: string; action?: string } = {}): AuditEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.since) {
      where.push('at >= ?');
      params.push(f.since.getTime());
    }
    if (f.actor !== undefined) {
      where.push('actor = ?');
      params.push(f.actor);
    }
    if (f.action !== undefined) {
      where.push('action = ?');
      params.push(f.action);
    }
    const rows = this.ctx
      .sql(
        `SELECT id, at, actor, via, action, target, detail FROM audit_log
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`,
      )
      .all(...params, f.limit ?? 1000) as (Omit<AuditEntry, 'at' | 'detail'> & {
      at: number;
      detail: string;
    })[];
    return rows.map((r) => ({
      ...r,
      at: iso(r.at),
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }
}
