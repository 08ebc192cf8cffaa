/**
 * Running maintenance from the pg_stat_progress_* views: VACUUM (and autovacuum), ANALYZE,
 * CREATE INDEX / REINDEX, CLUSTER / VACUUM FULL. Cheap (shared memory), so it runs every refresh
 * while the vacuum pane shows.
 */
import type { Collector } from '../collector';
import type { Row } from '../db';
import { str, num } from '../values';


/** One running maintenance command. `done`/`total` measure the current phase only. */
export interface Progress {
  /** pid + command: a backend runs one such command at a time. */
  key: string;
  pid: number;
  database: string | null;
  relid: number | null;
  /** schema-qualified name when the command runs in the connected database. */
  relation: string | null;
  command: string;
  phase: string | null;
  done: number | null;
  total: number | null;
  unit: string | null;
  indexVacuumCount: number | null;
  deadItems: number | null;
  indexesTotal: number | null;
  indexesDone: number | null;
  autovacuum: boolean;
  /** Start of the backend's transaction (epoch s). */
  started: number | null;
  /** Server clock of the reading (epoch s). */
  now: number;
}

/** Share of the current phase done (0..1), or null when the phase has no measure. */
export function progressShare(p: Pick<Progress, 'done' | 'total'>): number | null {
  if (p.done == null || p.total == null || !(p.total > 0)) return null;
  return Math.min(1, Math.max(0, p.done / p.total));
}

function toProgress(r: Row): Progress {
  const pid = Number(r.pid);
  const command = String(r.command ?? '');
  return {
    key: `${pid}:${command}`,
    pid,
    database: str(r.database),
    relid: num(r.relid),
    relation: str(r.relation),
    command,
    phase: str(r.phase),
    done: num(r.done),
    total: num(r.total),
    unit: str(r.unit),
    indexVacuumCount: num(r.index_vacuum_count),
    deadItems: num(r.dead_items),
    indexesTotal: num(r.indexes_total),
    indexesDone: num(r.indexes_done),
    autovacuum: r.autovacuum === true,
    started: num(r.started),
    now: Number(r.now ?? 0),
  };
}

export const progressCollector: Collector<Progress[]> = {
  id: 'progress',
  query: 'progress',
  parse: (rows) => rows.map(toProgress),
};
