/**
 * How worried to be about replication, pure: lag against thresholds, replay paused, the WAL
 * receiver down, slots retaining WAL nobody consumes. The worst finding feeds the header.
 * Reasons contain server text (standby and slot names): sanitize before display.
 */
import type { RecoveryStatus, Slot, WalSender } from '../../data/collectors/replication';
import { senderName } from '../../data/collectors/replication';
import { senderLagSeconds, standbyDelaySeconds } from '../../data/replicationLag';

export type Level = 'ok' | 'warn' | 'crit';

/** Lag (seconds) above which a value is a warning / critical. */
export interface LagThresholds {
  warn: number;
  crit: number;
}

export const NORMAL_THRESHOLDS: LagThresholds = { warn: 60, crit: 300 };
/** For setups where a minute behind already hurts (read replicas behind a load balancer). */
export const STRICT_THRESHOLDS: LagThresholds = { warn: 10, crit: 60 };

export const thresholdsFor = (strict: boolean): LagThresholds => (strict ? STRICT_THRESHOLDS : NORMAL_THRESHOLDS);

const RANK: Record<Level, number> = { ok: 0, warn: 1, crit: 2 };
export const worse = (a: Level, b: Level): Level => (RANK[b] > RANK[a] ? b : a);

/** Level of a lag in seconds; unknown lag is not an alarm by itself. */
export function lagLevel(seconds: number | null | undefined, t: LagThresholds): Level {
  if (seconds == null || !Number.isFinite(seconds)) return 'ok';
  if (seconds > t.crit) return 'crit';
  if (seconds > t.warn) return 'warn';
  return 'ok';
}

/** A standby connected to this server: its replay lag, and a state other than streaming. */
export function senderLevel(s: WalSender, t: LagThresholds): Level {
  let level = lagLevel(senderLagSeconds(s), t);
  // catchup / startup: the standby is connected but not keeping up yet. A base backup is not a standby.
  if (s.state && s.state !== 'streaming' && s.state !== 'backup') level = worse(level, 'warn');
  return level;
}

/**
 * A slot: inactive while holding WAL back is the classic disk-filling incident (warn); a slot
 * whose WAL is beyond max_slot_wal_keep_size (unreserved) or already removed (lost) is critical.
 */
export function slotLevel(s: Slot): Level {
  if (s.walStatus === 'lost' || s.walStatus === 'unreserved') return 'crit';
  if (!s.active && (s.retainedBytes ?? 0) > 0) return 'warn';
  return 'ok';
}

/** This server as a standby: replay delay, replay paused, WAL receiver not streaming. */
export function standbyLevel(r: RecoveryStatus, t: LagThresholds): Level {
  if (!r.inRecovery) return 'ok';
  let level = lagLevel(standbyDelaySeconds(r), t);
  if (r.pauseState && r.pauseState !== 'not paused') level = worse(level, 'warn');
  if (!r.receiver || r.receiver.status !== 'streaming') level = worse(level, 'warn');
  return level;
}

export interface ReplicationInput {
  senders: readonly WalSender[];
  recovery: RecoveryStatus | null;
  slots: readonly Slot[];
}

export interface ReplicationAlarm {
  level: Level;
  /** Findings, worst first (server names inside: sanitize). */
  reasons: string[];
  /** Short text for the header flag, e.g. `LAG 5m` or `SLOT` (no server text). */
  headline: string;
  /** The largest replay lag seen, in seconds. */
  worstLagS: number | null;
}

const fmtS = (s: number): string => (s >= 3600 ? `${Math.floor(s / 3600)}h` : s >= 60 ? `${Math.floor(s / 60)}m` : `${Math.floor(s)}s`);

/** The worst replication finding, with every reason. */
export function replicationAlarm(input: ReplicationInput, t: LagThresholds): ReplicationAlarm {
  const found: { level: Level; reason: string; headline: string }[] = [];
  let worstLagS: number | null = null;
  const lag = (s: number | null) => {
    if (s != null && (worstLagS == null || s > worstLagS)) worstLagS = s;
  };
  for (const s of input.senders) {
    const level = senderLevel(s, t);
    const secs = senderLagSeconds(s);
    lag(secs);
    if (level === 'ok') continue;
    const why = lagLevel(secs, t) !== 'ok' ? `replays ${fmtS(secs!)} behind` : `is in state ${s.state}`;
    found.push({ level, reason: `standby ${senderName(s)} ${why}`, headline: lagLevel(secs, t) !== 'ok' ? `LAG ${fmtS(secs!)}` : 'STANDBY' });
  }
  const r = input.recovery;
  if (r?.inRecovery) {
    const secs = standbyDelaySeconds(r);
    lag(secs);
    const l = lagLevel(secs, t);
    if (l !== 'ok') found.push({ level: l, reason: `replay is ${fmtS(secs!)} behind the primary`, headline: `LAG ${fmtS(secs!)}` });
    if (r.pauseState && r.pauseState !== 'not paused') found.push({ level: 'warn', reason: `replay paused (${r.pauseState})`, headline: 'REPLAY PAUSED' });
    if (!r.receiver) found.push({ level: 'warn', reason: 'no WAL receiver: not streaming from a primary', headline: 'NO RECEIVER' });
    else if (r.receiver.status !== 'streaming') found.push({ level: 'warn', reason: `WAL receiver ${r.receiver.status ?? 'not streaming'}`, headline: 'NO RECEIVER' });
  }
  for (const s of input.slots) {
    const level = slotLevel(s);
    if (level === 'ok') continue;
    const why = s.walStatus === 'lost' || s.walStatus === 'unreserved' ? `WAL ${s.walStatus}` : 'inactive and retaining WAL';
    found.push({ level, reason: `slot ${s.name} ${why}`, headline: 'SLOT' });
  }
  found.sort((a, b) => RANK[b.level] - RANK[a.level]);
  const top = found[0];
  return { level: top?.level ?? 'ok', reasons: found.map((f) => f.reason), headline: top?.headline ?? '', worstLagS };
}
