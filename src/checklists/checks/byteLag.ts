/**
 * What a failover would lose now: the WAL each standby has not yet flushed, in bytes (the guides:
 * more than 1 MB behind means data lost on failover). The time lags of replication_lag say how
 * stale reads are; this says how much is not safe yet.
 */
import { recoveryCollector, replicationCollector, senderName, type RecoveryStatus } from '../../data/collectors/replication';
import { bytes, duration } from '../../format';
import { fromCollector } from '../sources';
import type { Unseen } from '../types';
import { counted, grantStats, withUnseen } from './coverage';
import { defineCheck, gradeAbove, worst } from './define';
import { notFlushed, receiverLine, streaming } from './receiver';
import type { CheckResult, Thresholds } from '../types';

const MB = 1024 ** 2;

export const standbyByteLag = defineCheck({
  id: 'standby_byte_lag',
  title: 'WAL a failover would lose',
  thresholdsDoc: 'warn/fail: bytes of WAL a standby has not flushed yet (the guides: more than 1 MB behind means data loss on failover)',
  defaults: { warn: MB, fail: 16 * MB },
  sources: [fromCollector(replicationCollector), fromCollector(recoveryCollector)],
  evaluate([all, recovery], th, env) {
    // On a standby pg_stat_replication lists only its cascading standbys: its own loss is read
    // from its receiver.
    if (recovery.inRecovery) return onStandby(recovery, th);
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

/**
 * Run on the standby: what it has not flushed of the WAL its primary last announced. A standby
 * that does not stream loses, on failover, everything written since it stopped: it fails.
 */
function onStandby(r: RecoveryStatus, th: Thresholds): CheckResult {
  const live = streaming(r);
  const gap = notFlushed(r);
  const evidence = {
    columns: ['server', 'receiver', 'flushed', "primary's end of WAL", 'not flushed', 'as of'],
    rows: [['this standby', r.receiver?.status ?? 'none', r.receiver?.flushedLsn ?? '', r.receiver?.latestEndLsn ?? '', gap ? String(bytes(gap.bytes)) : '', gap?.asOfS == null ? '' : `${String(duration(gap.asOfS))} ago`]],
  };
  const line = receiverLine(r);
  if (live === false) return { outcome: 'fail', summary: `${line}: a failover to it loses everything the primary wrote since it stopped streaming (the primary's pg_stat_replication tells how much)`, evidence, findings: ['standby_byte_lag:this standby'] };
  if (live === null || gap === null) return { outcome: 'unknown', summary: `${line}; how much it has not flushed is measured on the primary (pg_stat_replication): run this step there`, evidence, findings: [] };
  const outcome = gradeAbove(gap.bytes, th);
  return {
    outcome,
    summary: `this standby has ${String(bytes(gap.bytes))} of WAL not flushed, of the end of WAL its primary announced ${gap.asOfS === null ? '' : `${String(duration(gap.asOfS))} ago `}(warn above ${String(bytes(th.warn ?? MB))}); ${line}`,
    evidence,
    findings: outcome === 'pass' ? [] : ['standby_byte_lag:this standby'],
  };
}
