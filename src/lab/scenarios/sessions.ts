import type pg from 'pg';
import { LAB_ADMIN_APP_NAME, LAB_APP_NAME, labClient, waitUntil } from '../client';
import type { Endpoint } from '../types';

/** What every scenario returns: the backends it created and how to end them. */
export interface ScenarioHandle {
  /** Backend pids of every session of the scenario, in creation order. */
  pids: number[];
  /** Terminates every session of the scenario and waits until they are gone. Idempotent. */
  stop(): Promise<void>;
}

/** Options shared by every scenario. */
export interface ScenarioOptions {
  /** Database the sessions connect to (default `postgres`). */
  db?: string;
  /** application_name of the sessions (default `pgwarden-lab`). */
  appName?: string;
}

/** The pg_stat_activity columns scenarios wait on. */
export interface ActivityRow {
  pid: number;
  state: string | null;
  wait_event_type: string | null;
  wait_event: string | null;
  backend_xid: string | null;
  query: string;
}

/**
 * The sessions of one scenario plus a superuser connection that watches and ends them.
 * Sessions that are blocked cannot be asked to leave, so stop() terminates them all with
 * pg_terminate_backend from the watcher, newest first: a waiter that outlived its blocker
 * would otherwise run its statement (an ALTER TABLE would really alter the table).
 */
export class SessionGroup {
  private readonly clients: pg.Client[] = [];
  readonly pids: number[] = [];
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly endpoint: Endpoint,
    private readonly opts: ScenarioOptions,
    private readonly watcher: pg.Client,
  ) {}

  static async create(endpoint: Endpoint, opts: ScenarioOptions = {}): Promise<SessionGroup> {
    return new SessionGroup(endpoint, opts, await labClient(endpoint, { appName: LAB_ADMIN_APP_NAME }));
  }

  /** Opens one session and returns it with its backend pid. */
  async open(): Promise<{ client: pg.Client; pid: number }> {
    const client = await labClient(this.endpoint, { db: this.opts.db, appName: this.opts.appName ?? LAB_APP_NAME });
    this.clients.push(client);
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    this.pids.push(pid);
    return { client, pid };
  }

  /**
   * Sends a statement that is expected to block or run for long, without awaiting it. Its
   * eventual error (the session being terminated) is expected and ignored.
   */
  fire(client: pg.Client, sql: string, params: unknown[] = []): void {
    client.query(sql, params).catch(() => {});
  }

  /** Polls pg_stat_activity until the backend's row satisfies `ok`. */
  async waitFor(pid: number, what: string, ok: (row: ActivityRow) => boolean): Promise<ActivityRow> {
    return waitUntil(
      async () => {
        const r = await this.watcher.query<ActivityRow>(
          `SELECT pid, state, wait_event_type, wait_event, backend_xid::text AS backend_xid, query
             FROM pg_stat_activity WHERE pid = $1`,
          [pid],
        );
        const row = r.rows[0];
        return row && ok(row) ? row : undefined;
      },
      { what: `backend ${pid} ${what}` },
    );
  }

  /** Runs `build`; if it fails, ends whatever it had started before rethrowing. */
  async guard<T>(build: () => Promise<T>): Promise<T> {
    try {
      return await build();
    } catch (err) {
      await this.stop().catch(() => {});
      throw err;
    }
  }

  /** Terminates every session (newest first), waits until they are gone, closes all clients. */
  stop(): Promise<void> {
    return (this.stopping ??= this.stopNow());
  }

  private async stopNow(): Promise<void> {
    const pids = [...this.pids].reverse();
    try {
      if (pids.length > 0) {
        for (const pid of pids) await this.watcher.query('SELECT pg_terminate_backend($1)', [pid]);
        await waitUntil(
          async () => {
            const r = await this.watcher.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[])', [pids]);
            return r.rowCount === 0;
          },
          { what: `lab sessions ${pids.join(', ')} to end` },
        );
      }
    } finally {
      await Promise.all([...this.clients, this.watcher].map(endQuietly));
    }
  }
}

/** Closes a client, whatever state its connection is in, without waiting forever. */
async function endQuietly(client: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.end().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 2000);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
