/**
 * Replication lag from one reading of the replication collectors: per standby on a primary, this
 * standby's own replay delay on a standby. Pure; the history, the problems, the pane and the
 * checklists all judge lag the same way.
 */
import type { Snapshot } from './collector';
import type { RecoveryStatus, WalSender } from './collectors/replication';
import { senderName } from './collectors/replication';

/** The key under which a standby's own replay delay is kept when connected to a standby. */
export const THIS_STANDBY = '(this standby)';

/**
 * Replay lag in seconds, per standby, from one snapshot; undefined when the replication collectors
 * did not run. On a primary: pg_stat_replication.replay_lag, 0 for a standby that has replayed
 * everything sent (the server reports NULL then). On a standby: seconds since the last replayed
 * commit while received WAL waits for replay, else 0 (an idle primary is not lag).
 */
export function lagSamples(snap: Snapshot): Map<string, number | null> | undefined {
  const senders = snap.results.replication;
  const recovery = snap.results.recovery;
  if (senders?.state !== 'ok' && recovery?.state !== 'ok') return undefined;
  const out = new Map<string, number | null>();
  if (senders?.state === 'ok') {
    for (const s of senders.data as WalSender[]) out.set(senderName(s), senderLagSeconds(s));
  }
  if (recovery?.state === 'ok') {
    const r = recovery.data as RecoveryStatus;
    if (r.inRecovery) out.set(THIS_STANDBY, standbyDelaySeconds(r));
  }
  return out;
}

/** A sender's replay lag in seconds: 0 when nothing is waiting, null when unknown. */
export function senderLagSeconds(s: WalSender): number | null {
  if (s.replayLagS != null) return s.replayLagS;
  if (s.replayLagBytes === 0) return 0;
  return null;
}

/**
 * How far this standby's replay is behind, in seconds: time since the last replayed commit, but
 * only while received WAL is waiting to be replayed. With nothing waiting the primary is merely
 * quiet and the delay is 0. Null when no commit was replayed since the standby started.
 */
export function standbyDelaySeconds(r: RecoveryStatus): number | null {
  if (!r.inRecovery) return null;
  if (r.replayLagBytes == null || r.replayLagBytes <= 0) return 0;
  if (r.lastReplayTime == null) return null;
  return Math.max(0, r.now - r.lastReplayTime);
}
