/**
 * The indexes that exist on the relations a plan reads, from the catalog, for index suggestions
 * that check them (FlagContext.indexes). Offline, the flags fall back to the indexes the plan shows.
 */
import { sqlFor } from '../data/sql/registry';
import { planRelations } from './flags';
import type { KnownIndex } from './flag-env';
import type { ExplainResult } from './types';

interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Valid indexes by relationKey, for redFlags(result, { indexes }). */
export async function relationIndexes(db: Queryable, result: ExplainResult, major: number): Promise<Map<string, KnownIndex[]>> {
  const rels = planRelations(result);
  const out = new Map<string, KnownIndex[]>();
  if (!rels.length) return out;
  const res = await db.query(sqlFor('explain_indexes', major).text, [rels.map((r) => r.regclass)]);
  for (const row of res.rows) {
    const rel = rels.find((r) => r.regclass === row.name);
    // An invalid index (a failed CREATE INDEX CONCURRENTLY) serves no query.
    if (!rel || row.valid !== true) continue;
    const list = out.get(rel.key) ?? [];
    list.push({ name: String(row.index_name), columns: (row.columns as string[]) ?? [], include: (row.include as string[]) ?? [], partial: row.partial === true });
    out.set(rel.key, list);
  }
  // Relations with no index at all are known too: nothing exists to reuse.
  for (const r of rels) if (!out.has(r.key)) out.set(r.key, []);
  return out;
}
