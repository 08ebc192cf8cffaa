/**
 * The plan tree as lines: one per visible node (folds respected) with its tree prefix, label and
 * a compact metrics summary. The screen and `pgwarden explain` both draw from these, so they show
 * the same tree. Output is plain text; the caller sanitizes server strings (labels, conditions).
 */
import { findings } from './rank';
import type { ExplainResult, Finding, PlanNode, RedFlag } from './types';

export interface TreeGlyphs {
  treeMid: string;
  treeLast: string;
  treePipe: string;
}

export interface PlanLine {
  nodeId: string;
  /** Tree drawing in front of the label. */
  prefix: string;
  label: string;
  metrics: string;
  /** Share of the plan's self time (or cost) when among the hottest nodes, else 0. */
  hot: number;
  /** The self figure alone ("self 343ms 87%"), what a narrow screen keeps when the label is long. */
  self: string;
  /** Worst flag on this node. */
  flag: 'warn' | 'bad' | null;
  /** Descendants hidden by a fold (0 when unfolded or a leaf). */
  hidden: number;
}

/** Counts as EXPLAIN readers say them: 812, 1.2k, 45k, 1.3M. */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1);
}

/** Milliseconds: 0.012ms, 4.51ms, 812ms, 12.3s, 4m05s. */
export function fmtMs(v: number): string {
  if (v < 0.1) return `${v.toFixed(3)}ms`;
  if (v < 10) return `${v.toFixed(2)}ms`;
  if (v < 1000) return `${v.toFixed(v < 100 ? 1 : 0)}ms`;
  const s = v / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)}s`;
  return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}

const fmtCost = (c: number): string => (c >= 1e4 ? fmtCount(c) : c.toFixed(c < 10 ? 2 : 0));

/** What a node label starts with when it is a subquery: "SubPlan 2: …", "InitPlan 1: …", "CTE x: …". */
export function fullLabel(n: PlanNode): string {
  return n.subplanName ? `${n.subplanName}: ${n.label}` : n.label;
}

/** One-line figures: estimate vs actual rows, loops, time and self share (or cost when not analyzed). */
export function nodeMetrics(n: PlanNode, r: ExplainResult): string {
  const hot = r.hot.find((h) => h.nodeId === n.id);
  const share = hot ? ` ${Math.round(hot.share * 100)}%` : '';
  if (r.analyzed) {
    if (n.neverExecuted) return `est ${fmtCount(n.planRows)} rows · never executed`;
    const act = n.actualRows ?? 0;
    const ratio = Math.max(n.planRows, act) / Math.max(1, Math.min(n.planRows, act));
    const off = ratio >= 10 ? ` (${Math.round(ratio)}x ${act > n.planRows ? 'under' : 'over'})` : '';
    const loops = n.actualLoops && n.actualLoops > 1 ? ` · ${fmtCount(n.actualLoops)} loops` : '';
    // Logged with timing off (auto_explain.log_timing = off): say so rather than print 0.000ms.
    if (r.timingOff) return `rows ${fmtCount(act)} est ${fmtCount(n.planRows)}${off}${loops} · timing off · cost self ${fmtCost(n.selfCost)}${share}`;
    const self = n.selfMs !== null ? ` · self ${fmtMs(n.selfMs)}${share}` : '';
    return `rows ${fmtCount(act)} est ${fmtCount(n.planRows)}${off}${loops} · ${fmtMs(n.actualTotalMs ?? 0)}${self}`;
  }
  return `est ${fmtCount(n.planRows)} rows · cost ${fmtCost(n.startupCost)}..${fmtCost(n.totalCost)} · self ${fmtCost(n.selfCost)}${share}`;
}

function countDescendants(n: PlanNode): number {
  return n.children.reduce((s, c) => s + 1 + countDescendants(c), 0);
}

/** The node's own time (or cost) and its share when hot: "self 343ms 87%". */
export function nodeSelf(n: PlanNode, r: ExplainResult): string {
  const hot = r.hot.find((h) => h.nodeId === n.id);
  const share = hot ? ` ${Math.round(hot.share * 100)}%` : '';
  if (r.analyzed && n.neverExecuted) return 'never executed';
  if (r.analyzed && !r.timingOff) return n.selfMs !== null ? `self ${fmtMs(n.selfMs)}${share}` : '';
  return `self ${fmtCost(n.selfCost)}${share}`;
}

/** Visible lines of the tree, pre-order, children of folded nodes left out. */
export function planLines(r: ExplainResult, flags: readonly RedFlag[], folded: ReadonlySet<string>, g: TreeGlyphs): PlanLine[] {
  const worst = new Map<string, 'warn' | 'bad'>();
  for (const f of flags) if (worst.get(f.nodeId) !== 'bad') worst.set(f.nodeId, f.severity);
  const out: PlanLine[] = [];
  const walk = (n: PlanNode, lead: string, branch: string): void => {
    const isFolded = folded.has(n.id) && n.children.length > 0;
    out.push({
      nodeId: n.id,
      prefix: lead + branch,
      label: fullLabel(n),
      metrics: nodeMetrics(n, r),
      hot: r.hot.find((h) => h.nodeId === n.id)?.share ?? 0,
      self: nodeSelf(n, r),
      flag: worst.get(n.id) ?? null,
      hidden: isFolded ? countDescendants(n) : 0,
    });
    if (isFolded) return;
    const below = lead + (branch === g.treeMid ? g.treePipe : branch ? ' '.repeat(g.treeLast.length) : '');
    n.children.forEach((c, i) => walk(c, below, i === n.children.length - 1 ? g.treeLast : g.treeMid));
  };
  walk(r.root, '', '');
  return out;
}

/** The conditions and counters worth a line under a node in the text output. */
export function nodeNotes(n: PlanNode): string[] {
  const notes: string[] = [];
  const add = (k: string, v: string | null) => {
    if (v) notes.push(`${k}: ${v}`);
  };
  add('Index Cond', n.indexCond);
  add('Recheck Cond', n.recheckCond);
  add('Hash Cond', n.hashCond);
  add('Merge Cond', n.mergeCond);
  add('Join Filter', n.joinFilter);
  add('Filter', n.filter);
  if (n.rowsRemovedByFilter) notes.push(`Rows Removed by Filter: ${fmtCount(n.rowsRemovedByFilter)}`);
  if (n.rowsRemovedByIndexRecheck) notes.push(`Rows Removed by Index Recheck: ${fmtCount(n.rowsRemovedByIndexRecheck)}`);
  if (n.lossyHeapBlocks) notes.push(`Heap Blocks: exact=${n.exactHeapBlocks ?? 0} lossy=${n.lossyHeapBlocks}`);
  if (n.sortMethod) notes.push(`Sort Method: ${n.sortMethod} ${n.sortSpaceType ?? ''} ${n.sortSpaceKb ?? ''}kB`.trim());
  if (n.hashBatches && n.hashBatches > 1) notes.push(`Batches: ${n.hashBatches}${n.peakMemoryKb ? ` Memory Usage: ${n.peakMemoryKb}kB` : ''}`);
  if (n.buffers) {
    const b = n.buffers;
    const parts = [`shared hit=${b.sharedHit}`, b.sharedRead ? `read=${b.sharedRead}` : '', b.tempWritten ? `temp written=${b.tempWritten}` : ''].filter(Boolean);
    notes.push(`Buffers: ${parts.join(' ')}`);
  }
  return notes;
}

/** "Seq Scan on orders (0.0)" for each place of a finding; a long list is shortened. */
export function findingPlaces(f: Finding, r: ExplainResult, max = 4): string {
  const byId = new Map(r.nodes.map((n) => [n.id, n]));
  const names = f.nodeIds.map((id) => `${byId.get(id) ? fullLabel(byId.get(id)!) : '?'} (${id})`);
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
}

/**
 * The whole report as text. The first line answers where the time goes and what would fix it;
 * then the header, the tree with conditions, and the findings ranked by what they cost.
 */
export function planText(r: ExplainResult, flags: readonly RedFlag[], opts: { title?: string; g?: TreeGlyphs } = {}): string {
  const g = opts.g ?? { treeMid: '|- ', treeLast: '`- ', treePipe: '|  ' };
  const found = findings(flags);
  const lines: string[] = [headline(r, found)];
  if (opts.title) lines.push(opts.title);
  const head: string[] = [];
  if (r.planningMs !== null) head.push(`planning ${fmtMs(r.planningMs)}`);
  if (r.executionMs !== null) head.push(`execution ${fmtMs(r.executionMs)}`);
  if (!r.analyzed) head.push('estimates only (not executed)');
  if (r.timingOff) head.push('timing was off: shares are of the estimated cost');
  if (r.format) head.push(`read as ${r.format}`);
  const settings = Object.entries(r.settings).map(([k, v]) => `${k}=${v}`);
  if (settings.length) head.push(`settings: ${settings.join(', ')}`);
  if (head.length) lines.push(head.join(' · '));
  lines.push('');
  const byId = new Map(r.nodes.map((n) => [n.id, n]));
  for (const l of planLines(r, flags, new Set(), g)) {
    const n = byId.get(l.nodeId)!;
    const mark = l.flag ? (l.flag === 'bad' ? ' [!!]' : ' [!]') : '';
    lines.push(`${l.prefix}${l.label}  (${l.metrics})${mark}`);
    // Notes continue the tree's vertical lines so they read as part of their node.
    const cont = l.prefix.endsWith(g.treeMid)
      ? l.prefix.slice(0, -g.treeMid.length) + g.treePipe
      : l.prefix.endsWith(g.treeLast)
        ? l.prefix.slice(0, -g.treeLast.length) + ' '.repeat(g.treeLast.length)
        : l.prefix;
    const pad = cont + (n.children.length ? g.treePipe : ' '.repeat(g.treePipe.length));
    for (const note of nodeNotes(n)) lines.push(`${pad}${note}`);
  }
  for (const t of r.triggers) lines.push(`Trigger ${t.name}${t.relation ? ` on ${t.relation}` : ''}: ${fmtMs(t.ms)}, ${t.calls} calls`);
  for (const u of r.unknown ?? []) lines.push(`unknown: ${u}`);
  lines.push('');
  if (!found.length) lines.push('No red flags.');
  else {
    lines.push(`Red flags (${found.length}), by what they cost:`);
    found.forEach((f, i) => {
      const share = `${Math.round(f.share * 100)}%`;
      lines.push(`${i + 1}. [${f.minor ? 'minor' : f.severity}] ${share} ${f.category} at ${findingPlaces(f, r)}: ${f.why}`);
      lines.push(`   fix: ${f.fix}`);
    });
  }
  return lines.join('\n');
}

const pctOf = (s: number): string => `${Math.round(s * 100)}%`;

/** One line that answers "where does the time go and what would fix it": the hottest node, the first fix. */
export function headline(r: ExplainResult, found: readonly Finding[]): string {
  const byId = new Map(r.nodes.map((n) => [n.id, n]));
  const hot = r.hot[0] ? byId.get(r.hot[0].nodeId) : undefined;
  const timed = r.analyzed && !r.timingOff;
  const what = timed ? 'time' : r.timingOff ? 'cost (timing was off)' : 'estimated cost';
  const where = hot ? `most ${what} is in ${fullLabel(hot)} (${pctOf(r.hot[0]!.share)})` : `no single node dominates the ${what}`;
  const total = timed && r.executionMs !== null ? ` of ${fmtMs(r.executionMs)}` : '';
  const top = found.find((f) => !f.minor);
  if (!top) return `${where.charAt(0).toUpperCase()}${where.slice(1)}${total}; no red flags.`;
  const places = top.nodeIds.length > 1 ? ` (${top.nodeIds.length} places)` : '';
  return `${where.charAt(0).toUpperCase()}${where.slice(1)}${total}; first fix, ${top.category} worth ${pctOf(top.share)}${places}: ${top.fix}`;
}
