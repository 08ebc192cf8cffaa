/**
 * Red flags: the plan patterns a DBA looks for first, each pointed at its node with a one-line why,
 * the share of the run it costs, and the usual fix. Pure functions over the tree model. Each rule
 * knows the node semantics its figures depend on (per-loop averages, Materialize and Memoize on the
 * inner side of a join, per-worker figures under a Gather, early stops); thresholds are deliberately
 * conservative (a flag that cries wolf teaches people to ignore flags). Memory, I/O and plan-wide
 * rules are in flags-more.ts; ranking and merging in rank.ts.
 */
import { displayIdent, quoteIdent } from '../data/sql/ident';
import { flagEnv, fmtN, pct, relationKey, relName, selfShare, statsOf, totalRows, treeShare, type FlagContext, type FlagEnv } from './flag-env';
import { indexFix } from './flag-index';
import { memoryFlags, planWideFlags } from './flags-more';
import { rankFlags } from './rank';
import { filterColumns } from './suggest';
import type { ExplainResult, PlanNode, RedFlag } from './types';

export { relationKey, type FlagContext } from './flag-env';

const LARGE_ROWS = 10_000;
const MISESTIMATE = 10;

/** A flag before ranking: share, minor and group are filled in by the caller where left out. */
export type Draft = Omit<RedFlag, 'minor' | 'group' | 'severity'> & { group?: string; severity?: RedFlag['severity'] };

const JOINS = new Set(['Nested Loop', 'Hash Join', 'Merge Join']);

function seqScanFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if (n.nodeType !== 'Seq Scan' || !n.filter || !n.relation) return null;
  const { r } = env;
  let tableRows: number | null = null;
  let kept: number | null = null;
  if (r.analyzed && n.actualRows !== null && n.rowsRemovedByFilter !== null && !n.neverExecuted) {
    // A rescanned inner side is the nested loop's flag; a parallel scan's loops share one pass.
    if (!n.parallelAware && (n.actualLoops ?? 1) > 1) return null;
    const factor = n.parallelAware ? (n.actualLoops ?? 1) : 1;
    tableRows = (n.actualRows + n.rowsRemovedByFilter) * factor;
    kept = tableRows > 0 ? (n.actualRows * factor) / tableRows : null;
  } else {
    const stats = statsOf(n, env);
    if (stats && stats.reltuples > 0) {
      tableRows = stats.reltuples;
      kept = Math.min(1, (n.planRows * (n.parallelAware ? n.processes : 1)) / stats.reltuples);
    }
  }
  const share = selfShare(n, env);
  if (tableRows === null && !r.analyzed && share >= 0.5 && r.root.totalCost >= 1000) {
    // Offline and not executed: the table size is unknown, but the scan is most of the plan.
    const fix = indexFix(n, n.filter, env, null);
    if (!fix?.helps) return null;
    return {
      nodeId: n.id,
      category: 'seq-scan-filter',
      share,
      why: `a full scan of ${relName(n)} filtered by ${n.filter} is ${pct(share)} of the estimated cost (how much the filter discards needs EXPLAIN ANALYZE or a connection)`,
      fix: fix.text,
    };
  }
  if (tableRows === null || kept === null) return null;
  if (tableRows < (env.ctx.largeTableRows ?? LARGE_ROWS) || kept > 0.5) return null;
  // Keeping a large part of the table is only worth a look where the time goes.
  if (kept > 0.1 && share < 0.2) return null;
  const fix = indexFix(n, n.filter, env, kept);
  if (!fix) return null;
  const parent = partitionParent(n, env);
  return {
    nodeId: n.id,
    category: 'seq-scan-filter',
    share,
    why: `reads all ~${fmtN(tableRows)} rows of ${relName(n)} and its filter discards ${pct(1 - kept)} of them`,
    fix: parent && fix.helps ? partitionFix(fix.text, n, parent) : fix.text,
    // The partitions of one Append are one finding: one index on the partitioned table fixes them.
    group: parent ? `seq-scan-filter:${parent.appendId}:${fix.helps}` : `seq-scan-filter:${n.id}`,
  };
}

/**
 * For a scan of a partition: the Append that unites it with its siblings, and the partitioned
 * table's likely name (EXPLAIN names partitions only; the parent is the alias of a pruned scan, or
 * the stem its siblings share, "readings" for readings_1 … readings_12).
 */
