/**
 * Every SQL file pgwarden runs, by query id and the first major each variant applies to.
 * A test proves each file under src/data/sql is listed here and that all variants of a query return
 * the same columns, so a renamed or forgotten file cannot ship unnoticed.
 *
 * To add a query: put `<id>/<id>.pgNN.sql` next to the others (opening with a comment on what
 * changed in that major), import it below and add it to QUERIES.
 */
import server13 from './server/server.pg13.sql';
import summary13 from './summary/summary.pg13.sql';
import dbsize13 from './dbsize/dbsize.pg13.sql';
import activity13 from './activity/activity.pg13.sql';
import activity14 from './activity/activity.pg14.sql';
import locks13 from './locks/locks.pg13.sql';
import locks14 from './locks/locks.pg14.sql';
import locksSummary13 from './locks_summary/locks_summary.pg13.sql';
import backendCancel13 from './backend_cancel/backend_cancel.pg13.sql';
import backendTerminate13 from './backend_terminate/backend_terminate.pg13.sql';
import backendRecheck13 from './backend_recheck/backend_recheck.pg13.sql';
import backendOwner13 from './backend_owner/backend_owner.pg13.sql';
import statements13 from './statements/statements.pg13.sql';
import statements14 from './statements/statements.pg14.sql';
import statements15 from './statements/statements.pg15.sql';
import statements17 from './statements/statements.pg17.sql';
import statements18 from './statements/statements.pg18.sql';
import statementsInfo13 from './statements_info/statements_info.pg13.sql';
import statementsInfo14 from './statements_info/statements_info.pg14.sql';
import explainBackend13 from './explain_backend/explain_backend.pg13.sql';
import explainStatement13 from './explain_statement/explain_statement.pg13.sql';
import explainRoleSettings13 from './explain_role_settings/explain_role_settings.pg13.sql';
import explainRelations13 from './explain_relations/explain_relations.pg13.sql';
import explainRights13 from './explain_rights/explain_rights.pg13.sql';
import explainRights16 from './explain_rights/explain_rights.pg16.sql';
import explainIndexes13 from './explain_indexes/explain_indexes.pg13.sql';
import replication13 from './replication/replication.pg13.sql';
import recovery13 from './recovery/recovery.pg13.sql';
import recovery14 from './recovery/recovery.pg14.sql';
import slots13 from './slots/slots.pg13.sql';
import slots17 from './slots/slots.pg17.sql';
import vacuum13 from './vacuum/vacuum.pg13.sql';
import vacuum18 from './vacuum/vacuum.pg18.sql';
import vacuumSettings13 from './vacuum_settings/vacuum_settings.pg13.sql';
import tablebloat13 from './tablebloat/tablebloat.pg13.sql';
import indexes13 from './indexes/indexes.pg13.sql';
import fkindex13 from './fkindex/fkindex.pg13.sql';
import bloatExact13 from './bloat_exact/bloat_exact.pg13.sql';
import progress13 from './progress/progress.pg13.sql';
import progress17 from './progress/progress.pg17.sql';
import wraparound13 from './wraparound/wraparound.pg13.sql';
import wraparoundTables13 from './wraparound_tables/wraparound_tables.pg13.sql';
import horizon13 from './horizon/horizon.pg13.sql';
import problems13 from './problems/problems.pg13.sql';
// The checklists' own reads (src/checklists): run on the polling session like the panes' queries.
import checklistArchiver13 from './checklist_archiver/checklist_archiver.pg13.sql';
import checklistAutovacuumTuning13 from './checklist_autovacuum_tuning/checklist_autovacuum_tuning.pg13.sql';
import checklistBackupHistory13 from './checklist_backup_history/checklist_backup_history.pg13.sql';
import checklistCheckpoints13 from './checklist_checkpoints/checklist_checkpoints.pg13.sql';
import checklistCheckpoints17 from './checklist_checkpoints/checklist_checkpoints.pg17.sql';
import checklistConnections13 from './checklist_connections/checklist_connections.pg13.sql';
import checklistDatabases13 from './checklist_databases/checklist_databases.pg13.sql';
import checklistHiddenDatabases13 from './checklist_hidden_databases/checklist_hidden_databases.pg13.sql';
import checklistIndexIo13 from './checklist_index_io/checklist_index_io.pg13.sql';
import checklistNow13 from './checklist_now/checklist_now.pg13.sql';
import checklistRelationLocks13 from './checklist_relation_locks/checklist_relation_locks.pg13.sql';
import checklistSequences13 from './checklist_sequences/checklist_sequences.pg13.sql';
import checklistSettings13 from './checklist_settings/checklist_settings.pg13.sql';
import checklistSettingsFacts13 from './checklist_settings_facts/checklist_settings_facts.pg13.sql';
import checklistTableScans13 from './checklist_table_scans/checklist_table_scans.pg13.sql';
import checklistTempFiles13 from './checklist_temp_files/checklist_temp_files.pg13.sql';
import checklistWal13 from './checklist_wal/checklist_wal.pg13.sql';
import checklistWaldir13 from './checklist_waldir/checklist_waldir.pg13.sql';
import checklistStandbyConflicts13 from './checklist_standby_conflicts/checklist_standby_conflicts.pg13.sql';

