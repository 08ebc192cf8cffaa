/** Streaming replication lag and replication slots that hold WAL back. */
import { recoveryCollector, replicationCollector, senderName, slotsCollector, type RecoveryStatus } from '../../data/collectors/replication';
import { standbyDelaySeconds } from '../../data/replicationLag';
import { bytes, duration } from '../../format';
import { fromCollector } from '../sources';
import type { Unseen } from '../types';
import { counted, grantStats, withUnseen } from './coverage';
import { defineCheck, gradeHigh, worst } from './define';
import { receiverLine, streaming } from './receiver';

export const replicationLag = defineCheck({
  id: 'replication_lag',
  title: 'Replication lag',
  thresholdsDoc: 'warn/fail: replay lag of a standby in seconds (on a standby: its own replay delay; paused replay fails)',
  defaults: { warn: 60, fail: 300 },
  sources: [fromCollector(replicationCollector), fromCollector(recoveryCollector)],
  evaluate([all, recovery], th, env) {
    // On a standby the question is its own replay first: "no standby is connected" says nothing
    // about a standby whose replay is paused or behind.
    if ((recovery as RecoveryStatus | undefined)?.inRecovery) return standbyLag(recovery, all, th);
    // pg_stat_replication hides every column past the name (state, lags) of a walsender from a
    // role without pg_read_all_stats: such a standby is not seen, not "no lag".
    const hidden = all.filter((s) => s.state === null);
    const senders = all.filter((s) => s.state !== null);
    // replay_lag is NULL on an idle primary (nothing to replay); then the byte lag tells the story.
    const lag = (s: (typeof senders)[number]): number => s.replayLagS ?? 0;
    const grades = senders.map((s) => (s.state !== 'streaming' ? 'warn' : gradeHigh(lag(s), th)));
    const worstLag = senders.reduce((m, s) => Math.max(m, lag(s)), 0);
    const unseen: Unseen[] =
      hidden.length === 0
        ? []
        : [{ reason: `${counted(hidden.length, 'standby', 'standbys')} whose replication state this role cannot see`, grant: grantStats(env.caps), items: hidden.map((s) => `replication_lag:${senderName(s)}`) }];
    return withUnseen({
      outcome: worst(grades),
      summary: senders.length === 0 ? 'no standby is connected to this server' : `${senders.length} standbys, worst replay lag ${String(duration(worstLag))}`,
      evidence: { columns: ['standby', 'state', 'sync', 'replay lag', 'replay lag bytes'], rows: senders.map((s) => [senderName(s), s.state ?? '', s.syncState ?? '', String(duration(s.replayLagS)), String(bytes(s.replayLagBytes))]) },
      findings: senders.filter((_, i) => grades[i] !== 'pass').map((s) => `replication_lag:${senderName(s)}`),
    }, unseen);
  },
});

/** This standby's own replay: paused fails, a delay is graded like a sender's lag. */
function standbyLag(r: RecoveryStatus, senders: readonly { state: string | null }[], th: Parameters<typeof gradeHigh>[1]) {
  const paused = r.pauseState === 'paused' || r.pauseState === 'pause requested';
  const delay = standbyDelaySeconds(r) ?? 0;
  // A standby that does not stream falls further behind with every write on the primary, even
  // while what it received is all replayed (its delay then reads 0).
  const live = streaming(r);
  const outcome = paused ? 'fail' : worst([gradeHigh(delay, th), live === false ? 'warn' : 'pass']);
  const waiting = String(bytes(r.replayLagBytes));
  const cascade = senders.length ? `; ${senders.length} cascading standbys` : '';
  return {
    outcome,
    summary: `${paused
      ? `this standby's replay is ${r.pauseState} (pg_wal_replay_resume() resumes it): ${waiting} received but not replayed`
      : `this standby replays ${String(duration(delay))} behind its primary, ${waiting} received but not replayed`}; ${receiverLine(r)}${cascade}`,
    evidence: {
      columns: ['server', 'replay', 'received', 'replayed', 'waiting', 'last replayed commit', 'receiver', 'upstream'],
      rows: [['this standby', r.pauseState ?? '', r.receiveLsn ?? '', r.replayLsn ?? '', waiting, r.lastReplayTime === null ? '' : `${String(duration(r.now - r.lastReplayTime))} ago`, r.receiver?.status ?? 'none', r.receiver?.senderHost ? `${r.receiver.senderHost}${r.receiver.senderPort ? `:${r.receiver.senderPort}` : ''}` : '']],
    },
    findings: outcome === 'pass' ? [] : ['replication_lag:this standby'],
  };
}

/** Run on a standby, the slots listed are its own: the one its primary keeps for it is not among them. */
const STANDBY_SLOTS = " on this standby (its own slots, for cascading standbys or logical decoding; the slot that keeps WAL for this standby is on the primary: run this step there)";

export const inactiveSlots = defineCheck({
  id: 'inactive_slots',
  title: 'Inactive replication slots',
  thresholdsDoc: 'warn/fail: WAL retained by an inactive slot in bytes (an inactive slot always warns; lost/unreserved WAL fails)',
  defaults: { warn: 0, fail: 10 * 1024 ** 3 },
  sources: [fromCollector(slotsCollector)],
  evaluate([slots], th, env) {
    // An inactive slot keeps every WAL segment from its restart_lsn (and its xmin holds back vacuum)
    // until it is dropped or max_slot_wal_keep_size invalidates it.
    const inactive = slots.filter((s) => !s.active && !s.temporary);
    const grade = (s: (typeof slots)[number]) =>
      s.walStatus === 'lost' || s.walStatus === 'unreserved' ? ('fail' as const) : gradeHigh(s.retainedBytes ?? 0, th);
    return {
      outcome: worst(inactive.map(grade)),
      summary: (inactive.length === 0 ? `${slots.length} slots, all in use` : `${inactive.length} inactive slots retaining ${String(bytes(inactive.reduce((n, s) => n + (s.retainedBytes ?? 0), 0)))} of WAL`) + (env.caps.inRecovery ? STANDBY_SLOTS : ''),
      evidence: { columns: ['slot', 'type', 'active', 'retained WAL', 'wal status', 'xmin age'], rows: slots.map((s) => [s.name, s.type ?? '', s.active ? 'yes' : 'no', String(bytes(s.retainedBytes)), s.walStatus ?? '', s.xminAge === null ? '' : String(s.xminAge)]) },
      findings: inactive.filter((s) => grade(s) !== 'pass').map((s) => `inactive_slot:${s.name}`),
    };
  },
});
