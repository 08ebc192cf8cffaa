/**
 * Red flags: the plan patterns a DBA looks for first, each pointed at its node with a one-line why
 * and the usual fix. Pure functions over the tree model; thresholds are deliberately conservative
 * (a flag that cries wolf teaches people to ignore flags).
 */
import { displayIdent, quoteIdent } from '../data/sql/ident';
import { inclusiveMs } from './parse';
import { filterColumns, suggestIndex } from './suggest';
import type { ExplainResult, PlanNode, RedFlag, RelationStats } from './types';

export interface FlagContext {
  /** Statistics of the relations the plan reads, keyed by relationKey(schema, name). */
  relations?: ReadonlyMap<string, RelationStats>;
  /** A table at least this many rows is "large" (a seq scan there is worth a look). */
  largeTableRows?: number;
  blockSize?: number;
}

export const relationKey = (schema: string | null, name: string): string => `${schema ?? ''}.${name}`;

const LARGE_ROWS = 10_000;
const MISESTIMATE = 10;
const NESTED_OUTER_ROWS = 10_000;

const fmt = (n: number): string => {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
};

// Truncated, so 99.6 % discarded reads 99%, not a misleading 100%.
const pct = (r: number): string => `${Math.floor(r * 100)}%`;

const sizeKb = (kb: number): string => (kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(1)} GB` : kb >= 1024 ? `${Math.round(kb / 1024)} MB` : `${Math.round(kb)} kB`);

/** work_mem that would hold `kb` in memory, rounded up to a power of two in MB. */
function workMemFor(kb: number): string {
  let mb = 1;
  while (mb * 1024 < kb) mb *= 2;
  return mb >= 1024 ? `${mb / 1024}GB` : `${mb}MB`;
}

function relName(n: PlanNode): string {
  if (!n.relation) return '?';
  return n.schema && n.schema !== 'public' ? `${displayIdent(n.schema)}.${displayIdent(n.relation)}` : displayIdent(n.relation);
}

function statsOf(n: PlanNode, ctx: FlagContext): RelationStats | undefined {
  return n.relation ? ctx.relations?.get(relationKey(n.schema, n.relation)) : undefined;
}

function isSeqScan(n: PlanNode): boolean {
  return n.nodeType === 'Seq Scan';
}

function seqScanFlag(n: PlanNode, r: ExplainResult, ctx: FlagContext): RedFlag | null {
  if (!isSeqScan(n) || !n.filter || !n.relation) return null;
  const stats = statsOf(n, ctx);
  let tableRows: number | null = null;
  let kept: number | null = null;
  if (r.analyzed && n.actualRows !== null && n.rowsRemovedByFilter !== null && !n.neverExecuted) {
    // Per-loop averages; a parallel scan's loops share one pass over the table.
    const factor = n.parallelAware ? (n.actualLoops ?? 1) : 1;
    tableRows = (n.actualRows + n.rowsRemovedByFilter) * factor;
    kept = tableRows > 0 ? (n.actualRows * factor) / tableRows : null;
  } else if (stats && stats.reltuples > 0) {
    tableRows = stats.reltuples;
    kept = Math.min(1, (n.planRows * (n.parallelAware ? n.processes : 1)) / stats.reltuples);
  }
  if (tableRows === null || kept === null) return null;
  if (tableRows < (ctx.largeTableRows ?? LARGE_ROWS) || kept > 0.1) return null;
  const idx = suggestIndex(n.filter, n.relation, n.schema);
  const hot = r.hot.some((h) => h.nodeId === n.id);
  return {
    nodeId: n.id,
    kind: 'seq-scan-filter',
    severity: tableRows >= 100_000 || hot ? 'bad' : 'warn',
    why: `reads all ~${fmt(tableRows)} rows of ${relName(n)} and its filter discards ${pct(1 - kept)} of them`,
    fix: idx
      ? `${idx.ddl}; (if no index covers ${idx.keys.join(', ')} yet)`
      : `an index on the filtered columns of ${relName(n)} (the filter is not a simple AND of comparisons)`,
  };
}

/** Nodes whose actual rows cannot be compared with the estimate: stopped early by design. */
function stoppedEarly(n: PlanNode, parents: PlanNode[]): boolean {
  if (parents.some((p) => p.nodeType === 'Limit')) return true;
  const parent = parents[parents.length - 1];
  if (parent && parent.nodeType === 'Merge Join') return true;
  // Semi/anti joins stop at the first match on the inner side.
  if (parent && /Semi|Anti/.test(parent.joinType ?? '') && n.parentRelationship === 'Inner') return true;
  return false;
}

function ratioOf(n: PlanNode): number | null {
  if (n.actualRows === null || n.neverExecuted) return null;
  const est = n.planRows;
  const act = n.actualRows;
  const ratio = Math.max(est, act) / Math.max(1, Math.min(est, act));
  // 1 estimated vs 9 found is noise; the gap must also matter in rows.
  if (Math.abs(est - act) * Math.max(1, n.actualLoops ?? 1) < 100) return null;
  return ratio;
}

function misestimateFlag(n: PlanNode, parents: PlanNode[], ctx: FlagContext): RedFlag | null {
  // INSERT/UPDATE/DELETE without RETURNING emit no rows whatever they were estimated to process.
  if (n.nodeType === 'ModifyTable') return null;
  const ratio = ratioOf(n);
  if (ratio === null || ratio < MISESTIMATE || stoppedEarly(n, parents)) return null;
  // Report where the error starts, not every node above it that inherits it.
  if (n.children.some((c) => (ratioOf(c) ?? 0) >= MISESTIMATE && !stoppedEarly(c, [...parents, n]))) return null;
  const act = n.actualRows!;
  const dir = act > n.planRows ? 'more' : 'fewer';
  const why = `estimated ${fmt(n.planRows)} rows, got ${fmt(act)} (${Math.round(ratio)}x ${dir})${n.actualLoops && n.actualLoops > 1 ? ' per loop' : ''}: plans above it are chosen on a wrong count`;
  let fix: string;
  const stats = statsOf(n, ctx);
  if (n.relation) {
    const rel = relName(n);
    const cols = filterColumns(n.filter ?? n.indexCond ?? n.recheckCond);
    const stale =
      stats &&
      (stats.reltuples < 0 ||
        stats.lastAnalyzed === null ||
        (stats.modifiedSinceAnalyze !== null && stats.modifiedSinceAnalyze > Math.max(1000, 0.1 * Math.max(stats.reltuples, 0))));
    if (stale) {
      const changed = stats!.modifiedSinceAnalyze ? `${fmt(stats!.modifiedSinceAnalyze)} rows changed since the last ANALYZE` : 'never analyzed';
      fix = `ANALYZE ${rel}; (${changed})`;
    } else if (cols.length >= 2) {
      fix = `CREATE STATISTICS ON ${cols.map(displayIdent).join(', ')} FROM ${rel}; ANALYZE ${rel}; (the columns are correlated; the planner multiplies their selectivities)`;
    } else {
      fix = `ANALYZE ${rel}; if it persists, ALTER TABLE ${rel} ALTER COLUMN … SET STATISTICS 1000 and ANALYZE again`;
    }
  } else {
    fix = 'ANALYZE the tables below this node; for joins on correlated columns, CREATE STATISTICS on them';
  }
  return { nodeId: n.id, kind: 'misestimate', severity: ratio >= 100 ? 'bad' : 'warn', why, fix };
}

function spillFlag(n: PlanNode, r: ExplainResult): RedFlag | null {
  const workMem = r.settings.work_mem ? ` (work_mem is ${r.settings.work_mem})` : '';
  if (n.nodeType === 'Sort' || n.nodeType === 'Incremental Sort') {
    if (n.sortSpaceType !== 'Disk' && !/external/.test(n.sortMethod ?? '')) return null;
    const kb = n.sortSpaceKb ?? 0;
    return {
      nodeId: n.id,
      kind: 'spill',
      severity: 'warn',
      why: `sort spilled ${sizeKb(kb)} to temporary files (${n.sortMethod ?? 'external'})${workMem}`,
      // In memory a sort needs more than its on-disk size.
      fix: `SET work_mem = '${workMemFor(kb * 2)}'; for the session or role that runs it (ALTER ROLE … SET), not server-wide: each sort and hash may use that much`,
    };
  }
  const batches = n.hashBatches ?? 0;
  const spilledAgg = n.nodeType === 'Aggregate' && (n.diskUsageKb ?? 0) > 0;
  if ((n.nodeType === 'Hash' && batches > 1) || spilledAgg) {
    const peak = n.peakMemoryKb ?? 0;
    const need = spilledAgg ? (n.diskUsageKb ?? 0) * 2 : peak * batches;
    return {
      nodeId: n.id,
      kind: 'spill',
      severity: 'warn',
      why: spilledAgg
        ? `hash aggregate spilled ${sizeKb(n.diskUsageKb ?? 0)} to temporary files${workMem}`
        : `hash table split into ${batches} batches written to temporary files${workMem}`,
      fix: `SET work_mem = '${workMemFor(Math.max(need, 1024))}'; for the session or role that runs it (hash_mem_multiplier also raises hash memory)`,
    };
  }
  return null;
}

function outerRows(n: PlanNode, analyzed: boolean): number {
  const outer = n.children.find((c) => c.parentRelationship === 'Outer') ?? n.children[0];
  if (!outer) return 0;
  if (analyzed && outer.actualRows !== null) return outer.actualRows * (outer.actualLoops ?? 1);
  return outer.planRows;
}

/** The first node of the inner side that does the work (through Memoize / Materialize). */
function innerWorker(n: PlanNode): PlanNode | undefined {
  let c = n.children.find((x) => x.parentRelationship === 'Inner') ?? n.children[1];
  while (c && (c.nodeType === 'Memoize' || c.nodeType === 'Materialize') && c.children[0]) c = c.children[0];
  return c;
}

function nestedLoopFlag(n: PlanNode, r: ExplainResult): RedFlag | null {
  if (n.nodeType !== 'Nested Loop') return null;
  const rows = outerRows(n, r.analyzed);
  if (rows < NESTED_OUTER_ROWS) return null;
  const inner = innerWorker(n);
  const innerSeq = inner !== undefined && isSeqScan(inner);
  return {
    nodeId: n.id,
    kind: 'nested-loop',
    severity: innerSeq ? 'bad' : 'warn',
    why: `the inner side runs once per outer row: ${fmt(rows)} times${innerSeq ? `, each a full scan of ${relName(inner!)}` : ''}`,
    fix: innerSeq
      ? `index the join column of ${relName(inner!)}; also check the outer row estimate (a hash join reads the inner side once)`
      : 'check the outer side estimate (ANALYZE): with the real count the planner usually prefers a hash or merge join',
  };
}

function subplanFlag(n: PlanNode, parents: PlanNode[], r: ExplainResult): RedFlag | null {
  if (n.parentRelationship !== 'SubPlan') return null;
  const parent = parents[parents.length - 1];
  if (r.analyzed) {
    const loops = n.actualLoops ?? 0;
    const ms = inclusiveMs(n) ?? 0;
    const heavy = r.executionMs ? ms >= 0.2 * r.executionMs : false;
    if (!(loops >= 1000 || (loops >= 10 && heavy))) return null;
    return {
      nodeId: n.id,
      kind: 'subplan-per-row',
      severity: heavy ? 'bad' : 'warn',
      why: `${n.subplanName ?? 'SubPlan'} ran ${fmt(loops)} times, once per row of its parent${heavy ? `, ${pct(ms / (r.executionMs || 1))} of the run time` : ''}`,
      fix: 'rewrite the correlated subquery as a JOIN (or LATERAL / EXISTS) so it is computed for the whole set at once',
    };
  }
  // A hashed SubPlan is built once; only the per-row kind is a problem.
  const hashed = parents.some((p) => [p.filter, p.joinFilter].some((f) => f?.includes(`hashed ${n.subplanName}`)));
  if (hashed || !parent || parent.planRows < 1000) return null;
  return {
    nodeId: n.id,
    kind: 'subplan-per-row',
    severity: 'warn',
    why: `${n.subplanName ?? 'SubPlan'} runs once per row of its parent (~${fmt(parent.planRows)} rows estimated)`,
    fix: 'rewrite the correlated subquery as a JOIN (or LATERAL / EXISTS) so it is computed for the whole set at once',
  };
}

function bitmapFlag(n: PlanNode): RedFlag | null {
  if (n.nodeType !== 'Bitmap Heap Scan') return null;
  const lossy = n.lossyHeapBlocks ?? 0;
  const removed = (n.rowsRemovedByIndexRecheck ?? 0) * (n.actualLoops ?? 1);
  const rows = (n.actualRows ?? 0) * (n.actualLoops ?? 1);
  if (lossy === 0 && !(removed >= 1000 && removed >= rows)) return null;
  return {
    nodeId: n.id,
    kind: 'lossy-bitmap',
    severity: 'warn',
    why: lossy
      ? `bitmap outgrew work_mem: ${fmt(lossy)} of ${fmt(lossy + (n.exactHeapBlocks ?? 0))} heap blocks lossy, ${fmt(removed)} rows rechecked and discarded`
      : `${fmt(removed)} rows fetched and discarded by the index recheck`,
    fix: lossy ? 'raise work_mem for this query so the bitmap stays exact, or use a more selective index' : 'use a more selective index (the condition is only partly answered by the index)',
  };
}

function diskReadFlag(n: PlanNode, r: ExplainResult, ctx: FlagContext): RedFlag | null {
  if (!r.analyzed || !n.buffers || n.selfRead === null) return null;
  let selfHit = n.buffers.sharedHit + n.buffers.localHit;
  for (const c of n.children) if (c.buffers) selfHit -= c.buffers.sharedHit + c.buffers.localHit;
  selfHit = Math.max(0, selfHit);
  const read = n.selfRead;
  if (read < 1000 || read < selfHit) return null;
  const kb = (read * (ctx.blockSize ?? 8192)) / 1024;
  return {
    nodeId: n.id,
    kind: 'disk-reads',
    severity: 'warn',
    why: `read ${sizeKb(kb)} from outside shared_buffers (${pct(read / (read + selfHit))} of its blocks)`,
    fix: 'a cold cache or a working set larger than shared_buffers: an index that touches fewer pages helps most; compare shared_buffers with the hot data size',
  };
}

/** Every red flag in a plan, in tree order. */
export function redFlags(r: ExplainResult, ctx: FlagContext = {}): RedFlag[] {
  const out: RedFlag[] = [];
  const visit = (n: PlanNode, parents: PlanNode[]): void => {
    for (const f of [
      seqScanFlag(n, r, ctx),
      misestimateFlag(n, parents, ctx),
      spillFlag(n, r),
      nestedLoopFlag(n, r),
      subplanFlag(n, parents, r),
      bitmapFlag(n),
      diskReadFlag(n, r, ctx),
    ])
      if (f) out.push(f);
    for (const c of n.children) visit(c, [...parents, n]);
  };
  visit(r.root, []);
  return out;
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
