/**
 * pg_stat_statements: one collector for the statement rows, one for the extension's own state
 * (last reset, evictions, the settings that decide what is tracked). Both read the views from the
 * schema the extension was created in (caps.pgssSchema), and pick the SQL variant that matches the
 * extension version actually installed: after pg_upgrade a database can keep an older version of the
 * extension (until ALTER EXTENSION ... UPDATE) whose views lack the newer columns.
 */
import type { Collector, CollectorContext, Degraded } from '../collector';
import type { Row } from '../db';
import type { Failure } from '../errors';
import type { Capabilities } from '../server';
import { withPgssSchema } from '../sql/ident';
import { sqlFor } from '../sql/registry';
import { str } from '../values';
import { isOwnStatement } from '../sql/own';

/** One pg_stat_statements entry, raw counters as the view has them (times in ms). */
export interface Statement {
  /** Identity across refreshes: queryid, dbid, userid and (14+) toplevel. */
  key: string;
  /** 64-bit signed query id as text; null when our role may not see it. */
  queryId: string | null;
  userId: number;
  dbId: number;
  /** null before 14, where nested and top-level statements were not kept apart. */
  toplevel: boolean | null;
  database: string | null;
  user: string | null;
  /** Normalized text ($1, $2 for constants). Untrusted: sanitize before display. */
  query: string | null;
  /** Sent by pgwarden itself (its monitoring and action SQL, recognised by their marker comment). */
  own: boolean;
  calls: number;
  totalExecMs: number;
  minExecMs: number;
  maxExecMs: number;
  meanExecMs: number;
  stddevExecMs: number;
  plans: number;
  totalPlanMs: number;
  rows: number;
  sharedHit: number;
  sharedRead: number;
  sharedDirtied: number;
  sharedWritten: number;
  localHit: number;
  localRead: number;
  localWritten: number;
  tempRead: number;
  tempWritten: number;
  /** Time reading/writing shared blocks; non-zero only with track_io_timing. */
  sharedReadMs: number;
  sharedWriteMs: number;
  localReadMs: number | null;
  localWriteMs: number | null;
  tempReadMs: number | null;
  tempWriteMs: number | null;
  walRecords: number;
  walFpi: number;
  walBytes: number;
  walBuffersFull: number | null;
  jitFunctions: number | null;
  jitMs: number | null;
  parallelToLaunch: number | null;
  parallelLaunched: number | null;
  /** Epoch seconds this entry's counters started (17+): moves when the entry alone is reset. */
  statsSince: number | null;
  minmaxStatsSince: number | null;
}

/** pg_stat_statements_info and the settings that shape what the view holds. */
export interface StatementsInfo {
  /** Epoch seconds of the last full reset (14+), null when unknown. */
  statsReset: number | null;
  /** Entries evicted since the reset because pg_stat_statements.max was reached (14+). */
  dealloc: number | null;
  max: number | null;
  track: string | null;
  trackPlanning: boolean | null;
  computeQueryId: string | null;
  trackIoTiming: boolean | null;
}

/** The major whose SQL variant fits an installed extension version (the views changed with these). */
const MAJOR_OF_VERSION: Record<string, number> = { '1.8': 13, '1.9': 14, '1.10': 15, '1.11': 17, '1.12': 18 };

function versionNumber(v: string): [number, number] {
  const [a, b] = v.split('.').map((x) => Number.parseInt(x, 10));
  return [a ?? 0, b ?? 0];
}

/**
 * The major whose variant to run: the server's, or an older one when the database still has an
 * older version of the extension. Null when the installed version predates 1.8 (PostgreSQL 13),
 * whose views have other column names.
 */
export function variantMajor(caps: Pick<Capabilities, 'major' | 'pgssVersion'>): number | null {
  const v = caps.pgssVersion;
  if (!v) return caps.major;
  const known = MAJOR_OF_VERSION[v];
  if (known !== undefined) return Math.min(caps.major, known);
  const [maj, min] = versionNumber(v);
  if (maj < 1 || (maj === 1 && min < 8)) return null;
  // A version newer than we know of: the server's own variant reads the columns we know.
  return caps.major;
}

/** The text to run for a statements query on this server: variant by extension version, schema put in. */
export function pgssSql(id: 'statements' | 'statements_info' | 'explain_statement', caps: Capabilities): string {
  const major = variantMajor(caps) ?? caps.major;
  return withPgssSchema(sqlFor(id, major).text, caps.pgssSchema);
}

