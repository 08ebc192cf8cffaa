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
  /** Every property EXPLAIN gave, flattened to text, for the detail panel. */
  details: [string, string][];
  children: PlanNode[];
}

export interface TriggerTime {
  name: string;
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
}

/** Size and statistics freshness of a relation the plan reads. */
export interface RelationStats {
  reltuples: number;
  relpages: number;
  liveTuples: number | null;
  modifiedSinceAnalyze: number | null;
  lastAnalyzed: number | null;
}

export type FlagKind =
  | 'seq-scan-filter'
  | 'misestimate'
  | 'spill'
  | 'nested-loop'
  | 'subplan-per-row'
  | 'lossy-bitmap'
  | 'disk-reads';

/** One red flag, pointed at its node: why it matters in one line, and the usual fix. */
export interface RedFlag {
  nodeId: string;
  kind: FlagKind;
  severity: 'warn' | 'bad';
  why: string;
  fix: string;
}
