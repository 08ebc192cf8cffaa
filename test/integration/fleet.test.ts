import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { join } from 'node:path';
import { Session } from '../../src/data/db';
import { consolePlan } from '../../src/data/pgbouncer/detect';
import { buildServer } from '../../src/fleet/server';
import { Fleet, type FleetMember } from '../../src/fleet/session';
import { findPgBouncer, startPgBouncer, type LabBouncer } from '../../src/lab/pgbouncer';
import { pauseReplay, resumeReplay } from '../../src/lab/replay';
import type { FleetRow } from '../../src/state/fleet';
import { planFor } from '../../src/screens/registry';
import { trusted } from '../../src/text/sanitize';
import { stoppableProxy, type StoppableProxy } from '../helpers/proxy';
import { labClusters } from './setup/clusters';
import { pgwardenPlan, waitFor } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';

const clusters = labClusters();
const ci = process.env.CI === 'true' || process.env.CI === '1';
const bouncerInstalled = findPgBouncer() !== undefined;
if (!bouncerInstalled && ci) throw new Error('pgbouncer is not installed: .ci/run installs it (apt-get install pgbouncer)');
if (!bouncerInstalled) test.skip('the PgBouncer row needs pgbouncer (Debian: apt-get install pgbouncer)', () => {});

function member(name: string, poll: Session, action: Session, host: string, port: number, bouncer = false): FleetMember {
  const runtime = buildServer({ poll, action, target: name, readOnly: false, intervalMs: 500, bouncer, fixDeadlineMs: 65_000, copy: () => trusted(''), quit: () => undefined });
  return { name, host, port, bouncer, target: name, runtime };
}

function pgMember(name: string, endpoint: Endpoint, viaPort?: number): FleetMember {
  const ep = viaPort ? { ...endpoint, host: '127.0.0.1', port: viaPort } : endpoint;
  return member(name, new Session(pgwardenPlan(ep, 'postgres', 'postgres')), new Session(pgwardenPlan(ep, 'postgres', 'postgres')), ep.host, ep.port);
}

describe.each(clusters)('a fleet of PostgreSQL $version: primary, standby, PgBouncer', (cluster: ClusterInfo) => {
  let fleet: Fleet;
  let bouncer: LabBouncer | undefined;
  let proxy: StoppableProxy;

  beforeAll(async () => {
    if (bouncerInstalled) bouncer = await startPgBouncer(cluster.primary, { databases: { postgres: {} } });
    proxy = await stoppableProxy(join(cluster.primary.host, `.s.PGSQL.${cluster.primary.port}`));
    const members = [pgMember('p1', cluster.primary), pgMember('s1', cluster.standby!), pgMember('p1-tcp', cluster.primary, proxy.port)];
    if (bouncer) {
      const ep = bouncer.endpoint;
      const plan = () => consolePlan({ attempts: [{ host: ep.tcpHost, port: ep.port, user: 'postgres', password: ep.passwords.postgres, database: 'pgbouncer', application_name: 'pgwarden' }] });
      members.push(member('bouncer', new Session(plan()), new Session(plan()), ep.tcpHost, ep.port, true));
    }
    fleet = new Fleet(members);
    fleet.start();
    // What the App does for the fleet pane it opens on: the header's collectors.
    fleet.active.runtime.effects.setPlan(planFor('fleet'));
  });
  afterAll(async () => {
    await resumeReplay(cluster.standby!).catch(() => undefined);
    await fleet?.close();
    await proxy?.stop().catch(() => undefined);
    await bouncer?.stop();
  });

  /** The fleet as the shown server's store has it. */
  const rows = (): readonly FleetRow[] => fleet.active.runtime.store.get().fleet?.rows ?? [];
  const row = (name: string): FleetRow | undefined => rows().find((r) => r.name === name);

  it('shows every server with its kind; the standby names its primary, the primary links its WAL sender to the standby', async () => {
    await waitFor(() => row('p1')?.kind === 'primary' && row('s1')?.kind === 'standby' && row('p1-tcp')?.kind === 'primary' && (!bouncer || row('bouncer')?.version), { what: 'every row' });
    expect(row('p1')).toMatchObject({ state: 'up', active: true, maxConnections: expect.any(Number), version: expect.stringMatching(new RegExp(`^${cluster.major}`)) });
    await waitFor(() => row('s1')?.upstream, { what: "the standby's upstream" });
    expect(row('s1')).toMatchObject({ upstream: 'p1', upstreamInSession: true, active: false });
    if (bouncer) expect(row('bouncer')).toMatchObject({ kind: 'pgbouncer', state: 'up' });
    // The WAL sender of the standby1 standby links to the s1 row (p1 is shown: its replication pane has the links).
    const links = await waitFor(() => {
      const l = fleet.active.runtime.store.get().fleet?.senderLinks ?? {};
      return Object.values(l).includes('s1') ? l : undefined;
    });
    expect(Object.entries(links).find(([, n]) => n === 's1')![0]).toMatch(/^standby1@/);
  });

  it('pausing replay on the standby raises a problem on its row and on the problems line of the server shown', async () => {
    await pauseReplay(cluster.standby!, cluster.major);
    try {
      await waitFor(() => /replay is paused/.test(row('s1')?.worst?.text ?? ''), { what: "the standby's row names the paused replay", timeoutMs: 40_000 });
      const line = fleet.active.runtime.store.get().problems.find((p) => p.text.startsWith('on s1: '));
      expect(line?.pane).toEqual({ screen: 'fleet', key: '0', row: 's1' });
    } finally {
      await resumeReplay(cluster.standby!);
    }
  });

  it('Enter on another row watches it: it gets the pane plan and the fleet; the one shown before goes to the background', async () => {
    fleet.activate('s1');
    expect(fleet.active.name).toBe('s1');
    await waitFor(() => fleet.active.runtime.store.get().fleet?.rows.find((r) => r.name === 's1')?.active);
    expect(fleet.all[0]!.runtime.store.get().fleet).toBeUndefined();
    expect(fleet.all[0]!.runtime.poller.intervalMs).toBe(5000);
    // Slower refreshes on the server shown slow the background down with them (3 intervals, at least 5 s).
    for (let i = 0; i < 3; i++) fleet.active.runtime.store.dispatch({ type: 'interval', dir: 1 });
    const ms = fleet.active.runtime.store.get().ui.intervalMs;
    expect(ms).toBeGreaterThan(5000 / 3);
    await waitFor(() => fleet.all[0]!.runtime.poller.intervalMs === ms * 3, { what: 'the background cadence following' });
    for (let i = 0; i < 3; i++) fleet.active.runtime.store.dispatch({ type: 'interval', dir: -1 });
    fleet.activate('p1');
    fleet.active.runtime.effects.setPlan(planFor('fleet'));
  });

  it('a server that goes away is marked down and comes back by itself while the others keep refreshing', async () => {
    await waitFor(() => row('p1-tcp')?.state === 'up');
    await proxy.stop();
    await waitFor(() => row('p1-tcp')?.state === 'down', { what: 'p1-tcp down' });
    // The others refresh meanwhile: the shown server's snapshots keep coming.
    const seq = fleet.active.runtime.store.get().snapshot!.seq;
    await waitFor(() => fleet.active.runtime.store.get().snapshot!.seq > seq + 1, { what: 'p1 refreshing' });
    expect(row('p1')?.state).toBe('up');
    await proxy.start();
    await waitFor(() => row('p1-tcp')?.state === 'up', { what: 'p1-tcp back', timeoutMs: 30_000 });
  });
});
