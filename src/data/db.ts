/**
 * The only importer of 'pg'. A {@link Session} is one server connection that reconnects on demand;
 * pgwarden keeps two: one polls, one acts (cancel/terminate, lookups), so an action never queues
 * behind a slow refresh. node-postgres clients cannot be reused after a disconnect, so every
 * reconnect builds a new Client.
 */
import type { TargetSessionAttrs } from './connection/types';
import pg from 'pg';
import type { ClientConfig } from 'pg';
import { classify, type Failure } from './errors';
import { markOwn } from './sql/own';
import type { ArrayRows } from './collector';
import { parseRemembering, queryRemembering, RowMemory } from './db-rows';

// Raw numbers out of SQL: int8 (counters, sizes) as numbers is safe below 2^53, which every counter
// we read stays under; 64-bit identifiers (queryid) are cast to text in SQL and stay strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));
// Timestamps travel as epoch seconds (float8) in our SQL; any timestamptz left is kept as text
// rather than paying Date parsing on thousands of rows.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v: string) => v);
// int4[] (pg_blocking_pids) parsed cheaply.
pg.types.setTypeParser(1007 as never, (v: string) =>
  v === '{}' ? [] : v.slice(1, -1).split(',').map(Number),
);


// Rows read as arrays: node-postgres copies each row's fields (the protocol parser's array, one per
// row, dropped right after) into a second array of parsed values. Parsing in place halves the
// arrays a refresh allocates, 2000 of 30 columns a second at 2000 backends, and the garbage with
// them. Nothing reads a row's field array after it is parsed (Query.handleDataRow).
const arrayRowParser = pg.Result.prototype as unknown as { _parseRowAsArray?: unknown };
if (typeof arrayRowParser._parseRowAsArray === 'function') {
  arrayRowParser._parseRowAsArray = function parseInPlace(this: { _parsers: Array<(raw: unknown) => unknown> }, fields: unknown[]): unknown[] {
    for (let i = 0; i < fields.length; i++) if (fields[i] !== null) fields[i] = this._parsers[i]!(fields[i]);
    return fields;
  };
}

export type Row = Record<string, unknown>;

/** What a query returns, free of driver types. */
export interface QueryResult {
  rows: Row[];
  fields: { name: string; dataTypeID: number }[];
  rowCount: number;
}

/** Connection attempts in order (sslmode prefer/allow produce two) and when to move to the next. */
export interface ConnectPlan {
  attempts: ClientConfig[];
  fallbackOnError?: (err: unknown) => boolean;
  /**
   * libpq's target_session_attrs for a single host: a server of the wrong kind is refused (and,
   * after a reconnect, retried until it is of the right kind again, as after a failover).
   * pgwarden's own polling session is read-only by design, so "read-write" and "read-only" are
   * judged by the server's role (in recovery or not) rather than by the session's settings.
   */
  targetSessionAttrs?: TargetSessionAttrs;
  /** How long a statement may go unanswered before its connection is given up (defaults below). */
  deadlines?: Partial<Deadlines>;
  /**
   * `pgbouncer`: the target is PgBouncer's admin console (see data/pgbouncer/detect.ts), which
   * speaks only the simple query protocol and has no backend pid or recovery state to probe.
   */
  kind?: 'postgres' | 'pgbouncer';
}

/**
 * Client-side limits on waiting for the server. A stopped server or a black-holed network answers
 * nothing, and TCP only gives up after minutes: past its deadline a statement fails with
 * {@link NoAnswerError} and its connection is destroyed (a pg Client cannot be reused), so the
 * caller reconnects. Each limit must exceed the server-side statement_timeout of what it guards,
 * so a slow but living server still answers with its own timeout error first.
 */
export interface Deadlines {
  /** Statements on the session's own connection. */
  queryMs: number;
  /** Statements on one-off connections (EXPLAIN and EXPLAIN ANALYZE in another database). */
  oneOffMs: number;
}

