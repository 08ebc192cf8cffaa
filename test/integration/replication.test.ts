import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { dataOf, type Collector, type Snapshot } from '../../src/data/collector';
import {
  recoveryCollector,
  replicationCollector,
  slotsCollector,
  type RecoveryStatus,
  type Slot,
  type WalSender,
} from '../../src/data/collectors/replication';
import { activityCollector } from '../../src/data/collectors/activity';
import { standbyDelaySeconds } from '../../src/data/replicationLag';
import { sqlFor } from '../../src/data/sql/registry';
import { Session } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import { pauseReplay, resumeReplay } from '../../src/lab/replay';
import { inactiveSlot } from '../../src/lab/scenarios/inactiveSlot';
import { replicationAlarm, NORMAL_THRESHOLDS } from '../../src/screens/replication/alarm';
import { connect, waitFor } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

function session(endpoint: Endpoint, user = 'postgres'): Session {
  return new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user, database: 'postgres', application_name: 'pgwarden' }] });
}

function collectorsOn(s: Session, collectors: Collector[]): () => Promise<Snapshot> {
  const poller = new Poller(s, { snapshot: () => undefined, status: () => undefined });
  poller.setPlan(collectors);
  return () => poller.once();
}

async function write(endpoint: Endpoint, sql: string): Promise<void> {
  const c = await connect(endpoint);
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe.each(clusters)('replication collectors on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  const standby = cluster.standby!;
  const onPrimary = session(primary);
  const onStandby = session(standby);
  const primaryOnce = collectorsOn(onPrimary, [replicationCollector, recoveryCollector, slotsCollector]);
  const standbyOnce = collectorsOn(onStandby, [replicationCollector, recoveryCollector, slotsCollector]);
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    await onPrimary.close();
    await onStandby.close();
  });

  const sender = (snap: Snapshot): WalSender | undefined => dataOf(snap, replicationCollector)?.find((s) => s.application === 'standby1');

  it('reads the WAL senders only when the activity rows show one (the standby has none: answered, no statement)', async () => {
    const reads = async (s: Session): Promise<{ sent: number; senders: WalSender[] }> => {
      const text = sqlFor('replication', cluster.major).text;
      const spy = vi.spyOn(s, 'query');
      try {
        const once = collectorsOn(s, [activityCollector, replicationCollector]);
        await once();
        const snap = await once();
        return { sent: spy.mock.calls.filter(([t]) => t === text).length, senders: dataOf(snap, replicationCollector)! };
      } finally {
        spy.mockRestore();
      }
    };
    // The first refresh reads for real; the second is settled by the activity rows on the standby.
    const onStandbyRead = await reads(onStandby);
    expect(onStandbyRead).toEqual({ sent: 1, senders: [] });
    const onPrimaryRead = await reads(onPrimary);
    expect(onPrimaryRead.sent).toBe(2);
    expect(onPrimaryRead.senders.some((x) => x.application === 'standby1')).toBe(true);
  });

  it('shows the streaming standby on the primary with every LSN and no lag at rest', async () => {
    await write(primary, 'CREATE TABLE IF NOT EXISTS repl_probe (id serial, t text)');
    const snap = await waitFor(async () => {
      const s = await primaryOnce();
      return sender(s)?.replayLagBytes === 0 ? s : undefined;
    }, { what: 'standby1 to catch up' });
    const s = sender(snap)!;
    expect(s.state).toBe('streaming');
    expect(s.syncState).toBe('async');
    for (const lsn of [s.currentLsn, s.sentLsn, s.writeLsn, s.flushLsn, s.replayLsn]) expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(s.backendStart).toBeGreaterThan(0);
    expect(dataOf(snap, recoveryCollector)).toMatchObject({ inRecovery: false, receiver: null });
    expect(replicationAlarm({ senders: dataOf(snap, replicationCollector)!, recovery: dataOf(snap, recoveryCollector)!, slots: [] }, NORMAL_THRESHOLDS).level).toBe('ok');
  });

  it('shows lag growing while replay is paused on the standby, and clearing once resumed', async () => {
    // A replayed commit first, so the standby has a last-replay timestamp to measure from.
    // (The primary may report no lag before an asynchronous commit is even written: wait for the
    // standby to have replayed it.)
    await write(primary, "INSERT INTO repl_probe (t) VALUES ('before pause')");
    await waitFor(
      async () => {
        const rows = (await onStandby.query("SELECT 1 FROM repl_probe WHERE t = 'before pause'")).rows;
        return rows.length > 0 && dataOf(await standbyOnce(), recoveryCollector)?.lastReplayTime != null;
      },
      { what: 'the standby to replay a commit' },
    );
    await pauseReplay(standby, cluster.major);
    cleanups.push(() => resumeReplay(standby));

    await write(primary, "INSERT INTO repl_probe (t) SELECT 'while paused ' || g FROM generate_series(1, 1000) g");
    const first = await waitFor(async () => {
      const s = sender(await primaryOnce());
      return s && (s.replayLagBytes ?? 0) > 0 ? s : undefined;
    }, { what: 'replay lag to appear' });
    await write(primary, "INSERT INTO repl_probe (t) SELECT 'more ' || g FROM generate_series(1, 1000) g");
    const later = await waitFor(async () => {
      const s = sender(await primaryOnce());
      // Written and flushed on the standby once it has reported back: only replay is held back.
      const grown = s && (s.replayLagBytes ?? 0) > first.replayLagBytes! && (s.replayLagS ?? 0) > 0;
      return grown && s.flushLagBytes! < s.replayLagBytes! ? s : undefined;
    }, { what: 'replay lag to grow while flushing goes on' });
    expect(later.replayLagBytes).toBeGreaterThan(first.replayLagBytes!);
    expect(later.replayLagS).toBeGreaterThan(0);

    // The standby's own view: paused, WAL waiting, delay measured since the last replayed commit.
    let seen: RecoveryStatus | undefined;
    const rec = await waitFor(async () => {
      const r = (seen = dataOf(await standbyOnce(), recoveryCollector));
      return r && (r.replayLagBytes ?? 0) > 0 && (standbyDelaySeconds(r) ?? 0) > 0 ? r : undefined;
    }, { what: 'the standby to report its replay delay' }).catch((err: Error) => {
      throw new Error(`${err.message}; last: ${JSON.stringify(seen)}`);
    });
    expect(rec.inRecovery).toBe(true);
    expect(rec.pauseState).toBe('paused');
    const alarm = replicationAlarm({ senders: [], recovery: rec, slots: [] }, NORMAL_THRESHOLDS);
    expect(alarm.reasons.join(' ')).toMatch(/replay paused/);

    await resumeReplay(standby);
    const cleared = await waitFor(async () => {
      const s = sender(await primaryOnce());
      return s?.replayLagBytes === 0 ? s : undefined;
    }, { what: 'replay lag to clear' });
    expect(cleared.replayLagBytes).toBe(0);
    const after = await waitFor(async () => {
      const r = dataOf(await standbyOnce(), recoveryCollector);
      return r?.replayLagBytes === 0 ? r : undefined;
    }, { what: 'the standby to catch up' });
    // Caught up: the time since the last commit is not lag.
    expect(standbyDelaySeconds(after)).toBe(0);
    expect(after.pauseState).toBe('not paused');
  });

  it('shows an inactive physical slot retaining more and more WAL, and raises the alarm', async () => {
    const slot = await inactiveSlot(primary, { name: `lab_slot_${cluster.major}` });
    cleanups.push(slot.stop);
    const find = (snap: Snapshot): Slot | undefined => dataOf(snap, slotsCollector)?.find((s) => s.name === slot.name);
    const first = find(await primaryOnce())!;
    expect(first).toMatchObject({ type: 'physical', active: false, activePid: null, walStatus: 'reserved' });
    expect(first.retainedBytes).toBeGreaterThanOrEqual(0);
    await write(primary, "INSERT INTO repl_probe (t) SELECT repeat('w', 200) FROM generate_series(1, 2000)");
    const snap = await waitFor(async () => {
      const s = await primaryOnce();
      return (find(s)?.retainedBytes ?? 0) > (first.retainedBytes ?? 0) ? s : undefined;
    }, { what: 'retained WAL to grow' });
    expect(find(snap)!.retainedBytes).toBeGreaterThan(first.retainedBytes ?? 0);
    if (cluster.major >= 17) expect(find(snap)!.inactiveSince).toBeGreaterThan(0);
    const alarm = replicationAlarm({ senders: dataOf(snap, replicationCollector)!, recovery: null, slots: dataOf(snap, slotsCollector)! }, NORMAL_THRESHOLDS);
    expect(alarm.level).not.toBe('ok');
    expect(alarm.reasons.join(' ')).toContain(slot.name);
  });

  it('shows the standby view when connected to the standby, upstream named, conninfo without a password', async () => {
    const snap = await standbyOnce();
    const rec = dataOf(snap, recoveryCollector) as RecoveryStatus;
    expect(rec.inRecovery).toBe(true);
    expect(rec.receiveLsn).toMatch(/\//);
    expect(rec.replayLsn).toMatch(/\//);
    expect(rec.receiver).toMatchObject({ status: 'streaming', senderPort: primary.port });
    expect(rec.receiver!.senderHost).toBe(primary.host);
    expect(rec.receiver!.conninfo).toContain('application_name=standby1');
    expect(rec.receiver!.conninfo).not.toMatch(/password/i);
    // No cascaded standbys; slots are readable on a standby too.
    expect(dataOf(snap, replicationCollector)).toEqual([]);
    expect(snap.results.slots?.state).toBe('ok');
  });

  it('works for a pg_monitor role', async () => {
    const s = session(primary, 'pgwarden_monitor');
    try {
      const snap = await collectorsOn(s, [replicationCollector, recoveryCollector, slotsCollector])();
      for (const id of ['replication', 'recovery', 'slots']) expect(snap.results[id]?.state, id).toBe('ok');
      expect(sender(snap)?.sentLsn).toMatch(/\//);
    } finally {
      await s.close();
    }
  });
});
