/**
 * Replication problems: a standby whose replay lags or stands still, seen from the primary (its
 * WAL sender) and from the standby itself, and replication slots that keep WAL for nobody.
 *
 * A paused or stalled replay is told from the primary without asking the standby: the standby
 * keeps receiving and flushing WAL (write/flush positions move) while its reported replay
 * position stays where it was. The position must stay put across evaluations, so the first
 * evaluation only records it.
 */
import { dataOf } from '../../data/collector';
import { recoveryCollector, replicationCollector, senderName, slotsCollector } from '../../data/collectors/replication';
import { senderLagSeconds, standbyDelaySeconds, THIS_STANDBY } from '../../data/replicationLag';
import { bytes, duration } from '../../format';
import { safeLine, trusted, type SafeText } from '../../text/sanitize';
import type { Candidate } from '../types';
import { say } from '../text';
import { judge, worse, type DetectContext } from './context';

/** Seconds the replay position has not moved while `waiting` bytes wait, or 0 when it moves (and records it). */
function stalledFor(ctx: DetectContext, key: string, lsn: string | null, waiting: number | null, now: number): number {
  if (lsn === null) return 0;
  const seen = ctx.before.replay[key];
  const movedAt = seen && seen.lsn === lsn ? seen.movedAt : now;
  ctx.after.replay[key] = { lsn, movedAt };
  return waiting !== null && waiting > 0 ? now - movedAt : 0;
}

export function replicationProblems(ctx: DetectContext): Candidate[] {
  const out: Candidate[] = [];
  const now = ctx.snap.takenAt / 1000;
  for (const s of dataOf(ctx.snap, replicationCollector) ?? []) {
    const name = safeLine(senderName(s));
    // Received (flushed) on the standby but not replayed: the replay lag beyond the flush lag.
    const waiting = s.replayLagBytes === null ? null : Math.max(0, s.replayLagBytes - (s.flushLagBytes ?? 0));
    const stall = stalledFor(ctx, s.key, s.replayLsn, waiting, now);
    const stallId = `replay-stalled:${s.key}`;
    const stallSeverity = judge(ctx, stallId, 'replayStalledSeconds', stall > 0 ? stall : null);
    const lagId = `replication-lag:${s.key}`;
    const lagS = senderLagSeconds(s);
    const lagSeverity = worse(judge(ctx, lagId, 'replicationLagSeconds', lagS), judge(ctx, lagId, 'replicationLagBytes', s.replayLagBytes));
    const pane = { screen: 'replication', key: '4', row: s.key };
    if (stallSeverity) {
      out.push({
        id: stallId,
        severity: worse(stallSeverity, lagSeverity)!,
        subject: { kind: 'standby', value: senderName(s) },
        text: say`standby ${name}: replay paused or stalled for ${duration(stall)}, ${bytes(waiting)} received but not replayed`,
        pane,
        held: true,
      });
    } else if (lagSeverity) {
      out.push({
        id: lagId,
        severity: lagSeverity,
        subject: { kind: 'standby', value: senderName(s) },
        text: say`standby ${name} lags ${lagS === null ? trusted('?') : duration(lagS)} behind (${bytes(s.replayLagBytes)} of WAL not replayed)`,
        pane,
      });
    }
  }
  const r = dataOf(ctx.snap, recoveryCollector);
  if (r?.inRecovery) {
    const paused = r.pauseState === 'paused' || r.pauseState === 'pause requested';
    const stall = stalledFor(ctx, THIS_STANDBY, r.replayLsn, r.replayLagBytes, r.now || now);
    const id = 'standby-replay';
    const delay = standbyDelaySeconds(r);
    const severity = worse(
      worse(paused ? 'warning' : undefined, judge(ctx, id, 'replayStalledSeconds', stall > 0 ? stall : null)),
      worse(judge(ctx, id, 'replicationLagSeconds', delay), judge(ctx, id, 'replicationLagBytes', r.replayLagBytes)),
    );
    if (severity) {
      const what: SafeText = paused ? trusted('replay is paused (pg_wal_replay_pause)') : stall > 0 ? say`replay stalled for ${duration(stall)}` : say`replay lags ${duration(delay)}`;
      out.push({
        id,
        severity,
        subject: { kind: 'standby', value: THIS_STANDBY },
        text: say`this standby: ${what}, ${bytes(r.replayLagBytes)} received but not replayed${delay ? say`, last replayed commit ${duration(delay)} ago` : trusted('')}`,
        pane: { screen: 'replication', key: '4' },
      });
    }
  }
  for (const slot of dataOf(ctx.snap, slotsCollector) ?? []) {
    if (slot.active || slot.temporary) continue;
    const id = `slot:${slot.name}`;
    const lost = slot.walStatus === 'lost' || slot.walStatus === 'unreserved';
    const severity = lost ? 'critical' : judge(ctx, id, 'slotRetainedBytes', slot.retainedBytes);
    if (!severity) continue;
    const name = safeLine(slot.name);
    out.push({
      id,
      severity,
      subject: { kind: 'slot', value: slot.name },
      text: lost
        ? say`slot ${name} is inactive and its WAL is ${safeLine(slot.walStatus)}: its consumer cannot resume from it`
        : say`slot ${name} is inactive and retains ${bytes(slot.retainedBytes)} of WAL`,
      pane: { screen: 'replication', key: '4', row: slot.name },
    });
  }
  return out;
}
