import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { Snapshot } from '../../src/data/collector';
import { ANSWERED_REREAD_MS } from '../../src/data/collector';
import type { LockNode } from '../../src/data/collectors/locks';
import { Session } from '../../src/data/db';
import { Poller, type Scheduler } from '../../src/data/poller';
import { recordedCollectors } from '../../src/cli/record';
import { probe } from '../../src/data/server';
import { sqlFor } from '../../src/data/sql/registry';
import { createDatabase, dropDatabase, lockChain } from '../../src/lab/scenarios';
import { labClusters } from './setup/clusters';
import { connect } from './setup/pg';

const clusters = labClusters();
const lockNodes = (s: Snapshot) => (s.results.locks?.state === 'ok' ? (s.results.locks.data as LockNode[]) : undefined);

describe.each(clusters)('what a recording reads on PostgreSQL $version', ({ major, primary }) => {
  const db = `reccost_${major}_${process.pid}`;
  let admin: pg.Client;
  beforeAll(async () => {
    await createDatabase(primary, db);
    admin = await connect(primary);
  });
  afterAll(async () => {
    await admin.end();
    await dropDatabase(primary, db);
  });

  it('does not query the lock tree while nobody waits, reads it every refresh while someone does, and for real every 10 s', async () => {
    // The poller's clock is ours: "within 10 s" does not depend on how fast this machine is today.
    let now = 1_000_000;
    const sched: Scheduler = { now: () => now, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
    const session = new Session({ attempts: [{ host: primary.host, port: primary.port, user: 'postgres', database: db, application_name: 'pgwarden' }] });
    const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined }, () => [], sched);
    poller.setPlan(recordedCollectors());
    const lockReads = async () =>
      (
        await admin.query<{ n: number }>(
          "SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1) AND query LIKE '%waiting AS MATERIALIZED%'",
          [db],
        )
      ).rows[0]!.n;
    try {
      expect(lockNodes(await poller.once())).toEqual([]);
      const first = await lockReads();
      expect(first).toBeGreaterThanOrEqual(1);
      for (let i = 0; i < 3; i++) {
        now += 1000;
        expect(lockNodes(await poller.once())).toEqual([]);
      }
      expect(await lockReads()).toBe(first);
      now += ANSWERED_REREAD_MS;
      await poller.once();
      expect(await lockReads()).toBe(first + 1);

      const chain = await lockChain(primary, { db, depth: 3 });
      try {
        for (let i = 0; i < 3; i++) {
          now += 1000;
          expect(lockNodes(await poller.once())?.some((n) => n.pid === chain.root)).toBe(true);
        }
        expect(await lockReads()).toBe(first + 4);
      } finally {
        await chain.stop();
      }
    } finally {
      await poller.stop();
      await session.close();
    }
  });

  it('makes at most one pass over every backend per statement, and none for the lock tree', async () => {
    // A pass over pg_stat_activity (pg_stat_get_activity(NULL), also behind pg_stat_replication)
    // builds a row for every backend and looks each up in the process array: milliseconds of
    // server time per statement at 2000 backends. The plan says how many a statement makes.
    const session = new Session({ attempts: [{ host: primary.host, port: primary.port, user: 'pgwarden_monitor', database: db, application_name: 'pgwarden' }] });
    try {
      const caps = await probe(session);
      const ctx = { caps, ownPids: session.pids() };
      const passes: Record<string, number> = {};
      for (const c of recordedCollectors()) {
        if (c.unavailable?.(ctx)) continue;
        const plan = await session.query(`EXPLAIN (VERBOSE, FORMAT JSON) ${c.sqlText?.(ctx) ?? sqlFor(c.query, major).text}`, c.params?.(ctx) ?? []);
        passes[c.id] = JSON.stringify(plan.rows).split('pg_stat_get_activity(NULL').length - 1;
      }
      expect(passes).toMatchObject({ activity: 1, locks: 0, horizon: 1, problems: 1 });
      expect(Object.entries(passes).filter(([, n]) => n > 1)).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
