import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { nodeConnectionDeps, resolveConnection, toClientConfig } from '../../src/data/connection';
import { Session } from '../../src/data/db';
import { readPrometheus } from '../../src/data/prometheus/read';
import { prometheusRows } from '../../src/screens/fleet/rows';
import { buildServer } from '../../src/fleet/server';
import { Fleet, type FleetMember } from '../../src/fleet/session';
import { prometheusSource } from '../../src/fleet/prometheus';
import { findPrometheus, startPrometheus, type LabPrometheus } from '../../src/lab/prometheus';
import { trusted } from '../../src/text/sanitize';
import { withAdmin } from '../../src/lab/client';
import { labClusters } from './setup/clusters';
import { waitFor } from './setup/pg';
import type { ClusterInfo } from './setup/types';

const clusters = labClusters();
const ci = process.env.CI === 'true' || process.env.CI === '1';
const installed = findPrometheus() !== undefined;
if (!installed && ci) throw new Error('prometheus is not installed: .ci/run installs it (apt-get install prometheus prometheus-postgres-exporter)');
if (!installed) test.skip('--prometheus tests need Prometheus and postgres_exporter (Debian: apt-get install prometheus prometheus-postgres-exporter)', () => {});

/** A live member from a conninfo, as the command line resolves one. */
function memberFor(name: string, conninfo: string): FleetMember {
  const target = resolveConnection({ positional: [conninfo], flags: {}, env: {} }, nodeConnectionDeps({}));
  const plan = (readOnly: boolean) => ({ attempts: toClientConfig(target, { applicationName: 'pgwarden', statementTimeoutMs: 5000, lockTimeoutMs: 1000, readOnly }) });
  const runtime = buildServer({ poll: new Session(plan(true)), action: new Session(plan(false)), target: name, readOnly: true, intervalMs: 500, fixDeadlineMs: 65_000, copy: () => trusted(''), quit: () => undefined });
  return { name, host: target.host, port: target.port, bouncer: false, target: name, runtime };
}

describe.each(installed ? clusters : [])('--prometheus against a real Prometheus scraping postgres_exporter, PostgreSQL $version', (cluster: ClusterInfo) => {
  let prom: LabPrometheus;
  // Dead tuples in the database the exporter reads (postgres): a table of this file's own, dropped after.
  const table = `fleet_prom_${process.pid}`;
  beforeAll(async () => {
    await withAdmin(cluster.primary, async (c) => {
      await c.query(`CREATE TABLE ${table} (id int) WITH (autovacuum_enabled = off)`);
      await c.query(`INSERT INTO ${table} SELECT generate_series(1, 1000)`);
      await c.query(`DELETE FROM ${table}`);
    });
    prom = await startPrometheus({ [`pg${cluster.major}-primary`]: cluster.primary, [`pg${cluster.major}-standby`]: cluster.standby! });
  }, 90_000);
  afterAll(async () => {
    await prom?.stop();
    await withAdmin(cluster.primary, (c) => c.query(`DROP TABLE IF EXISTS ${table}`));
  });

  it('reads every instance: up, kind, version, connections, max_connections, tps, lag, dead tuples, cache hit', async () => {
    // tps and the cache hit need two scrapes within rate()'s window.
    const all = await waitFor(async () => {
      const r = await readPrometheus(prom.url);
      return r.length === 2 && r.every((i) => i.tps !== null && i.deadTuples !== null && i.startedAt !== null && i.hitRatio !== null) ? r : undefined;
    }, { what: 'two scraped instances with rates', timeoutMs: 60_000 });
    const primary = all.find((i) => i.name === `pg${cluster.major}-primary`)!;
    const standby = all.find((i) => i.name === `pg${cluster.major}-standby`)!;
    expect(primary).toMatchObject({ up: true, standby: false, instance: prom.instances[`pg${cluster.major}-primary`] });
    expect(standby).toMatchObject({ up: true, standby: true });
    expect(primary.version).toMatch(new RegExp(`^${cluster.major}\\.`));
    expect(primary.connections).toBeGreaterThan(0);
    expect(primary.maxConnections).toBeGreaterThan(primary.connections!);
    expect(standby.lagS).toBeGreaterThanOrEqual(0);
    expect(primary.deadTuples).toBeGreaterThanOrEqual(1000);
    expect(primary.hitRatio).toBeGreaterThan(0);
    expect(primary.target).toContain(`port=${cluster.primary.port}`);

    const rows = prometheusRows(all, []);
    expect(rows.map((r) => [r.name, r.kind, r.state, r.source])).toEqual(
      expect.arrayContaining([
        [`pg${cluster.major}-primary`, 'primary', 'up', 'prometheus'],
        [`pg${cluster.major}-standby`, 'standby', 'up', 'prometheus'],
      ]),
    );
  });

  it('fills the fleet pane beside the live servers, and Enter on a Prometheus row connects to it for the live panes', async () => {
    const primaryName = `pg${cluster.major}-primary`;
    const standbyName = `pg${cluster.major}-standby`;
    // The session watches the primary live under the same name: its Prometheus row is not shown twice.
    const fleet = new Fleet([memberFor(primaryName, `host=${cluster.primary.host} port=${cluster.primary.port} user=postgres dbname=postgres`)], async (name, conninfo) => memberFor(name, conninfo));
    const source = prometheusSource({ base: prom.url, everyMs: () => 500, live: () => fleet.liveNames(), publish: (rows) => fleet.setExternal(rows) });
    try {
      fleet.start();
      source.start();
      const rows = () => fleet.active.runtime.store.get().fleet?.rows ?? [];
      await waitFor(() => rows().some((r) => r.name === standbyName && r.source === 'prometheus' && r.kind === 'standby'), { what: 'the standby read from Prometheus' });
      expect(rows().filter((r) => r.name === primaryName)).toHaveLength(1);
      expect(rows().find((r) => r.name === primaryName)?.source).toBeUndefined();
      const messages: string[] = [];
      fleet.activate(standbyName, (m) => messages.push(m));
      await waitFor(() => fleet.active.name === standbyName, { what: 'the standby connected and shown' });
      await waitFor(() => fleet.active.runtime.store.get().caps?.inRecovery === true, { what: 'live data from the standby' });
      // Now live: its row comes from its own poller, not from Prometheus.
      await waitFor(() => rows().find((r) => r.name === standbyName && r.active && r.source === undefined));
      expect(messages).toEqual([`connecting to ${standbyName}`]);
    } finally {
      source.stop();
      await fleet.close();
    }
  });

  it('a Prometheus that cannot be read is one row, down, with the reason', async () => {
    const published: string[] = [];
    const source = prometheusSource({ base: 'http://127.0.0.1:1', everyMs: () => 60_000, live: () => [], publish: (rows) => published.push(...rows.map((r) => `${r.name} ${r.state} ${r.downReason}`)) });
    source.start();
    await waitFor(() => published.length > 0);
    source.stop();
    expect(published[0]).toMatch(/^prometheus down http:\/\/127\.0\.0\.1:1: /);
  });
});
