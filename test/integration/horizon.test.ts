import { afterEach, describe, expect, it } from 'vitest';
import { dataOf, type Snapshot } from '../../src/data/collector';
import { horizonCollector, type HorizonHolder } from '../../src/data/collectors/horizon';
import { Session } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import { idleInTransaction } from '../../src/lab/scenarios';
import { inactiveSlot, logicalSlot } from '../../src/lab/scenarios/inactiveSlot';
import { connect, waitFor } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

describe.each(clusters)('xmin horizon holders on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0).reverse()) await s();
  });

  it('names an idle-in-transaction session and a logical slot, oldest first, and leaves itself out', async () => {
    // The slot first: creating a logical slot waits for transactions already running.
    const slot = await logicalSlot(primary, { name: `lab_horizon_${cluster.major}` });
    stops.push(slot.stop);
    const physical = await inactiveSlot(primary, { name: `lab_no_xmin_${cluster.major}` });
    stops.push(physical.stop);
    const s = new Session({ attempts: [{ host: primary.host, port: primary.port, user: 'postgres', database: 'postgres', application_name: 'pgwarden' }] });
    stops.push(() => s.close());
    // Transactions between the two, so the slot's xmin is strictly older than the session's.
    for (let i = 0; i < 3; i++) await s.query('SELECT txid_current()');
    const idle = await idleInTransaction(primary, { appName: 'lab-horizon' });
    stops.push(idle.stop);

    const p = new Poller(s, { snapshot: () => undefined, status: () => undefined });
    p.setPlan([horizonCollector]);
    // Consume some XIDs so the holders' ages are above zero.
    await s.query('SELECT txid_current()');
    await s.query('SELECT txid_current()');
    let holders: HorizonHolder[] = [];
    await waitFor(async () => {
      const snap: Snapshot = await p.once();
      holders = dataOf(snap, horizonCollector) ?? [];
      return holders.some((h) => h.pid === idle.pid) && holders.some((h) => h.name === slot.name);
    }, { what: 'both holders to be listed' });

    const session = holders.find((h) => h.pid === idle.pid)!;
    expect(session).toMatchObject({ kind: 'backend', state: 'idle in transaction', name: 'lab-horizon', database: 'postgres' });
    expect(session.xminAge).toBeGreaterThan(0);
    expect(session.activityKey).toMatch(new RegExp(`^${idle.pid}:`));
    const held = holders.find((h) => h.name === slot.name)!;
    expect(held).toMatchObject({ kind: 'slot', state: 'inactive', detail: 'logical catalog_xmin' });
    // The slot was created first: it holds the older xmin.
    expect(held.xminAge!).toBeGreaterThan(session.xminAge!);
    expect(holders.indexOf(held)).toBeLessThan(holders.indexOf(session));
    // A physical slot without hot_standby_feedback holds WAL, not an xmin.
    expect(holders.some((h) => h.name === physical.name)).toBe(false);
    // Our own session is never a holder.
    expect(holders.some((h) => h.pid === s.pid)).toBe(false);
    for (let i = 1; i < holders.length; i++) expect(holders[i - 1]!.xminAge ?? -1).toBeGreaterThanOrEqual(holders[i]!.xminAge ?? -1);
  });

  it("names a standby's feedback xmin as the standby, never as its walsender's session, also to a role without pg_read_all_stats", async () => {
    const standby = cluster.standby!;
    const onStandby = await connect(standby);
    const onPrimary = await connect(primary);
    const feedback = async (on: boolean) => {
      await onStandby.query(on ? 'ALTER SYSTEM SET hot_standby_feedback = on' : 'ALTER SYSTEM RESET hot_standby_feedback');
      await onStandby.query('SELECT pg_reload_conf()');
      // The walreceiver sends feedback as soon as it reloads; the walsender's xmin follows it.
      await waitFor(async () => {
        const r = await onPrimary.query("SELECT backend_xmin IS NOT NULL AS held FROM pg_stat_replication WHERE application_name = 'standby1'");
        return r.rows[0]?.held === on;
      }, { what: `the standby's feedback xmin to be ${on ? 'held' : 'released'}` });
    };
    stops.push(async () => {
      await feedback(false);
      await onStandby.end();
      await onPrimary.end();
    });
    await feedback(true);
    const sender = Number((await onPrimary.query("SELECT pid FROM pg_stat_replication WHERE application_name = 'standby1'")).rows[0]!.pid);

    const read = async (user: string): Promise<HorizonHolder[]> => {
      const s = new Session({ attempts: [{ host: primary.host, port: primary.port, user, database: 'postgres', application_name: 'pgwarden' }] });
      try {
        const p = new Poller(s, { snapshot: () => undefined, status: () => undefined });
        p.setPlan([horizonCollector]);
        return dataOf(await p.once(), horizonCollector) ?? [];
      } finally {
        await s.close();
      }
    };
    const monitor = await waitFor(async () => {
      const hs = await read('pgwarden_monitor');
      return hs.some((h) => h.kind === 'standby') ? hs : undefined;
    }, { what: 'the standby to be listed' });
    const row = monitor.find((h) => h.kind === 'standby')!;
    expect(row).toMatchObject({ pid: sender, name: 'standby1', user: 'postgres', database: null, state: 'streaming', detail: null });
    expect(row.xmin).toMatch(/^\d+$/);
    expect(row.since).toEqual(row.backendStart);
    expect(row.activityKey).toMatch(new RegExp(`^${sender}:`));
    expect(monitor.filter((h) => h.pid === sender).map((h) => h.kind)).toEqual(['standby']);

    // Without pg_read_all_stats the walsender's type is hidden (NULL), its pid is not: still a standby row only.
    const plain = await read('pgwarden_plain');
    expect(plain.filter((h) => h.pid === sender).map((h) => [h.kind, h.state])).toEqual([['standby', null]]);
  });
});
