/**
 * The PgBouncer pane's columns. Names (database, user, application, address) are server text and
 * go through safeLine; numbers through src/format.
 */
import type { ColumnSpec } from '../../components/table-layout';
import type { BouncerConn } from '../../data/pgbouncer/types';
import { count, duration, missing, rate } from '../../format';
import { safeLine, trusted, type SafeText } from '../../text/sanitize';
import type { DatabaseRow, PoolRow } from './model';

/** Seconds with millisecond precision below 10 s (query times), else the usual duration. */
function seconds(s: number | null, ascii: boolean): SafeText {
  if (s === null) return missing({ ascii });
  if (s < 10) return trusted(s < 1 ? `${(s * 1000).toFixed(s < 0.01 ? 1 : 0)}ms` : `${s.toFixed(2)}s`);
  return duration(s, { ascii });
}

const ofSize = (n: number, size: number | null): SafeText => trusted(size === null ? String(n) : `${n}/${size}`);

export const POOL_LEGEND: [string, string][] = [
  ['CL ACT / WAIT', 'clients linked to a server connection / queued for one (SHOW POOLS cl_active, cl_waiting)'],
  ['MAXWAIT', 'how long the oldest queued client has waited (maxwait + maxwait_us): above 1 s a warning, above 5 s critical'],
  ['SV ACT', 'server connections in use, against the database\'s pool_size: all in use with clients queued is a saturated pool'],
  ['SV IDLE / USED', 'server connections idle and ready / idle and not yet checked (server_check_query)'],
  ['QPS / TPS', 'queries and transactions per second of the database (SHOW STATS averages over stats_period)'],
  ['AVG Q / AVG X', 'average query and transaction time of the database'],
];

export function poolColumns(ascii: boolean): ColumnSpec<PoolRow>[] {
  const o = { ascii };
  return [
    { id: 'database', title: 'DATABASE', width: 10, flex: true, priority: 0, render: (p) => safeLine(p.database) },
    { id: 'paused', title: '', width: 6, priority: 0, render: (p) => trusted(p.paused ? 'paused' : '') },
    { id: 'user', title: 'USER', width: 9, priority: 1, render: (p) => safeLine(p.user) },
    { id: 'clActive', title: 'CL ACT', width: 6, align: 'right', priority: 0, render: (p) => count(p.clActive, o) },
    { id: 'clWaiting', title: 'WAIT', width: 5, align: 'right', priority: 0, render: (p) => count(p.clWaiting, o) },
    { id: 'maxwait', title: 'MAXWAIT', width: 8, align: 'right', priority: 0, render: (p) => (p.clWaiting > 0 || p.maxwaitS > 0 ? seconds(p.maxwaitS, ascii) : trusted('0')) },
    { id: 'svActive', title: 'SV ACT', width: 7, align: 'right', priority: 0, render: (p) => ofSize(p.svActive, p.poolSize) },
    { id: 'svIdle', title: 'IDLE', width: 4, align: 'right', priority: 2, render: (p) => count(p.svIdle, o) },
    { id: 'svUsed', title: 'USED', width: 4, align: 'right', priority: 4, render: (p) => count(p.svUsed, o) },
    { id: 'qps', title: 'QPS', width: 6, align: 'right', priority: 2, render: (p) => rate(p.queryPerS, o) },
    { id: 'tps', title: 'TPS', width: 6, align: 'right', priority: 3, render: (p) => rate(p.xactPerS, o) },
    { id: 'avgQuery', title: 'AVG Q', width: 7, align: 'right', priority: 3, render: (p) => seconds(p.avgQueryS, ascii) },
    { id: 'avgXact', title: 'AVG X', width: 7, align: 'right', priority: 4, render: (p) => seconds(p.avgXactS, ascii) },
  ];
}

const opt = (n: number | null, ascii: boolean): SafeText => (n === null ? missing({ ascii }) : trusted(String(n)));

export function databaseColumns(ascii: boolean): ColumnSpec<DatabaseRow>[] {
  return [
    { id: 'name', title: 'DATABASE', width: 10, priority: 0, render: (d) => safeLine(d.name) },
    { id: 'target', title: 'SERVER', width: 12, flex: true, priority: 1, render: (d) => safeLine(d.target) },
    { id: 'poolSize', title: 'POOL', width: 4, align: 'right', priority: 0, render: (d) => opt(d.poolSize, ascii) },
    { id: 'reserve', title: 'RSRV', width: 4, align: 'right', priority: 2, render: (d) => opt(d.reservePool, ascii) },
    { id: 'maxDb', title: 'MAX DB', width: 6, align: 'right', priority: 1, render: (d) => (d.maxDbConnections === 0 ? trusted('-') : opt(d.maxDbConnections, ascii)) },
    { id: 'current', title: 'CONN', width: 4, align: 'right', priority: 0, render: (d) => opt(d.currentConnections, ascii) },
    { id: 'state', title: 'STATE', width: 8, priority: 0, render: (d) => trusted(d.disabled ? 'disabled' : d.paused ? 'PAUSED' : 'ok') },
  ];
}

export function waitingColumns(ascii: boolean): ColumnSpec<BouncerConn>[] {
  return [
    { id: 'wait', title: 'WAITING', width: 7, align: 'right', priority: 0, render: (c) => seconds(c.waitS, ascii) },
    { id: 'who', title: 'USER@DATABASE', width: 16, priority: 0, render: (c) => safeLine(`${c.user}@${c.database}`) },
    { id: 'addr', title: 'CLIENT', width: 15, priority: 1, render: (c) => safeLine(c.addr === null ? '' : c.port === null ? c.addr : `${c.addr}:${c.port}`) },
    { id: 'app', title: 'APPLICATION', width: 12, flex: true, priority: 1, render: (c) => safeLine(c.applicationName ?? '') },
  ];
}
