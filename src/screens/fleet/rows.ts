/**
 * From each server's store to the fleet's rows (pure): what kind of server, how busy, how far
 * behind, its worst problem; standbys linked to their primary; rows sorted worst first.
 */
import { dataOf } from '../../data/collector';
import { recoveryCollector, replicationCollector, slotsCollector, type RecoveryStatus, type WalSender } from '../../data/collectors/replication';
import { summaryCollector, type Summary } from '../../data/collectors/summary';
import type { Problem } from '../../problems/types';
import type { AppState } from '../../state/store';
import { bouncerModel } from '../pgbouncer/model';
import { safeLine, trusted } from '../../text/sanitize';
import type { FleetRow, FleetView } from '../../state/fleet';
import type { PromInstance } from '../../data/prometheus/read';
import { DEFAULT_THRESHOLDS, grade, type Thresholds } from '../../problems/thresholds';

/** What the fleet knows of one server besides its store. */
export interface ServerFacts {
  name: string;
  /** Where pgwarden connects (host or socket directory, port): how a standby's upstream is recognized. */
  host: string;
  port: number;
  bouncer: boolean;
  state: AppState;
  /** Its own problems (the store's problems hold the others' too while it is the active one). */
  problems: readonly Problem[];
  active: boolean;
}

const LOCAL = new Set(['localhost', '127.0.0.1', '::1', '']);

/** Whether a standby's reported sender (host, port) is the server pgwarden reaches at `s`. */
function sameEndpoint(host: string | null, port: number | null, s: Pick<ServerFacts, 'host' | 'port'>): boolean {
  if (port !== s.port || host === null) return false;
  if (host === s.host) return true;
  // A socket directory and a loopback address reach the same local server on the same port.
  const local = (h: string) => LOCAL.has(h) || h.startsWith('/');
  return local(host) && local(s.host);
}

/** Replay delay of a standby: zero when everything received is replayed, else since the last replayed commit. */
function standbyLag(r: RecoveryStatus): number | null {
  if (!r.inRecovery) return null;
  if (r.receiveLsn !== null && r.receiveLsn === r.replayLsn) return 0;
  return r.lastReplayTime === null ? null : Math.max(0, r.now - r.lastReplayTime);
}

function primaryLag(senders: readonly WalSender[] | undefined): number | null {
  const lags = (senders ?? []).map((s) => s.replayLagS).filter((n): n is number => n !== null);
  return lags.length ? Math.max(...lags) : null;
}

function bouncerRow(s: ServerFacts): Partial<FleetRow> {
  const snap = s.state.bouncer;
  if (!snap) return { kind: 'pgbouncer' };
  const worst = s.problems[0];
  const max = Number(snap.config.max_client_conn);
  const tps = snap.stats.reduce((sum, st) => sum + (st.xactPerS ?? 0), 0);
  return {
    kind: 'pgbouncer',
    version: snap.version,
    connections: snap.clients.length,
    maxConnections: Number.isFinite(max) ? max : null,
    tps,
    worst: worst ? { severity: worst.severity, text: worst.text } : null,
  };
}

/** PgBouncer's problems (its pane's) as problems of the session, for the fleet and the problems line. */
export function bouncerProblems(state: Pick<AppState, 'bouncer'>): Problem[] {
  if (!state.bouncer) return [];
  return bouncerModel(state.bouncer, { serverMaxConnections: null }).problems.map((p) => ({
    id: `pgbouncer:${p.id}`,
    severity: p.severity,
    subject: { kind: 'server', value: 'pgbouncer' },
    text: safeLine(p.text),
    pane: { screen: 'pgbouncer', key: '8' },
    since: state.bouncer!.takenAt,
  }));
}

function postgresRow(s: ServerFacts): Partial<FleetRow> {
  const { caps, snapshot, rates } = s.state;
  if (!caps) return {};
  const sum: Summary | undefined = dataOf(snapshot, summaryCollector);
  const rec: RecoveryStatus | undefined = dataOf(snapshot, recoveryCollector);
  const standby = sum?.inRecovery ?? rec?.inRecovery ?? caps.inRecovery;
  const worst = s.problems[0];
  return {
    kind: standby ? 'standby' : 'primary',
    version: caps.version.split(' ')[0] ?? caps.version,
    uptimeS: snapshot ? Math.max(0, snapshot.takenAt / 1000 - caps.startedAt) : null,
    connections: sum?.clientTotal ?? null,
    maxConnections: caps.maxConnections,
    tps: rates.tps,
    hitRatio: rates.hitRatio,
    lagS: standby ? (rec ? standbyLag(rec) : null) : primaryLag(dataOf(snapshot, replicationCollector)),
    worst: worst ? { severity: worst.severity, text: worst.text } : null,
  };
}

/** A row with nothing known yet but its name. */
export function emptyRow(name: string): FleetRow {
  return { name, kind: null, state: 'connecting', downReason: null, version: null, uptimeS: null, connections: null, maxConnections: null, tps: null, lagS: null, upstream: null, upstreamInSession: false, worst: null, active: false };
}

function rowOf(s: ServerFacts): FleetRow {
  const st = s.state.status;
  const base: FleetRow = {
    ...emptyRow(s.name),
    kind: s.bouncer ? 'pgbouncer' : null,
    state: st.state === 'ready' ? 'up' : st.state === 'lost' ? 'down' : 'connecting',
    downReason: st.state === 'lost' ? st.failure.message : st.state === 'connecting' && st.failure ? st.failure.message : null,
    active: s.active,
  };
  return { ...base, ...(s.bouncer ? bouncerRow(s) : postgresRow(s)) };
}

