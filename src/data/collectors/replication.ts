/**
 * Replication collectors: WAL senders (on a primary, or a cascading standby), this server's own
 * recovery and WAL receiver (on a standby), and replication slots. All three are cheap (a few rows
 * from shared memory) and feed the header's lag indicator, so they run on every refresh.
 * Strings here are untrusted server text: sanitize before display.
 */
import type { Collector } from '../collector';
import type { Row } from '../db';
import type { Backend } from './activity';
import { str, num } from '../values';


/** One row of pg_stat_replication. Lags in bytes are against this server's WAL position. */
export interface WalSender {
  /** Stable across refreshes and reconnects of the same standby: application_name + client. */
  key: string;
  pid: number;
  user: string | null;
  application: string | null;
  clientAddr: string | null;
  clientHostname: string | null;
  clientPort: number | null;
  backendStart: number | null;
  backendXmin: string | null;
  backendXminAge: number | null;
  state: string | null;
  syncState: string | null;
  syncPriority: number | null;
  currentLsn: string | null;
  sentLsn: string | null;
  writeLsn: string | null;
  flushLsn: string | null;
  replayLsn: string | null;
  sentLagBytes: number | null;
  writeLagBytes: number | null;
  flushLagBytes: number | null;
  replayLagBytes: number | null;
  writeLagS: number | null;
  flushLagS: number | null;
  replayLagS: number | null;
  replyTime: number | null;
}

/** Who a standby is, for display and as a history key: its application_name, else its address. */
export function senderName(s: Pick<WalSender, 'application' | 'clientAddr' | 'clientHostname' | 'pid'>): string {
  if (s.application) return s.application;
  return s.clientHostname ?? s.clientAddr ?? `pid ${s.pid}`;
}

function toSender(r: Row): WalSender {
  const s: WalSender = {
    key: '',
    pid: Number(r.pid),
    user: str(r.user),
    application: str(r.application),
    clientAddr: str(r.client_addr),
    clientHostname: str(r.client_hostname),
    clientPort: num(r.client_port),
    backendStart: num(r.backend_start),
    backendXmin: str(r.backend_xmin),
    backendXminAge: num(r.backend_xmin_age),
    state: str(r.state),
    syncState: str(r.sync_state),
    syncPriority: num(r.sync_priority),
    currentLsn: str(r.current_lsn),
    sentLsn: str(r.sent_lsn),
    writeLsn: str(r.write_lsn),
    flushLsn: str(r.flush_lsn),
    replayLsn: str(r.replay_lsn),
    sentLagBytes: num(r.sent_lag_bytes),
    writeLagBytes: num(r.write_lag_bytes),
    flushLagBytes: num(r.flush_lag_bytes),
    replayLagBytes: num(r.replay_lag_bytes),
    writeLagS: num(r.write_lag_s),
    flushLagS: num(r.flush_lag_s),
    replayLagS: num(r.replay_lag_s),
    replyTime: num(r.reply_time),
  };
  s.key = `${senderName(s)}@${s.clientAddr ?? 'local'}`;
  return s;
}

export const replicationCollector: Collector<WalSender[]> = {
  id: 'replication',
  query: 'replication',
  parse: (rows) => rows.map(toSender),
  fixHint(failure, ctx) {
    if (failure.kind === 'privilege') return `GRANT pg_monitor TO ${ctx.caps.currentUser};`;
    return undefined;
  },
  // Read with the activity pane (every backend comes back, background processes with their type):
  // no backend is a WAL sender, so there is no row to read, and the statement (a round trip and
  // its CPU on both sides, every refresh, on a server that has no standby) is not sent.
  answeredBy: (results) => {
    const a = results.activity;
    if (a?.state !== 'ok') return undefined;
    return (a.data as Backend[]).some((b) => b.backendType === 'walsender') ? undefined : [];
  },
};

/** This server's recovery state; on a primary only `inRecovery` (false) and `now` are set. */
export interface RecoveryStatus {
  inRecovery: boolean;
  /** Server clock (epoch s) of the reading. */
  now: number;
  receiveLsn: string | null;
  replayLsn: string | null;
  /** Received but not yet replayed WAL. */
  replayLagBytes: number | null;
  /** Commit time (epoch s) of the last replayed transaction. */
  lastReplayTime: number | null;
  /** `not paused`, `pause requested` (14+) or `paused`. */
  pauseState: string | null;
  receiver: WalReceiver | null;
}

