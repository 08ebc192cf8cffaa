/**
 * Columns of the replication pane. Server strings go through safeLine() here, at render time,
 * for visible rows only; LSNs stay in the server's own text form.
 */
import type { Slot, WalSender } from '../../data/collectors/replication';
import { senderName } from '../../data/collectors/replication';
import { senderLagSeconds } from '../../data/replicationLag';
import type { ColumnSpec } from '../../components/table-layout';
import { bytes, count, duration, lsn } from '../../format';
import { safeLine, trusted } from '../../text/sanitize';

export interface ColumnContext {
  nowMs: number;
  ascii: boolean;
  /** WAL sender key → the fleet row of the standby it feeds, when both are in the session (src/fleet). */
  links?: Readonly<Record<string, string>>;
}

/** Help legend: what the less obvious columns mean. */
export const REPLICATION_LEGEND: [string, string][] = [
  ['LAG', 'WAL not yet replayed by the standby, in bytes (pg_current_wal_lsn() - replay_lsn)'],
  ['WRITE/FLUSH/REPLAY LAG', 'time for recent WAL to be written / flushed / replayed on the standby; empty once it caught up'],
  ['SINCE', 'time since the standby connected (backend_start)'],
  ['REPLY', 'time since the standby last reported its position (reply_time)'],
  ['RETAINED', 'WAL kept for a slot: from its restart_lsn to the current position'],
  ['WAL STATUS', 'reserved / extended: kept; unreserved: beyond max_slot_wal_keep_size; lost: removed, the slot is broken'],
  ['FLEET ROW', "with several servers: the standby's own row on the fleet pane (Enter watches it), matched by slot, application_name or as the one standby following this primary"],
  ['Thresholds', 'lag warns above 60 s and is critical above 300 s (10 s / 60 s with t); an inactive slot holding WAL warns'],
];

export function senderColumns(ctx: ColumnContext): ColumnSpec<WalSender>[] {
  const o = { ascii: ctx.ascii };
  const age = (t: number | null) => trusted(duration(t == null ? null : Math.max(0, ctx.nowMs / 1000 - t), o));
  return [
    { id: 'name', title: 'STANDBY', width: 12, priority: 0, render: (s) => safeLine(senderName(s)) },
    // Only in a session of several servers that holds the standby: its fleet row (Enter watches it).
    ...(ctx.links && Object.keys(ctx.links).length
      ? [{ id: 'fleet', title: 'FLEET ROW', width: 10, priority: 0, render: (s: WalSender) => (ctx.links![s.key] ? safeLine(`${ctx.ascii ? '->' : '→'} ${ctx.links![s.key]}`) : trusted('')) }]
      : []),
    { id: 'client', title: 'CLIENT', width: 15, priority: 6, render: (s) => safeLine(s.clientHostname ?? s.clientAddr ?? (s.clientPort === -1 ? 'local' : '')) },
    { id: 'state', title: 'STATE', width: 9, priority: 1, render: (s) => safeLine(s.state) },
    { id: 'sync', title: 'SYNC', width: 6, priority: 4, render: (s) => safeLine(s.syncState) },
    { id: 'sent', title: 'SENT', width: 11, priority: 7, render: (s) => lsn(s.sentLsn, o) },
    { id: 'write', title: 'WRITE', width: 11, priority: 9, render: (s) => lsn(s.writeLsn, o) },
    { id: 'flush', title: 'FLUSH', width: 11, priority: 9, render: (s) => lsn(s.flushLsn, o) },
    { id: 'replay', title: 'REPLAY', width: 11, priority: 5, render: (s) => lsn(s.replayLsn, o) },
    { id: 'lag', title: 'LAG', width: 8, align: 'right', priority: 0, render: (s) => bytes(s.replayLagBytes, o) },
    { id: 'writeLag', title: 'WRITE LAG', width: 9, align: 'right', priority: 8, render: (s) => duration(s.writeLagS, o) },
    { id: 'flushLag', title: 'FLUSH LAG', width: 9, align: 'right', priority: 8, render: (s) => duration(s.flushLagS, o) },
    { id: 'replayLag', title: 'REPLAY LAG', width: 10, align: 'right', priority: 0, render: (s) => duration(senderLagSeconds(s), o) },
    { id: 'since', title: 'SINCE', width: 7, align: 'right', priority: 3, render: (s) => age(s.backendStart) },
    { id: 'reply', title: 'REPLY', width: 6, align: 'right', priority: 2, render: (s) => age(s.replyTime) },
    { id: 'xmin', title: 'XMIN AGE', width: 8, align: 'right', priority: 10, render: (s) => count(s.backendXminAge, o) },
  ];
}

export function slotColumns(ctx: ColumnContext): ColumnSpec<Slot>[] {
  const o = { ascii: ctx.ascii };
  return [
    { id: 'name', title: 'SLOT', width: 14, flex: true, priority: 0, render: (s) => safeLine(s.name) },
    { id: 'type', title: 'TYPE', width: 8, priority: 4, render: (s) => safeLine(s.plugin ? `${s.type}:${s.plugin}` : s.type) },
    { id: 'database', title: 'DATABASE', width: 10, priority: 7, render: (s) => safeLine(s.database) },
    { id: 'active', title: 'ACTIVE', width: 12, priority: 0, render: (s) => trusted(s.active ? `yes ${s.activePid ?? ''}`.trim() : s.temporary ? 'no (temp)' : 'no') },
    { id: 'retained', title: 'RETAINED', width: 9, align: 'right', priority: 0, render: (s) => bytes(s.retainedBytes, o) },
    { id: 'walStatus', title: 'WAL STATUS', width: 10, priority: 1, render: (s) => safeLine(s.walStatus) },
    { id: 'safe', title: 'SAFE WAL', width: 9, align: 'right', priority: 5, render: (s) => bytes(s.safeWalSize, o) },
    { id: 'xminAge', title: 'XMIN AGE', width: 8, align: 'right', priority: 2, render: (s) => count(s.xminAge, o) },
    { id: 'catalogXminAge', title: 'CAT XMIN', width: 8, align: 'right', priority: 3, render: (s) => count(s.catalogXminAge, o) },
    {
      id: 'inactive',
      title: 'IDLE FOR',
      width: 8,
      align: 'right',
      priority: 6,
      render: (s) => duration(s.inactiveSince == null ? null : Math.max(0, ctx.nowMs / 1000 - s.inactiveSince), o),
    },
  ];
}