function partitionParent(n: PlanNode, env: FlagEnv): { appendId: string; name: string | null } | null {
  const up = env.parents.get(n.id) ?? [];
  const p = up[up.length - 1];
  if (n.relation && n.alias && n.alias !== n.relation && n.relation.startsWith(`${n.alias}_`)) return { appendId: p?.id ?? n.id, name: n.alias };
  if (!p || (p.nodeType !== 'Append' && p.nodeType !== 'Merge Append')) return null;
  const rels = p.children.map((c) => c.relation).filter((r): r is string => r !== null);
  if (rels.length < 2) return null;
  const stems = new Set(rels.map((r) => r.replace(/_(?:p)?\d+$/, '')));
  return { appendId: p.id, name: stems.size === 1 ? [...stems][0]! : null };
}

function partitionFix(text: string, n: PlanNode, parent: { name: string | null }): string {
  const target = parent.name ? displayIdent(parent.name) : 'the partitioned table';
  // CONCURRENTLY is refused on a partitioned table: ON ONLY, then each partition, then ATTACH.
  return `${text.replace(`CONCURRENTLY ON ${relName(n)} `, `ON ${target} `)} (on the partitioned table it builds one on every partition; without blocking writes: CREATE INDEX ON ONLY ${target}, CREATE INDEX CONCURRENTLY on each partition, ALTER INDEX … ATTACH PARTITION)`;
}

function indexFilterFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if (!['Index Scan', 'Index Only Scan', 'Bitmap Heap Scan'].includes(n.nodeType) || !n.filter || n.rowsRemovedByFilter === null) return null;
  const loops = Math.max(1, n.actualLoops ?? 1);
  const removed = n.rowsRemovedByFilter * loops;
  const rows = totalRows(n);
  if (removed < 1000 || removed < 4 * rows) return null;
  const cond = n.indexCond ?? n.recheckCond;
  // The index's own columns (which may also give the order a Limit relies on) follow the filter's
  // equalities: (user_id, created_at) rather than (created_at) plus a filter on user_id.
  const fix = indexFix(n, cond ? `(${cond}) AND (${n.filter})` : n.filter, env, null, filterColumns(cond));
  const via = n.index ? `the index ${n.index} finds` : 'the index finds';
  return {
    nodeId: n.id,
    category: 'index-filter',
    share: selfShare(n, env),
    why: `${via} ${fmtN(rows + removed)} rows and the filter discards ${pct(removed / (rows + removed))} of them (${n.filter})`,
    fix: fix?.helps ? `an index that answers the filter too: ${fix.text}` : (fix?.text ?? 'an index on the filtered columns as well'),
  };
}

function joinFilterFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if (!JOINS.has(n.nodeType) || !n.joinFilter || n.rowsRemovedByJoinFilter === null) return null;
  const loops = Math.max(1, n.actualLoops ?? 1);
  const removed = n.rowsRemovedByJoinFilter * loops;
  const rows = totalRows(n);
  if (removed < 10_000 || removed < 4 * rows) return null;
  const inner = n.nodeType === 'Nested Loop' ? n.children[1] : undefined;
  const share = Math.min(1, selfShare(n, env) + (inner ? treeShare(inner, env) : 0));
  return {
    nodeId: n.id,
    category: 'join-filter',
    share,
    why: `the join forms ${fmtN(rows + removed)} row pairs and its filter ${n.joinFilter} discards ${pct(removed / (rows + removed))} of them`,
    fix: joinFilterFix(n),
  };
}

