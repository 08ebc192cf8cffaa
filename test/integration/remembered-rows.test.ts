/**
 * The poller's statements are read through a memory of their last rows (src/data/db-rows.ts): a
 * row the same as last refresh's, byte for byte, comes back as last refresh's values without
 * being decoded. These tests make every kind of change a backend's row can see among many that
 * do not change, and check each refresh against a read of the same statement the stock way.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { Snapshot } from '../../src/data/collector';
import { activityCollector, activityCollectorFor, type Backend } from '../../src/data/collectors/activity';
import { Session, type ConnectPlan } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import { probe } from '../../src/data/server';
import { sqlFor } from '../../src/data/sql/registry';
import { isSafe, safeLine } from '../../src/text/sanitize';
import { connect, waitFor } from './setup/pg';
import type { Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const plan = (endpoint: Endpoint): ConnectPlan => ({
  attempts: [{ host: endpoint.host, port: endpoint.port, user: 'postgres', database: 'postgres', application_name: 'pgwarden', statement_timeout: 5000, lock_timeout: 1000 }],
});

const backends = (s: Snapshot): Backend[] => {
  const r = s.results.activity;
  if (r?.state !== 'ok') throw new Error(`activity failed: ${JSON.stringify(r)}`);
  return r.data as Backend[];
};

describe.each(labClusters())('PostgreSQL $major: rows remembered between refreshes', (cluster) => {
  const session = new Session(plan(cluster.primary));
  const clients: pg.Client[] = [];
  const open = async (n: number, app: string): Promise<pg.Client[]> => {
    const out = await Promise.all(Array.from({ length: n }, (_, k) => connect(cluster.primary, { appName: `${app}-${k}` })));
    await Promise.all(out.map((c) => c.query('SELECT 1')));
    clients.push(...out);
    return out;
  };
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await session.close();
  });

  /** The activity statement read the stock way (rows as objects, every field decoded), by pid, for `app`'s backends. */
  const stock = async (scope = activityCollector): Promise<Map<number, Backend>> => {
    const ctx = { caps: await probe(session), ownPids: session.pids() };
    const rows = (await session.query(sqlFor('activity', cluster.major).text, scope.params!(ctx))).rows;
    return new Map(scope.parse(rows, ctx).map((b) => [b.pid, b]));
  };
  const ours = (rows: Backend[], app: string): Backend[] => rows.filter((b) => b.application?.startsWith(app));

  it('gives back an unchanged row as the same array of values, and a statement read the stock way is untouched', async () => {
    await open(5, 'rem-same');
    await session.connect();
    const ctx = { caps: await probe(session), ownPids: session.pids() };
    const text = sqlFor('activity', cluster.major).text;
    const params = activityCollector.params!(ctx);
    const first = await session.queryArrays(text, params);
    const second = await session.queryArrays(text, params);
    const app = first.columns.application!;
    const mine = (rows: readonly (readonly unknown[])[]) => rows.filter((r) => String(r[app]).startsWith('rem-same'));
    expect(mine(first.rows)).toHaveLength(5);
    mine(second.rows).forEach((r, k) => expect(r).toBe(mine(first.rows)[k]));
    // The same statement through query(): objects, every value decoded, the same values.
    const objects = (await session.query(text, params)).rows.filter((r) => String(r.application).startsWith('rem-same'));
    const names = Object.entries(first.columns);
    expect(objects).toEqual(mine(second.rows).map((r) => Object.fromEntries(names.map(([n, i]) => [n, r[i]]))));
  });

  it('sees a change in any column of one backend among many, backends gone and new, and keeps the others', async () => {
    const c = await open(40, 'rem-many');
    const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
    poller.setPlan([activityCollector]);
    await poller.once();
    const before = ours(backends(await poller.once()), 'rem-many');
    expect(before).toHaveLength(40);
    const pid = (k: number): number => (c[k] as unknown as { processID: number }).processID;

    // The same statement again: only its times change, bytes of the same length.
    await c[3]!.query('SELECT 1');
    await c[5]!.query('SELECT 3 AS changed_query');
    await c[7]!.query('BEGIN');
    await c[7]!.query('SELECT txid_current()');
    await c[11]!.query("SET application_name = 'rem-many-renamed'");
    await c[19]!.query('SELECT pg_advisory_lock(4242)');
    const waiting = c[15]!.query('SELECT pg_advisory_lock(4242)');
    await c[23]!.end();
    const [added] = await open(1, 'rem-many-new');
    await waitFor(async () => (await stock()).get(pid(15))?.waitEventType === 'Lock' || undefined, { what: 'a backend waiting for an advisory lock' });

    const after = ours(backends(await poller.once()), 'rem-many');
    const fresh = await stock();
    // Every backend as the stock read says (nothing changed between the two reads).
    for (const b of after) expect(b).toEqual(fresh.get(b.pid));
    const byPid = new Map(after.map((b) => [b.pid, b]));
    const was = (k: number): Backend => before.find((b) => b.pid === pid(k))!;
    expect(byPid.get(pid(3))?.query).toBe('SELECT 1');
    expect(byPid.get(pid(3))?.queryStart).toBeGreaterThan(was(3).queryStart!);
    expect(byPid.get(pid(5))?.query).toBe('SELECT 3 AS changed_query');
    expect(byPid.get(pid(7))).toMatchObject({ state: 'idle in transaction', query: 'SELECT txid_current()' });
    expect(byPid.get(pid(7))?.backendXid).not.toBeNull();
    expect(byPid.get(pid(11))?.application).toBe('rem-many-renamed');
    expect(byPid.get(pid(15))).toMatchObject({ state: 'active', waitEventType: 'Lock', waitEvent: 'advisory', blockedBy: [pid(19)] });
    expect(byPid.has(pid(23))).toBe(false);
    expect(byPid.get((added as unknown as { processID: number }).processID)?.application).toBe('rem-many-new-0');
    // The backends nobody touched are the very objects of the refresh before.
    const changed = new Set([3, 5, 7, 11, 15, 19, 23].map(pid));
    const kept = before.filter((b) => !changed.has(b.pid));
    expect(kept).toHaveLength(33);
    for (const b of kept) expect(byPid.get(b.pid)).toBe(b);

    await c[19]!.query('SELECT pg_advisory_unlock(4242)');
    await waiting;
    await c[15]!.query('SELECT pg_advisory_unlock(4242)');
    await c[7]!.query('ROLLBACK');
  });

  it("sees an idle session the pane does not list (a partial row) become listed, and keeps the others' objects", async () => {
    const c = await open(10, 'rem-partial');
    const pids = c.map((x) => (x as unknown as { processID: number }).processID);
    const scoped = activityCollectorFor({ idle: false, background: false });
    const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
    poller.setPlan([scoped]);
    await poller.once();
    const before = backends(await poller.once()).filter((b) => pids.includes(b.pid));
    expect(before.every((b) => b.partial && b.state === 'idle')).toBe(true);
    await c[4]!.query('BEGIN');
    await c[4]!.query('SELECT 1');
    const after = backends(await poller.once()).filter((b) => pids.includes(b.pid));
    const fresh = await stock(scoped);
    for (const b of after) expect(b).toEqual(fresh.get(b.pid));
    expect(after.find((b) => b.pid === pids[4])).toMatchObject({ partial: false, state: 'idle in transaction', application: 'rem-partial-4' });
    for (const b of before.filter((x) => x.pid !== pids[4])) expect(after.find((x) => x.pid === b.pid)).toBe(b);
    await c[4]!.query('ROLLBACK');
  });

  it('gives back a hostile query text remembered as it was read: raw, and made harmless by the one boundary', async () => {
    const [c] = await open(1, 'rem-hostile');
    const hostile = "SELECT '\u001b[2J\u001b]0;owned\u0007' AS x";
    await c!.query(hostile);
    const pid = (c as unknown as { processID: number }).processID;
    const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
    poller.setPlan([activityCollector]);
    const first = backends(await poller.once()).find((b) => b.pid === pid)!;
    const second = backends(await poller.once()).find((b) => b.pid === pid)!;
    expect(second).toBe(first);
    expect(second.query).toBe(hostile);
    const shown = safeLine(second.query);
    expect(isSafe(shown)).toBe(true);
    expect(shown).not.toContain('\u001b');
  });

  it('compares with the last complete read after a statement that failed part way, or a reconnect', async () => {
    const text = 'SELECT i, CASE WHEN $1::bool AND i = 3 THEN 1 / 0 ELSE i END AS v, repeat(i::text, 3) AS s FROM generate_series(1, 5) i';
    const first = await session.queryArrays(text, [false]);
    expect(first.rows).toEqual([1, 2, 3, 4, 5].map((i) => [i, i, String(i).repeat(3)]));
    await expect(session.queryArrays(text, [true])).rejects.toThrow(/division by zero/);
    const third = await session.queryArrays(text, [false]);
    expect(third.rows).toEqual(first.rows);
    third.rows.forEach((r, k) => expect(r).toBe(first.rows[k]));
    await session.close();
    const fourth = await session.queryArrays(text, [false]);
    fourth.rows.forEach((r, k) => expect(r).toBe(first.rows[k]));
    // Statements read the stock way on the same connection are not affected by the memory.
    expect((await session.query(text, [false])).rows[2]).toEqual({ i: 3, v: 3, s: '333' });
  });
});
