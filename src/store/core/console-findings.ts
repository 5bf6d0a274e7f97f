/**
 * The console's findings list as one SQL query on either backend: the filters of `stance findings`
 * (with the same scope rules as src/model/filters.ts: an AWS filter excludes Kubernetes findings and
 * the other way round; a region keeps global resources, a namespace cluster-wide ones), the
 * console's own (rule set of a framework control, tag, full-text search), a sort with the same tie
 * break as the in-memory sort it replaces (resource id, rule id, definition), a count and a page.
 * The findings are `f` (the findings table, or the status intervals at an instant with the same
 * columns), their resources `r`, their rules `ru`.
 */

import { SEVERITIES } from '../../types.js';
import type { ConsoleFindingsQuery } from '../model.js';

export interface Dialect {
  /** Adds a parameter and returns its placeholder. */
  param(value: unknown): string;
  /** A list parameter as a condition `column IN list`. */
  inList(column: string, values: readonly unknown[]): string;
  /** The condition "the resource has this tag (with this value)". */
  tag(key: string, value: string | undefined): string;
  /** The condition "the resource's id or name, or the finding's message, contains the text". */
  search(text: string): string;
  /** A text expression ordered by code point. */
  text(expression: string): string;
}

const SEVERITY_RANK = `CASE ru.severity ${SEVERITIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;
const STATUS_RANK = "CASE f.status WHEN 'fail' THEN 2 WHEN 'error' THEN 1 ELSE 0 END";

/** The sort columns: SQL expressions over findings f, resources r, rules ru. */
export const CONSOLE_SORTS = {
  severity: SEVERITY_RANK,
  status: STATUS_RANK,
  rule: 'ru.rule_id',
  resource: 'r.resource_id',
  name: 'r.name',
  type: 'r.type',
  account: 'r.account',
  region: 'r.region',
  since: 'f.since',
} as const;

const TEXT_SORTS = new Set(['rule', 'resource', 'name', 'type', 'account', 'region']);

/** WHERE (over findings f, resources r, rules ru) and ORDER BY of a console findings query. */
export function consoleFindingsSql(q: ConsoleFindingsQuery, d: Dialect): { where: string; orderBy: string } {
  const where = q.asOf ? [] : ['r.deleted_at IS NULL'];
  if (q.status) where.push(`f.status = ${d.param(q.status)}`);
  if (q.severities) where.push(q.severities.length ? d.inList('ru.severity', q.severities) : 'FALSE');
  if (q.ruleIds) where.push(q.ruleIds.length ? d.inList('ru.rule_id', q.ruleIds) : 'FALSE');
  if (q.resourceId !== undefined) where.push(`r.resource_id = ${d.param(q.resourceId)}`);
  if (q.resourceType !== undefined) where.push(`r.type = ${d.param(q.resourceType)}`);
  const aws = q.account !== undefined || q.region !== undefined;
  const k8s = q.cluster !== undefined || q.namespace !== undefined;
  if (aws && k8s) where.push('FALSE');
  else if (aws) where.push("r.provider = 'aws'");
  else if (k8s) where.push("r.provider <> 'aws'");
  if (q.account !== undefined) where.push(`r.account = ${d.param(q.account)}`);
  if (q.region !== undefined) where.push(`(r.region = ${d.param(q.region)} OR r.region = 'global')`);
  if (q.cluster !== undefined) where.push(`r.account = ${d.param(q.cluster)}`);
  if (q.namespace !== undefined) where.push(`(r.region = ${d.param(q.namespace)} OR r.region = '_cluster')`);
  if (q.since) where.push(`f.since >= ${d.param(q.since.getTime())}`);
  if (q.tag) where.push(d.tag(q.tag.key, q.tag.value));
  // the search index holds live resources and current messages (as ConsoleRepository.search)
  if (q.search !== undefined) where.push(`r.deleted_at IS NULL AND ${d.search(q.search)}`);
  const column = CONSOLE_SORTS[q.sort];
  const sorted = TEXT_SORTS.has(q.sort) ? d.text(column) : column;
  const direction = q.order === 'asc' ? 'ASC' : 'DESC';
  return {
    where: where.length ? where.join(' AND ') : 'TRUE',
    orderBy: `${sorted} ${direction}, ${d.text('r.resource_id')} ASC, ${d.text('ru.rule_id')} ASC, ${d.text('r.definition')} ASC`,
  };
}
