/**
 * The fleet pane's columns. Names, versions, upstream hosts and down reasons are server or
 * operator text and go through safeLine; numbers through src/format.
 */
import type { ColumnSpec } from '../../components/table-layout';
import { count, duration, missing, percent, rate } from '../../format';
import type { FleetRow } from '../../state/fleet';
import { safeLine, trusted } from '../../text/sanitize';

export const FLEET_LEGEND: [string, string][] = [
  ['KIND', 'primary, standby or PgBouncer (its admin console); down: the server does not answer (pgwarden reconnects by itself)'],
  ['CONN', 'client connections / max_connections (PgBouncer: clients / max_client_conn)'],
  ['LAG', "a standby's replay delay; on a primary the largest replay lag of its WAL senders"],
  ['UPSTREAM', "a standby's primary: its row's name when it is in the session, else the host:port it streams from"],
  ['HIT / DEAD', 'cache hit ratio over the last interval; dead tuples of user tables (Prometheus rows only: pg_stat_user_tables_n_dead_tup)'],
  ['P', "a row read from Prometheus (--prometheus), not watched live: Enter connects to its pgwarden_target label"],
  ['PROBLEM', "the server's worst problem; rows are sorted worst first (down, critical, warning)"],
];

export function fleetColumns(ascii: boolean): ColumnSpec<FleetRow>[] {
  const o = { ascii };
  const dash = missing(o);
  return [
    { id: 'active', title: '', width: 1, priority: 0, render: (r) => trusted(r.active ? '*' : r.source === 'prometheus' ? 'P' : ' ') },
    { id: 'name', title: 'SERVER', width: 12, priority: 0, render: (r) => safeLine(r.name) },
    { id: 'kind', title: 'KIND', width: 9, priority: 0, render: (r) => trusted(r.state === 'down' ? 'down' : r.kind === 'pgbouncer' ? 'PgBouncer' : (r.kind ?? '...')) },
    { id: 'version', title: 'VERSION', width: 7, priority: 3, render: (r) => (r.version ? safeLine(r.version) : dash) },
    { id: 'uptime', title: 'UP', width: 6, align: 'right', priority: 4, render: (r) => (r.uptimeS === null ? dash : duration(r.uptimeS, o)) },
    { id: 'connections', title: 'CONN', width: 9, align: 'right', priority: 1, render: (r) => (r.connections === null ? dash : trusted(`${count(r.connections, o)}/${r.maxConnections ?? '?'}`)) },
    { id: 'tps', title: 'TPS', width: 7, align: 'right', priority: 1, render: (r) => rate(r.tps, o) },
    { id: 'lag', title: 'LAG', width: 6, align: 'right', priority: 2, render: (r) => (r.lagS === null ? dash : duration(r.lagS, o)) },
    { id: 'hit', title: 'HIT', width: 6, align: 'right', priority: 5, render: (r) => percent(r.hitRatio ?? null, o) },
    { id: 'dead', title: 'DEAD', width: 7, align: 'right', priority: 6, render: (r) => count(r.deadTuples ?? null, o) },
    { id: 'upstream', title: 'UPSTREAM', width: 11, priority: 1, render: (r) => (r.upstream ? safeLine(r.upstream) : trusted('')) },
    {
      id: 'problem',
      title: 'PROBLEM',
      width: 12,
      flex: true,
      priority: 0,
      // A problem's text is display-safe already; a down reason is the driver's (raw) message.
      render: (r) => (r.state === 'down' ? safeLine(`down: ${r.downReason ?? 'no answer'}`) : r.worst ? trusted(r.worst.text) : trusted('')),
    },
  ];
}
