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
import { containsPattern, MIN_SEARCH_LENGTH } from '../core/search.js';
import { iso, isoOrNull, type Db } from './context.js';

const CURRENT_FINDINGS =
  'FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key';

/**
 * The keys and status of the status intervals containing T ($1), those matching `where`: closed
 * ones closed after T, so partitions of months before T's are pruned unread.
 */
const INTERVALS_AT = (where: string) =>
  `SELECT resource_key, rule_key, status FROM finding_open WHERE ${where}valid_from <= $1
   UNION ALL
   SELECT resource_key, rule_key, status FROM finding_closed WHERE ${where}valid_to > $1 AND valid_from <= $1`;

/** The keys (rk, uk) of the findings whose resource id or name, or message, matches an ILIKE pattern. */
const searchKeys = (pattern: string) =>
  `SELECT f2.resource_key AS rk, f2.rule_key AS uk FROM resources s JOIN findings f2 ON f2.resource_key = s.id
     WHERE s.deleted_at IS NULL AND (s.name ILIKE ${pattern} ESCAPE '\\' OR s.resource_id ILIKE ${pattern} ESCAPE '\\')
   UNION
   SELECT resource_key, rule_key FROM findings WHERE message ILIKE ${pattern} ESCAPE '\\'`;

const DATA_VERSION = `SELECT (SELECT coalesce(max(id), 0) FROM scope_runs) || ':' || (SELECT coalesce(max(id), 0) FROM scans) || ':' ||
  (SELECT count(*) FROM rules) || ':' || (SELECT count(*) || '/' || coalesce(max(id), 0) FROM mutes) || ':' ||
  (SELECT coalesce(max(id), 0) || '/' || coalesce(max(last_seen), 0) FROM signals) || ':' ||
  (SELECT coalesce(max(id), 0) FROM signal_history) AS v`;

type TokenRow = Omit<ApiToken, 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt'> & {
  id: string | number;
  createdAt: string | number;
  lastUsedAt: string | number | null;
  revokedAt: string | number | null;
};
const TOKEN_COLUMNS = `id, name, role, created_at AS "createdAt", created_by AS "createdBy", last_used_at AS "lastUsedAt",
  revoked_at AS "revokedAt", revoked_by AS "revokedBy"`;
const token = (r: TokenRow): ApiToken => ({
  ...r,
  id: Number(r.id),
  createdAt: iso(Number(r.createdAt)),
  lastUsedAt: r.lastUsedAt === null ? null : isoOrNull(Number(r.lastUsedAt)),
  revokedAt: r.revokedAt === null ? null : isoOrNull(Number(r.revokedAt)),
});

export class PgConsole implements ConsoleRepository {
  constructor(private readonly db: Db) {}

  async changes(from: Date, to: Date): Promise<PostureChanges> {
    const window = [from.getTime(), to.getTime()];
    const began = await this.db.one<{ n: string }>(
      `SELECT (SELECT count(*) FROM finding_open WHERE status = 'fail' AND valid_from >= $1 AND valid_from < $2)
            + (SELECT count(*) FROM finding_closed WHERE status = 'fail' AND valid_from >= $1 AND valid_from < $2) AS n`,
      window,
    );
    const fixed = await this.db.one<{ n: string }>(
      `SELECT count(*) AS n FROM finding_closed h
       JOIN finding_history n ON n.resource_key = h.resource_key AND n.rule_key = h.rule_key AND n.valid_from = h.valid_to
       WHERE h.status = 'fail' AND n.status = 'pass' AND h.valid_to >= $1 AND h.valid_to < $2`,
      window,
    );
    return { newFailures: Number(began!.n), fixes: Number(fixed!.n) };
  }

  async dataVersion(): Promise<string> {
    return (await this.db.one<{ v: string }>(DATA_VERSION))!.v;
  }

  async search(text: string): Promise<SearchHits> {
    if (text.length < MIN_SEARCH_LENGTH) return { resourceIds: [], findings: [] };
    const pattern = containsPattern(text);
    const resources = await this.db.query<{ id: string }>(
      `SELECT resource_id AS id FROM resources
       WHERE deleted_at IS NULL AND (name ILIKE $1 ESCAPE '\\' OR resource_id ILIKE $1 ESCAPE '\\')`,
      [pattern],
    );
    const findings = await this.db.query<{ resourceId: string; ruleId: string }>(
      `SELECT r.resource_id AS "resourceId", ru.rule_id AS "ruleId" FROM findings f
       JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
       WHERE f.message ILIKE $1 ESCAPE '\\' AND r.deleted_at IS NULL`,
      [pattern],
    );
    return {
      resourceIds: resources.map((r) => r.id),
      findings: findings.map((r): [string, string] => [r.resourceId, r.ruleId]),
    };
  }

