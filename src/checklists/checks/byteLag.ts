/**
 * What a failover would lose now: the WAL each standby has not yet flushed, in bytes (the guides:
 * more than 1 MB behind means data lost on failover). The time lags of replication_lag say how
 * stale reads are; this says how much is not safe yet.
 */
import { replicationCollector, senderName } from '../../data/collectors/replication';
import { bytes } from '../../format';
import { fromCollector } from '../sources';
import type { Unseen } from '../types';
import { counted, grantStats, withUnseen } from './coverage';
import { defineCheck, gradeAbove, worst } from './define';

const MB = 1024 ** 2;

export const standbyByteLag = defineCheck({
  id: 'standby_byte_lag',
  title: 'WAL a failover would lose',
  thresholdsDoc: 'warn/fail: bytes of WAL a standby has not flushed yet (the guides: more than 1 MB behind means data loss on failover)',
  defaults: { warn: MB, fail: 16 * MB },
  sources: [fromCollector(replicationCollector)],
  evaluate([all], th, env) {
    const hidden = all.filter((s) => s.state === null);
    const senders = all.filter((s) => s.state !== null);
    // Flushed on the standby is durable there; what is sent but not flushed, or not sent, is not.
    const behind = (s: (typeof senders)[number]): number => s.flushLagBytes ?? s.sentLagBytes ?? 0;
    const grades = senders.map((s) => gradeAbove(behind(s), th));
    const unseen: Unseen[] = hidden.length === 0 ? [] : [{ reason: `${counted(hidden.length, 'standby', 'standbys')} whose position this role cannot see`, grant: grantStats(env.caps), items: hidden.map((s) => `standby_byte_lag:${senderName(s)}`) }];
    const most = senders.reduce((m, s) => Math.max(m, behind(s)), 0);
    return withUnseen(
      {
        outcome: worst(grades),
        summary: senders.length === 0 ? 'no standby is connected to this server' : `${senders.length} standbys; the furthest has ${String(bytes(most))} of WAL not flushed (warn above ${String(bytes(th.warn ?? MB))})`,
        evidence: { columns: ['standby', 'sync', 'not sent', 'not flushed', 'not replayed'], rows: senders.map((s) => [senderName(s), s.syncState ?? '', String(bytes(s.sentLagBytes)), String(bytes(s.flushLagBytes)), String(bytes(s.replayLagBytes))]) },
        findings: senders.filter((_, i) => grades[i] !== 'pass').map((s) => `standby_byte_lag:${senderName(s)}`),
      },
      unseen,
    );
  },
});
