/** Server-wide figures: cache hit ratio, sizes, WAL archiving, wraparound, sequences. */
import { dbSizeCollector, summaryCollector } from '../../data/collectors/summary';
import { wraparoundCollector, XID_STOP_AGE } from '../../data/collectors/wraparound';
import { bytes, count, duration, xidAge } from '../../format';
import { archiverSource, databasesSource, fromCollector, hiddenDatabasesSource, sequencesSource } from '../sources';
import type { Unseen } from '../types';
import { counted, grantRead, some, withUnseen } from './coverage';
import { defineCheck, gradeHigh, gradeLow, pct, qname, worst } from './define';

/** Below this many block accesses since the reset the ratio says nothing yet. */
const MIN_BLOCKS = 10_000;

export const cacheHit = defineCheck({
  id: 'cache_hit',
  title: 'Cache hit ratio',
  thresholdsDoc: 'warn/fail: share of block reads served from shared buffers (0.99 = 99 %); below warn/fail is bad; min: block accesses needed to judge',
  defaults: { warn: 0.99, fail: 0.95, min: MIN_BLOCKS },
  sources: [fromCollector(summaryCollector)],
  evaluate([s], th) {
    const total = s.blksHit + s.blksRead;
    if (total < (th.min ?? MIN_BLOCKS)) return { outcome: 'unknown', summary: `only ${total} block accesses since the statistics reset: too few to judge`, findings: [] };
    const ratio = s.blksHit / total;
    const outcome = gradeLow(ratio, th);
    return {
      outcome,
      summary: `${pct(ratio)} of block accesses hit shared buffers (warn below ${pct(th.warn ?? 0.99)}, fail below ${pct(th.fail ?? 0.95)})`,
      evidence: { columns: ['hit', 'read', 'ratio'], rows: [[String(count(s.blksHit)), String(count(s.blksRead)), pct(ratio)]] },
      findings: outcome === 'pass' ? [] : ['cache_hit:low'],
    };
  },
});

export const databaseSize = defineCheck({
  id: 'database_size',
  title: 'Database size',
  thresholdsDoc: 'warn/fail: size of the connected database in bytes (none by default; growth week over week is the disk_growth check)',
  defaults: {},
  sources: [fromCollector(dbSizeCollector), databasesSource, hiddenDatabasesSource],
  evaluate([own, all, hiddenDbs], th) {
    const hidden = hiddenDbs ?? [];
    // Graded on the connected database alone; the total leaves out what our role may not read.
    const outcome = gradeHigh(own.bytes, th);
    const left = hidden.length > 0 ? ` (without ${counted(hidden.length, 'database')} this role may not read: ${some(hidden)})` : '';
    return {
      outcome,
      summary: `${own.database}: ${String(bytes(own.bytes))}; all databases ${String(bytes(all.reduce((s, d) => s + d.bytes, 0)))}${left}`,
      evidence: { columns: ['database', 'size', 'temp files', 'temp bytes'], rows: all.map((d) => [d.database, String(bytes(d.bytes)), String(count(d.tempFiles)), String(bytes(d.tempBytes))]) },
      findings: outcome === 'pass' ? [] : [`database_size:${own.database}`],
    };
  },
});

export const archiving = defineCheck({
  id: 'archiving',
  title: 'WAL archiving',
  thresholdsDoc: 'warn: seconds since the last successful archive while archiving is on, or archiving off altogether; fail: archiving is failing now (last failure after last success)',
  defaults: { warn: 3600 },
  sources: [archiverSource],
  evaluate([a], th, env) {
    const rows = [[a.archiveMode, String(a.archivedCount), a.lastArchivedWal ?? '', a.lastArchivedTime === null ? 'never' : String(duration(env.nowS - a.lastArchivedTime)) + ' ago', String(a.failedCount), a.lastFailedWal ?? '', a.lastFailedTime === null ? 'never' : String(duration(env.nowS - a.lastFailedTime)) + ' ago']];
    const evidence = { columns: ['archive_mode', 'archived', 'last archived', 'when', 'failed', 'last failed', 'when'], rows };
    // No archive means no point-in-time recovery, unless WAL is streamed elsewhere (pg_receivewal,
    // a backup tool's streaming mode), which the server cannot tell from a standby: a warning to check.
    if (a.archiveMode === 'off')
      return { outcome: 'warn', summary: 'archive_mode is off: no WAL archive, so no point-in-time recovery unless WAL is streamed elsewhere (pg_receivewal)', evidence, findings: ['archiving:off'] };
    // The archiver retries a failing segment forever and WAL piles up in pg_wal meanwhile.
    const failingNow = a.lastFailedTime !== null && (a.lastArchivedTime === null || a.lastFailedTime > a.lastArchivedTime);
    if (failingNow) return { outcome: 'fail', summary: `archiving is failing: ${a.failedCount} failures, last on ${a.lastFailedWal ?? '?'}`, evidence, findings: ['archiving:failing'] };
    const since = a.lastArchivedTime === null ? null : env.nowS - a.lastArchivedTime;
    const stale = since !== null && th.warn !== undefined && since >= th.warn;
    return {
      outcome: stale || a.failedCount > 0 ? 'warn' : 'pass',
      summary: since === null ? 'nothing archived yet since the statistics reset' : `last segment archived ${String(duration(since))} ago, ${a.failedCount} failures since the reset`,
      evidence,
      findings: stale ? ['archiving:stale'] : [],
    };
  },
});

