/**
 * The index a scan's fix suggests, checked against the indexes that exist: from the catalog when
 * connected, else the ones the plan itself uses on that relation. Keys come from the columns
 * filtered (equality first, then ranges) and joined on; INCLUDE adds the columns the query reads
 * so the scan can be index-only.
 */
import { displayIdent } from '../data/sql/ident';
import { filterColumns, likeInfixColumn, outputColumn, suggestIndex } from './suggest';
import { relationKey, relName, type FlagEnv, type KnownIndex } from './flag-env';
import type { PlanNode } from './types';

/** Indexes of the node's relation: the catalog's, or those the plan shows in use. */
export function knownIndexes(n: PlanNode, env: FlagEnv): KnownIndex[] {
  if (!n.relation) return [];
  const key = relationKey(n.schema, n.relation);
  const fromCatalog = env.ctx.indexes?.get(key);
  if (fromCatalog) return fromCatalog;
  const out = new Map<string, KnownIndex>();
  for (const m of env.r.nodes) {
    if (!m.index || m.relation !== n.relation || (m.schema && n.schema && m.schema !== n.schema)) continue;
    const cols = filterColumns(m.indexCond);
    const prev = out.get(m.index);
    out.set(m.index, { name: m.index, columns: [...new Set([...(prev?.columns ?? []), ...cols])], include: [], partial: false });
  }
  return [...out.values()];
}

/**
 * Columns of this relation the query reads, or null when unknown (no VERBOSE). A scan's own Output
 * is often every column (PostgreSQL skips the projection), so the columns are those the nodes
 * above refer to through the scan's alias, plus the scan's own conditions.
 */
function readColumns(n: PlanNode, env: FlagEnv): string[] | null {
  if (!n.output || !n.alias) return null;
  const a = n.alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ref = new RegExp(`(?:^|[^\\w."])${a}\\.("(?:[^"]|"")+"|[A-Za-z_][\\w$]*)`, 'g');
  const cols = new Set<string>();
  const scan = (t: string | null) => {
    if (!t) return;
    for (const m of t.matchAll(ref)) cols.add(outputColumn(m[1]!) ?? m[1]!);
  };
  for (const m of env.r.nodes) {
    if (m === n) continue;
    for (const t of [m.filter, m.joinFilter, m.hashCond, m.mergeCond, m.indexCond, ...(m.output ?? []), ...(m.sortKey ?? [])]) scan(t);
  }
  scan(n.filter);
  // A lone scan (nothing above refers to it) returns its own Output.
  if (cols.size === filterColumns(n.filter).length) for (const o of n.output) { const c = outputColumn(o); if (c === null) return null; cols.add(c); }
  return [...cols];
}

export interface IndexFix {
  /** The fix text: DDL, or why an index would not help. */
  text: string;
  /** An index is the fix (false: a note that it would not help, or that it exists). */
  helps: boolean;
}

/**
 * The index fix for `cond` (filter, or index condition AND filter) on the node's relation.
 * `kept`: the share of the rows read that the condition keeps, when known.
 */
export function indexFix(n: PlanNode, cond: string | null, env: FlagEnv, kept: number | null, then: string[] = []): IndexFix | null {
  if (!n.relation) return null;
  const rel = relName(n);
  const like = likeInfixColumn(cond);
  if (like) {
    return {
      text: `a B-tree cannot search inside text (LIKE '%…%'): CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX CONCURRENTLY ON ${rel} USING gin (${displayIdent(like)} gin_trgm_ops)`,
      helps: true,
    };
  }
  const read = readColumns(n, env);
  // A covering index only pays when few columns ride along.
  const include = read && read.length <= 4 ? read : undefined;
  const idx = suggestIndex(cond, n.relation, n.schema, { include, then });
  if (!idx) return { text: `an index on the filtered columns of ${rel} (the condition is not a plain AND of column comparisons, so none is suggested)`, helps: false };
  const covering = include !== undefined;
  if (kept !== null && kept > 0.1 && !covering && read === null) {
    return {
      text: `the condition keeps ${Math.round(kept * 100)}% of the rows: an index such as ${idx.ddl} pays only with the columns the query reads added as INCLUDE (…), so the scan is index-only (this plan has no VERBOSE output to name them); without them an index is unlikely to help`,
      helps: false,
    };
  }
  if (kept !== null && kept > 0.1 && !covering) {
    return {
      text: `an index is unlikely to help: the condition keeps ${Math.round(kept * 100)}% of the rows, and fetching them one by one costs more than reading the table; read fewer rows (a narrower condition, partitioning, a summary table)`,
      helps: false,
    };
  }
  const wanted = [idx.keys, ...(idx.compositeKeys ? [idx.compositeKeys] : [])];
  const have = knownIndexes(n, env).find((i) => !i.partial && wanted.some((keys) => i.columns.length >= keys.length && keys.every((k, j) => i.columns[j] === k)));
  if (have) {
    return { text: `the index ${displayIdent(have.name)} on (${have.columns.map(displayIdent).join(', ')}) already exists: the planner did not find it cheaper (check the estimate, random_page_cost)`, helps: false };
  }
  const vis = covering && n.nodeType !== 'Index Only Scan' ? ' (index-only once VACUUM has set the visibility map)' : '';
  const text = idx.composite
    ? `${idx.ddl}${vis}; or, when other values than ${idx.where.join(' AND ')} are queried too, the composite ${idx.composite}`
    : `${idx.ddl}${vis}`;
  return { text, helps: true };
}