/** For plans that set none; the monitor sets its own in cli/connect.ts (the same values). */
export const DEFAULT_DEADLINES: Deadlines = { queryMs: 10_000, oneOffMs: 35_000 };

/** A statement got no answer within its deadline; its connection was dropped. */
export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
  /** Classified like a network timeout: the connection is lost, reconnecting is the cure. */
  readonly code = 'ETIMEDOUT';
  constructor(readonly ms: number) {
    super(`no answer from the server in ${Math.round(ms / 1000)} s: connection dropped`);
  }
}

/**
 * `p`, or a {@link NoAnswerError} once `ms` have passed without it settling; `onLate` then gets
 * the error and must destroy the connection (the statement is still running on it).
 */
export function answerWithin<T>(p: Promise<T>, ms: number, onLate: (err: NoAnswerError) => void): Promise<T> {
  if (!(ms > 0) || !Number.isFinite(ms)) return p;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = new NoAnswerError(ms);
      onLate(err);
      reject(err);
    }, ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

const shape = (res: pg.QueryResult): QueryResult => ({
  rows: res.rows as Row[],
  fields: res.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  rowCount: res.rowCount ?? 0,
});

/**
 * Ends a client whatever state it is in. With a statement outstanding, node-postgres destroys the
 * socket rather than saying goodbye to a server that is not listening.
 */
function discard(client: pg.Client): void {
  client.removeAllListeners('end');
  client.end().catch(() => undefined);
}

/** Why a server does not match target_session_attrs, or undefined when it does. */
export function sessionAttrsMismatch(attrs: TargetSessionAttrs | undefined, inRecovery: boolean): string | undefined {
  const wantsPrimary = attrs === 'read-write' || attrs === 'primary';
  const wantsStandby = attrs === 'read-only' || attrs === 'standby';
  if (wantsPrimary && inRecovery) return `the server is a standby (in recovery), but target_session_attrs=${attrs} asks for a primary`;
  if (wantsStandby && !inRecovery) return `the server is a primary, but target_session_attrs=${attrs} asks for a standby`;
  // any, prefer-standby: with one host, libpq takes what there is.
  return undefined;
}

export type SessionState = 'idle' | 'connecting' | 'ready' | 'lost';

/** Per-statement options. */
export interface QueryOptions {
  /** Overrides the session's deadline, for a statement allowed to run longer (a confirmed fix). */
  deadlineMs?: number;
}

/** A one-off connection from {@link Session.withDatabase}. */
export interface OneOffConnection {
  /** One statement through the extended protocol, with bind parameters. */
  query(text: string, params?: unknown[]): Promise<QueryResult>;
  /**
   * The simple protocol, which runs every statement in the text: only for a text already proven
   * to be a single statement (EXPLAIN (GENERIC_PLAN) must not receive bound values).
   */
  querySimple(text: string): Promise<QueryResult>;
}


/** The server answered but is not of the kind target_session_attrs asks for. */
export class WrongServerKind extends Error {
  override name = 'WrongServerKind';
}

/** A reconnecting connection to one server. */
/**
 * pgwarden's own backends: every connection of every session given (its own and its one-off
 * connections). The one definition the lists (left out as workload) and the actions (refused as
 * a target) both use.
 */
export function ownPids(...sessions: readonly Pick<Session, 'pids'>[]): number[] {
  return sessions.flatMap((s) => s.pids());
}

export class Session {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private _pid: number | undefined;
  private listeners = new Set<(f: Failure) => void>();
  /** Backends of the one-off connections open right now (withDatabase). */
  private oneOffPids = new Set<number>();
  /** The tail of the statements queued on this session: one runs at a time (see {@link query}). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly deadlines: Deadlines;
  /** Each array-read statement's rows of its last run, by text (see db-rows.ts): kept across reconnects. */
  private readonly memories = new Map<string, RowMemory>();
  state: SessionState = 'idle';
  /** server_version as the server announced it at startup (PgBouncer's console says `1.18.0/bouncer`). */
  serverVersion: string | undefined;

  constructor(private readonly plan: ConnectPlan) {
    this.deadlines = { ...DEFAULT_DEADLINES, ...plan.deadlines };
  }

