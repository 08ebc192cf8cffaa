/**
 * Indexes judged from how tables are read: tables read by large sequential scans (a missing
 * index), indexes read from disk rather than shared buffers, and write-heavy tables carrying
 * many indexes. Thresholds from the operations guides (see README, "Weekly maintenance").
 */
import { count } from '../../format';
import { lastReading, since, toMetrics, type Basis, type Counters } from '../reading';
import { indexIoSource, optionalStatementsSource, tableScansSource, type MaybeStatements, type TableScans } from '../tableSources';
import { defineCheck, gradeHigh, gradeLow, pct, qname } from './define';

/** The guides: a table scanned sequentially more than 100 times … */
export const SEQ_SCANS = 100;
/** … reading more than 10,000 rows in those scans, and more often than through an index. */
const SEQ_ROWS = 10_000;
const SCAN_COUNTERS = ['seqScan', 'seqTupRead', 'idxScan'] as const;

const BASIS: Record<Basis, string> = { week: 'last session', reset: 'stats reset', new: 'stats reset' };

/** The statements whose normalized text names the table: the ones that read it, most blocks first. */
export function statementsNaming(stmts: MaybeStatements, schema: string, name: string, max = 3): string {
  if (!Array.isArray(stmts)) return '';
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A name as a whole word, bare (found through search_path) or schema-qualified, quoted or not.
  const word = `"?${esc(name)}"?`;
  const re = new RegExp(`(^|[^a-z0-9_$])(("?${esc(schema)}"?\\.)?${word})($|[^a-z0-9_$])`, 'i');
  return stmts
    .filter((s) => s.queryId !== null && s.query !== null && re.test(s.query))
    .sort((a, b) => b.sharedHit + b.sharedRead - (a.sharedHit + a.sharedRead))
    .slice(0, max)
    .map((s) => s.queryId!)
    .join(', ');
}

interface Scanned {
  t: TableScans;
  d: Counters;
  basis: Basis;
}

export const missingIndexes = defineCheck({
  id: 'missing_indexes',
  title: 'Tables read by large sequential scans',
  thresholdsDoc: `warn/fail: number of tables scanned sequentially more than ${SEQ_SCANS} times and more often than through an index, since the last session; min: rows those scans read (the guides: 10,000)`,
  defaults: { warn: 1, min: SEQ_ROWS },
  sources: [tableScansSource, optionalStatementsSource],
  evaluate([tables, stmts], th, env) {
    const key = (t: TableScans): string => `${t.schema}.${t.name}`;
    const before = lastReading(env.history, SCAN_COUNTERS, env.nowS);
    const now = new Map(tables.map((t) => [key(t), { seqScan: t.seqScan, seqTupRead: t.seqTupRead, idxScan: t.idxScan }]));
    const all: Scanned[] = tables.map((t) => {
      const { delta, basis } = since(now.get(key(t))!, before?.objects.get(key(t)), SCAN_COUNTERS);
      return { t, d: delta, basis };
    });
    const min = th.min ?? SEQ_ROWS;
    const hits = all
      .filter(({ d }) => d.seqScan! > SEQ_SCANS && d.seqTupRead! > min && d.seqScan! > d.idxScan!)
      .sort((a, b) => b.d.seqTupRead! - a.d.seqTupRead!);
    const period = before ? `since the last session (${new Date(before.at * 1000).toISOString().slice(0, 10)})` : 'since the statistics reset (first reading: from the next session on, since the last one)';
    const pgss = Array.isArray(stmts) ? '' : `; statements not shown: ${stmts.unavailable}`;
    return {
      outcome: gradeHigh(hits.length, th),
      summary:
        (hits.length === 0
          ? `no table scanned sequentially more than ${SEQ_SCANS} times reading over ${String(count(min))} rows ${period}`
          : `${hits.length} tables scanned sequentially more than ${SEQ_SCANS} times and more often than by index, reading over ${String(count(min))} rows ${period}; most: ${qname(hits[0]!.t.schema, hits[0]!.t.name)}`) + pgss,
      evidence: {
        columns: ['table', 'seq scans', 'rows read', 'rows per scan', 'index scans', 'counted since', 'statements naming it (queryid)'],
        rows: hits.slice(0, 15).map(({ t, d, basis }) => [
          qname(t.schema, t.name),
          String(count(d.seqScan!)),
          String(count(d.seqTupRead!)),
          String(count(Math.round(d.seqTupRead! / d.seqScan!))),
          String(count(d.idxScan!)),
          BASIS[basis],
          statementsNaming(stmts, t.schema, t.name),
        ]),
      },
      findings: hits.map(({ t }) => `missing_index:${key(t)}`),
      metrics: toMetrics(env.nowS, now, SCAN_COUNTERS),
    };
  },
});

