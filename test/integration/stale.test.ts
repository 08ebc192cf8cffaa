/**
 * A server that stops answering (a stopped backend, a black-holed network) must not leave frozen
 * data on screen as if it were live: the poller reports the unanswered refresh within its limit,
 * the session's deadline drops the connection, and the usual reconnect takes over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityCollector } from '../../src/data/collectors/activity';
import type { Snapshot } from '../../src/data/collector';
import { NoAnswerError, Session, type ConnectPlan, type Deadlines } from '../../src/data/db';
import { Poller, staleAfterMs, type ConnectionStatus, type Overdue } from '../../src/data/poller';
import { DEADLINES } from '../../src/cli/connect';
import { DEFAULT_CONNECT_TIMEOUT_MS, KEEPALIVE_IDLE_MS } from '../../src/data/connection';
import { connect, waitFor } from './setup/pg';
import type { Endpoint } from './setup/types';
import { freezableProxy, type FreezableProxy } from '../helpers/proxy';
import './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();
const INTERVAL_MS = 1000;

function plan(host: string, port: number, appName: string, deadlines: Deadlines = DEADLINES, password?: string): ConnectPlan {
  return {
    attempts: [
      {
        host,
        port,
        user: 'postgres',
        database: 'postgres',
        // TCP to the lab asks for its SCRAM password (the Unix socket is private instead).
        ...(password ? { password } : {}),
        application_name: appName,
        statement_timeout: 5000,
        lock_timeout: 1000,
        options: '-c default_transaction_read_only=on',
        // As toClientConfig sets them for every pgwarden connection.
        connectionTimeoutMillis: DEFAULT_CONNECT_TIMEOUT_MS,
        keepAlive: true,
        keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
      },
    ],
    deadlines,
  };
}

/** A polling loop recording what it reports, with the local time of each report. */
function watch(session: Session) {
  const log = {
    snapshots: [] as { at: number; s: Snapshot }[],
    statuses: [] as { at: number; s: ConnectionStatus }[],
    overdue: [] as { at: number; o: Overdue | undefined }[],
    onSnapshot: undefined as (() => void) | undefined,
  };
  const poller = new Poller(session, {
    snapshot: (s) => {
      log.snapshots.push({ at: Date.now(), s });
      log.onSnapshot?.();
    },
    status: (s) => log.statuses.push({ at: Date.now(), s }),
    overdue: (o) => log.overdue.push({ at: Date.now(), o }),
  });
  poller.setInterval(INTERVAL_MS);
  poller.setPlan([activityCollector]);
  return { poller, log };
}

