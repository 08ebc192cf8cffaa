import type { Collector } from '../collector';
import { num } from '../values';

/** Header figures of one refresh (see summary.pg13.sql). Counters are cumulative; rates.ts turns them into per-second values. */
export interface Summary {
  takenAt: number;
  inRecovery: boolean;
  clientTotal: number;
  active: number;
  idle: number;
  idleInXact: number;
  otherState: number;
  background: number;
  /** Idle client sessions and background processes, our own left out: what the activity pane hides by default. */
  idleListed: number;
  backgroundListed: number;
  longestXactS: number | null;
  oldestXminAge: number | null;
  xacts: number;
  blksHit: number;
  blksRead: number;
  statsReset: number | null;
}


export const summaryCollector: Collector<Summary> = {
  id: 'summary',
  query: 'summary',
  params: (ctx) => [ctx.ownPids],
  parse(rows) {
    const r = rows[0] ?? {};
    return {
      takenAt: Number(r.taken_at),
      inRecovery: r.in_recovery === true,
      clientTotal: Number(r.client_total ?? 0),
      active: Number(r.active ?? 0),
      idle: Number(r.idle ?? 0),
      idleInXact: Number(r.idle_in_xact ?? 0),
      otherState: Number(r.other_state ?? 0),
      background: Number(r.background ?? 0),
      idleListed: Number(r.idle_listed ?? 0),
      backgroundListed: Number(r.background_listed ?? 0),
      longestXactS: num(r.longest_xact_s),
      oldestXminAge: num(r.oldest_xmin_age),
      xacts: Number(r.xacts ?? 0),
      blksHit: Number(r.blks_hit ?? 0),
      blksRead: Number(r.blks_read ?? 0),
      statsReset: num(r.stats_reset),
    };
  },
};

export interface DbSize {
  database: string;
  bytes: number;
}

/** Size of the connected database, every 5 minutes: pg_database_size() stats every file. */
export const dbSizeCollector: Collector<DbSize> = {
  id: 'dbsize',
  query: 'dbsize',
  everyMs: 300_000,
  parse(rows) {
    const r = rows[0] ?? {};
    return { database: String(r.database ?? ''), bytes: Number(r.bytes ?? 0) };
  },
};
