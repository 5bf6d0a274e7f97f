import { inflateRawSync } from 'node:zlib';
import type {
  HistoryRow,
  ResourceAt,
  ResourceDetail,
  ResourceName,
  ResourceRow,
  TaggedResource,
} from '../model.js';
import type { ResourcesRepository } from '../store.js';
import { iso, isoOrNull, type SqliteContext } from './context.js';
import type { Sync } from './facade.js';
import { currentFindings } from './findings.js';

type ResourceRowDb = Omit<ResourceRow, 'tags' | 'firstSeen' | 'deletedAt'> & {
  tags: string;
  firstSeen: number;
  deletedAt: number | null;
};

const RESOURCE_ROW = `r.resource_id AS resourceId, r.type, r.provider, r.account, r.region, r.name, r.tags,
  r.first_seen AS firstSeen, r.deleted_at AS deletedAt, r.source_file AS sourceFile, r.source_line AS sourceLine,
  (SELECT count(*) FROM findings f WHERE f.resource_key = r.id AND f.status = 'fail') AS failing`;

const toResourceRow = (r: ResourceRowDb): ResourceRow => ({
  ...r,
  tags: JSON.parse(r.tags) as Record<string, string>,
  firstSeen: iso(r.firstSeen),
  deletedAt: isoOrNull(r.deletedAt),
});

export class SqliteResources implements Sync<ResourcesRepository> {
  constructor(private readonly ctx: SqliteContext) {}

  list(f: { type?: string; includeDeleted?: boolean } = {}): ResourceRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!f.includeDeleted) where.push('r.deleted_at IS NULL');
    if (f.type) {
      where.push('r.type = ?');
      params.push(f.type);
    }
    return (
      this.ctx
        .sql(
          `SELECT ${RESOURCE_ROW} FROM resources r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.type, r.resource_id, r.id`,
        )
        .all(...params) as ResourceRowDb[]
    ).map(toResourceRow);
  }

  get(resourceId: string): ResourceDetail | undefined {
    return this.definitions(resourceId)[0];
  }

  definitions(resourceId: string): ResourceDetail[] {
    return (
      this.ctx
        .sql(
          `SELECT id, definition, config_hash AS hash FROM resources WHERE resource_id = ?
           ORDER BY deleted_at IS NOT NULL, definition`,
        )
        .all(resourceId) as { id: number; definition: string; hash: string }[]
    ).map((key) => this.detailOf(resourceId, key));
  }

  private detailOf(
    resourceId: string,
    key: { id: number; definition: string; hash: string },
  ): ResourceDetail {
    const resource = toResourceRow(
      this.ctx.sql(`SELECT ${RESOURCE_ROW} FROM resources r WHERE r.id = ?`).get(key.id) as ResourceRowDb,
    );
    const findings = currentFindings(this.ctx, { resourceId, definition: key.definition });
    const history = (
      this.ctx
        .sql(
          `SELECT ru.rule_id AS ruleId, h.status, h.message, h.valid_from AS validFrom, h.valid_to AS validTo, h.opened_scan AS openedScan,
                  h.closed_scan AS closedScan, h.bundle_version AS bundleVersion, h.cause
           FROM finding_history h JOIN rules ru ON ru.id = h.rule_key WHERE h.resource_key = ? ORDER BY h.valid_from, ru.rule_id`,
        )
        .all(key.id) as (Omit<HistoryRow, 'validFrom' | 'validTo'> & {
        validFrom: number;
        validTo: number | null;
      })[]
    ).map((h) => ({ ...h, validFrom: iso(h.validFrom), validTo: isoOrNull(h.validTo) }));
    const versions = (
      this.ctx
        .sql(
          'SELECT hash, valid_from AS validFrom, valid_to AS validTo, scan_id AS scanId FROM resource_versions WHERE resource_key = ? ORDER BY valid_from',
        )
        .all(key.id) as { hash: string; validFrom: number; validTo: number | null; scanId: number }[]
    ).map((v) => ({ ...v, validFrom: iso(v.validFrom), validTo: isoOrNull(v.validTo) }));
    return { resource, config: this.blob(key.hash), findings, history, versions };
  }

  private blob(hash: string): unknown {
    const row = this.ctx.sql('SELECT body FROM config_blobs WHERE hash = ?').get(hash) as
      { body: Buffer } | undefined;
    return row ? JSON.parse(inflateRawSync(row.body).toString('utf8')) : undefined;
  }

  configAt(resourceId: string, at: Date): unknown {
    const row = this.ctx
      .sql(
        `SELECT v.hash FROM resource_versions v JOIN resources r ON r.id = v.resource_key
         WHERE r.resource_id = ? AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)
         ORDER BY v.valid_from DESC LIMIT 1`,
      )
      .get(resourceId, at.getTime(), at.getTime()) as { hash: string } | undefined;
    return row ? this.blob(row.hash) : undefined;
  }

  existedAt(at: Date, type: string): ResourceAt[] {
    return (
      this.ctx
        .sql(
          `SELECT r.resource_id AS resourceId, r.account, r.region, r.name, r.tags, s.key AS scopeKey
           FROM resources r JOIN scopes s ON s.id = r.scope_id
           WHERE r.type = ? AND EXISTS (SELECT 1 FROM resource_versions v WHERE v.resource_key = r.id
             AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?))
           ORDER BY r.resource_id, r.id`,
        )
        .all(type, at.getTime(), at.getTime()) as (Omit<ResourceAt, 'tags'> & { tags: string })[]
    ).map((r) => ({ ...r, tags: JSON.parse(r.tags) as Record<string, string> }));
  }

  withTagText(text: string): TaggedResource[] {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return (
      this.ctx
        .sql(
          "SELECT resource_id AS resourceId, source_file AS sourceFile, tags FROM resources WHERE tags LIKE ? ESCAPE '\\'",
        )
        .all(pattern) as { resourceId: string; sourceFile: string | null; tags: string }[]
    ).map((r) => ({ ...r, tags: JSON.parse(r.tags) as Record<string, string> }));
  }

  existing(resourceIds: readonly string[]): Set<string> {
    const exists = this.ctx.sql('SELECT 1 AS found FROM resources WHERE resource_id = ? LIMIT 1');
    return new Set(resourceIds.filter((id) => exists.get(id) !== undefined));
  }

  liveIdsByName(keys: readonly ResourceName[]): (string | undefined)[] {
    const byName = this.ctx.sql(
      'SELECT resource_id AS id FROM resources WHERE type = ? AND account = ? AND name = ? AND deleted_at IS NULL LIMIT 1',
    );
    return keys.map((k) => (byName.get(k.type, k.account, k.name) as { id: string } | undefined)?.id);
  }
}
