/**
 * `snapshot --json` sections of the replication pane: raw values (bytes, seconds, ISO times).
 * Section objects match cli/snapshot.ts's SnapshotSection; they are listed there.
 */
import type { Snapshot } from '../../data/collector';
import { dataOf } from '../../data/collector';
import { recoveryCollector, replicationCollector, slotsCollector, type Slot, type WalSender } from '../../data/collectors/replication';
import { standbyDelaySeconds } from '../../data/replicationLag';
import { failureJson, iso, type JsonSection } from '../json';
import { NORMAL_THRESHOLDS, replicationAlarm } from './alarm';

const senderJson = (s: WalSender) => ({
  pid: s.pid,
  application_name: s.application,
  user: s.user,
  client_addr: s.clientAddr,
  client_hostname: s.clientHostname,
  client_port: s.clientPort,
  backend_start: iso(s.backendStart),
  state: s.state,
  sync_state: s.syncState,
  sync_priority: s.syncPriority,
  backend_xmin: s.backendXmin,
  backend_xmin_age: s.backendXminAge,
  current_lsn: s.currentLsn,
  sent_lsn: s.sentLsn,
  write_lsn: s.writeLsn,
  flush_lsn: s.flushLsn,
  replay_lsn: s.replayLsn,
  sent_lag_bytes: s.sentLagBytes,
  write_lag_bytes: s.writeLagBytes,
  flush_lag_bytes: s.flushLagBytes,
  replay_lag_bytes: s.replayLagBytes,
  write_lag_seconds: s.writeLagS,
  flush_lag_seconds: s.flushLagS,
  replay_lag_seconds: s.replayLagS,
  reply_time: iso(s.replyTime),
});

const slotJson = (s: Slot) => ({
  slot_name: s.name,
  slot_type: s.type,
  plugin: s.plugin,
  database: s.database,
  temporary: s.temporary,
  active: s.active,
  active_pid: s.activePid,
  xmin: s.xmin,
  xmin_age: s.xminAge,
  catalog_xmin: s.catalogXmin,
  catalog_xmin_age: s.catalogXminAge,
  restart_lsn: s.restartLsn,
  confirmed_flush_lsn: s.confirmedFlushLsn,
  retained_wal_bytes: s.retainedBytes,
  wal_status: s.walStatus,
  safe_wal_size: s.safeWalSize,
  inactive_since: iso(s.inactiveSince),
  invalidation_reason: s.invalidationReason,
});

export const REPLICATION_SECTIONS: JsonSection[] = [
  {
    name: 'replication',
    collectors: [replicationCollector, recoveryCollector],
    toJson(snap) {
      const fail = failureJson(snap, replicationCollector) ?? failureJson(snap, recoveryCollector);
      if (fail) return fail;
      const senders = dataOf(snap, replicationCollector) ?? [];
      const r = dataOf(snap, recoveryCollector) ?? null;
      const alarm = replicationAlarm({ senders, recovery: r, slots: [] }, NORMAL_THRESHOLDS);
      return {
        role: r?.inRecovery ? 'standby' : 'primary',
        senders: senders.map(senderJson),
        standby: r?.inRecovery
          ? {
              receive_lsn: r.receiveLsn,
              replay_lsn: r.replayLsn,
              replay_lag_bytes: r.replayLagBytes,
              replay_delay_seconds: standbyDelaySeconds(r),
              last_replayed_commit: iso(r.lastReplayTime),
              replay_pause_state: r.pauseState,
              wal_receiver: r.receiver
                ? {
                    pid: r.receiver.pid,
                    status: r.receiver.status,
                    sender_host: r.receiver.senderHost,
                    sender_port: r.receiver.senderPort,
                    slot_name: r.receiver.slot,
                    conninfo: r.receiver.conninfo,
                    written_lsn: r.receiver.writtenLsn,
                    flushed_lsn: r.receiver.flushedLsn,
                    latest_end_lsn: r.receiver.latestEndLsn,
                    latest_end_time: iso(r.receiver.latestEndTime),
                    last_msg_receipt_time: iso(r.receiver.lastMsgReceiptTime),
                  }
                : null,
            }
          : null,
        alarm: { level: alarm.level, reasons: alarm.reasons, warn_seconds: NORMAL_THRESHOLDS.warn, critical_seconds: NORMAL_THRESHOLDS.crit },
      };
    },
  },
  {
    name: 'slots',
    collectors: [slotsCollector],
    toJson(snap) {
      return failureJson(snap, slotsCollector) ?? (dataOf(snap, slotsCollector) ?? []).map(slotJson);
    },
  },
];
