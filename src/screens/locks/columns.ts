/**
 * The locks pane's columns: the blocking tree, one backend's locks, and the server-wide counts.
 * Server strings go through safeLine() here, at render time, for visible rows only.
 */
import type { LockInfo, LockSummaryRow } from '../../data/collectors/locks';
import type { ColumnSpec } from '../../components/table-layout';
import type { Glyphs } from '../../components/theme';
import { duration } from '../../format';
import { joinSafe, safeLine, trusted, type SafeText } from '../../text/sanitize';
import { displayWidth } from '../../text/width';
import { shortState } from '../../format/state';
import { lockTarget, shortMode, type LockRow } from './model';

export interface LocksColumnContext {
  nowMs: number;
  ascii: boolean;
  glyphs: Glyphs;
  /** Tagged backend keys; a marker column appears while there are any. */
  tagged?: ReadonlySet<string>;
}

/** Plain-language legend for the help screen. */
export const LOCKS_LEGEND: [string, string][] = [
  ['Locks tree', 'each root blocker, with the sessions waiting behind it nested below'],
  ['BEHIND', 'sessions waiting behind this backend, directly or not (roots are ordered by it)'],
  ['WAITS FOR', 'what the lock is on: a relation, a row (the holder\'s transaction id) or another object'],
  ['WAITED', 'how long it has waited for the lock (PostgreSQL 13: time in its current state)'],
  ['MODE', 'AccessShare, RowShare, RowExcl(usive), ShareUpdExcl, Share, ShareRowExcl, Exclusive, AccessExcl(usive)'],
  ['+ after a pid', 'it waits for several backends: it appears under each of them'],
  ['^ after a pid', 'its waiters are shown where it appears first'],
  ['@ after a pid', 'a wait cycle, i.e. a deadlock (a circle arrow in UTF-8 terminals): the deadlock detector cancels one member after deadlock_timeout'],
];

const MAX_TREE_WIDTH = 26;

/** Indentation and branch glyphs of a tree row, e.g. `│ └─`. Deep trees are abbreviated. */
export function treePrefix(r: LockRow, g: Glyphs): string {
  const t = r.tree;
  if (t.depth === 0) return '';
  const branch = t.last ? g.treeLast : g.treeMid;
  if (t.depth > 6) return `${t.depth}${g.ellipsis}${branch}`;
  return t.guides.map((on) => (on ? g.treePipe : '  ')).join('') + branch;
}

/** The marks after a pid (see the legend). */
export function treeMarks(r: LockRow, ascii: boolean): string {
  const t = r.tree;
  let m = '';
  if (t.alsoBlockedBy.length && t.depth > 0) m += '+';
  if (t.repeat) m += '^';
  if (t.cycle || (t.inCycle && t.depth === 0)) m += ascii ? '@' : '↺';
  return m ? ` ${m}` : '';
}

function treeCell(r: LockRow, ctx: LocksColumnContext): SafeText {
  return trusted(`${treePrefix(r, ctx.glyphs)}${r.tree.pid}${treeMarks(r, ctx.ascii)}`);
}

/** What a backend runs, or why nothing is known about it. */
export function queryOf(r: LockRow): SafeText {
  const n = r.node;
  if (!n.listed) return trusted(n.pid === 0 ? '[prepared transaction: see pg_prepared_xacts]' : '[no longer listed]');
  if (n.query) return safeLine(n.query);
  return n.backendType && n.backendType !== 'client backend' ? safeLine(`[${n.backendType}]`) : trusted('');
}