/** pg_stat_wal_receiver: the standby's connection to its upstream. */
export interface WalReceiver {
  pid: number;
  status: string | null;
  senderHost: string | null;
  senderPort: number | null;
  slot: string | null;
  /** The connection string with every password removed. */
  conninfo: string | null;
  writtenLsn: string | null;
  flushedLsn: string | null;
  latestEndLsn: string | null;
  latestEndTime: number | null;
  lastMsgReceiptTime: number | null;
}

// conninfo values: single-quoted with backslash escapes, or bare up to whitespace.
const CONNINFO_PAIR = /([A-Za-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/g;

/**
 * A libpq connection string without its password. The server already shows pg_stat_wal_receiver's
 * password as asterisks; the key is dropped entirely so nothing about it (not even its presence)
 * reaches the screen or a JSON snapshot. URIs lose the password part of their user info.
 */
export function stripPassword(conninfo: string | null): string | null {
  if (conninfo == null) return null;
  const text = conninfo.trim();
  if (/^postgres(ql)?:\/\//i.test(text)) {
    return text
      .replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1@')
      .replace(/([?&])password=[^&#]*&?/gi, '$1')
      .replace(/[?&]$/, '');
  }
  const kept: string[] = [];
  for (const m of text.matchAll(CONNINFO_PAIR)) {
    if (m[1]!.toLowerCase() === 'password') continue;
    kept.push(`${m[1]}=${m[2]}`);
  }
  return kept.join(' ');
}

function toRecovery(r: Row): RecoveryStatus {
  const receiverPid = num(r.receiver_pid);
  return {
    inRecovery: r.in_recovery === true,
    now: num(r.now) ?? 0,
    receiveLsn: str(r.receive_lsn),
    replayLsn: str(r.replay_lsn),
    replayLagBytes: num(r.replay_lag_bytes),
    lastReplayTime: num(r.last_replay_time),
    pauseState: str(r.pause_state),
    receiver:
      receiverPid == null
        ? null
        : {
            pid: receiverPid,
            status: str(r.receiver_status),
            senderHost: str(r.sender_host),
            senderPort: num(r.sender_port),
            slot: str(r.receiver_slot) || null,
            conninfo: stripPassword(str(r.conninfo)),
            writtenLsn: str(r.written_lsn),
            flushedLsn: str(r.flushed_lsn),
            latestEndLsn: str(r.latest_end_lsn),
            latestEndTime: num(r.latest_end_time),
            lastMsgReceiptTime: num(r.last_msg_receipt_time),
          },
  };
}

export const recoveryCollector: Collector<RecoveryStatus> = {
  id: 'recovery',
  query: 'recovery',
  parse: (rows) => toRecovery(rows[0] ?? {}),
};

/** One replication slot and what it holds back. */
export interface Slot {
  name: string;
  type: string | null;
  plugin: string | null;
  database: string | null;
  temporary: boolean;
  active: boolean;
  activePid: number | null;
  xmin: string | null;
  xminAge: number | null;
  catalogXmin: string | null;
  catalogXminAge: number | null;
  restartLsn: string | null;
  confirmedFlushLsn: string | null;
  /** WAL kept for this slot: from restart_lsn to the current position. */
  retainedBytes: number | null;
  /** reserved, extended, unreserved or lost (13+). */
  walStatus: string | null;
  /** WAL that can still be written before the slot is invalidated (max_slot_wal_keep_size). */
  safeWalSize: number | null;
  inactiveSince: number | null;
  invalidationReason: string | null;
}

function toSlot(r: Row): Slot {
  return {
    name: String(r.slot_name ?? ''),
    type: str(r.slot_type),
    plugin: str(r.plugin),
    database: str(r.database),
    temporary: r.temporary === true,
    active: r.active === true,
    activePid: num(r.active_pid),
    xmin: str(r.xmin),
    xminAge: num(r.xmin_age),
    catalogXmin: str(r.catalog_xmin),
    catalogXminAge: num(r.catalog_xmin_age),
    restartLsn: str(r.restart_lsn),
    confirmedFlushLsn: str(r.confirmed_flush_lsn),
    retainedBytes: num(r.retained_bytes),
    walStatus: str(r.wal_status),
    safeWalSize: num(r.safe_wal_size),
    inactiveSince: num(r.inactive_since),
    invalidationReason: str(r.invalidation_reason),
  };
}

export const slotsCollector: Collector<Slot[]> = {
  id: 'slots',
  query: 'slots',
  parse: (rows) => rows.map(toSlot),
};

/** The collectors the header runs on every refresh (the replication pane reads the same results). */
export const REPLICATION_COLLECTORS: Collector[] = [replicationCollector, recoveryCollector, slotsCollector];
