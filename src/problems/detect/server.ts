/** Server-wide problems: connections, cache hit, wraparound, tables behind vacuum, WAL archiving. */
import { dataOf } from '../../data/collector';
import { problemsCollector } from '../../data/collectors/problems';
import { summaryCollector } from '../../data/collectors/summary';
import { count, duration, percent, xidAge } from '../../format';
import { XID_STOP_AGE } from '../../data/collectors/wraparound';
import { safeLine, trusted } from '../../text/sanitize';
import type { Candidate } from '../types';
import { say } from '../text';
import { judge, nowFor, over, worse, type DetectContext } from './context';

/**
 * Block accesses below which an interval's cache hit ratio says nothing. A quiet server still reads
 * a few dozen catalog blocks from the OS cache (pgwarden's own statements, autovacuum): 72 reads in
 * 1,500 accesses is "95 %" and no problem. At 10,000 accesses one point of the ratio is 100 blocks.
 */
export const MIN_BLOCK_ACCESSES = 10_000;

export function serverProblems(ctx: DetectContext): Candidate[] {
  const out: Candidate[] = [];
  const sum = dataOf(ctx.snap, summaryCollector);
  if (sum && ctx.maxConnections) {
    const max = ctx.maxConnections;
    const share = sum.clientTotal / max;
    out.push(
      ...over(ctx, 'connections', 'connections', share, () => ({
        subject: { kind: 'server', value: 'connections' },
        text: say`connections at ${percent(share)} of max_connections (${sum.clientTotal} of ${max}: ${sum.active} active, ${sum.idleInXact} idle in transaction)`,
        pane: { screen: 'activity', key: '1' },
      })),
    );
  }
  const before = dataOf(ctx.prev, summaryCollector);
  if (sum && before && sum.statsReset === before.statsReset) {
    // The interval's ratio, not the cumulative one: a cold start long ago must not colour today.
    const hit = sum.blksHit - before.blksHit;
    const read = sum.blksRead - before.blksRead;
    if (hit >= 0 && read >= 0 && hit + read >= MIN_BLOCK_ACCESSES) {
      const ratio = hit / (hit + read);
      out.push(
        ...over(ctx, 'cache-hit', 'cacheHit', ratio, () => ({
          subject: { kind: 'server', value: 'cache' },
          text: say`cache hit ${percent(ratio)} over the last ${duration(Math.max(0, sum.takenAt - before.takenAt))} (${count(read)} blocks read from disk or the OS cache)`,
          pane: { screen: 'statements', key: '3' },
        })),
      );
    }
  }
  const sus = dataOf(ctx.snap, problemsCollector);
  if (!sus) return out;
  const w = sus.wraparound;
  if (w) {
    out.push(
      ...over(ctx, `wraparound:${w.database}`, 'wraparoundAge', w.xidAge, () => ({
        subject: { kind: 'database', value: w.database },
        text: say`database ${safeLine(w.database)} is ${xidAge(w.xidAge)} transactions old (datfrozenxid): writes stop at ${xidAge(XID_STOP_AGE)} to prevent wraparound`,
        pane: { screen: 'vacuum', key: '5' },
      })),
    );
  }
  for (const t of sus.tables) {
    const ratio = t.deadTuples / Math.max(1, t.deadTuples + t.liveTuples);
    const times = t.trigger > 0 ? t.deadTuples / t.trigger : null;
    const past = times === null ? trusted('past its autovacuum trigger') : say`${trusted(times.toFixed(1))}x past its autovacuum trigger`;
    const off = t.autovacuumOff ? trusted(', autovacuum off for it') : trusted('');
    out.push(
      ...over(ctx, `dead-tuples:${t.relid}`, 'deadTupleRatio', ratio, () => ({
        subject: { kind: 'table', value: t.name },
        text: say`table ${safeLine(t.name)} is ${past} (${count(t.deadTuples)} dead, ${percent(ratio)}${off})`,
        pane: { screen: 'vacuum', key: '5', row: String(t.relid) },
      })),
    );
  }
  const a = sus.archiver;
  if (a && a.failedCount > 0 && a.lastFailedTime !== null && (a.lastArchivedTime === null || a.lastFailedTime > a.lastArchivedTime)) {
    const id = 'archiving';
    // Failing since the last success. With no success recorded (since the statistics were reset)
    // how long it has failed is unknown: a warning, not more.
    const now = nowFor(ctx, sus.now);
    const failingFor = a.lastArchivedTime === null ? null : Math.max(1, now - a.lastArchivedTime);
    const severity = worse(judge(ctx, id, 'archiveFailingSeconds', failingFor), 'warning');
    const last = a.lastArchivedTime === null ? trusted('no segment archived yet') : say`last success ${duration(now - a.lastArchivedTime)} ago`;
    out.push({
      id,
      severity: severity ?? 'warning',
      subject: { kind: 'server', value: 'archiver' },
      text: say`WAL archiving is failing (${count(a.failedCount)} failures, last on ${safeLine(a.lastFailedWal ?? '?')}, ${last}): pg_wal keeps growing`,
      pane: { screen: 'checklist', key: '6' },
    });
  }
  return out;
}
