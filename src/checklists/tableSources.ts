/**
 * The checklists' own reads of table and index statistics (no pane shows these figures), and
 * pg_stat_statements as a figure a check can do without.
 */
import { statementsCollector, type Statement } from '../data/collectors/statements';
import { num } from '../data/values';
import indexIoSql from './sql/index_io.sql';
import tableScansSql from './sql/table_scans.sql';
import { fromCollector, type Source } from './sources';

export interface TableScans {
  schema: string;
  name: string;
  seqScan: number;
  seqTupRead: number;
  idxScan: number;
  idxTupFetch: number;
  /** Rows inserted, updated and deleted. */
  writes: number;
  liveTuples: number;
  indexes: number;
}

/** Tables kept by rows read in sequential scans: the ones a missing index would matter on. */
export const TABLE_LIMIT = 500;
/** Tables with more indexes than this are read whatever their scans (see too_many_indexes). */
export const MANY_INDEXES_FLOOR = 4;

const n = (v: unknown): number => num(v) ?? 0;

export const tableScansSource: Source<TableScans[]> = {
  id: 'checklist_table_scans',
  sql: () => tableScansSql,
  params: () => [TABLE_LIMIT, MANY_INDEXES_FLOOR],
  parse: (rows) =>
    rows.map((r) => ({
      schema: String(r.schema ?? ''),
      name: String(r.name ?? ''),
      seqScan: n(r.seq_scan),
      seqTupRead: n(r.seq_tup_read),
      idxScan: n(r.idx_scan),
      idxTupFetch: n(r.idx_tup_fetch),
      writes: n(r.writes),
      liveTuples: n(r.live_tuples),
      indexes: n(r.indexes),
    })),
};

export interface IndexIo {
  totalHit: number;
  totalRead: number;
  /** The indexes with the most blocks read from outside shared buffers. */
  indexes: { schema: string; table: string; name: string; hit: number; read: number }[];
}

export const INDEX_IO_LIMIT = 20;

export const indexIoSource: Source<IndexIo> = {
  id: 'checklist_index_io',
  sql: () => indexIoSql,
  params: () => [INDEX_IO_LIMIT],
  parse: (rows) => ({
    totalHit: n(rows[0]?.total_hit),
    totalRead: n(rows[0]?.total_read),
    indexes: rows.map((r) => ({ schema: String(r.schema ?? ''), table: String(r.table_name ?? ''), name: String(r.name ?? ''), hit: n(r.hit), read: n(r.read) })),
  }),
};

/** pg_stat_statements, or why it cannot be read: for checks that judge something else and only add statements to their evidence. */
export type MaybeStatements = Statement[] | { unavailable: string };

/** Same id as the statements check's source: one read serves both. */
export const optionalStatementsSource: Source<MaybeStatements> = {
  ...fromCollector(statementsCollector),
  fallback: (reason) => ({ unavailable: reason }),
};
