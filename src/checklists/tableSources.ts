/**
 * The checklists' own reads of table and index statistics (no pane shows these figures), and
 * pg_stat_statements as a figure a check can do without.
 */
import { sqlFor } from '../data/sql/registry';
import { statementsCollector, type Statement } from '../data/collectors/statements';
import { num } from '../data/values';
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
  sql: (ctx) => sqlFor('checklist_table_scans', ctx.caps.major).text,
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
  sql: (ctx) => sqlFor('checklist_index_io', ctx.caps.major).text,
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

/** A setting as pg_settings gives it: the raw value and its unit (`8kB`, `ms`, `s`, `MB`, or none). */
export interface SettingValue {
  setting: string;
  unit: string | null;
}

/** The settings the review reads; {@link settingsSource} returns those the server has. */
export const REVIEWED_SETTINGS = [
  'log_min_duration_statement', 'log_lock_waits', 'log_checkpoints', 'log_autovacuum_min_duration', 'track_counts', 'autovacuum',
  'idle_in_transaction_session_timeout', 'statement_timeout', 'archive_mode', 'archive_timeout', 'checkpoint_completion_target',
  'max_wal_size', 'wal_keep_size', 'max_wal_senders', 'max_replication_slots', 'synchronous_standby_names', 'synchronous_commit',
  'shared_buffers', 'effective_cache_size', 'work_mem', 'maintenance_work_mem',
] as const;

export const settingsSource: Source<Map<string, SettingValue>> = {
  id: 'checklist_settings',
  sql: (ctx) => sqlFor('checklist_settings', ctx.caps.major).text,
  params: () => [[...REVIEWED_SETTINGS]],
  parse: (rows) => new Map(rows.map((r) => [String(r.name), { setting: String(r.setting ?? ''), unit: r.unit == null ? null : String(r.unit) }])),
};

export interface SettingsFacts {
  senders: number;
  syncStandbys: number;
  physicalSlots: number;
  inRecovery: boolean;
  /** Login roles (not superuser, not replication) with no statement_timeout of their own here. */
  rolesWithoutTimeout: string[];
  /** Checkpoints by checkpoint_timeout and forced ones since the statistics reset; null when not readable. */
  checkpoints: { timed: number; requested: number } | null;
}

export const settingsFactsSource: Source<Omit<SettingsFacts, 'checkpoints'>> = {
  id: 'checklist_settings_facts',
  sql: (ctx) => sqlFor('checklist_settings_facts', ctx.caps.major).text,
  parse: (rows) => {
    const r = rows[0] ?? {};
    return {
      senders: n(r.senders),
      syncStandbys: n(r.sync_standbys),
      physicalSlots: n(r.physical_slots),
      inRecovery: r.in_recovery === true,
      rolesWithoutTimeout: Array.isArray(r.roles_without_timeout) ? (r.roles_without_timeout as unknown[]).map(String) : [],
    };
  },
};

export const checkpointsSource: Source<SettingsFacts['checkpoints']> = {
  id: 'checklist_checkpoints',
  sql: (ctx) => sqlFor('checklist_checkpoints', ctx.caps.major).text,
  parse: (rows) => (rows[0] ? { timed: n(rows[0].timed), requested: n(rows[0].requested) } : null),
  fallback: () => null,
};

/** The latest backup history file in pg_wal, null when there is none, or why it cannot be read. */
export type BackupHistory = { name: string; ended: number } | null | { unavailable: string };

export const backupHistorySource: Source<BackupHistory> = {
  id: 'checklist_backup_history',
  sql: (ctx) => sqlFor('checklist_backup_history', ctx.caps.major).text,
  // As for the pg_wal size: without pg_monitor, not even tried (one server log error a week).
  unavailable: (ctx) => (ctx.caps.isSuperuser || ctx.caps.readAllStats ? undefined : `pg_wal cannot be listed by this role (pg_ls_waldir needs pg_monitor)`),
  parse: (rows) => (rows[0] ? { name: String(rows[0].name ?? ''), ended: n(rows[0].ended) } : null),
  fallback: (reason) => ({ unavailable: reason }),
};

export interface WriteLoad {
  schema: string;
  name: string;
  liveTuples: number;
  /** Rows updated and deleted since the statistics reset: what leaves dead tuples. */
  changed: number;
  deadTuples: number;
  /** The table's own autovacuum_* storage parameters (`name=value`). */
  options: string[];
}

/** Tables smaller than this are read by no tuning advice (the scale factor's default does for them). */
export const TUNING_FLOOR_ROWS = 1000;

export const writeLoadSource: Source<WriteLoad[]> = {
  id: 'checklist_write_load',
  sql: (ctx) => sqlFor('checklist_autovacuum_tuning', ctx.caps.major).text,
  params: () => [TUNING_FLOOR_ROWS, 100],
  parse: (rows) =>
    rows.map((r) => ({
      schema: String(r.schema ?? ''),
      name: String(r.name ?? ''),
      liveTuples: n(r.live_tuples),
      changed: n(r.changed),
      deadTuples: n(r.dead_tuples),
      options: Array.isArray(r.options) ? (r.options as unknown[]).map(String) : [],
    })),
};

export const tempFilesSource: Source<{ bytes: number; files: number } | { unavailable: string }> = {
  id: 'checklist_temp_files',
  sql: (ctx) => sqlFor('checklist_temp_files', ctx.caps.major).text,
  unavailable: (ctx) => (ctx.caps.isSuperuser || ctx.caps.readAllStats ? undefined : 'temporary files cannot be listed by this role (pg_ls_tmpdir needs pg_monitor)'),
  parse: (rows) => ({ bytes: n(rows[0]?.bytes), files: n(rows[0]?.files) }),
  fallback: (reason) => ({ unavailable: reason }),
};

export interface RelationLock {
  schema: string;
  name: string;
  kind: string;
  mode: string;
  granted: boolean;
  pid: number | null;
  user: string | null;
  state: string | null;
  /** Seconds the holder's transaction has been open; null when our role may not see it. */
  xactSecs: number | null;
}

export const relationLocksSource: Source<RelationLock[]> = {
  id: 'checklist_relation_locks',
  sql: (ctx) => sqlFor('checklist_relation_locks', ctx.caps.major).text,
  params: (ctx) => [ctx.ownPids],
  parse: (rows) =>
    rows.map((r) => ({
      schema: String(r.schema ?? ''),
      name: String(r.name ?? ''),
      kind: String(r.kind ?? ''),
      mode: String(r.mode ?? ''),
      granted: r.granted === true,
      pid: num(r.pid),
      user: r.user == null ? null : String(r.user),
      state: r.state == null ? null : String(r.state),
      xactSecs: num(r.xact_secs),
    })),
};