const num = (v: unknown): number => (v == null ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));

/** Row identity: PostgreSQL keys entries by (userid, dbid, queryid, toplevel). */
export const statementKey = (queryId: string | null, dbId: number, userId: number, toplevel: boolean | null): string =>
  `${queryId ?? '?'}/${dbId}/${userId}/${toplevel === null ? '' : toplevel ? 't' : 'f'}`;

/** Rows → statements. Entries our role may not see (NULL queryid) get distinct keys by position. */
export function parseStatements(rows: Row[], ownUser?: string): Statement[] {
  let hidden = 0;
  return rows.map((r) => {
    const queryId = str(r.queryid);
    const dbId = num(r.dbid);
    const userId = num(r.userid);
    const toplevel = r.toplevel == null ? null : r.toplevel === true;
    let key = statementKey(queryId, dbId, userId, toplevel);
    if (queryId === null) key += `#${hidden++}`;
    return {
      key,
      queryId,
      userId,
      dbId,
      toplevel,
      database: str(r.database),
      user: str(r.user),
      query: str(r.query),
      own: isOwnStatement(str(r.query), str(r.user), ownUser),
      calls: num(r.calls),
      totalExecMs: num(r.total_exec_time),
      minExecMs: num(r.min_exec_time),
      maxExecMs: num(r.max_exec_time),
      meanExecMs: num(r.mean_exec_time),
      stddevExecMs: num(r.stddev_exec_time),
      plans: num(r.plans),
      totalPlanMs: num(r.total_plan_time),
      rows: num(r.rows),
      sharedHit: num(r.shared_blks_hit),
      sharedRead: num(r.shared_blks_read),
      sharedDirtied: num(r.shared_blks_dirtied),
      sharedWritten: num(r.shared_blks_written),
      localHit: num(r.local_blks_hit),
      localRead: num(r.local_blks_read),
      localWritten: num(r.local_blks_written),
      tempRead: num(r.temp_blks_read),
      tempWritten: num(r.temp_blks_written),
      sharedReadMs: num(r.shared_blk_read_time),
      sharedWriteMs: num(r.shared_blk_write_time),
      localReadMs: numOrNull(r.local_blk_read_time),
      localWriteMs: numOrNull(r.local_blk_write_time),
      tempReadMs: numOrNull(r.temp_blk_read_time),
      tempWriteMs: numOrNull(r.temp_blk_write_time),
      walRecords: num(r.wal_records),
      walFpi: num(r.wal_fpi),
      walBytes: num(r.wal_bytes),
      walBuffersFull: numOrNull(r.wal_buffers_full),
      jitFunctions: numOrNull(r.jit_functions),
      jitMs: numOrNull(r.jit_time),
      parallelToLaunch: numOrNull(r.parallel_workers_to_launch),
      parallelLaunched: numOrNull(r.parallel_workers_launched),
      statsSince: numOrNull(r.stats_since),
      minmaxStatsSince: numOrNull(r.minmax_stats_since),
    };
  });
}

const onOff = (v: unknown): boolean | null => (v == null ? null : String(v) === 'on');

export function parseInfo(rows: Row[]): StatementsInfo {
  const r = rows[0] ?? {};
  return {
    statsReset: numOrNull(r.stats_reset),
    dealloc: numOrNull(r.dealloc),
    max: r.max == null ? null : Number(r.max),
    track: str(r.track),
    trackPlanning: onOff(r.track_planning),
    computeQueryId: str(r.compute_query_id),
    trackIoTiming: onOff(r.track_io_timing),
  };
}

const PGSS = 'pg_stat_statements';

/** Whether the server loads the module at start (unknown when our role may not read the setting). */
function preloaded(caps: Capabilities): boolean | undefined {
  if (caps.sharedPreloadLibraries === null) return undefined;
  return caps.sharedPreloadLibraries.some((l) => l === PGSS || l.endsWith(`/${PGSS}`));
}

/** ALTER SYSTEM keeping the libraries already loaded (unknown ones are named as a placeholder). */
function alterSystemStep(caps: Capabilities): string {
  const current = caps.sharedPreloadLibraries;
  if (current === null) return `ALTER SYSTEM SET shared_preload_libraries = '<current list>,${PGSS}';`;
  const libs = [...current.filter((l) => l !== PGSS), PGSS].join(',');
  return `ALTER SYSTEM SET shared_preload_libraries = '${libs.replace(/'/g, "''")}';`;
}

