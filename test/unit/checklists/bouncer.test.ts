/** The PgBouncer checks of the overloaded runbook, on console snapshots: waits, sizing, paused databases, no console. */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checklists/checks';
import { effectiveThresholds } from '../../../src/checklists/run';
import type { Connections } from '../../../src/checklists/sources';
import type { Capabilities } from '../../../src/data/server';
import { bouncerSnapshot, database, pool } from '../pgbouncer/fixtures';

const env = { nowS: 1_000_000, caps: { major: 18 } as Capabilities };
const server = (maxConnections: number): Connections => ({ clients: 10, hidden: 0, active: 2, idle: 8, idleInXact: 0, maxConnections, reserved: 3 });
const run = (id: string, data: unknown[]) => {
  const c = CHECKS.get(id)!;
  return c.evaluate(data, effectiveThresholds(c, {}), env);
};

describe('pgbouncer_pools', () => {
  const snap = (pools: ReturnType<typeof pool>[], poolSize = 20) => ({ known: true, snap: bouncerSnapshot({ pools, databases: [database('pgbouncer', { poolSize: 2 }), database('shop', { poolSize })] }) });

  it.each([
    [0, 0, 'pass'],
    [3, 0.5, 'pass'],
    [3, 1.5, 'warn'],
    [3, 6, 'fail'],
  ] as const)('%i clients waiting, the longest %f s: %s', (waiting, maxwait, outcome) => {
    const r = run('pgbouncer_pools', [snap([pool('shop', { clWaiting: waiting, maxwaitS: maxwait, svActive: 20 })]), server(100)]);
    expect(r.outcome).toBe(outcome);
    expect(r.findings).toEqual(outcome === 'pass' ? [] : ['pgbouncer_pool:shop/app']);
  });

  it('holds what the pools may open against max_connections: above 90 % of the usable warns, above the usable fails', () => {
    // max_connections 100: 97 usable, recommended at most floor(97 x 0.9) = 87.
    expect(run('pgbouncer_pools', [snap([pool('shop')], 80), server(100)]).outcome).toBe('pass');
    const warn = run('pgbouncer_pools', [snap([pool('shop')], 90), server(100)]);
    expect(warn).toMatchObject({ outcome: 'warn', findings: ['pgbouncer_sizing'] });
    expect(warn.summary).toMatch(/pools may open 90 server connections, recommended at most 87 for max_connections 100/);
    expect(run('pgbouncer_pools', [snap([pool('shop')], 98), server(100)]).outcome).toBe('fail');
  });

  it('without a console, is unknown and says what to run on it', () => {
    const r = run('pgbouncer_pools', [{ known: false, reason: 'no PgBouncer is known to this session' }, server(100)]);
    expect(r.outcome).toBe('unknown');
    expect(r.summary).toMatch(/^no PgBouncer is known to this session: on PgBouncer's admin console .*SHOW POOLS/);
  });
});

describe('pgbouncer_paused', () => {
  it('fails while a database is paused, naming it, and leaves the console out', () => {
    const s = bouncerSnapshot({ databases: [database('pgbouncer', { poolSize: 2 }), database('shop', { paused: true }), database('crm')], pools: [pool('shop', { clWaiting: 4 })] });
    const r = run('pgbouncer_paused', [{ known: true, snap: s }]);
    expect(r).toMatchObject({ outcome: 'fail', findings: ['pgbouncer_paused:shop'] });
    expect(r.evidence!.rows).toEqual([['shop', 'yes', 'no', '4'], ['crm', 'no', 'no', '0']]);
    expect(run('pgbouncer_paused', [{ known: true, snap: bouncerSnapshot({ databases: [database('shop')] }) }]).outcome).toBe('pass');
  });
});
