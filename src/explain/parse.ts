/**
 * `EXPLAIN (FORMAT JSON …)` output → the plan tree model. Pure; tested on plans captured from real
 * servers (test/unit/explain/fixtures).
 *
 * EXPLAIN's figures need care to compare nodes:
 * - "Actual Total Time" and "Actual Rows" are averages per loop: a node's time over all its
 *   executions is time × loops.
 * - Below a Gather, each worker and the leader run the node: loops counts processes, and the
 *   per-loop figures average over them. Wall-clock time is then time × loops / processes.
 * - A parent's time includes its children's: self time is the difference (never below zero: the
 *   two are measured at different moments and InitPlans/CTEs are attributed loosely).
 * - Buffers are inclusive of children too.
 */
import type { Buffers, ExplainResult, PlanNode, TriggerTime } from './types';

type Json = Record<string, unknown>;

const numOr = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function sumOrNull(n: Json, keys: string[]): number | null {
  let sum: number | null = null;
  for (const k of keys) {
    const v = numOrNull(n[k]);
    if (v !== null) sum = (sum ?? 0) + v;
  }
  return sum;
}

/** EXPLAIN's Aggregate strategies under the names the text format uses. */
const AGG_NAMES: Record<string, string> = { Plain: 'Aggregate', Sorted: 'GroupAggregate', Hashed: 'HashAggregate', Mixed: 'MixedAggregate' };

/** The one-line label psql's text format would show for a node. */
export function nodeLabel(n: Json): string {
  const type = String(n['Node Type'] ?? '?');
  let name = type;
  if (type === 'Aggregate' && typeof n.Strategy === 'string') name = AGG_NAMES[n.Strategy] ?? type;
  if (type === 'ModifyTable' && typeof n.Operation === 'string') name = n.Operation;
  if (n['Partial Mode'] === 'Partial') name = `Partial ${name}`;
  if (n['Partial Mode'] === 'Finalize') name = `Finalize ${name}`;
  if (n['Parallel Aware'] === true) name = `Parallel ${name}`;
  const join = strOrNull(n['Join Type']);
  // As psql writes them: "Hash Left Join", "Merge Anti Join", "Nested Loop Semi Join".
  if (join && join !== 'Inner') name = name.endsWith(' Join') ? `${name.slice(0, -5)} ${join} Join` : `${name} ${join} Join`;
  if (type === 'Index Scan' || type === 'Index Only Scan') {
    if (n['Scan Direction'] === 'Backward') name += ' Backward';
  }
  const index = strOrNull(n['Index Name']);
  if (index && type !== 'Bitmap Index Scan') name += ` using ${index}`;
  if (index && type === 'Bitmap Index Scan') name += ` on ${index}`;
  const rel = strOrNull(n['Relation Name']);
  const schema = strOrNull(n.Schema);
  const alias = strOrNull(n.Alias);
  const target = rel
    ? `${schema ? `${schema}.` : ''}${rel}${alias && alias !== rel ? ` ${alias}` : ''}`
    : strOrNull(n['Function Name']) ?? strOrNull(n['CTE Name']) ?? (type === 'Subquery Scan' ? alias : null);
  if (target) name += ` on ${target}`;
  return name;
}

function buffersOf(n: Json): Buffers | null {
  if (!('Shared Hit Blocks' in n)) return null;
  return {
    sharedHit: numOr(n['Shared Hit Blocks'], 0),
    sharedRead: numOr(n['Shared Read Blocks'], 0),
    sharedDirtied: numOr(n['Shared Dirtied Blocks'], 0),
    sharedWritten: numOr(n['Shared Written Blocks'], 0),
    localHit: numOr(n['Local Hit Blocks'], 0),
    localRead: numOr(n['Local Read Blocks'], 0),
    tempRead: numOr(n['Temp Read Blocks'], 0),
    tempWritten: numOr(n['Temp Written Blocks'], 0),
  };
}

/**
 * A sort's method and space. Below a Gather each worker sorts its own share and reports it under
 * "Workers"; the node's own figures are the leader's, so a worker that spilled must be looked at.
 */
