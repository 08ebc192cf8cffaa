/**
 * Bloat collectors: table sizes and estimates, index health, foreign keys without an index — all
 * on a slow schedule, since they call size functions and read pg_stats — and the exact figure of one
 * table from pgstattuple, run on request only (it reads the whole table).
 * Names and definitions are untrusted server text: sanitize before display.
 */
import type { Collector } from '../collector';
import type { Row } from '../db';
import type { Failure } from '../errors';
import { displayIdent, quoteIdent } from '../sql/ident';
import { sqlFor } from '../sql/registry';
import { str, num } from '../values';


/** How many of the largest tables / B-tree indexes get a bloat estimate each round. */
export const BLOAT_LIMIT = 200;
/** Slow schedule of the bloat collectors. */
export const BLOAT_EVERY_MS = 60_000;

/** Sizes and the statistics-based bloat estimate of one table. */
export interface TableBloat {
  relid: number;
  schema: string;
  name: string;
  /** An ACCESS EXCLUSIVE lock was held or requested: no sizes this round. */
  locked: boolean;
  /** A backend holding (lockGranted) or else waiting for that lock; null for a prepared transaction. */
  lockPid: number | null;
  lockGranted: boolean;
  /** Some column's statistics are hidden from our role (no SELECT on it, or row security): no estimate. */
  statsHidden: boolean;
  fillfactor: number;
  reltuples: number;
  relpages: number;
  estRowBytes: number | null;
  tableBytes: number | null;
  indexBytes: number | null;
  toastBytes: number | null;
  totalBytes: number | null;
  /** Share of the main fork a rewrite at the table's fillfactor would give back (estimate). */
  bloatShare: number | null;
  bloatBytes: number | null;
  /** False when the estimate is impossible: never analyzed, or statistics not visible to us. */
  estimated: boolean;
}

function toTableBloat(r: Row): TableBloat {
  return {
    relid: Number(r.relid),
    schema: String(r.schema ?? ''),
    name: String(r.name ?? ''),
    locked: r.locked === true,
    lockPid: num(r.lock_pid),
    lockGranted: r.lock_granted === true,
    statsHidden: r.stats_hidden === true,
    fillfactor: Number(r.fillfactor ?? 100),
    reltuples: Number(r.reltuples ?? -1),
    relpages: Number(r.relpages ?? 0),
    estRowBytes: num(r.est_row_bytes),
    tableBytes: num(r.table_bytes),
    indexBytes: num(r.index_bytes),
    toastBytes: num(r.toast_bytes),
    totalBytes: num(r.total_bytes),
    bloatShare: num(r.bloat_share),
    bloatBytes: num(r.bloat_bytes),
    estimated: r.estimated === true,
  };
}

export const tableBloatCollector: Collector<TableBloat[]> = {
  id: 'tablebloat',
  query: 'tablebloat',
  everyMs: BLOAT_EVERY_MS,
  params: () => [BLOAT_LIMIT],
  parse: (rows) => rows.map(toTableBloat),
};

/** One index: size, use, estimated bloat (B-tree), and what makes it suspicious. */
export interface IndexHealth {
  indexRelid: number;
  relid: number;
  schema: string;
  table: string;
  name: string;
  accessMethod: string;
  unique: boolean;
  primary: boolean;
  valid: boolean;
  ready: boolean;
  /** p, u or x when the index backs a primary key, unique or exclusion constraint. */
  constraintType: string | null;
  locked: boolean;
  scans: number | null;
  tupRead: number | null;
  tupFetch: number | null;
  relpages: number;
  reltuples: number;
  bytes: number | null;
  definition: string | null;
  /** Other indexes on the same table with the same definition. */
  duplicates: string[];
  bloatShare: number | null;
  bloatBytes: number | null;
}

function toIndex(r: Row): IndexHealth {
  return {
    indexRelid: Number(r.indexrelid),
    relid: Number(r.relid),
    schema: String(r.schema ?? ''),
    table: String(r.table_name ?? ''),
    name: String(r.index_name ?? ''),
    accessMethod: String(r.access_method ?? ''),
    unique: r.is_unique === true,
    primary: r.is_primary === true,
    valid: r.is_valid !== false,
    ready: r.is_ready !== false,
    constraintType: str(r.constraint_type),
    locked: r.locked === true,
    scans: num(r.idx_scan),
    tupRead: num(r.idx_tup_read),
    tupFetch: num(r.idx_tup_fetch),
    relpages: Number(r.relpages ?? 0),
    reltuples: Number(r.reltuples ?? -1),
    bytes: num(r.index_bytes),
    definition: str(r.definition),
    duplicates: Array.isArray(r.duplicates) ? (r.duplicates as unknown[]).map(String) : [],
    bloatShare: num(r.bloat_share),
    bloatBytes: num(r.bloat_bytes),
  };
}

