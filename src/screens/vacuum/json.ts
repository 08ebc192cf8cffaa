/**
 * `snapshot --json` sections of the vacuum pane: vacuum, bloat, progress, wraparound. Raw values
 * (bytes, counts, ratios 0..1, ISO times); estimates are named as such.
 */
import { dataOf } from '../../data/collector';
import { fkIndexCollector, indexesCollector, isUnusedIndex, tableBloatCollector } from '../../data/collectors/bloat';
import { progressCollector, progressShare } from '../../data/collectors/progress';
import { vacuumCollector, vacuumSettingsCollector } from '../../data/collectors/vacuum';
import { wraparoundCollector, wraparoundTablesCollector, XID_STOP_AGE } from '../../data/collectors/wraparound';
import { failureJson, iso, type JsonSection } from '../json';

export const VACUUM_SECTIONS: JsonSection[] = [
  {
    name: 'vacuum',
    collectors: [vacuumCollector, vacuumSettingsCollector],
    toJson(snap) {
      const fail = failureJson(snap, vacuumCollector);
      if (fail) return fail;
      const s = dataOf(snap, vacuumSettingsCollector);
      return {
        settings: s
          ? {
              autovacuum: s.autovacuum,
              track_counts: s.trackCounts,
              max_workers: s.maxWorkers,
              workers_running: s.workersRunning,
              naptime_seconds: s.naptimeS,
              vacuum_threshold: s.vacuumThreshold,
              vacuum_scale_factor: s.vacuumScaleFactor,
              insert_threshold: s.insertThreshold,
              insert_scale_factor: s.insertScaleFactor,
              analyze_threshold: s.analyzeThreshold,
              analyze_scale_factor: s.analyzeScaleFactor,
              freeze_max_age: s.freezeMaxAge,
              multixact_freeze_max_age: s.mxidFreezeMaxAge,
              pgstattuple_schema: s.pgstattupleSchema,
            }
          : null,
        tables: (dataOf(snap, vacuumCollector) ?? []).map((t) => ({
          relid: t.relid,
          schema: t.schema,
          name: t.name,
          n_live_tup: t.liveTuples,
          n_dead_tup: t.deadTuples,
          dead_share: t.liveTuples + t.deadTuples > 0 ? t.deadTuples / (t.liveTuples + t.deadTuples) : null,
          n_mod_since_analyze: t.modSinceAnalyze,
          n_ins_since_vacuum: t.insSinceVacuum,
          last_vacuum: iso(t.lastVacuum),
          last_autovacuum: iso(t.lastAutovacuum),
          last_analyze: iso(t.lastAnalyze),
          last_autoanalyze: iso(t.lastAutoanalyze),
          vacuum_count: t.vacuumCount,
          autovacuum_count: t.autovacuumCount,
          analyze_count: t.analyzeCount,
          autoanalyze_count: t.autoanalyzeCount,
          reltuples: t.reltuples,
          reloptions: t.reloptions,
          autovacuum_enabled: t.autovacuumEnabled,
          autovacuum_vacuum_threshold: t.vacThreshold,
          autovacuum_insert_threshold: t.insThreshold,
          autovacuum_analyze_threshold: t.anlThreshold,
          xid_age: t.xidAge,
          mxid_age: t.mxidAge,
          freeze_max_age: t.freezeMaxAge,
        })),
      };
    },
  },
  {
    name: 'bloat',
    collectors: [tableBloatCollector, indexesCollector, fkIndexCollector],
    toJson(snap) {
      return {
        tables:
          failureJson(snap, tableBloatCollector) ??
          (dataOf(snap, tableBloatCollector) ?? []).map((b) => ({
            relid: b.relid,
            schema: b.schema,
            name: b.name,
            locked: b.locked,
            table_bytes: b.tableBytes,
            index_bytes: b.indexBytes,
            toast_bytes: b.toastBytes,
            total_bytes: b.totalBytes,
            fillfactor: b.fillfactor,
            estimated_bloat_share: b.bloatShare,
            estimated_bloat_bytes: b.bloatBytes,
          })),
        indexes:
          failureJson(snap, indexesCollector) ??
          (dataOf(snap, indexesCollector) ?? []).map((i) => ({
            indexrelid: i.indexRelid,
            schema: i.schema,
            table: i.table,
            name: i.name,
            access_method: i.accessMethod,
            bytes: i.bytes,
            idx_scan: i.scans,
            unique: i.unique,
            primary: i.primary,
            constraint_type: i.constraintType,
            valid: i.valid,
            unused: isUnusedIndex(i),
            duplicates: i.duplicates,
            estimated_bloat_share: i.bloatShare,
            estimated_bloat_bytes: i.bloatBytes,
            locked: i.locked,
            definition: i.definition,
          })),
        foreign_keys_without_index:
          failureJson(snap, fkIndexCollector) ??
          (dataOf(snap, fkIndexCollector) ?? []).map((f) => ({
            schema: f.schema,
            table: f.table,
            constraint: f.constraint,
            columns: f.columns,
            referenced_table: f.referencedTable,
          })),
      };
    },
  },
  {
    name: 'progress',
    collectors: [progressCollector],
    toJson(snap) {
      return (
        failureJson(snap, progressCollector) ??
        (dataOf(snap, progressCollector) ?? []).map((p) => ({
          pid: p.pid,
          database: p.database,
          relid: p.relid,
          relation: p.relation,
          command: p.command,
          autovacuum: p.autovacuum,
          phase: p.phase,
          phase_done: p.done,
          phase_total: p.total,
          phase_unit: p.unit,
          phase_share: progressShare(p),
          index_vacuum_count: p.indexVacuumCount,
          dead_items: p.deadItems,
          started: iso(p.started),
          running_seconds: p.started == null ? null : p.now - p.started,
        }))
      );
    },
  },
  {
    name: 'wraparound',
    collectors: [wraparoundCollector, wraparoundTablesCollector],
    toJson(snap) {
      return {
        stop_age: XID_STOP_AGE,
        databases:
          failureJson(snap, wraparoundCollector) ??
          (dataOf(snap, wraparoundCollector) ?? []).map((d) => ({
            database: d.database,
            xid_age: d.xidAge,
            mxid_age: d.mxidAge,
            freeze_max_age: d.freezeMaxAge,
            multixact_freeze_max_age: d.mxidFreezeMaxAge,
            allow_connections: d.allowConnections,
          })),
        oldest_tables:
          failureJson(snap, wraparoundTablesCollector) ??
          (dataOf(snap, wraparoundTablesCollector) ?? []).map((t) => ({
            relid: t.relid,
            schema: t.schema,
            name: t.name,
            relkind: t.relkind,
            xid_age: t.xidAge,
            mxid_age: t.mxidAge,
            freeze_max_age: t.freezeMaxAge,
          })),
      };
    },
  },
];