function sortOf(n: Json): Pick<PlanNode, 'sortMethod' | 'sortSpaceType' | 'sortSpaceKb'> {
  let out = { sortMethod: strOrNull(n['Sort Method']), sortSpaceType: strOrNull(n['Sort Space Type']), sortSpaceKb: numOrNull(n['Sort Space Used']) };
  const workers = Array.isArray(n.Workers) ? (n.Workers as unknown[]).filter((w): w is Json => typeof w === 'object' && w !== null) : [];
  for (const w of workers) {
    const kb = numOrNull(w['Sort Space Used']);
    const type = strOrNull(w['Sort Space Type']);
    if (kb === null) continue;
    const worse = (type === 'Disk' && out.sortSpaceType !== 'Disk') || (type === out.sortSpaceType && kb > (out.sortSpaceKb ?? 0)) || out.sortSpaceKb === null;
    if (worse) out = { sortMethod: strOrNull(w['Sort Method']) ?? out.sortMethod, sortSpaceType: type, sortSpaceKb: kb };
  }
  return out;
}

function detailText(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ');
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

/** Properties already shown in the label or the metrics line, left out of the detail list. */
const SUMMARIZED = new Set(['Plans', 'Node Type', 'Parent Relationship', 'Parallel Aware', 'Async Capable', 'Disabled']);

function build(n: Json, id: string, depth: number, processes: number): PlanNode {
  const workersLaunched = numOrNull(n['Workers Launched']);
  const workersPlanned = numOrNull(n['Workers Planned']);
  const type = String(n['Node Type'] ?? '?');
  // Below a Gather the work is shared by the workers and the leader (parallel_leader_participation
  // aside, which only makes this an overestimate of the processes).
  const childProcesses = type === 'Gather' || type === 'Gather Merge' ? (workersLaunched ?? workersPlanned ?? 0) + 1 : processes;
  // Plans from files can be anything: only objects are nodes.
  const kids = Array.isArray(n.Plans) ? (n.Plans as unknown[]).filter((k): k is Json => typeof k === 'object' && k !== null && !Array.isArray(k)) : [];
  const children = kids.map((c, i) => build(c, `${id}.${i}`, depth + 1, childProcesses));
  const loops = numOrNull(n['Actual Loops']);
  const total = numOrNull(n['Actual Total Time']);
  const details: [string, string][] = [];
  for (const [k, v] of Object.entries(n)) if (!SUMMARIZED.has(k) && v !== null && v !== undefined) details.push([k, detailText(v)]);
  return {
    id,
    depth,
    nodeType: type,
    label: nodeLabel(n),
    parentRelationship: strOrNull(n['Parent Relationship']),
    subplanName: strOrNull(n['Subplan Name']),
    relation: strOrNull(n['Relation Name']),
    schema: strOrNull(n.Schema),
    alias: strOrNull(n.Alias),
    index: strOrNull(n['Index Name']),
    joinType: strOrNull(n['Join Type']),
    parallelAware: n['Parallel Aware'] === true,
    startupCost: numOr(n['Startup Cost'], 0),
    totalCost: numOr(n['Total Cost'], 0),
    planRows: numOr(n['Plan Rows'], 0),
    planWidth: numOr(n['Plan Width'], 0),
    actualRows: numOrNull(n['Actual Rows']),
    actualLoops: loops,
    actualStartupMs: numOrNull(n['Actual Startup Time']),
    actualTotalMs: total,
    neverExecuted: loops === 0,
    selfMs: null,
    selfCost: 0,
    processes,
    buffers: buffersOf(n),
    selfRead: null,
    filter: strOrNull(n.Filter),
    indexCond: strOrNull(n['Index Cond']),
    recheckCond: strOrNull(n['Recheck Cond']),
    joinFilter: strOrNull(n['Join Filter']),
    hashCond: strOrNull(n['Hash Cond']),
    mergeCond: strOrNull(n['Merge Cond']),
    rowsRemovedByFilter: numOrNull(n['Rows Removed by Filter']),
    rowsRemovedByJoinFilter: numOrNull(n['Rows Removed by Join Filter']),
    rowsRemovedByIndexRecheck: numOrNull(n['Rows Removed by Index Recheck']),
    exactHeapBlocks: numOrNull(n['Exact Heap Blocks']),
    lossyHeapBlocks: numOrNull(n['Lossy Heap Blocks']),
    ...sortOf(n),
    hashBatches: numOrNull(n['Hash Batches']) ?? numOrNull(n['HashAgg Batches']),
    originalHashBatches: numOrNull(n['Original Hash Batches']),
    peakMemoryKb: numOrNull(n['Peak Memory Usage']),
    diskUsageKb: numOrNull(n['Disk Usage']),
    workersPlanned,
    workersLaunched,
    output: Array.isArray(n.Output) ? (n.Output as unknown[]).map(String) : null,
    sortKey: Array.isArray(n['Sort Key']) ? (n['Sort Key'] as unknown[]).map(String) : null,
    strategy: strOrNull(n.Strategy),
    cteName: strOrNull(n['CTE Name']),
    functionName: strOrNull(n['Function Name']),
    runCondition: strOrNull(n['Run Condition']),
    heapFetches: numOrNull(n['Heap Fetches']),
    cacheHits: numOrNull(n['Cache Hits']),
    cacheMisses: numOrNull(n['Cache Misses']),
    cacheEvictions: numOrNull(n['Cache Evictions']),
    storageType: strOrNull(n['Storage']),
    // 17 split I/O timings by kind; before, "I/O Read Time" covered shared and local blocks.
    ioReadMs: sumOrNull(n, ['I/O Read Time', 'Shared I/O Read Time', 'Local I/O Read Time', 'Temp I/O Read Time']),
    selfIoReadMs: null,
    details,
    children,
  };
}

/** Wall-clock time of a node over all its loops (ms), or null when not analyzed. */
export function inclusiveMs(n: PlanNode): number | null {
  if (n.actualTotalMs === null || n.actualLoops === null) return null;
  return (n.actualTotalMs * n.actualLoops) / Math.max(1, n.processes);
}

/** Estimated executions of each child: the inner side of a nested loop runs once per outer row. */
function estimatedLoops(parent: PlanNode, child: PlanNode): number {
  if (parent.nodeType === 'Nested Loop' && child.parentRelationship === 'Inner') return Math.max(1, parent.children[0]?.planRows ?? 1);
  return 1;
}

/** CTE Scans in a subtree (not entering the subtree of `skip`), by CTE name. */
function cteScans(n: PlanNode, out: Set<string>): Set<string> {
  if (n.nodeType === 'CTE Scan' && n.cteName) out.add(n.cteName);
  for (const c of n.children) cteScans(c, out);
  return out;
}

/** A child that is a CTE's own plan ("CTE name" InitPlan), or null. */
const cteOf = (c: PlanNode): string | null => (c.parentRelationship === 'InitPlan' && c.subplanName?.startsWith('CTE ') ? c.subplanName.slice(4) : null);

/**
 * `scale`: the share of a node's estimated cost that is actually spent. A Limit stops its input
 * early, so the cost below it is only the fraction the Limit pays for (its total over the input's).
 *
 * `ctes`: time of each CTE's plan not yet attributed. A CTE's plan runs when a CTE Scan pulls rows
 * from it, so its time is inside the CTE Scan's time *and* listed under the node holding the CTE:
 * counted once, as the CTE plan's, and taken out of the scans that pulled it (else self times add
 * up to more than the run, and CTE Scans that do no work look hot).
 */
function fillSelf(n: PlanNode, ctes: Map<string, CteBudget>, scale = 1): void {
  const first = n.children[0];
  const childScale = n.nodeType === 'Limit' && first && first.totalCost > 0 ? scale * Math.min(1, n.totalCost / first.totalCost) : scale;
  for (const c of n.children) fillSelf(c, ctes, c.parentRelationship === 'InitPlan' || c.parentRelationship === 'SubPlan' ? scale : childScale);
  const scanned = n.children.some((c) => cteOf(c)) ? cteScans(n, new Set()) : new Set<string>();
  // Children whose figures are part of this node's: not a CTE's plan that a CTE Scan below pulled.
  const kids = n.children.filter((c) => {
    const cte = cteOf(c);
    return !(cte && scanned.has(cte));
  });
  const budget = n.nodeType === 'CTE Scan' && n.cteName ? ctes.get(n.cteName) : undefined;
  const take = (key: keyof CteBudget, own: number): number => {
    if (!budget) return 0;
    const t = Math.min(budget[key], own);
    budget[key] -= t;
    return t;
  };
  const inc = inclusiveMs(n);
  if (inc !== null) {
    let sum = 0;
    for (const c of kids) sum += inclusiveMs(c) ?? 0;
    n.selfMs = Math.max(0, inc - sum - take('ms', inc));
  }
  let kidCost = 0;
  // A SubPlan's cost is folded into its parent's expressions per row; subtracting it once would be
  // wrong either way, so only regular children are subtracted.
  for (const c of n.children) if (c.parentRelationship !== 'SubPlan') kidCost += c.totalCost * estimatedLoops(n, c);
  n.selfCost = Math.max(0, n.totalCost - kidCost) * scale;
  if (n.buffers) {
    let read = n.buffers.sharedRead + n.buffers.localRead;
    for (const c of kids) if (c.buffers) read -= c.buffers.sharedRead + c.buffers.localRead;
    n.selfRead = Math.max(0, read - take('read', Math.max(0, read)));
  }
  if (n.ioReadMs !== null) {
    let io = n.ioReadMs;
    for (const c of kids) io -= c.ioReadMs ?? 0;
    // Unlike times, buffer and I/O figures are totals over loops and processes: the wall-clock
    // part is that total shared by the processes that ran the node.
    n.selfIoReadMs = Math.max(0, io - take('io', Math.max(0, io))) / Math.max(1, n.processes);
  }
}

interface CteBudget {
  ms: number;
  read: number;
  io: number;
}

/** Time, reads and read time of each CTE's own plan, by name, before any is attributed. */
function cteTimes(nodes: PlanNode[]): Map<string, CteBudget> {
  const out = new Map<string, CteBudget>();
  for (const n of nodes) for (const c of n.children) {
    const cte = cteOf(c);
    if (cte && !out.has(cte)) out.set(cte, { ms: inclusiveMs(c) ?? 0, read: c.buffers ? c.buffers.sharedRead + c.buffers.localRead : 0, io: c.ioReadMs ?? 0 });
  }
  return out;
}

function flatten(n: PlanNode, out: PlanNode[]): PlanNode[] {
  out.push(n);
  for (const c of n.children) flatten(c, out);
  return out;
}

/** Unwraps what the driver returns for the single "QUERY PLAN" json value (array, object or text). */
function topLevel(raw: unknown): Json {
  let v = raw;
  if (typeof v === 'string') v = JSON.parse(v) as unknown;
  if (Array.isArray(v)) v = v[0];
  if (typeof v !== 'object' || v === null || !('Plan' in v)) throw new Error('not an EXPLAIN (FORMAT JSON) result');
  const plan = (v as Json).Plan;
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) throw new Error('not an EXPLAIN (FORMAT JSON) result: "Plan" is not an object');
  return v as Json;
}

