import { describe, expect, it } from 'vitest';
import { bouncerStatement, bouncerRequest } from '../../../src/actions/pgbouncer';
import { consolePlan, isConsoleTarget } from '../../../src/data/pgbouncer/detect';
import { connOf, databaseOf, poolOf, statsOf, versionOf } from '../../../src/data/pgbouncer/read';
import { bouncerModel, poolBudget, sizingLine } from '../../../src/screens/pgbouncer/model';
import { bouncerSnapshot, client, database, pool } from './fixtures';

describe('reading the console by column name', () => {
  it('adds maxwait_us to maxwait and tolerates columns an older version lacks', () => {
    expect(poolOf({ database: 'shop', user: 'app', cl_active: 3, cl_waiting: 2, sv_active: 5, maxwait: 1, maxwait_us: 500000 })).toMatchObject({ clWaiting: 2, maxwaitS: 1.5, svIdle: 0, poolMode: null });
    // Before 1.8 there was no maxwait_us.
    expect(poolOf({ database: 'shop', user: 'app', maxwait: 7 }).maxwaitS).toBe(7);
  });
  it('reads max_db_connections under either name, and paused as PgBouncer prints it', () => {
    expect(databaseOf({ name: 'shop', max_connections: 40, paused: 1, disabled: 0 })).toMatchObject({ maxDbConnections: 40, paused: true, disabled: false });
    expect(databaseOf({ name: 'shop', max_db_connections: 30, max_connections: 0 }).maxDbConnections).toBe(30);
  });
  it('reads averages when present and null when not', () => {
    expect(statsOf({ database: 'shop', avg_query_count: 120, avg_query_time: 2500 })).toMatchObject({ queryPerS: 120, avgQueryUs: 2500, xactPerS: null });
    expect(connOf({ user: 'app', database: 'shop', state: 'waiting', wait: 2, wait_us: 250000 }).waitS).toBe(2.25);
    expect(versionOf([{ version: 'PgBouncer 1.18.0' }])).toBe('1.18.0');
  });
});

describe('detection', () => {
  const attempt = { host: 'h', port: 6432, user: 'admin', database: 'pgbouncer', application_name: 'pgwarden', statement_timeout: 5000, options: '-c search_path=pg_catalog' };
  it('takes the database pgbouncer as the console and strips the startup parameters PgBouncer refuses', () => {
    expect(isConsoleTarget({ attempts: [attempt] })).toBe(true);
    expect(isConsoleTarget({ attempts: [{ ...attempt, database: 'shop' }] })).toBe(false);
    const plan = consolePlan({ attempts: [attempt], targetSessionAttrs: 'read-write' });
    expect(plan.kind).toBe('pgbouncer');
    expect(plan.targetSessionAttrs).toBeUndefined();
    expect(plan.attempts[0]).toEqual({ host: 'h', port: 6432, user: 'admin', database: 'pgbouncer', application_name: 'pgwarden' });
  });
});

describe('console commands', () => {
  it('quote the database as an identifier and refuse line breaks', () => {
    expect(bouncerStatement('pause', 'shop')).toBe('PAUSE "shop"');
    expect(bouncerStatement('kill', 'a"b')).toBe('KILL "a""b"');
    expect(() => bouncerStatement('resume', 'a\nSHUTDOWN')).toThrow();
    expect(() => bouncerStatement('resume', '')).toThrow();
  });
  it('warn before pausing a pool that already queues clients', () => {
    expect(bouncerRequest('pause', 'shop', { waiting: 4 }, 'pgbouncer').notes.join(' ')).toMatch(/4 clients already wait/);
    expect(bouncerRequest('resume', 'shop', { paused: false }, 'pgbouncer').notes.join(' ')).toMatch(/not paused/);
  });
});

describe('the pane model', () => {
  it('marks a saturated pool and a long wait, critical past 5 s, longest waiting client first', () => {
    const snap = bouncerSnapshot({
      pools: [pool('shop', { clActive: 10, clWaiting: 3, svActive: 10, maxwaitS: 6.2 }), pool('blog', { clActive: 1, svActive: 1, svIdle: 2 }), pool('pgbouncer', { user: 'pgbouncer' })],
      databases: [database('shop', { poolSize: 10 }), database('blog', { poolSize: 5 }), database('idle', { poolSize: 5, paused: true })],
      clients: [client('shop', 1.5), client('shop', 6.2, { applicationName: 'worker' }), client('blog', 0)],
    });
    const m = bouncerModel(snap);
    expect(m.pools.map((p) => p.key)).toEqual(['shop/app', 'blog/app', 'idle/']);
    const shop = m.pools[0]!;
    expect(shop).toMatchObject({ saturated: true, severity: 'critical', poolSize: 10 });
    expect(m.problems.map((p) => [p.id, p.severity])).toEqual([
      ['waiting:shop/app', 'critical'],
      ['saturated:shop/app', 'warning'],
    ]);
    expect(m.waitingClients.map((c) => c.waitS)).toEqual([6.2, 1.5]);
    expect(m.paused).toEqual(['idle']);
  });
  it('compares what the pools may open with the server max_connections', () => {
    const snap = bouncerSnapshot({
      pools: [pool('shop'), pool('shop', { user: 'report' }), pool('blog')],
      databases: [database('shop', { poolSize: 40, reservePool: 5 }), database('blog', { poolSize: 30, maxDbConnections: 20 })],
    });
    // shop: (40 + 5) x 2 users; blog: capped by max_db_connections.
    expect(poolBudget(snap)).toBe(110);
    expect(bouncerModel(snap, { serverMaxConnections: 100 }).problems[0]).toMatchObject({ id: 'sizing', severity: 'critical' });
    expect(bouncerModel(snap, { serverMaxConnections: 120 }).problems[0]).toMatchObject({ id: 'sizing', severity: 'warning' });
    expect(bouncerModel(snap, { serverMaxConnections: 200 }).problems).toEqual([]);
    expect(sizingLine(bouncerModel(snap, { serverMaxConnections: 100 }).sizing)).toMatch(/may open 110 .* recommended at most 87 for max_connections 100/);
    expect(sizingLine(bouncerModel(snap).sizing)).toMatch(/max_connections unknown/);
  });
});
