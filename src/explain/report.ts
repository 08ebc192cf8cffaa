/**
 * `pgwarden explain --json`: the parsed tree with per-node self time and share, the findings
 * (category, node paths, share, fix) and a summary. Stable for scripts: fields are only added.
 * Strings from the plan are left as they are (JSON escapes control characters itself).
 */
import { inclusiveMs } from './parse';
import { findings } from './rank';
import { headline } from './render';
import type { ExplainResult, PlanNode, RedFlag } from './types';

export interface PlanDocument {
  version: 1;
  format: string | null;
  analyzed: boolean;
  timing: 'on' | 'off' | 'not-executed';
  summary: {
    headline: string;
    planningMs: number | null;
    executionMs: number | null;
    /** What shares are of: execution time, or the plan's estimated cost. */
    shareOf: 'execution-time' | 'estimated-cost';
    hottest: { node: string; label: string; share: number }[];
    unknown: string[];
  };
  findings: { category: string; nodes: string[]; share: number; severity: 'warn' | 'bad'; minor: boolean; why: string; fix: string }[];
  flags: { category: string; node: string; share: number; severity: 'warn' | 'bad'; minor: boolean; why: string; fix: string }[];
  tree: TreeNode;
}

interface TreeNode {
  node: string;
  type: string;
  label: string;
  relation: string | null;
  index: string | null;
  parentRelationship: string | null;
  estimatedRows: number;
  actualRows: number | null;
  loops: number | null;
  totalMs: number | null;
  selfMs: number | null;
  selfCost: number;
  /** Share of the run (or of the cost) this node spends itself. */
  selfShare: number;
  children: TreeNode[];
}

const round = (v: number | null, d = 3): number | null => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);

export function planDocument(r: ExplainResult, flags: readonly RedFlag[]): PlanDocument {
  const timed = r.analyzed && !r.timingOff;
  const metric = (n: PlanNode) => (timed ? (n.selfMs ?? 0) : n.selfCost);
  const sum = r.nodes.reduce((s, n) => s + metric(n), 0) || 1;
  const found = findings(flags);
  const tree = (n: PlanNode): TreeNode => ({
    node: n.id,
    type: n.nodeType,
    label: n.subplanName ? `${n.subplanName}: ${n.label}` : n.label,
    relation: n.relation,
    index: n.index,
    parentRelationship: n.parentRelationship,
    estimatedRows: n.planRows,
    actualRows: n.actualRows,
    loops: n.actualLoops,
    totalMs: timed ? round(inclusiveMs(n)) : null,
    selfMs: timed ? round(n.selfMs) : null,
    selfCost: round(n.selfCost, 2)!,
    selfShare: round(metric(n) / sum, 4)!,
    children: n.children.map(tree),
  });
  const byId = new Map(r.nodes.map((n) => [n.id, n]));
  return {
    version: 1,
    format: r.format ?? null,
    analyzed: r.analyzed,
    timing: !r.analyzed ? 'not-executed' : r.timingOff ? 'off' : 'on',
    summary: {
      headline: headline(r, found),
      planningMs: r.planningMs,
      executionMs: r.executionMs,
      shareOf: timed ? 'execution-time' : 'estimated-cost',
      hottest: r.hot.map((h) => ({ node: h.nodeId, label: byId.get(h.nodeId)?.label ?? '?', share: round(h.share, 4)! })),
      unknown: r.unknown ?? [],
    },
    findings: found.map((f) => ({ category: f.category, nodes: f.nodeIds, share: round(f.share, 4)!, severity: f.severity, minor: f.minor, why: f.why, fix: f.fix })),
    flags: flags.map((f) => ({ category: f.category, node: f.nodeId, share: round(f.share, 4)!, severity: f.severity, minor: f.minor, why: f.why, fix: f.fix })),
    tree: tree(r.root),
  };
}
