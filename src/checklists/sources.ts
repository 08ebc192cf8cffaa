/**
 * Where a check's figures come from: the panes' collectors (same SQL, same parsing) or a few
 * queries of the checklists' own for figures no pane shows (sequences, archiver, connections).
 * A source is run once per checklist run, whoever asks for it.
 */
import type { Collector, CollectorContext } from '../data/collector';
import type { Row } from '../data/db';
import { sqlFor } from '../data/sql/registry';
import { str, num } from '../data/values';

export interface Source<T = unknown> {
  id: string;
  sql(ctx: CollectorContext): string;
  params?(ctx: CollectorContext): unknown[];
  unavailable?(ctx: CollectorContext): string | undefined;
  parse(rows: Row[], ctx: CollectorContext): T;
  /**
   * For a figure a check can do without: what the check gets instead when the source cannot be
   * read (no privilege, …), with the reason, so the step still runs.
   */
  fallback?(reason: string): T;
  /** A lesser read when the full one fails this way (see Collector.degraded). */
  degraded?: Collector['degraded'];
}

/** A pane's collector as a source; pg_stat_statements collectors bring their own SQL text. */
export function fromCollector<T>(c: Collector<T> & { sqlText?(ctx: CollectorContext): string }): Source<T> {
  return {
    id: c.id,
    sql: (ctx) => (c.sqlText ? c.sqlText(ctx) : sqlFor(c.query, ctx.caps.major).text),
    params: c.params,
    degraded: c.degraded,
    unavailable: c.unavailable,
    parse: c.parse,
  };
}


export interface SequenceUse {
  schema: string;
  name: string;
  dataType: string;
  columnType: string | null;
  lastValue: string | null;
  maxValue: string;
  cycle: boolean;
  usedShare: number | null;
  /** Our role may read its last_value (SELECT or USAGE on it); false: usedShare is unknown, not "never used". */
  readable: boolean;
}

/** The fullest sequences, and how many our role may not read at all (returned or not). */
export interface Sequences {
  rows: SequenceUse[];
  unreadable: number;
  unreadableSchemas: string[];
}

/** How many sequences are read, fullest first. */
export const SEQUENCE_LIMIT = 50;

export const sequencesSource: Source<Sequences> = {
  id: 'checklist_sequences',
  sql: (ctx) => sqlFor('checklist_sequences', ctx.caps.major).text,
  params: () => [SEQUENCE_LIMIT],
  parse: (rows) => ({
    rows: rows.map((r) => ({
      schema: String(r.schema ?? ''),
      name: String(r.name ?? ''),
      dataType: String(r.data_type ?? ''),
      columnType: str(r.column_type),
      lastValue: str(r.last_value),
      maxValue: String(r.max_value ?? ''),
      cycle: r.cycle === true,
      usedShare: num(r.used_share),
      readable: r.readable !== false,
    })),
    unreadable: Number(rows[0]?.unreadable ?? 0),
    unreadableSchemas: Array.isArray(rows[0]?.unreadable_schemas) ? (rows[0].unreadable_schemas as unknown[]).map(String).sort() : [],
  }),
};

export interface Archiver {
  archiveMode: string;
  configured: boolean;
  archivedCount: number;
  lastArchivedWal: string | null;
  lastArchivedTime: number | null;
  failedCount: number;
  lastFailedWal: string | null;
  lastFailedTime: number | null;
  statsReset: number | null;
}

export const archiverSource: Source<Archiver> = {
  id: 'checklist_archiver',
  sql: (ctx) => sqlFor('checklist_archiver', ctx.caps.major).text,
  parse(rows) {
    const r = rows[0] ?? {};
    return {
      archiveMode: String(r.archive_mode ?? 'off'),
      configured: r.archiver_configured === true,
      archivedCount: Number(r.archived_count ?? 0),
      lastArchivedWal: str(r.last_archived_wal),
      lastArchivedTime: num(r.last_archived_time),
      failedCount: Number(r.failed_count ?? 0),
      lastFailedWal: str(r.last_failed_wal),
      lastFailedTime: num(r.last_failed_time),
      statsReset: num(r.stats_reset),
    };
  },
};

export interface Connections {
  clients: number;
  /** Of the clients, those whose type and state our role may not see (counted as clients). */
  hidden: number;
  active: number;
  idle: number;
  idleInXact: number;
  maxConnections: number;
  reserved: number;
}

export const connectionsSource: Source<Connections> = {
  id: 'checklist_connections',
  sql: (ctx) => sqlFor('checklist_connections', ctx.caps.major).text,
  parse(rows) {
    const r = rows[0] ?? {};
    return {
      clients: Number(r.clients ?? 0),
      hidden: Number(r.hidden ?? 0),
      active: Number(r.active ?? 0),
      idle: Number(r.idle ?? 0),
      idleInXact: Number(r.idle_in_xact ?? 0),
      maxConnections: Number(r.max_connections ?? 100),
      reserved: Number(r.reserved ?? 0),
    };
  },
};

export interface DatabaseUse {
  database: string;
  bytes: number;
  tempFiles: number | null;
  tempBytes: number | null;
}

export const databasesSource: Source<DatabaseUse[]> = {
  id: 'checklist_databases',
  sql: (ctx) => sqlFor('checklist_databases', ctx.caps.major).text,
  parse: (rows) =>
    rows.map((r) => ({
      database: String(r.database ?? ''),
      bytes: Number(r.bytes ?? 0),
      tempFiles: num(r.temp_files),
      tempBytes: num(r.temp_bytes),
    })),
};

/** The databases {@link databasesSource} leaves out because our role may not read their size. */
export const hiddenDatabasesSource: Source<string[]> = {
  id: 'checklist_hidden_databases',
  sql: (ctx) => sqlFor('checklist_hidden_databases', ctx.caps.major).text,
  parse: (rows) => rows.map((r) => String(r.database ?? '')),
};

export interface WalPosition {
  inRecovery: boolean;
  /** Bytes since 0/0: the insert position on a primary, replayed (else received) on a standby. */
  lsn: number | null;
  lsnSource: 'insert' | 'replay' | 'receive' | null;
  systemId: string | null;
  maxWalSize: number;
  walKeepSize: number;
}

export const walSource: Source<WalPosition> = {
  id: 'checklist_wal',
  sql: (ctx) => sqlFor('checklist_wal', ctx.caps.major).text,
  parse(rows) {
    const r = rows[0] ?? {};
    const src = str(r.lsn_source);
    return {
      inRecovery: r.in_recovery === true,
      lsn: num(r.lsn_bytes),
      lsnSource: src === 'insert' || src === 'replay' || src === 'receive' ? src : null,
      systemId: str(r.system_id),
      maxWalSize: Number(r.max_wal_size ?? 0),
      walKeepSize: Number(r.wal_keep_size ?? 0),
    };
  },
};

export type WalDir = { bytes: number; files: number } | { unavailable: string };

export const walDirSource: Source<WalDir> = {
  id: 'checklist_waldir',
  sql: (ctx) => sqlFor('checklist_waldir', ctx.caps.major).text,
  // Without pg_read_all_stats the role is not in pg_monitor either: do not even try (one error
  // in the server log every week for nothing).
  unavailable: (ctx) => (ctx.caps.isSuperuser || ctx.caps.readAllStats ? undefined : `pg_wal size needs pg_monitor (GRANT pg_monitor TO ${ctx.caps.currentUser};)`),
  parse(rows) {
    const r = rows[0] ?? {};
    return { bytes: Number(r.bytes ?? 0), files: Number(r.files ?? 0) };
  },
  fallback: (reason) => ({ unavailable: reason }),
};