function joinFilterFix(n: PlanNode): string {
  if (n.nodeType !== 'Nested Loop') return 'the join keys leave most pairs to the filter: join on more columns (an equality the hash or merge can use), or filter each side before joining';
  const w = innerWorker(n);
  const cond = w ? innerCondition(n.joinFilter, w) : null;
  const col = cond ? /^\((\S+)/.exec(cond)?.[1] : undefined;
  if (w?.relation && col) return `an index on ${relName(w)} (${col}) turns the filter into an index lookup per outer row (keep ${col} bare in the condition: no expression or cast on it)`;
  return 'make the condition searchable: an index on the inner column it compares, with the condition written as column op value (no expression on the column)';
}

/**
 * The part of a join filter an index on the inner relation could answer, as a condition on its
 * column: `(('sku ' || i.sku) = s.label)` with inner alias s → `(label = $1)`.
 */
export function innerCondition(joinFilter: string | null, inner: PlanNode): string | null {
  if (!joinFilter || !inner.alias) return null;
  const a = inner.alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:^|[^\\w."])${a}\\.("(?:[^"]|"")+"|[A-Za-z_][\\w$]*)\\s*\\)?\\s*(=|<=|>=|<|>)|(=|<=|>=|<|>)\\s*\\(?${a}\\.("(?:[^"]|"")+"|[A-Za-z_][\\w$]*)`).exec(joinFilter);
  if (!m) return null;
  const col = m[1] ?? m[4]!;
  const FLIP: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=' };
  const op = m[2] ?? FLIP[m[3]!]!;
  return `(${col} ${op} $1)`;
}

function ratioOf(n: PlanNode): number | null {
  if (n.actualRows === null || n.neverExecuted) return null;
  const est = n.planRows;
  const act = n.actualRows;
  // 1 estimated vs 9 found is noise; the gap must also matter in rows.
  if (Math.abs(est - act) * Math.max(1, n.actualLoops ?? 1) < 100) return null;
  return Math.max(est, act) / Math.max(1, Math.min(est, act));
}

function misestimateFix(n: PlanNode, env: FlagEnv, hasJoinAbove: boolean): string | null {
  if (n.nodeType === 'Function Scan') {
    const fn = n.functionName ? `${n.schema ? `${displayIdent(n.schema)}.` : ''}${displayIdent(n.functionName)}` : 'the function';
    return `statistics cannot estimate a function's result: ALTER FUNCTION ${fn} ROWS ${Math.max(1, Math.round(n.actualRows ?? 1))}; (its declared row count; 1000 by default)`;
  }
  if (n.nodeType === 'Aggregate' && n.filter) {
    // HAVING is estimated with a fixed guess: no statistics change it.
    if (!hasJoinAbove) return null;
    return 'a HAVING condition is estimated with a fixed guess that no statistics change: compute the groups first (a MATERIALIZED CTE or a temporary table, then ANALYZE it) before joining';
  }
  if (!n.relation) return 'the estimate goes wrong at this node while its inputs are right: the join or group columns are correlated or skewed; CREATE STATISTICS (ndistinct, dependencies) on the grouped or joined columns of one table, or rewrite so the planner sees the condition';
  const stats = statsOf(n, env);
  const rel = relName(n);
  if ((n.actualLoops ?? 1) > 1 && n.parentRelationship === 'Inner' && !n.filter) {
    return `its condition compares with the outer row's values, which planning does not know: a range (>, <) against them is estimated as a fixed third of the rows, and no statistics change that; an equality join on ${rel} is estimated from n_distinct (ANALYZE, or ALTER TABLE … ALTER COLUMN … SET (n_distinct = …))`;
  }
  const cols = filterColumns(n.filter ?? n.indexCond ?? n.recheckCond);
  const stale =
    stats &&
    (stats.reltuples < 0 || stats.lastAnalyzed === null || (stats.modifiedSinceAnalyze !== null && stats.modifiedSinceAnalyze > Math.max(1000, 0.1 * Math.max(stats.reltuples, 0))));
  if (stale) {
    const changed = stats!.modifiedSinceAnalyze ? `${fmtN(stats!.modifiedSinceAnalyze)} rows changed since the last ANALYZE` : 'never analyzed';
    return `ANALYZE ${rel}; (${changed})`;
  }
  if (cols.length >= 2) {
    return `CREATE STATISTICS ON ${cols.map(displayIdent).join(', ')} FROM ${rel}; ANALYZE ${rel}; (the columns are correlated; the planner multiplies their selectivities)`;
  }
  return `ANALYZE ${rel}; if it persists, ALTER TABLE ${rel} ALTER COLUMN … SET STATISTICS 1000 and ANALYZE again`;
}

function misestimateFlag(n: PlanNode, env: FlagEnv): Draft | null {
  // INSERT/UPDATE/DELETE without RETURNING emit no rows whatever they were estimated to process.
  if (n.nodeType === 'ModifyTable' || env.early.has(n.id)) return null;
  // Fed by an input that stopped early, its own count is cut short as well (a Limit, a Subquery
  // Scan over a WindowAgg with a run condition).
  if (n.children.some((c) => env.early.has(c.id) && c.parentRelationship !== 'InitPlan' && c.parentRelationship !== 'SubPlan')) return null;
  const ratio = ratioOf(n);
  if (ratio === null || ratio < MISESTIMATE) return null;
  // Report where the error starts, not every node above it that inherits it.
  if (n.children.some((c) => (ratioOf(c) ?? 0) >= MISESTIMATE && !env.early.has(c.id) && c.parentRelationship !== 'InitPlan' && c.parentRelationship !== 'SubPlan')) return null;
  // A Materialize/Memoize/Hash above passes the same rows on: the consumer's choice is what matters.
  const parents = env.parents.get(n.id) ?? [];
  const joinAbove = [...parents].reverse().find((p) => JOINS.has(p.nodeType));
  // Above the scans, a wrong count matters only to a join whose method it chooses.
  if (!n.relation && n.nodeType !== 'Function Scan' && !joinAbove) return null;
  const fix = misestimateFix(n, env, joinAbove !== undefined);
  if (!fix) return null;
  const act = n.actualRows!;
  const dir = act > n.planRows ? 'more' : 'fewer';
  return {
    nodeId: n.id,
    category: 'misestimate',
    share: treeShare(joinAbove ?? n, env),
    severity: ratio >= 100 ? 'bad' : 'warn',
    why: `estimated ${fmtN(n.planRows)} rows, got ${fmtN(act)} (${Math.round(ratio)}x ${dir})${n.actualLoops && n.actualLoops > 1 ? ' per loop' : ''}: plans above it are chosen on a wrong count`,
    fix,
  };
}

/** The first node of the inner side that does the work (through Memoize / Materialize). */
function innerWorker(n: PlanNode): PlanNode | undefined {
  let c = n.children.find((x) => x.parentRelationship === 'Inner') ?? n.children[1];
  while (c && (c.nodeType === 'Memoize' || c.nodeType === 'Materialize') && c.children[0]) c = c.children[0];
  return c;
}

const FULL_SCANS = new Set(['Seq Scan', 'Function Scan', 'CTE Scan', 'Subquery Scan', 'Values Scan', 'Bitmap Heap Scan']);

function nestedLoopFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if (n.nodeType !== 'Nested Loop') return null;
  const inner = n.children.find((x) => x.parentRelationship === 'Inner') ?? n.children[1];
  const w = innerWorker(n);
  if (!inner || !w) return null;
  const full = FULL_SCANS.has(w.nodeType) && w.nodeType !== 'Bitmap Heap Scan';
  const share = treeShare(inner, env);
  let why: string;
  if (env.r.analyzed) {
    // Materialize scans its input once; Memoize runs it once per cache miss: loops tell.
    const rescans = w.actualLoops ?? 0;
    const perScan = (w.actualRows ?? 0) + (w.rowsRemovedByFilter ?? 0);
    const outer = n.children.find((x) => x.parentRelationship === 'Outer') ?? n.children[0];
    const outerOff = outer && outer.actualRows !== null && totalRows(outer) >= 10 * Math.max(1, outer.planRows * (outer.actualLoops ?? 1));
    if (full && rescans >= 100 && perScan * rescans >= 100_000) {
      why = `the inner side runs ${fmtN(rescans)} times, each a full scan of ${w.relation ? relName(w) : w.label} (${fmtN(perScan * rescans)} rows read)`;
    } else if (!full && rescans >= 10_000 && share >= 0.3 && outerOff) {
      why = `the inner side runs ${fmtN(rescans)} times: the outer side was estimated at ${fmtN(outer!.planRows)} rows, so a hash join was not chosen`;
    } else return null;
  } else {
    if (!full || inner.nodeType === 'Materialize' || inner.nodeType === 'Memoize') return null;
    const outer = n.children[0];
    if (!outer || outer.planRows < 1000) return null;
    why = `the inner side runs once per outer row: ~${fmtN(outer.planRows)} full scans of ${w.relation ? relName(w) : w.label}`;
  }
  const fixIdx = full && w.relation ? indexFix(w, w.filter ?? innerCondition(n.joinFilter, w), env, null) : null;
  return {
    nodeId: n.id,
    category: 'nested-loop-rescans',
    share,
    why,
    fix: fixIdx?.helps
      ? `index the join column of the inner side: ${fixIdx.text}`
      : 'check the outer side estimate (ANALYZE): with the real count the planner prefers a hash or merge join, which reads the inner side once',
  };
}

function subplanFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if (n.parentRelationship !== 'SubPlan') return null;
  const parents = env.parents.get(n.id) ?? [];
  const parent = parents[parents.length - 1];
  const fix = 'rewrite the correlated subquery as a JOIN (or LATERAL / EXISTS) so it is computed for the whole set at once';
  const share = treeShare(n, env);
  if (env.r.analyzed) {
    const loops = n.actualLoops ?? 0;
    const heavy = env.timed && share >= 0.2;
    if (!(loops >= 1000 || (loops >= 10 && heavy))) return null;
    return {
      nodeId: n.id,
      category: 'subplan-per-row',
      share,
      why: `${n.subplanName ?? 'SubPlan'} ran ${fmtN(loops)} times, once per row of its parent${heavy ? `, ${pct(share)} of the run time` : ''}`,
      fix,
    };
  }
  // A hashed SubPlan is built once; only the per-row kind is a problem.
  const hashed = parents.some((p) => [p.filter, p.joinFilter].some((f) => f?.includes(`hashed ${n.subplanName}`)));
  if (hashed || !parent || parent.planRows < 1000) return null;
  return {
    nodeId: n.id,
    category: 'subplan-per-row',
    share: Math.min(1, (n.totalCost * parent.planRows) / env.total),
    why: `${n.subplanName ?? 'SubPlan'} runs once per row of its parent (~${fmtN(parent.planRows)} rows estimated)`,
    fix,
  };
}

function bitmapFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if (n.nodeType !== 'Bitmap Heap Scan') return null;
  const lossy = n.lossyHeapBlocks ?? 0;
  const removed = (n.rowsRemovedByIndexRecheck ?? 0) * (n.actualLoops ?? 1);
  const rows = totalRows(n);
  if (lossy === 0 && !(removed >= 1000 && removed >= rows)) return null;
  return {
    nodeId: n.id,
    category: 'lossy-bitmap',
    share: selfShare(n, env),
    why: lossy
      ? `bitmap outgrew work_mem: ${fmtN(lossy)} of ${fmtN(lossy + (n.exactHeapBlocks ?? 0))} heap blocks lossy, ${fmtN(removed)} rows rechecked and discarded`
      : `${fmtN(removed)} rows fetched and discarded by the index recheck`,
    fix: lossy ? 'raise work_mem for this query so the bitmap stays exact (one bit per row needs about 1 MB per 8 GB of table), or use a more selective index' : 'use a more selective index (the condition is only partly answered by the index)',
  };
}

function heapFetchFlag(n: PlanNode, env: FlagEnv): Draft | null {
  if (n.nodeType !== 'Index Only Scan' || n.heapFetches === null) return null;
  const rows = totalRows(n);
  if (n.heapFetches < 1000 || n.heapFetches < 0.1 * rows) return null;
  return {
    nodeId: n.id,
    category: 'heap-fetches',
    share: selfShare(n, env),
    why: `an index-only scan that visited the table for ${fmtN(n.heapFetches)} of ${fmtN(rows)} rows: their pages are not marked all-visible`,
    fix: `VACUUM ${relName(n)}; (it sets the visibility map) and let autovacuum keep up (autovacuum_vacuum_insert_scale_factor for insert-only tables)`,
  };
}