/** Never scanned and not needed for correctness (no constraint, not unique). */
export const isUnusedIndex = (i: IndexHealth): boolean => i.scans === 0 && !i.unique && !i.primary && i.constraintType === null && i.valid;

export const indexesCollector: Collector<IndexHealth[]> = {
  id: 'indexes',
  query: 'indexes',
  everyMs: BLOAT_EVERY_MS,
  params: () => [BLOAT_LIMIT],
  parse: (rows) => rows.map(toIndex),
};

/** A foreign key whose referencing columns lead no valid, non-partial index. */
export interface FkWithoutIndex {
  constraintOid: number;
  schema: string;
  table: string;
  constraint: string;
  columns: string;
  referencedTable: string;
  tableBytes: number;
  reltuples: number;
}

export const fkIndexCollector: Collector<FkWithoutIndex[]> = {
  id: 'fkindex',
  query: 'fkindex',
  everyMs: BLOAT_EVERY_MS,
  parse: (rows) =>
    rows.map((r) => ({
      constraintOid: Number(r.constraint_oid),
      schema: String(r.schema ?? ''),
      table: String(r.table_name ?? ''),
      constraint: String(r.constraint_name ?? ''),
      columns: String(r.columns ?? ''),
      referencedTable: String(r.referenced_table ?? ''),
      tableBytes: Number(r.table_bytes ?? 0),
      reltuples: Number(r.reltuples ?? -1),
    })),
};

/** pgstattuple's exact accounting of one table, and the bloat it implies. */
export interface ExactBloat {
  relid: number;
  tableLen: number;
  tupleCount: number;
  tupleLen: number;
  deadTupleCount: number;
  deadTupleLen: number;
  freeSpace: number;
  fillfactor: number;
  blockSize: number;
  /** What a rewrite at the fillfactor would give back, from the exact live tuple count and size. */
  bloatBytes: number;
  bloatShare: number;
}

/** Anything that runs one statement: the action session, or a test's own session. */
export type RunQuery = (text: string, params: unknown[]) => Promise<{ rows: Row[] }>;

const PGSTATTUPLE_SCHEMA_PLACEHOLDER = '/*@pgstattuple_schema*/';

/**
 * The pages live rows would need when packed at `fillfactor`, as the estimate counts them:
 * MAXALIGN'd tuples plus 4-byte line pointers on pages of block_size - 24, at most
 * MaxHeapTuplesPerPage per page.
 */
export function packedPages(rows: number, rowBytes: number, fillfactor: number, blockSize: number): number {
  if (rows <= 0) return 0;
  const aligned = Math.ceil(rowBytes / 8) * 8;
  const usable = blockSize - 24 - (blockSize * (100 - fillfactor)) / 100;
  const maxPerPage = Math.floor((blockSize - 24) / 28);
  const perPage = Math.max(1, Math.min(maxPerPage, Math.floor(usable / (aligned + 4))));
  return Math.ceil(rows / perPage);
}

/**
 * Runs pgstattuple on one table (reads every page: ask first). `schema` is the extension's schema
 * from the vacuum_settings collector, spliced in through the one quoting helper.
 */
export async function exactBloat(run: RunQuery, relid: number, schema: string, major: number): Promise<ExactBloat> {
  const text = sqlFor('bloat_exact', major).text.split(PGSTATTUPLE_SCHEMA_PLACEHOLDER).join(`${quoteIdent(schema)}.`);
  const res = await run(text, [relid]);
  const r = res.rows[0];
  if (!r) throw new Error(`table ${relid} no longer exists`);
  const tableLen = Number(r.table_len);
  const tupleCount = Number(r.tuple_count);
  const tupleLen = Number(r.tuple_len);
  const fillfactor = Number(r.fillfactor ?? 100);
  const blockSize = Number(r.block_size ?? 8192);
  const need = tupleCount > 0 ? packedPages(tupleCount, tupleLen / tupleCount, fillfactor, blockSize) * blockSize : 0;
  const bloatBytes = Math.max(0, tableLen - need);
  return {
    relid,
    tableLen,
    tupleCount,
    tupleLen,
    deadTupleCount: Number(r.dead_tuple_count),
    deadTupleLen: Number(r.dead_tuple_len),
    freeSpace: Number(r.free_space),
    fillfactor,
    blockSize,
    bloatBytes,
    bloatShare: tableLen > 0 ? bloatBytes / tableLen : 0,
  };
}

/**
 * What fixes a failed pgstattuple read. Its functions are executable by pg_stat_scan_tables (a
 * member role of pg_monitor) from pgstattuple 1.5 on; a role without it gets "permission denied
 * for function pgstattuple".
 */
export function exactBloatFixHint(failure: Failure, role: string): string | undefined {
  if (failure.kind === 'privilege') return `GRANT pg_stat_scan_tables TO ${displayIdent(role)}; (or GRANT pg_monitor, which includes it)`;
  return undefined;
}