export function treeColumns(rows: readonly LockRow[], ctx: LocksColumnContext): ColumnSpec<LockRow>[] {
  const age = (s: number | null) => trusted(s == null ? '' : duration(s, { ascii: ctx.ascii }));
  const since = (t: number | null) => age(t == null ? null : Math.max(0, ctx.nowMs / 1000 - t));
  let treeWidth = 5;
  for (const r of rows) treeWidth = Math.max(treeWidth, displayWidth(treeCell(r, ctx)));
  const tag: ColumnSpec<LockRow>[] = ctx.tagged
    ? [{ id: 'tag', title: '', width: 1, priority: 0, render: (r) => trusted(ctx.tagged!.has(r.node.key) ? '*' : ' ') }]
    : [];
  return [
    ...tag,
    { id: 'pid', title: 'PID', width: Math.min(MAX_TREE_WIDTH, treeWidth), priority: 0, render: (r) => treeCell(r, ctx) },
    { id: 'user', title: 'USER', width: 10, priority: 3, render: (r) => safeLine(r.node.user) },
    { id: 'database', title: 'DATABASE', width: 10, priority: 6, render: (r) => safeLine(r.node.database) },
    { id: 'application', title: 'APP', width: 10, priority: 7, render: (r) => safeLine(r.node.application) },
    { id: 'state', title: 'STATE', width: 9, priority: 1, render: (r) => safeLine(shortState(r.node.state)) },
    {
      id: 'wait',
      title: 'WAIT',
      width: 14,
      priority: 8,
      render: (r) => safeLine(r.node.waitEventType ? `${r.node.waitEventType}:${r.node.waitEvent ?? ''}` : ''),
    },
    { id: 'mode', title: 'MODE', width: 12, priority: 2, render: (r) => safeLine(r.node.wants ? shortMode(r.node.wants.mode) : '') },
    { id: 'target', title: 'WAITS FOR', width: 20, priority: 2, render: (r) => safeLine(r.node.wants ? lockTarget(r.node.wants) : '') },
    { id: 'waited', title: 'WAITED', width: 6, align: 'right', priority: 0, render: (r) => age(r.waitedS) },
    { id: 'xact', title: 'XACT', width: 6, align: 'right', priority: 4, render: (r) => since(r.node.xactStart) },
    { id: 'behind', title: 'BEHIND', width: 6, align: 'right', priority: 0, render: (r) => trusted(r.tree.behind ? String(r.tree.behind) : '') },
    { id: 'query', title: 'QUERY', width: 12, flex: true, priority: 0, render: queryOf },
  ];
}

/** One backend's locks: awaited first. */
export function lockListColumns(ctx: LocksColumnContext): ColumnSpec<LockInfo>[] {
  return [
    { id: 'type', title: 'TYPE', width: 13, priority: 1, render: (l) => safeLine(l.locktype) },
    { id: 'mode', title: 'MODE', width: 24, priority: 0, render: (l) => safeLine(l.mode) },
    { id: 'granted', title: 'GRANTED', width: 7, priority: 0, render: (l) => trusted(l.granted ? 'yes' : 'WAITING') },
    { id: 'fastpath', title: 'FAST', width: 4, priority: 3, render: (l) => trusted(l.fastpath ? 'yes' : '') },
    {
      id: 'waited',
      title: 'WAITED',
      width: 6,
      align: 'right',
      priority: 2,
      render: (l) => trusted(l.waitStart == null ? '' : duration(Math.max(0, ctx.nowMs / 1000 - l.waitStart), { ascii: ctx.ascii })),
    },
    { id: 'target', title: 'ON', width: 16, flex: true, priority: 0, render: (l) => safeLine(lockTarget(l)) },
  ];
}

/** What a summary row counts locks on. */
function summaryTarget(r: LockSummaryRow): SafeText {
  if (r.relation) return safeLine(r.relation);
  if (r.relationOid != null) return joinSafe([trusted(`oid ${r.relationOid}`), r.database ? joinSafe([trusted(' in '), safeLine(r.database)]) : trusted('')]);
  return joinSafe([trusted('('), safeLine(r.locktype), trusted(')')]);
}

/** Server-wide lock counts by kind, mode and object. */
export function summaryColumns(): ColumnSpec<LockSummaryRow>[] {
  return [
    { id: 'target', title: 'ON', width: 16, flex: true, priority: 0, render: summaryTarget },
    { id: 'type', title: 'TYPE', width: 13, priority: 2, render: (r) => safeLine(r.locktype) },
    { id: 'mode', title: 'MODE', width: 24, priority: 0, render: (r) => safeLine(r.mode) },
    { id: 'granted', title: 'GRANTED', width: 7, align: 'right', priority: 0, render: (r) => trusted(String(r.granted)) },
    { id: 'waiting', title: 'WAITING', width: 7, align: 'right', priority: 0, render: (r) => trusted(r.waiting ? String(r.waiting) : '') },
  ];
}