const RULES = [seqScanFlag, indexFilterFlag, joinFilterFlag, misestimateFlag, nestedLoopFlag, subplanFlag, bitmapFlag, heapFetchFlag, memoryFlags];

/** Every red flag in a plan, ranked by the share of the run it costs (see rank.ts). */
export function redFlags(r: ExplainResult, ctx: FlagContext = {}): RedFlag[] {
  const env = flagEnv(r, ctx);
  const drafts: Draft[] = [];
  for (const n of r.nodes) for (const rule of RULES) {
    const got = rule(n, env);
    for (const d of Array.isArray(got) ? got : got ? [got] : []) drafts.push(d);
  }
  drafts.push(...planWideFlags(env));
  return rankFlags(foldReads(drafts), r);
}

/** Flags whose fix also cuts the pages read: reads on their node are part of them, not another finding. */
const READS_LESS = new Set(['seq-scan-filter', 'index-filter', 'lossy-bitmap', 'heap-fetches']);

function foldReads(drafts: Draft[]): Draft[] {
  return drafts.filter((d) => {
    if (d.category === 'join-filter') {
      // One problem, not two: the rescanned inner side is where the filter's pairs come from.
      const nl = drafts.find((o) => o.nodeId === d.nodeId && o.category === 'nested-loop-rescans');
      if (!nl) return true;
      nl.why += `; ${d.why.replace(/^the join /, 'it ')}`;
      nl.share = Math.max(nl.share, d.share);
      return false;
    }
    if (d.category !== 'io-time' && d.category !== 'disk-reads') return true;
    const owner = drafts.find((o) => o.nodeId === d.nodeId && READS_LESS.has(o.category));
    if (!owner) return true;
    owner.why += d.category === 'io-time' ? `; ${pct(d.share)} of the run was spent waiting for its reads` : `; it ${d.why}`;
    return false;
  });
}

/** Relations the plan reads, as quoted names for to_regclass (schema-qualified when EXPLAIN gave it). */
export function planRelations(r: ExplainResult): { key: string; regclass: string }[] {
  const seen = new Map<string, string>();
  for (const n of r.nodes) {
    if (!n.relation) continue;
    const key = relationKey(n.schema, n.relation);
    if (!seen.has(key)) seen.set(key, n.schema ? `${quoteIdent(n.schema)}.${quoteIdent(n.relation)}` : quoteIdent(n.relation));
  }
  return [...seen].map(([key, regclass]) => ({ key, regclass }));
}