/** A number that sorts the worst rows first: down, critical, warning, connecting, fine. */
export function rowWeight(r: Pick<FleetRow, 'state' | 'worst'>): number {
  if (r.state === 'down') return 0;
  if (r.worst?.severity === 'critical') return 1;
  if (r.worst?.severity === 'warning') return 2;
  if (r.state === 'connecting') return 3;
  return 4;
}

/** The upstream of each standby: its primary's name when in the session, else what it reports. */
function linkUpstreams(rows: FleetRow[], servers: readonly ServerFacts[]): void {
  servers.forEach((s, i) => {
    const rec: RecoveryStatus | undefined = dataOf(s.state.snapshot, recoveryCollector);
    const recv = rec?.inRecovery ? rec.receiver : null;
    if (!recv) return;
    const up = servers.find((o) => o !== s && !o.bouncer && sameEndpoint(recv.senderHost, recv.senderPort, o));
    rows[i]!.upstream = up ? up.name : recv.senderHost !== null ? `${recv.senderHost}:${recv.senderPort ?? '?'}` : null;
    rows[i]!.upstreamInSession = Boolean(up);
  });
}

/**
 * Which standby of the session each WAL sender of `primary` feeds: by the replication slot the
 * standby streams into (the slot's active_pid is the sender), else by application_name when the
 * standby's conninfo sets it, else the one standby of the session that follows this primary
 * when the primary has one sender.
 */
export function senderLinks(primary: ServerFacts, servers: readonly ServerFacts[], rows: readonly FleetRow[]): Record<string, string> {
  const senders: WalSender[] = dataOf(primary.state.snapshot, replicationCollector) ?? [];
  const slots = dataOf(primary.state.snapshot, slotsCollector) ?? [];
  const followers = servers.filter((s, i) => rows[i]!.upstreamInSession && rows[i]!.upstream === primary.name);
  const links: Record<string, string> = {};
  for (const snd of senders) {
    const slot = slots.find((sl) => sl.activePid === snd.pid)?.name;
    const bySlot = slot ? followers.find((f) => dataOf(f.state.snapshot, recoveryCollector)?.receiver?.slot === slot) : undefined;
    const byApp = snd.application
      ? followers.find((f) => new RegExp(`(^|\\s)application_name=('?)${snd.application!.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\2(\\s|$)`).test(dataOf(f.state.snapshot, recoveryCollector)?.receiver?.conninfo ?? ''))
      : undefined;
    const only = senders.length === 1 && followers.length === 1 ? followers[0] : undefined;
    const f = bySlot ?? byApp ?? only;
    if (f) links[snd.key] = f.name;
  }
  return links;
}

/** A problem of another server, as the active server's problems line shows it. */
export function foreignProblem(server: string, p: Problem): Problem {
  return {
    ...p,
    id: `${server}\u0000${p.id}`,
    // The name is the operator's (or the target's) text; the problem's own text is already display-safe.
    text: trusted(`on ${safeLine(server)}: ${p.text}`),
    pane: { screen: 'fleet', key: '0', row: server },
  };
}

/** The fleet as the active server's store shows it. */
export function fleetView(servers: readonly ServerFacts[], external: readonly FleetRow[] = []): FleetView {
  const rows = servers.map(rowOf);
  linkUpstreams(rows, servers);
  const active = servers.find((s) => s.active);
  const senderLinksOf = active && !active.bouncer ? senderLinks(active, servers, rows) : {};
  const problems = servers.filter((s) => !s.active).flatMap((s) => s.problems.map((p) => foreignProblem(s.name, p)));
  // Stable: servers of the same weight keep the order they were given in.
  const sorted = [...rows, ...external].map((r, i) => [r, i] as const).sort((a, b) => rowWeight(a[0]) - rowWeight(b[0]) || a[1] - b[1]).map(([r]) => r);
  return { rows: sorted, problems, senderLinks: senderLinksOf };
}

/** Rows for the instances Prometheus knows and the session does not watch live; problems from the same thresholds. */
export function prometheusRows(instances: readonly PromInstance[], live: readonly string[], thresholds: Thresholds = DEFAULT_THRESHOLDS): FleetRow[] {
  return instances
    .filter((p) => !live.includes(p.name))
    .map((p) => {
      const standby = p.standby === true;
      const lagSev = standby ? grade(p.lagS, thresholds.replicationLagSeconds, false, undefined, 0) : undefined;
      const connSev = p.connections !== null && p.maxConnections ? grade(p.connections / p.maxConnections, thresholds.connections, false, undefined, 0) : undefined;
      const worst: FleetRow['worst'] = lagSev
        ? { severity: lagSev, text: `replay lags ${Math.round(p.lagS!)} s (from Prometheus)` }
        : connSev
          ? { severity: connSev, text: `${p.connections} of max_connections ${p.maxConnections} in use (from Prometheus)` }
          : null;
      return {
        name: p.name,
        kind: p.standby === null ? null : standby ? 'standby' : 'primary',
        state: p.up ? 'up' : 'down',
        downReason: p.up ? null : 'down according to Prometheus (up or pg_up is 0)',
        version: p.version,
        uptimeS: p.startedAt === null ? null : Math.max(0, p.at - p.startedAt),
        connections: p.connections,
        maxConnections: p.maxConnections,
        tps: p.tps,
        lagS: standby ? p.lagS : null,
        upstream: null,
        upstreamInSession: false,
        worst,
        active: false,
        source: 'prometheus',
        target: p.target,
        deadTuples: p.deadTuples,
        hitRatio: p.hitRatio,
      };
    });
}