  async findings(q: ConsoleFindingsQuery): Promise<ConsoleFindingsPage> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // current findings matching a search are looked up from the indexes' hits, not tested one by one
    const searchFirst = q.search !== undefined && !q.asOf;
    const from = q.asOf
      ? await this.intervalsAt(q.asOf, param)
      : searchFirst
        ? `FROM (${searchKeys(param(containsPattern(q.search!)))}) m
           JOIN findings f ON f.resource_key = m.rk AND f.rule_key = m.uk
           JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key`
        : CURRENT_FINDINGS;
    const { where, orderBy } = consoleFindingsSql(q, {
      param,
      inList: (column, values) => `${column} = ANY(${param(values)}::text[])`,
      tag: (key, value) =>
        value === undefined
          ? `jsonb_exists(r.tags::jsonb, ${param(key)})`
          : `jsonb_typeof(r.tags::jsonb -> ${param(key)}) = 'string' AND r.tags::jsonb ->> ${param(key)} = ${param(value)}`,
      search: (text) => {
        if (searchFirst) return 'TRUE';
        const pattern = param(containsPattern(text));
        return `(r.id IN (SELECT id FROM resources WHERE deleted_at IS NULL
                            AND (name ILIKE ${pattern} ESCAPE '\\' OR resource_id ILIKE ${pattern} ESCAPE '\\'))
          OR (f.resource_key, f.rule_key) IN (SELECT resource_key, rule_key FROM findings WHERE message ILIKE ${pattern} ESCAPE '\\'))`;
      },
      text: (expression) => `${expression} COLLATE "C"`,
    });
    const counted = await this.db.one<{ n: string }>(`SELECT count(*) AS n ${from} WHERE ${where}`, params);
    const limit = param(q.limit);
    const offset = param(q.offset);
    const rows = await this.db.query<
      Omit<FindingRow, 'since' | 'lastEvaluated' | 'openedScan'> & {
        since: string | number;
        openedScan: string | number;
        lastOk: string | number | null;
      }
    >(
      `SELECT r.resource_id AS "resourceId", r.type AS "resourceType", ru.rule_id AS "ruleId", ru.severity, f.status,
              f.message, f.since, r.account, r.region, r.provider, r.name, f.opened_scan AS "openedScan",
              r.source_file AS "sourceFile", r.source_line AS "sourceLine",
              ${
                q.asOf
                  ? 'NULL'
                  : "(SELECT max(finished_at) FROM scope_runs sr WHERE sr.scope_id = r.scope_id AND sr.status = 'ok')"
              } AS "lastOk"
       ${from} WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return {
      total: Number(counted!.n),
      rows: rows.map(({ since, lastOk, openedScan, ...row }) => ({
        ...row,
        openedScan: Number(openedScan),
        since: iso(Number(since)),
        ...(lastOk !== null ? { lastEvaluated: iso(Number(lastOk)) } : {}),
      })),
    };
  }

  async ruleCounts(scopeKeys?: readonly string[]): Promise<RuleCounts[]> {
    type Row = Omit<RuleCounts, 'pass' | 'fail' | 'error'> & {
      pass: string;
      fail: string;
      error: string;
    };
    const rows =
      scopeKeys === undefined
        ? await this.db.query<Row>(
            `SELECT ru.rule_id AS "ruleId", ru.severity, sum(c.pass) AS pass, sum(c.fail) AS fail, sum(c.error) AS error
             FROM current_counts c JOIN rules ru ON ru.id = c.rule_key GROUP BY ru.rule_id, ru.severity`,
          )
        : scopeKeys.length === 0
          ? []
          : await this.db.query<Row>(
              `SELECT s.key AS "scopeKey", ru.rule_id AS "ruleId", ru.severity, count(*) FILTER (WHERE f.status = 'pass') AS pass,
                      count(*) FILTER (WHERE f.status = 'fail') AS fail, count(*) FILTER (WHERE f.status = 'error') AS error
               FROM scopes s JOIN resources r ON r.scope_id = s.id AND r.deleted_at IS NULL
                 JOIN findings f ON f.resource_key = r.id JOIN rules ru ON ru.id = f.rule_key
               WHERE s.key = ANY($1::text[])
               GROUP BY s.key, ru.rule_id, ru.severity`,
              [scopeKeys],
            );
    return rows.map((r) => ({ ...r, pass: Number(r.pass), fail: Number(r.fail), error: Number(r.error) }));
  }

  async failing(of?: FailingOf): Promise<ScopedFailure[]> {
    const select = `SELECT r.resource_id AS "resourceId", ru.rule_id AS "ruleId", ru.severity, r.account, r.region,
              r.source_file AS "sourceFile", s.key AS "scopeKey"
       FROM findings f JOIN rules ru ON ru.id = f.rule_key
         JOIN resources r ON r.id = f.resource_key JOIN scopes s ON s.id = r.scope_id
       WHERE f.status = 'fail' AND r.deleted_at IS NULL`;
    if (!of) return this.db.query<ScopedFailure>(select);
    // through the muted rules' and the named resources' keys, not through every failing finding
    return this.db.query<ScopedFailure>(
      `${select} AND (f.rule_key IN (SELECT id FROM rules WHERE rule_id = ANY($1::text[]))
         OR f.resource_key IN (SELECT id FROM resources WHERE resource_id = ANY($2::text[])))`,
      [of.ruleIds, of.resourceIds],
    );
  }

  async postureAt(
    at: Date,
    opts: { staleAfterMs?: number; apart?: (scope: ScopeParts) => boolean; failingOf?: FailingOf } = {},
  ): Promise<PostureAt> {
    const t = at.getTime();
    const states = await scopeStates(this.db, at);
    const observed = observedScopes(states, t, opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
    type Row = Omit<CountsAt, 'pass' | 'fail' | 'error'> & Record<'pass' | 'fail' | 'error', string>;
    const tally = `ru.severity, count(*) FILTER (WHERE h.status = 'pass') AS pass, count(*) FILTER (WHERE h.status = 'fail') AS fail,
      count(*) FILTER (WHERE h.status = 'error') AS error`;
    const counted = (rows: Row[]): CountsAt[] =>
      rows.map((c) => ({
        ruleId: c.ruleId,
        severity: c.severity,
        ...(c.scope !== undefined ? { scope: Number(c.scope) } : {}),
        pass: Number(c.pass),
        fail: Number(c.fail),
        error: Number(c.error),
      }));
    const totals = await this.db.query<Row>(
      `SELECT ru.rule_id AS "ruleId", ${tally} FROM (${INTERVALS_AT('')}) h JOIN rules ru ON ru.id = h.rule_key
       GROUP BY ru.rule_id, ru.severity`,
      [t],
    );
    const apartIds = scopesApart(states, observed, opts.apart);
    // from the resources of those scopes to their intervals (by key), not through every interval
    const apart =
      apartIds.length === 0
        ? []
        : await this.db.query<Row>(
            `SELECT x.scope_id AS scope, ru.rule_id AS "ruleId", ${tally}
             FROM resources x JOIN finding_history h ON h.resource_key = x.id JOIN rules ru ON ru.id = h.rule_key
             WHERE x.scope_id = ANY($2::bigint[]) AND h.valid_from <= $1 AND (h.valid_to IS NULL OR h.valid_to > $1)
             GROUP BY x.scope_id, ru.rule_id, ru.severity`,
            [t, apartIds],
          );
    const of = opts.failingOf;
    const failing = await this.db.query<FailureAt>(
      `SELECT r.resource_id AS "resourceId", ru.rule_id AS "ruleId", ru.severity, r.account, r.region,
              r.source_file AS "sourceFile", r.scope_id AS scope
       FROM (${INTERVALS_AT(
         `status = 'fail' AND ${
           of
             ? `(rule_key IN (SELECT id FROM rules WHERE rule_id = ANY($2::text[]))
                OR resource_key IN (SELECT id FROM resources WHERE resource_id = ANY($3::text[]))) AND `
             : ''
         }`,
       )}) h JOIN resources r ON r.id = h.resource_key JOIN rules ru ON ru.id = h.rule_key`,
      of ? [t, of.ruleIds, of.resourceIds] : [t],
    );
    return assemblePostureAt({
      at,
      states,
      observed,
      totals: counted(totals),
      apart: counted(apart),
      failing: failing.map((f) => ({ ...f, scope: Number(f.scope) })),
    });
  }

  /**
   * The status intervals containing `at` as findings `f` (as FindingsRepository.asOf: a finding
   * whose scope was not observed then is an error saying so), with their resources and rules.
   */
  private async intervalsAt(at: Date, param: (value: unknown) => string): Promise<string> {
    const t = at.getTime();
    const states = await scopeStates(this.db, at);
    const observed = observedScopes(states, t, DEFAULT_STALE_AFTER_MS);
    const ids = param([...observed].filter(([, seen]) => seen).map(([id]) => id));
    const instant = param(t);
    const seen = `x.scope_id = ANY(${ids}::bigint[])`;
    // closed intervals containing t closed after t: partitions of months before t's are pruned unread
    return `FROM (SELECT h.resource_key, h.rule_key, h.valid_from AS since, h.opened_scan,
                    CASE WHEN ${seen} THEN h.status ELSE 'error' END AS status,
                    CASE WHEN ${seen} THEN h.message ELSE ${param(NOT_OBSERVED_MESSAGE)} END AS message
                  FROM (SELECT resource_key, rule_key, status, message, valid_from, opened_scan
                        FROM finding_open WHERE valid_from <= ${instant}
                        UNION ALL
                        SELECT resource_key, rule_key, status, message, valid_from, opened_scan
                        FROM finding_closed WHERE valid_to > ${instant} AND valid_from <= ${instant}) h
                  JOIN resources x ON x.id = h.resource_key) f
      JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key`;
  }

  async addToken(t: NewApiToken): Promise<number> {
    const row = await this.db.one<{ id: string }>(
      'INSERT INTO api_tokens (name, role, hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [t.name, t.role, t.hash, t.createdAt.getTime(), t.createdBy],
    );
    return Number(row!.id);
  }

  async tokens(): Promise<ApiToken[]> {
    return (await this.db.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY id`)).map(token);
  }

  async tokenByHash(hash: string): Promise<ApiToken | undefined> {
    const row = await this.db.one<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    return row && token(row);
  }

  async revokeToken(idOrName: number | string, p: { at: Date; by: string | null }): Promise<boolean> {
    if (typeof idOrName === 'number' && !Number.isSafeInteger(idOrName)) return false;
    const row = await this.db.one<{ id: string }>(
      `UPDATE api_tokens SET revoked_at = $2, revoked_by = $3
       WHERE ${typeof idOrName === 'number' ? 'id = $1::bigint' : 'name = $1'} AND revoked_at IS NULL RETURNING id`,
      [idOrName, p.at.getTime(), p.by],
    );
    if (!row) return false;
    await this.db.exec('DELETE FROM console_sessions WHERE token_id = $1', [row.id]);
    return true;
  }

  async touchToken(id: number, at: Date): Promise<void> {
    await this.db.exec('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, at.getTime()]);
  }

  async addSession(s: NewConsoleSession): Promise<void> {
    await this.db.exec(
      'INSERT INTO console_sessions (id_hash, token_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [s.idHash, s.tokenId, s.csrfToken, s.createdAt.getTime(), s.expiresAt.getTime()],
    );
  }

  async session(idHash: string, at: Date): Promise<ConsoleSession | undefined> {
    const row = await this.db.one<
      Omit<ConsoleSession, 'tokenId' | 'expiresAt'> & { tokenId: string; expiresAt: string }
    >(
      `SELECT s.token_id AS "tokenId", t.name AS "tokenName", t.role, s.csrf_token AS "csrfToken", s.expires_at AS "expiresAt"
       FROM console_sessions s JOIN api_tokens t ON t.id = s.token_id
       WHERE s.id_hash = $1 AND s.expires_at > $2 AND t.revoked_at IS NULL`,
      [idHash, at.getTime()],
    );
    return row && { ...row, tokenId: Number(row.tokenId), expiresAt: iso(Number(row.expiresAt)) };
  }

  async endSession(idHash: string): Promise<void> {
    await this.db.exec('DELETE FROM console_sessions WHERE id_hash = $1', [idHash]);
  }

  async addAudit(e: NewAuditEntry): Promise<number> {
    const row = await this.db.one<{ id: string }>(
      'INSERT INTO audit_log (at, actor, via, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [e.at.getTime(), e.actor, e.via, e.action, e.target, JSON.stringify(e.detail)],
    );
    return Number(row!.id);
  }

  async audit(
    f: { limit?: number; since?: Date; actor?: string; action?: string } = {},
  ): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (f.since) add('at >= ?', f.since.getTime());
    if (f.actor !== undefined) add('actor = ?', f.actor);
    if (f.action !== undefined) add('action = ?', f.action);
    params.push(f.limit ?? 1000);
    const rows = await this.db.query<Omit<AuditEntry, 'id' | 'at'> & { id: string; at: string }>(
      `SELECT id, at, actor, via, action, target, detail FROM audit_log
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), at: iso(Number(r.at)) }));
  }
}