/** Below this many index block accesses the ratio says nothing yet. */
const MIN_INDEX_BLOCKS = 10_000;
/** An index is listed on its own from this many block accesses (or the step's min, when lower). */
const MIN_ONE_INDEX = 1_000;

export const indexHitRatio = defineCheck({
  id: 'index_hit_ratio',
  title: 'Index cache hit ratio',
  thresholdsDoc: 'warn/fail: share of index block reads served from shared buffers (0.99 = 99 %, the guides\' floor); below is bad; min: block accesses needed to judge',
  defaults: { warn: 0.99, fail: 0.95, min: MIN_INDEX_BLOCKS },
  sources: [indexIoSource],
  evaluate([io], th) {
    const total = io.totalHit + io.totalRead;
    if (total < (th.min ?? MIN_INDEX_BLOCKS)) return { outcome: 'unknown', summary: `only ${total} index block accesses since the statistics reset: too few to judge`, findings: [] };
    const ratio = io.totalHit / total;
    const outcome = gradeLow(ratio, th);
    const ratioOf = (i: { hit: number; read: number }): number => i.hit / Math.max(1, i.hit + i.read);
    const listed = io.indexes.filter((i) => i.hit + i.read >= Math.min(MIN_ONE_INDEX, th.min ?? MIN_ONE_INDEX) && i.read > 0);
    const low = listed.filter((i) => gradeLow(ratioOf(i), th) !== 'pass');
    return {
      outcome,
      summary: `${pct(ratio)} of index block accesses hit shared buffers since the statistics reset (warn below ${pct(th.warn ?? 0.99)}, fail below ${pct(th.fail ?? 0.95)})`,
      evidence: { columns: ['index', 'table', 'hit', 'read', 'ratio'], rows: listed.map((i) => [qname(i.schema, i.name), qname(i.schema, i.table), String(count(i.hit)), String(count(i.read)), pct(ratioOf(i))]) },
      findings: outcome === 'pass' ? [] : ['index_hit:low', ...low.map((i) => `index_hit:${i.schema}.${i.name}`)],
    };
  },
});

/** Rows written since the reset below which a table is not called write-heavy. */
const MIN_WRITES = 10_000;

export const tooManyIndexes = defineCheck({
  id: 'too_many_indexes',
  title: 'Write-heavy tables with many indexes',
  thresholdsDoc: 'warn/fail: number of indexes on a write-heavy table at or above which it is listed (9: the guides\' "more than 8"); min: rows written since the statistics reset for a table to count as write-heavy (it must also write at least as many rows as it reads)',
  defaults: { warn: 9, min: MIN_WRITES },
  sources: [tableScansSource],
  evaluate([tables], th) {
    // Write-heavy: more rows inserted, updated and deleted than read by scans of either kind,
    // since the reset (a shape, not a rate: no weekly difference needed). Every index is
    // written on each insert and on each update that cannot be HOT.
    const heavy = tables.filter((t) => t.writes >= (th.min ?? MIN_WRITES) && t.writes >= t.seqTupRead + t.idxTupFetch);
    const graded = heavy.map((t) => ({ t, o: gradeHigh(t.indexes, th) })).filter((x) => x.o !== 'pass');
    return {
      outcome: graded.some((x) => x.o === 'fail') ? 'fail' : graded.length > 0 ? 'warn' : 'pass',
      summary: graded.length === 0 ? `no write-heavy table has ${th.warn ?? 9} indexes or more` : `${graded.length} write-heavy tables with ${th.warn ?? 9} indexes or more`,
      evidence: { columns: ['table', 'indexes', 'rows written', 'rows read'], rows: graded.map(({ t }) => [qname(t.schema, t.name), String(t.indexes), String(count(t.writes)), String(count(t.seqTupRead + t.idxTupFetch))]) },
      findings: graded.map(({ t }) => `many_indexes:${t.schema}.${t.name}`),
    };
  },
});
