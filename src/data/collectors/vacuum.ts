/**
 * Vacuum health collectors: per-table statistics and autovacuum thresholds (every refresh: no
 * size functions, no locks), and the server's autovacuum settings (slow schedule).
 * Names are untrusted server text: sanitize before display.
 */
import type { Collector } from '../collector';
import type { Row } from '../db';
import { str, num } from '../values';


/** Vacuum statistics of one table (pg_stat_user_tables) and its autovacuum triggers. */
export interface TableVacuum {
  relid: number;
  schema: string;
  name: string;
  relkind: string;
  liveTuples: number;
  deadTuples: number;
  modSinceAnalyze: number;
  insSinceVacuum: number | null;
  lastVacuum: number | null;
  lastAutovacuum: number | null;
  lastAnalyze: number | null;
  lastAutoanalyze: number | null;
  vacuumCount: number;
  autovacuumCount: number;
  analyzeCount: number;
  autoanalyzeCount: number;
  /** Catalog estimate from the last VACUUM/ANALYZE; -1 (14+) when never done. */
  reltuples: number;
  relpages: number;
  /** The table's own storage parameters as `k=v, k=v`, or null. */
  reloptions: string | null;
  autovacuumEnabled: boolean;
  vacBase: number;
  vacScale: number;
  /** Dead tuples at which autovacuum vacuums the table. */
  vacThreshold: number;
  /** Inserts since the last vacuum at which autovacuum vacuums it (null: switched off). */
  insThreshold: number | null;
  /** Changes since the last analyze at which autovacuum analyzes it. */
  anlThreshold: number;
  xidAge: number | null;
  mxidAge: number | null;
  freezeMaxAge: number | null;
}

function toTable(r: Row): TableVacuum {
  return {
    relid: Number(r.relid),
    schema: String(r.schema ?? ''),
    name: String(r.name ?? ''),
    relkind: String(r.relkind ?? 'r'),
    liveTuples: Number(r.n_live_tup ?? 0),
    deadTuples: Number(r.n_dead_tup ?? 0),
    modSinceAnalyze: Number(r.n_mod_since_analyze ?? 0),
    insSinceVacuum: num(r.n_ins_since_vacuum),
    lastVacuum: num(r.last_vacuum),
    lastAutovacuum: num(r.last_autovacuum),
    lastAnalyze: num(r.last_analyze),
    lastAutoanalyze: num(r.last_autoanalyze),
    vacuumCount: Number(r.vacuum_count ?? 0),
    autovacuumCount: Number(r.autovacuum_count ?? 0),
    analyzeCount: Number(r.analyze_count ?? 0),
    autoanalyzeCount: Number(r.autoanalyze_count ?? 0),
    reltuples: Number(r.reltuples ?? -1),
    relpages: Number(r.relpages ?? 0),
    reloptions: str(r.reloptions) || null,
    autovacuumEnabled: r.autovacuum_enabled !== false,
    vacBase: Number(r.vac_base ?? 0),
    vacScale: Number(r.vac_scale ?? 0),
    vacThreshold: Number(r.vac_threshold ?? 0),
    insThreshold: num(r.ins_threshold),
    anlThreshold: Number(r.anl_threshold ?? 0),
    xidAge: num(r.xid_age),
    mxidAge: num(r.mxid_age),
    freezeMaxAge: num(r.freeze_max_age),
  };
}

export const vacuumCollector: Collector<TableVacuum[]> = {
  id: 'vacuum',
  query: 'vacuum',
  parse: (rows) => rows.map(toTable),
};

/** Server-wide autovacuum settings and whether pgstattuple is available. */
export interface VacuumSettings {
  autovacuum: boolean;
  trackCounts: boolean;
  maxWorkers: number;
  naptimeS: number;
  vacuumThreshold: number;
  vacuumScaleFactor: number;
  insertThreshold: number;
  insertScaleFactor: number;
  analyzeThreshold: number;
  analyzeScaleFactor: number;
  freezeMaxAge: number;
  mxidFreezeMaxAge: number;
  costDelay: string;
  costLimit: number;
  workersRunning: number;
  /** Schema of the pgstattuple extension in the connected database, or null when not installed. */
  pgstattupleSchema: string | null;
}

export const vacuumSettingsCollector: Collector<VacuumSettings> = {
  id: 'vacuum_settings',
  query: 'vacuum_settings',
  everyMs: 60_000,
  parse(rows) {
    const r = rows[0] ?? {};
    return {
      autovacuum: r.autovacuum === true,
      trackCounts: r.track_counts === true,
      maxWorkers: Number(r.max_workers ?? 0),
      naptimeS: Number(r.naptime_s ?? 0),
      vacuumThreshold: Number(r.vacuum_threshold ?? 0),
      vacuumScaleFactor: Number(r.vacuum_scale_factor ?? 0),
      insertThreshold: Number(r.insert_threshold ?? 0),
      insertScaleFactor: Number(r.insert_scale_factor ?? 0),
      analyzeThreshold: Number(r.analyze_threshold ?? 0),
      analyzeScaleFactor: Number(r.analyze_scale_factor ?? 0),
      freezeMaxAge: Number(r.freeze_max_age ?? 0),
      mxidFreezeMaxAge: Number(r.mxid_freeze_max_age ?? 0),
      costDelay: String(r.cost_delay ?? ''),
      costLimit: Number(r.cost_limit ?? 0),
      workersRunning: Number(r.workers_running ?? 0),
      pgstattupleSchema: str(r.pgstattuple_schema),
    };
  },
};
