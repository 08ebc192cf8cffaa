/**
 * The plan tree model pgwarden builds from `EXPLAIN (FORMAT JSON …)`: what the screen, the text
 * output and the red-flag rules read. Plain data, no driver types; strings in it came from the
 * server (relation names, expressions) and are sanitized where they are displayed.
 */

/** Buffer counters of a node, inclusive of its children (as EXPLAIN reports them). */
export interface Buffers {
  sharedHit: number;
  sharedRead: number;
  sharedDirtied: number;
  sharedWritten: number;
  localHit: number;
  localRead: number;
  tempRead: number;
  tempWritten: number;
}

export interface PlanNode {
  /** Position in the tree ("0", "0.1", "0.1.0"): stable for one plan, used for folds and selection. */
  id: string;
  depth: number;
  nodeType: string;
  /** One line as psql's text format would start it: "Seq Scan on public.orders o". */
  label: string;
  parentRelationship: string | null;
  subplanName: string | null;
  relation: string | null;
  schema: string | null;
  alias: string | null;
  index: string | null;
  joinType: string | null;
  parallelAware: boolean;
  startupCost: number;
  totalCost: number;
  /** Estimated rows per loop. */
  planRows: number;
  planWidth: number;
  /** Null unless the plan was analyzed; per loop, as EXPLAIN reports it. */
  actualRows: number | null;
  actualLoops: number | null;
  actualStartupMs: number | null;
  actualTotalMs: number | null;
  /** The node ran zero times (ANALYZE says "never executed"). */
  neverExecuted: boolean;
  /** Time spent in this node itself, children excluded, in wall-clock terms (ms). */
  selfMs: number | null;
  /** Estimated cost of this node itself, children excluded. */
  selfCost: number;
  /** Processes sharing this node's work (1 outside a Gather; workers + leader below one). */
  processes: number;
  buffers: Buffers | null;
  /** Blocks this node itself read from outside shared_buffers (children excluded). */
  selfRead: number | null;
  filter: string | null;
  indexCond: string | null;
  recheckCond: string | null;
  joinFilter: string | null;
  hashCond: string | null;
  mergeCond: string | null;
  rowsRemovedByFilter: number | null;
  rowsRemovedByJoinFilter: number | null;
  rowsRemovedByIndexRecheck: number | null;
  exactHeapBlocks: number | null;
  lossyHeapBlocks: number | null;
  sortMethod: string | null;
  sortSpaceType: string | null;
  sortSpaceKb: number | null;
  hashBatches: number | null;
  originalHashBatches: number | null;
  peakMemoryKb: number | null;
  diskUsageKb: number | null;
  workersPlanned: number | null;
  workersLaunched: number | null;
  /** The columns the node emits (VERBOSE only), as EXPLAIN writes them ("o.user_id"). */
  output: string[] | null;
  sortKey: string[] | null;
  /** Aggregate strategy (Plain, Sorted, Hashed, Mixed). */
  strategy: string | null;
  cteName: string | null;
  functionName: string | null;
  /** A WindowAgg's run condition (15+): it stops reading its input once the condition turns false. */
  runCondition: string | null;
  /** Index-only scan: rows whose page was not all-visible and had to be read from the heap. */
  heapFetches: number | null;
  cacheHits: number | null;
  cacheMisses: number | null;
  cacheEvictions: number | null;
  /** Materialize/CTE storage (18+: "Memory" or "Disk") and its peak (kB). */
  storageType: string | null;
  /** Time reading blocks (track_io_timing), inclusive of children, and this node's own part (ms). */
  ioReadMs: number | null;
  selfIoReadMs: number | null;
  /** Every property EXPLAIN gave, flattened to text, for the detail panel. */
  details: [string, string][];
  children: PlanNode[];
}

export interface TriggerTime {
  name: string;
  /** The constraint of a foreign-key trigger. */
  constraint: string | null;
  relation: string | null;
  ms: number;
  calls: number;
}

export interface ExplainResult {
  root: PlanNode;
  /** Every node in display (pre-)order. */
  nodes: PlanNode[];
  analyzed: boolean;
  planningMs: number | null;
  executionMs: number | null;
  /** Settings that differ from the built-in defaults and affect planning (EXPLAIN SETTINGS). */
  settings: Record<string, string>;
  triggers: TriggerTime[];
  /** The three most expensive nodes (self time when analyzed, else self cost) with their share. */
  hot: { nodeId: string; share: number }[];
  /** Analyzed with TIMING OFF (auto_explain.log_timing = off): rows and loops, no times. */
  timingOff: boolean;
  /** JIT compilation time (ms) when the plan reports it, and the functions compiled. */
  jit: { functions: number; totalMs: number | null } | null;
  /** Where the plan came from when it was read from text ('json', 'text', …); null from a connection. */
  format?: string;
  /** What the input format could not give (e.g. the text format has no Output without VERBOSE). */
  unknown?: string[];
}

/** Size and statistics freshness of a relation the plan reads. */
export interface RelationStats {
  reltuples: number;
  relpages: number;
  liveTuples: number | null;
  modifiedSinceAnalyze: number | null;
  lastAnalyzed: number | null;
}

/**
 * The red-flag vocabulary: fixed kebab-case names scripts can rely on (README, "Red flags").
 * Each names a pattern a DBA looks for, not a node type.
 */
export const FLAG_CATEGORIES = [
  'seq-scan-filter',
  'index-filter',
  'join-filter',
  'misestimate',
  'sort-spill',
  'sort-memory',
  'hash-batches',
  'nested-loop-rescans',
  'subplan-per-row',
  'lossy-bitmap',
  'disk-reads',
  'io-time',
  'heap-fetches',
  'workers-short',
  'trigger-time',
  'jit-time',
  'planning-time',
  'materialize-spill',
  'memoize-misses',
] as const;

export type FlagCategory = (typeof FLAG_CATEGORIES)[number];

/** One red flag, pointed at its node: why it matters in one line, what it costs, and the usual fix. */
export interface RedFlag {
  category: FlagCategory;
  /** The node's path in the tree ("0.1.0"); the root ("0") for plan-wide flags (triggers, JIT, planning). */
  nodeId: string;
  severity: 'warn' | 'bad';
  /**
   * What the flagged work costs, as a share (0..1) of the execution time (of planning + execution
   * for planning-time), or of the plan's total cost when the plan was not timed.
   */
  share: number;
  /** On a node under about 2 % of the time: listed after the others, never 'bad'. */
  minor: boolean;
  why: string;
  fix: string;
  /** Flags with the same key are one finding with several places (ten cold partitions). */
  group: string;
}

/** Red flags merged by what they say: one finding, the places it applies to, their summed share. */
export interface Finding {
  category: FlagCategory;
  nodeIds: string[];
  severity: 'warn' | 'bad';
  share: number;
  minor: boolean;
  why: string;
  fix: string;
}