/**
 * The three most expensive nodes (self time when timed, else self cost) with their share: of the
 * execution time when known (it also holds triggers, JIT and sending rows), else of the summed self.
 */
export function hotNodes(nodes: PlanNode[], timed: boolean, executionMs: number | null): ExplainResult['hot'] {
  const metric = (n: PlanNode) => (timed ? (n.selfMs ?? 0) : n.selfCost);
  const sum = nodes.reduce((s, n) => s + metric(n), 0);
  const total = timed && executionMs !== null ? Math.max(sum, executionMs) : sum;
  if (total <= 0) return [];
  return nodes
    .map((n) => ({ nodeId: n.id, share: metric(n) / total }))
    .filter((h) => h.share >= 0.1)
    .sort((a, b) => b.share - a.share)
    .slice(0, 3);
}

function jitOf(v: unknown): ExplainResult['jit'] {
  if (typeof v !== 'object' || v === null) return null;
  const j = v as Json;
  const timing = typeof j.Timing === 'object' && j.Timing !== null ? (j.Timing as Json) : {};
  return { functions: numOr(j.Functions, 0), totalMs: numOrNull(timing.Total) };
}

/** Parses EXPLAIN's JSON output into the tree model, with self times/costs and the hottest nodes. */
export function parsePlan(raw: unknown): ExplainResult {
  const top = topLevel(raw);
  const root = build(top.Plan as Json, '0', 0, 1);
  fillSelf(root, cteTimes(flatten(root, [])));
  const nodes = flatten(root, []);
  const analyzed = root.actualLoops !== null;
  const timingOff = analyzed && nodes.every((n) => n.actualTotalMs === null);
  const triggers: TriggerTime[] = Array.isArray(top.Triggers)
    ? (top.Triggers as unknown[]).filter((t): t is Json => typeof t === 'object' && t !== null).map((t) => ({
        name: String(t['Trigger Name'] ?? t['Constraint Name'] ?? '?'),
        constraint: strOrNull(t['Constraint Name']),
        relation: strOrNull(t.Relation),
        ms: numOr(t.Time, 0),
        calls: numOr(t.Calls, 0),
      }))
    : [];
  const settings: Record<string, string> = {};
  if (top.Settings && typeof top.Settings === 'object') for (const [k, v] of Object.entries(top.Settings as Json)) settings[k] = String(v);
  const hot = hotNodes(nodes, analyzed && !timingOff, numOrNull(top['Execution Time']));
  return {
    root,
    nodes,
    analyzed,
    planningMs: numOrNull(top['Planning Time']),
    executionMs: numOrNull(top['Execution Time']),
    settings,
    triggers,
    hot,
    timingOff,
    jit: jitOf(top.JIT),
  };
}