async function backendGone(endpoint: Endpoint, pid: number): Promise<boolean> {
  const admin = await connect(endpoint);
  try {
    return (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0;
  } finally {
    await admin.end();
  }
}

// The most a black hole can wait before the screen says "no answer": until the next refresh is
// sent (one interval), then the limit. And before the connection is dropped: until the next
// refresh, then the deadline of the statement it sends. A second of slack for timers.
// Upper bounds for the waits only ("well under a minute", as the limits promise): the figures
// themselves are logged below, and that nothing is said before its limit is asserted. A loaded
// machine delays timers; it must not fail a test that proves ordering and bounds.
const SAY_WITHIN_MS = 3 * (INTERVAL_MS + staleAfterMs(INTERVAL_MS));
const DROP_WITHIN_MS = 3 * (INTERVAL_MS + DEADLINES.queryMs);

describe.each(clusters)('PostgreSQL $major: a server that stops answering', (cluster) => {
  it('a stopped backend: "no answer" within the limit, then a new connection, and live again', async () => {
    const session = new Session(plan(cluster.primary.host, cluster.primary.port, 'pgwarden-stale-stop'));
    const { poller, log } = watch(session);
    let stopped: number | undefined;
    let stoppedAt = 0;
    try {
      poller.start();
      await waitFor(() => log.snapshots.length >= 1);
      // Stop the backend right after a refresh, while it waits idle for the next one (so it holds
      // no lock anyone else could need): its socket stays open and nothing answers.
      await new Promise<void>((resolve) => {
        log.onSnapshot = () => {
          log.onSnapshot = undefined;
          stopped = session.pid!;
          process.kill(stopped, 'SIGSTOP');
          stoppedAt = Date.now();
          resolve();
        };
      });
      const said = await waitFor(() => log.overdue.find((e) => e.at >= stoppedAt && e.o), { timeoutMs: SAY_WITHIN_MS, what: 'an overdue report' });
      expect(said.o!.noAnswerMs).toBeGreaterThanOrEqual(staleAfterMs(INTERVAL_MS));
      expect(said.o!.dataAgeMs!).toBeGreaterThanOrEqual(said.o!.noAnswerMs);
      // It counts up while nothing answers.
      await waitFor(() => log.overdue.filter((e) => e.at >= stoppedAt && e.o).length >= 2, { timeoutMs: 3000 });
      const lost = await waitFor(() => log.statuses.find((e) => e.at >= stoppedAt && e.s.state === 'lost'), { timeoutMs: DROP_WITHIN_MS, what: 'the drop' });
      expect(lost.s.state === 'lost' && lost.s.failure.message).toMatch(/no answer from the server/);
      const back = await waitFor(() => log.snapshots.find((e) => e.at > lost.at), { timeoutMs: 5000, what: 'a snapshot after the reconnect' });
      expect(session.pid).not.toBe(stopped);
      expect(log.overdue.at(-1)!.o).toBeUndefined();
      console.log(
        `[stale] PG${cluster.major} stopped backend: "no answer" after ${said.at - stoppedAt} ms, dropped after ${lost.at - stoppedAt} ms, live again after ${back.at - stoppedAt} ms`,
      );
    } finally {
      await poller.stop();
      await session.close();
      if (stopped !== undefined) process.kill(stopped, 'SIGCONT');
    }
    // Resumed, the old backend finds its client gone and exits.
    await waitFor(() => backendGone(cluster.primary, stopped!), { timeoutMs: 10_000 });
  });

  describe('behind a black-holed network', () => {
    let proxy: FreezableProxy;
    beforeAll(async () => {
      proxy = await freezableProxy({ host: cluster.primary.tcpHost, port: cluster.primary.port });
    });
    afterAll(() => proxy.close());

    it('says so, drops the connection, and reconnects once the network is back', async () => {
      proxy.thaw();
      const session = new Session(plan('127.0.0.1', proxy.port, 'pgwarden-stale-net', DEADLINES, cluster.primary.passwords.postgres));
      const { poller, log } = watch(session);
      try {
        poller.start();
        await waitFor(() => log.snapshots.length >= 1);
        const pid = session.pid!;
        proxy.freeze();
        const frozeAt = Date.now();
        const said = await waitFor(() => log.overdue.find((e) => e.at >= frozeAt && e.o), { timeoutMs: SAY_WITHIN_MS, what: 'an overdue report' });
        const lost = await waitFor(() => log.statuses.find((e) => e.at >= frozeAt && e.s.state === 'lost'), { timeoutMs: DROP_WITHIN_MS, what: 'the drop' });
        // While the network stays down, the reconnect waits (bounded by the connect timeout) and
        // the count goes on.
        await waitFor(() => log.statuses.some((e) => e.at > lost.at && e.s.state === 'connecting'));
        const during = log.overdue.at(-1)!.o!;
        expect(during.noAnswerMs).toBeGreaterThanOrEqual(lost.at - frozeAt - 1000);
        const thawedAt = Date.now();
        proxy.thaw();
        const back = await waitFor(() => log.snapshots.find((e) => e.at > thawedAt), { timeoutMs: 5000, what: 'a snapshot after the network is back' });
        expect(session.pid).not.toBe(pid);
        expect(log.overdue.at(-1)!.o).toBeUndefined();
        console.log(
          `[stale] PG${cluster.major} black hole: "no answer" after ${said.at - frozeAt} ms, dropped after ${lost.at - frozeAt} ms; live ${back.at - thawedAt} ms after the network came back`,
        );
      } finally {
        proxy.thaw();
        await poller.stop();
        await session.close();
      }
    });

    it('an action and a one-off connection end at their deadline instead of hanging', async () => {
      proxy.thaw();
      const short = { queryMs: 1500, oneOffMs: 1500 };
      const action = new Session(plan('127.0.0.1', proxy.port, 'pgwarden-stale-action', short, cluster.primary.passwords.postgres));
      try {
        await action.query('SELECT 1');
        proxy.freeze();
        const t0 = Date.now();
        await expect(action.query('SELECT 1')).rejects.toBeInstanceOf(NoAnswerError);
        expect(Date.now() - t0).toBeGreaterThanOrEqual(short.queryMs - 50);
        expect(action.state).toBe('lost');
        // A one-off connection (EXPLAIN in another database) opened while the network is down:
        // the connect itself waits for its timeout, so open it first, then freeze.
        proxy.thaw();
        const oneOff = action.withDatabase('postgres', async (conn) => {
          proxy.freeze();
          return conn.query('SELECT 1');
        });
        await expect(oneOff).rejects.toBeInstanceOf(NoAnswerError);
        // The network back, the session reconnects on its next statement.
        proxy.thaw();
        expect((await action.query('SELECT 2 AS n')).rows[0]?.n).toBe(2);
      } finally {
        proxy.thaw();
        await action.close();
      }
    });
  });
});
