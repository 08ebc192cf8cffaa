/**
 * Replication pane logic, pure: the role of the server, the senders and slots in display order,
 * and the alarm with the thresholds in force.
 */
import type { Snapshot } from '../../data/collector';
import { dataOf } from '../../data/collector';
import {
  recoveryCollector,
  replicationCollector,
  senderName,
  slotsCollector,
  type RecoveryStatus,
  type Slot,
  type WalSender,
} from '../../data/collectors/replication';
import { senderLagSeconds } from '../../data/replicationLag';
import type { TableState } from '../../state/ui';
import { sortRows, textFilter, type SortValue, type SubTable } from '../tables';
import { replicationAlarm, thresholdsFor, type LagThresholds, type ReplicationAlarm } from './alarm';

export const SENDERS_TABLE: SubTable = {
  id: 'replication.senders',
  initial: { sortColumn: 'name', desc: false, filter: '', selected: null },
  sortColumns: ['name', 'state', 'lag', 'replayLag', 'since'],
};

export const SLOTS_TABLE: SubTable = {
  id: 'replication.slots',
  initial: { sortColumn: 'retained', desc: true, filter: '', selected: null },
  sortColumns: ['name', 'retained', 'xminAge', 'catalogXminAge'],
};

export interface ReplicationView {
  /** From the recovery collector when it ran, else from the connection's probe. */
  role: 'primary' | 'standby';
  senders: WalSender[];
  slots: Slot[];
  recovery: RecoveryStatus | null;
  alarm: ReplicationAlarm;
  thresholds: LagThresholds;
}

function senderSort(s: WalSender, column: string, nowS: number): SortValue {
  switch (column) {
    case 'name': return senderName(s);
    case 'state': return s.state;
    case 'lag': return s.replayLagBytes;
    case 'replayLag': return senderLagSeconds(s);
    case 'since': return s.backendStart == null ? null : nowS - s.backendStart;
    default: return null;
  }
}

function slotSort(s: Slot, column: string): SortValue {
  switch (column) {
    case 'name': return s.name;
    case 'retained': return s.retainedBytes;
    case 'xminAge': return s.xminAge;
    case 'catalogXminAge': return s.catalogXminAge;
    default: return null;
  }
}

/** The replication pane's rows and alarm for one snapshot. */
export function replicationView(
  snap: Snapshot | undefined,
  opts: { strict: boolean; inRecoveryAtConnect: boolean; senders: TableState; slots: TableState; nowMs: number },
): ReplicationView {
  const allSenders = dataOf(snap, replicationCollector) ?? [];
  const allSlots = dataOf(snap, slotsCollector) ?? [];
  const recovery = dataOf(snap, recoveryCollector) ?? null;
  const thresholds = thresholdsFor(opts.strict);
  const nowS = opts.nowMs / 1000;
  const sf = textFilter(opts.senders.filter);
  const senders = sortRows(
    allSenders.filter((s) => sf([s.application, s.clientAddr, s.clientHostname, s.state, s.syncState, String(s.pid)])),
    (s) => senderSort(s, opts.senders.sortColumn, nowS),
    opts.senders.desc,
  );
  const lf = textFilter(opts.slots.filter);
  const slots = sortRows(
    allSlots.filter((s) => lf([s.name, s.type, s.plugin, s.database, s.walStatus])),
    (s) => slotSort(s, opts.slots.sortColumn),
    opts.slots.desc,
  );
  return {
    role: (recovery?.inRecovery ?? opts.inRecoveryAtConnect) ? 'standby' : 'primary',
    senders,
    slots,
    recovery,
    // The alarm looks at everything, filtered out or not.
    alarm: replicationAlarm({ senders: allSenders, recovery, slots: allSlots }, thresholds),
    thresholds,
  };
}

export const senderKey = (s: WalSender): string => s.key;
export const slotKey = (s: Slot): string => s.name;
