/**
 * A standby's own view of its replication, for the replication-lag runbook run on the standby:
 * its WAL receiver (pg_stat_wal_receiver) and how far its flushed WAL is behind the end of WAL its
 * primary last announced. The walsender puts its flushed end of WAL in every WAL message (and, in
 * a keepalive, what it has sent so far), which the receiver keeps as latest_end_lsn: the
 * difference is what a failover to this standby would lose as of latest_end_time, at least (the
 * primary's own pg_stat_replication gives the exact figure).
 */
import type { RecoveryStatus } from '../../data/collectors/replication';
import { duration } from '../../format';

/** Bytes from `from` to `to` (pg_lsn text `16/B374D848`), null when either is missing or malformed. */
export function lsnDiff(to: string | null | undefined, from: string | null | undefined): number | null {
  const n = (s: string | null | undefined): bigint | null => {
    const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(s ?? '');
    return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
  };
  const a = n(to);
  const b = n(from);
  return a === null || b === null ? null : Number(a - b);
}

/** The receiver, in words: streaming from where, last heard from when. */
export function receiverLine(r: RecoveryStatus): string {
  const w = r.receiver;
  if (!w) return 'no WAL receiver: this standby is not streaming (only restore_command, if set, brings it WAL)';
  // Without pg_read_all_stats every column past the pid reads NULL.
  if (w.status === null) return `a WAL receiver (pid ${w.pid}) whose state this role cannot see`;
  const upstream = w.senderHost ? ` from ${w.senderHost}${w.senderPort ? `:${w.senderPort}` : ''}` : '';
  const heard = w.lastMsgReceiptTime === null ? '' : `, last message ${String(duration(Math.max(0, r.now - w.lastMsgReceiptTime)))} ago`;
  return `WAL receiver ${w.status}${upstream}${w.slot ? ` (slot ${w.slot})` : ''}${heard}`;
}

/** Whether the receiver is streaming; null when our role cannot see its state. */
export function streaming(r: RecoveryStatus): boolean | null {
  if (!r.receiver) return false;
  if (r.receiver.status === null) return null;
  return r.receiver.status === 'streaming';
}

/** What this standby has not flushed of the WAL its primary last announced, and how old that news is. */
export function notFlushed(r: RecoveryStatus): { bytes: number; asOfS: number | null } | null {
  const w = r.receiver;
  if (!w) return null;
  const bytes = lsnDiff(w.latestEndLsn, w.flushedLsn);
  return bytes === null ? null : { bytes: Math.max(0, bytes), asOfS: w.latestEndTime === null ? null : Math.max(0, r.now - w.latestEndTime) };
}