  /** Backend pid of the current connection, to keep our own sessions out of every list. */
  get pid(): number | undefined {
    return this._pid;
  }

  /**
   * Every backend this session has open: its connection and any one-off connection (an EXPLAIN in
   * another database), so the monitor never lists or acts on its own work.
   */
  pids(): number[] {
    return [...(this._pid === undefined ? [] : [this._pid]), ...this.oneOffPids];
  }

    /** Called when the connection drops unexpectedly (server restart, network loss). */
  onLost(fn: (f: Failure) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Connects if needed. Throws the last attempt's error. */
  async connect(): Promise<void> {
    await this.ensure();
  }

  private ensure(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      this.state = 'connecting';
      this.connecting = this.open().finally(() => {
        this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    let lastErr: unknown;
    const { attempts } = this.plan;
    for (let i = 0; i < attempts.length; i++) {
      const client = new pg.Client(attempts[i]);
      parseRemembering(client);
      // Without a listener an 'error' event (server gone) would crash the process.
      client.on('error', (err) => this.drop(client, err));
      client.on('end', () => this.drop(client, new Error('Connection terminated unexpectedly')));
      // node-postgres keeps no ParameterStatus of its own: the server's version string tells
      // PgBouncer's admin console from PostgreSQL before any statement runs.
      let announced: string | undefined;
      (client as unknown as { connection: NodeJS.EventEmitter }).connection.on('parameterStatus', (m: { parameterName: string; parameterValue: string }) => {
        if (m.parameterName === 'server_version') announced = m.parameterValue;
      });
      try {
        // The driver's connectionTimeoutMillis bounds the connect itself (the plan sets it).
        await client.connect();
        this.serverVersion = announced;
        if (this.plan.kind === 'pgbouncer') {
          // Without pgwarden's statement_timeout and read-only options a real PostgreSQL database
          // of that name must not be watched: say so rather than poll it unguarded.
          if (!/\/bouncer$/i.test(announced ?? '')) throw new WrongServerKind(`the database pgbouncer here is not PgBouncer's admin console (server_version ${announced ?? 'unknown'})`);
          // The console answers SHOW commands only, through the simple protocol.
          await answerWithin(client.query('SHOW VERSION'), this.deadlines.queryMs, () => undefined);
          this.client = client;
          this.state = 'ready';
          return client;
        }
        const res = await answerWithin(
          client.query(markOwn('SELECT pg_catalog.pg_backend_pid() AS pid, pg_catalog.pg_is_in_recovery() AS in_recovery')),
          this.deadlines.queryMs,
          () => undefined,
        );
        const mismatch = sessionAttrsMismatch(this.plan.targetSessionAttrs, res.rows[0]?.in_recovery === true);
        if (mismatch) throw new WrongServerKind(mismatch);
        this._pid = Number(res.rows[0]?.pid);
        this.client = client;
        this.state = 'ready';
        return client;
      } catch (err) {
        lastErr = err;
        discard(client);
        const more = i < attempts.length - 1;
        if (!more || !this.plan.fallbackOnError?.(err)) break;
      }
    }
    this.state = 'lost';
    throw lastErr;
  }

  private drop(client: pg.Client, err: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this._pid = undefined;
    this.state = 'lost';
    discard(client);
    const f = classify(err);
    for (const fn of this.listeners) fn(f);
  }

  /**
   * Runs one statement with bind parameters. A connection-level failure drops the client so the
   * next call reconnects; so does a statement unanswered past its deadline. Statements run one at
   * a time, so a deadline counts from when the statement was sent, not from when it was queued
   * behind another caller's (the checklist shares the polling session).
   */
  query(text: string, params: unknown[] = [], opts: QueryOptions = {}): Promise<QueryResult> {
    return this.enqueue(text, params, opts, shape);
  }

  /**
   * {@link query}, its rows as arrays (node-postgres' rowMode 'array'): no object per row. For
   * the poller's statements, read every refresh: a row the same as last time's, byte for byte,
   * comes back as the same array of values, not decoded again (db-rows.ts). The arrays are
   * shared from one refresh to the next: never modify them.
   */
  queryArrays(text: string, params: unknown[] = [], opts: QueryOptions = {}): Promise<ArrayRows> {
    return this.enqueue(text, params, { ...opts, arrays: true }, (res) => ({
      columns: Object.fromEntries(res.fields.map((f, i) => [f.name, i])),
      rows: res.rows as unknown as unknown[][],
    }));
  }

  private memoryOf(text: string): RowMemory {
    let m = this.memories.get(text);
    if (!m) this.memories.set(text, (m = new RowMemory()));
    return m;
  }

  private enqueue<T>(text: string, params: unknown[], opts: QueryOptions & { arrays?: boolean }, out: (res: pg.QueryResult) => T): Promise<T> {
    const run = async (): Promise<T> => {
      const client = await this.ensure();
      try {
        // A text without values goes through the simple protocol, the only one PgBouncer's console speaks.
        const q =
          this.plan.kind === 'pgbouncer' && params.length === 0 && !opts.arrays
            ? client.query(text)
            : opts.arrays
              ? queryRemembering(client, markOwn(text), params, this.memoryOf(text))
              : client.query({ text: markOwn(text), values: params });
        const res = await answerWithin(q, opts.deadlineMs ?? this.deadlines.queryMs, (late) => this.drop(client, late));
        return out(res);
      } catch (err) {
        if (classify(err).kind === 'connection' || classify(err).kind === 'shutdown') this.drop(client, err);
        throw err;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `fn` on a short-lived connection to another database of the same server, opened with
   * this session's attempts (host, TLS, user, timeouts) and closed afterwards whatever happens.
   * EXPLAIN needs it: a statement can only be planned in the database it belongs to.
   */
  async withDatabase<T>(database: string, fn: (conn: OneOffConnection) => Promise<T>): Promise<T> {
    let lastErr: unknown;
    const { attempts } = this.plan;
    let client: pg.Client | undefined;
    for (let i = 0; i < attempts.length && !client; i++) {
      const c = new pg.Client({ ...attempts[i], database });
      // A server that goes away mid-EXPLAIN must fail the call, not crash the process.
      c.on('error', () => undefined);
      try {
        await c.connect();
        client = c;
      } catch (err) {
        lastErr = err;
        c.end().catch(() => undefined);
        if (i === attempts.length - 1 || !this.plan.fallbackOnError?.(err)) break;
      }
    }
    if (!client) throw lastErr;
    const c = client;
    // Past the deadline the socket is destroyed: the statement fails and so does the rest of fn.
    const answered = <T>(p: Promise<T>): Promise<T> => answerWithin(p, this.deadlines.oneOffMs, () => discard(c));
    const conn: OneOffConnection = {
      // The extended protocol parses exactly one statement: a text smuggling "; DROP …" fails.
      query: async (text, params = []) => shape(await answered(c.query({ text: markOwn(text), values: params, queryMode: 'extended' } as pg.QueryConfig))),
      querySimple: async (text) => shape(await answered(c.query(markOwn(text)))),
    };
    let pid: number | undefined;
    try {
      // Another database's owner may have set its search_path (ALTER DATABASE … SET) to put a
      // schema of theirs first: every name pgwarden's own queries use there is looked up in
      // pg_catalog first, starting with this one (qualified: the path is not pinned yet).
      await answered(c.query(markOwn("SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false)")));
      const own = Number((await answered(c.query(markOwn('SELECT pg_catalog.pg_backend_pid() AS pid')))).rows[0]?.pid);
      if (Number.isInteger(own)) this.oneOffPids.add((pid = own));
      return await fn(conn);
    } finally {
      await c.end().catch(() => undefined);
      if (pid !== undefined) this.oneOffPids.delete(pid);
    }
  }

  /** Closes the connection; the session can connect again later. */
  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    this._pid = undefined;
    this.state = 'idle';
    if (c) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
    }
  }
}