/** One SQL text that applies from `minMajor` up to the next variant's minMajor. */
export interface SqlVariant {
  minMajor: number;
  /** Path relative to src/data/sql. */
  file: string;
  text: string;
}

const v = (minMajor: number, file: string, text: string): SqlVariant => ({ minMajor, file, text });

export const QUERIES = {
  server: [v(13, 'server/server.pg13.sql', server13)],
  summary: [v(13, 'summary/summary.pg13.sql', summary13)],
  dbsize: [v(13, 'dbsize/dbsize.pg13.sql', dbsize13)],
  activity: [v(13, 'activity/activity.pg13.sql', activity13), v(14, 'activity/activity.pg14.sql', activity14)],
  locks: [v(13, 'locks/locks.pg13.sql', locks13), v(14, 'locks/locks.pg14.sql', locks14)],
  locks_summary: [v(13, 'locks_summary/locks_summary.pg13.sql', locksSummary13)],
  backend_cancel: [v(13, 'backend_cancel/backend_cancel.pg13.sql', backendCancel13)],
  backend_terminate: [v(13, 'backend_terminate/backend_terminate.pg13.sql', backendTerminate13)],
  backend_recheck: [v(13, 'backend_recheck/backend_recheck.pg13.sql', backendRecheck13)],
  backend_owner: [v(13, 'backend_owner/backend_owner.pg13.sql', backendOwner13)],
  statements: [
    v(13, 'statements/statements.pg13.sql', statements13),
    v(14, 'statements/statements.pg14.sql', statements14),
    v(15, 'statements/statements.pg15.sql', statements15),
    v(17, 'statements/statements.pg17.sql', statements17),
    v(18, 'statements/statements.pg18.sql', statements18),
  ],
  statements_info: [v(13, 'statements_info/statements_info.pg13.sql', statementsInfo13), v(14, 'statements_info/statements_info.pg14.sql', statementsInfo14)],
  explain_backend: [v(13, 'explain_backend/explain_backend.pg13.sql', explainBackend13)],
  explain_statement: [v(13, 'explain_statement/explain_statement.pg13.sql', explainStatement13)],
  explain_role_settings: [v(13, 'explain_role_settings/explain_role_settings.pg13.sql', explainRoleSettings13)],
  explain_relations: [v(13, 'explain_relations/explain_relations.pg13.sql', explainRelations13)],
  explain_rights: [v(13, 'explain_rights/explain_rights.pg13.sql', explainRights13), v(16, 'explain_rights/explain_rights.pg16.sql', explainRights16)],
  explain_indexes: [v(13, 'explain_indexes/explain_indexes.pg13.sql', explainIndexes13)],
  replication: [v(13, 'replication/replication.pg13.sql', replication13)],
  recovery: [v(13, 'recovery/recovery.pg13.sql', recovery13), v(14, 'recovery/recovery.pg14.sql', recovery14)],
  slots: [v(13, 'slots/slots.pg13.sql', slots13), v(17, 'slots/slots.pg17.sql', slots17)],
  vacuum: [v(13, 'vacuum/vacuum.pg13.sql', vacuum13), v(18, 'vacuum/vacuum.pg18.sql', vacuum18)],
  vacuum_settings: [v(13, 'vacuum_settings/vacuum_settings.pg13.sql', vacuumSettings13)],
  tablebloat: [v(13, 'tablebloat/tablebloat.pg13.sql', tablebloat13)],
  indexes: [v(13, 'indexes/indexes.pg13.sql', indexes13)],
  fkindex: [v(13, 'fkindex/fkindex.pg13.sql', fkindex13)],
  bloat_exact: [v(13, 'bloat_exact/bloat_exact.pg13.sql', bloatExact13)],
  progress: [v(13, 'progress/progress.pg13.sql', progress13), v(17, 'progress/progress.pg17.sql', progress17)],
  wraparound: [v(13, 'wraparound/wraparound.pg13.sql', wraparound13)],
  wraparound_tables: [v(13, 'wraparound_tables/wraparound_tables.pg13.sql', wraparoundTables13)],
  horizon: [v(13, 'horizon/horizon.pg13.sql', horizon13)],
  problems: [v(13, 'problems/problems.pg13.sql', problems13)],
  checklist_archiver: [v(13, 'checklist_archiver/checklist_archiver.pg13.sql', checklistArchiver13)],
  checklist_autovacuum_tuning: [v(13, 'checklist_autovacuum_tuning/checklist_autovacuum_tuning.pg13.sql', checklistAutovacuumTuning13)],
  checklist_backup_history: [v(13, 'checklist_backup_history/checklist_backup_history.pg13.sql', checklistBackupHistory13)],
  checklist_checkpoints: [v(13, 'checklist_checkpoints/checklist_checkpoints.pg13.sql', checklistCheckpoints13), v(17, 'checklist_checkpoints/checklist_checkpoints.pg17.sql', checklistCheckpoints17)],
  checklist_connections: [v(13, 'checklist_connections/checklist_connections.pg13.sql', checklistConnections13)],
  checklist_databases: [v(13, 'checklist_databases/checklist_databases.pg13.sql', checklistDatabases13)],
  checklist_hidden_databases: [v(13, 'checklist_hidden_databases/checklist_hidden_databases.pg13.sql', checklistHiddenDatabases13)],
  checklist_index_io: [v(13, 'checklist_index_io/checklist_index_io.pg13.sql', checklistIndexIo13)],
  checklist_now: [v(13, 'checklist_now/checklist_now.pg13.sql', checklistNow13)],
  checklist_relation_locks: [v(13, 'checklist_relation_locks/checklist_relation_locks.pg13.sql', checklistRelationLocks13)],
  checklist_sequences: [v(13, 'checklist_sequences/checklist_sequences.pg13.sql', checklistSequences13)],
  checklist_settings: [v(13, 'checklist_settings/checklist_settings.pg13.sql', checklistSettings13)],
  checklist_settings_facts: [v(13, 'checklist_settings_facts/checklist_settings_facts.pg13.sql', checklistSettingsFacts13)],
  checklist_table_scans: [v(13, 'checklist_table_scans/checklist_table_scans.pg13.sql', checklistTableScans13)],
  checklist_temp_files: [v(13, 'checklist_temp_files/checklist_temp_files.pg13.sql', checklistTempFiles13)],
  checklist_wal: [v(13, 'checklist_wal/checklist_wal.pg13.sql', checklistWal13)],
  checklist_waldir: [v(13, 'checklist_waldir/checklist_waldir.pg13.sql', checklistWaldir13)],
  checklist_standby_conflicts: [v(13, 'checklist_standby_conflicts/checklist_standby_conflicts.pg13.sql', checklistStandbyConflicts13)],
} satisfies Record<string, SqlVariant[]>;

export type QueryId = keyof typeof QUERIES;

/** The lowest major pgwarden supports; older servers are refused at connect with a clear message. */
export const MIN_MAJOR = 13;

/** The variant for a server major: the one with the highest minMajor not above it. */
export function sqlFor(id: QueryId, major: number): SqlVariant {
  const variants: SqlVariant[] = QUERIES[id];
  let best: SqlVariant | undefined;
  for (const variant of variants) if (variant.minMajor <= major && (!best || variant.minMajor > best.minMajor)) best = variant;
  if (!best) throw new Error(`no SQL for ${id} on PostgreSQL ${major}`);
  return best;
}