/**
 * Why pg_stat_statements cannot be read here, before trying, or undefined when it should work.
 * The text names the exact steps; it is the pane's whole explanation.
 */
export function pgssUnavailable(caps: Capabilities): string | undefined {
  const db = caps.database;
  if (variantMajor(caps) === null) {
    return `pg_stat_statements ${caps.pgssVersion} in database "${db}" is older than PostgreSQL 13's 1.8 - run ALTER EXTENSION pg_stat_statements UPDATE; in "${db}"`;
  }
  if (caps.pgssSchema) return undefined;
  const pre = preloaded(caps);
  const create = `CREATE EXTENSION pg_stat_statements; in database "${db}" (as a superuser, or connect pgwarden to a database that has it)`;
  if (pre === false) {
    return (
      `pg_stat_statements is not loaded by this server and not created in database "${db}". ` +
      `Steps: 1) ${alterSystemStep(caps)} 2) restart PostgreSQL (shared_preload_libraries is read only at start) 3) ${create}`
    );
  }
  return `pg_stat_statements is not created in database "${db}"${pre ? ' (the server already loads it)' : ''}. Fix: ${create}`;
}

/** What fixes a failed read of the views. */
export function pgssFixHint(failure: Failure, caps: Capabilities): string | undefined {
  // 55000: the extension exists in this database but the library was not preloaded at start.
  if (failure.code === '55000' || /shared_preload_libraries/.test(failure.message)) {
    return `${alterSystemStep(caps)} then restart PostgreSQL (shared_preload_libraries is read only at server start); the extension already exists in "${caps.database}"`;
  }
  if (failure.kind === 'missing') return `CREATE EXTENSION pg_stat_statements; in database "${caps.database}"`;
  if (failure.code === '42703') return `ALTER EXTENSION pg_stat_statements UPDATE; in database "${caps.database}"`;
  if (failure.kind === 'privilege') return `GRANT pg_read_all_stats TO ${caps.currentUser};`;
  return undefined;
}

/**
 * A collector whose SQL text depends on the server beyond its major: the poller runs `sqlText(ctx)`
 * instead of the registry's text when it is present.
 */
export type PgssCollector<T> = Collector<T> & { sqlText(ctx: CollectorContext): string };

/**
 * pg_stat_statements converts every entry's text from the encoding of the database it ran in to
 * ours inside the function, before any WHERE: one text that is not valid here (a SQL_ASCII
 * database keeps whatever bytes a client sent, `caf\xe9` in Latin-1) fails the whole read with
 * 22021, and so does a character our encoding lacks (22P05), until the entry is reset. Reading with
 * showtext = false cannot fail that way: every figure stays, the texts are missing and the pane
 * says why. (pg_stat_activity.query has no such conversion: its bytes arrive raw and the driver
 * decodes invalid ones as U+FFFD, which the sanitizer shows as <U+FFFD>.)
 */
export function textsUnreadable(failure: Failure): Degraded | undefined {
  if (failure.code !== '22021' && failure.code !== '22P05') return undefined;
  return {
    params: [false],
    note:
      `query texts are not shown: pg_stat_statements holds a statement whose text is not valid in this database's encoding (${failure.message}), ` +
      'and then fails on every text. It was recorded in a database of another encoding (SQL_ASCII keeps any bytes). ' +
      "Fix: SELECT pg_stat_statements_reset(0, oid, 0) FROM pg_database WHERE encoding = pg_char_to_encoding('SQL_ASCII'); (resets those databases' statements only)",
  };
}

export const statementsCollector: PgssCollector<Statement[]> = {
  id: 'statements',
  query: 'statements',
  sqlText: (ctx) => pgssSql('statements', ctx.caps),
  params: () => [true],
  degraded: (failure) => textsUnreadable(failure),
  unavailable: (ctx) => pgssUnavailable(ctx.caps),
  parse: (rows, ctx) => parseStatements(rows, ctx.caps.currentUser),
  fixHint: (failure, ctx) => pgssFixHint(failure, ctx.caps),
};

export const statementsInfoCollector: PgssCollector<StatementsInfo> = {
  id: 'statements_info',
  query: 'statements_info',
  sqlText: (ctx) => pgssSql('statements_info', ctx.caps),
  unavailable: (ctx) => pgssUnavailable(ctx.caps),
  parse: (rows) => parseInfo(rows),
  fixHint: (failure, ctx) => pgssFixHint(failure, ctx.caps),
};