export const wraparound = defineCheck({
  id: 'wraparound',
  title: 'Transaction ID wraparound margin',
  thresholdsDoc: 'warn/fail: share of the ~2.1 billion XID limit used by the oldest database (0.5 = 50 %)',
  defaults: { warn: 0.5, fail: 0.75 },
  sources: [fromCollector(wraparoundCollector)],
  evaluate([dbs], th) {
    const share = (age: number): number => age / XID_STOP_AGE;
    const sorted = [...dbs].sort((a, b) => Math.max(b.xidAge, b.mxidAge) - Math.max(a.xidAge, a.mxidAge));
    const grades = sorted.map((d) => gradeHigh(share(Math.max(d.xidAge, d.mxidAge)), th));
    const top = sorted[0];
    return {
      outcome: worst(grades),
      summary: top ? `oldest: ${top.database}, XID age ${String(xidAge(top.xidAge))} (${pct(share(top.xidAge))} of the limit), multixact age ${String(xidAge(top.mxidAge))}` : 'no database visible',
      evidence: { columns: ['database', 'xid age', 'share of limit', 'mxid age', 'freeze max age'], rows: sorted.map((d) => [d.database, String(xidAge(d.xidAge)), pct(share(d.xidAge)), String(xidAge(d.mxidAge)), String(xidAge(d.freezeMaxAge))]) },
      findings: sorted.filter((_, i) => grades[i] !== 'pass').map((d) => `wraparound:${d.database}`),
    };
  },
});

export const sequences = defineCheck({
  id: 'sequences',
  title: 'Sequences near their maximum',
  thresholdsDoc: 'warn/fail: share of the range used, narrowed to the type of the column the sequence feeds (0.75 = 75 %)',
  defaults: { warn: 0.75, fail: 0.9 },
  sources: [sequencesSource],
  evaluate([seqs], th, env) {
    // A cycling sequence wraps around by design; it is listed but never graded.
    const judged = seqs.rows.filter((s) => s.usedShare !== null);
    const bad = judged.filter((s) => !s.cycle && gradeHigh(s.usedShare!, th) !== 'pass');
    // pg_sequences hides last_value from a role without SELECT or USAGE on the sequence: those
    // are not "never used", they are not seen.
    const hidden = seqs.rows.filter((s) => !s.readable);
    const unseen: Unseen[] =
      seqs.unreadable === 0
        ? []
        : [
            {
              reason: `${counted(seqs.unreadable, 'sequence')} this role cannot read, in schemas ${some(seqs.unreadableSchemas)}`,
              grant: grantRead('SEQUENCES', seqs.unreadableSchemas, env.caps),
              // Every hidden one is named only when all of them came back within the limit.
              ...(hidden.length === seqs.unreadable ? { items: hidden.map((s) => `sequence:${s.schema}.${s.name}`) } : {}),
            },
          ];
    return withUnseen(
      {
        outcome: worst(bad.map((s) => gradeHigh(s.usedShare!, th))),
        summary: bad.length === 0 ? `no sequence has used ${pct(th.warn ?? 0.75)} of its range` : `${bad.length} sequences past ${pct(th.warn ?? 0.75)} of their range`,
        evidence: { columns: ['sequence', 'type', 'column type', 'last value', 'max', 'used'], rows: judged.slice(0, 10).map((s) => [qname(s.schema, s.name), s.dataType, s.columnType ?? '', s.lastValue ?? '', s.maxValue, pct(s.usedShare!)]) },
        findings: bad.map((s) => `sequence:${s.schema}.${s.name}`),
      },
      unseen,
    );
  },
});
