import { afterEach, describe, expect, it } from 'vitest';
import { dataOf, type Snapshot } from '../../src/data/collector';
import { horizonCollector, type HorizonHolder } from '../../src/data/collectors/horizon';
import { Session } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import { idleInTransaction } from '../../src/lab/scenarios';
import { inactiveSlot, logicalSlot } from '../../src/lab/scenarios/inactiveSlot';
import { waitFor } from './setup/pg';
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
});
