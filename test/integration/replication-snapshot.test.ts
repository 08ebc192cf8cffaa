import { describe, expect, it } from 'vitest';
import { SECTIONS, snapshotDocument } from '../../src/cli/snapshot';
import { Session } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

async function document(endpoint: Endpoint): Promise<Record<string, unknown>> {
  const s = new Session({ attempts: [{ host: endpoint.host, port: endpoint.port, user: 'postgres', database: 'postgres', application_name: 'pgwarden' }] });
  try {
    const p = new Poller(s, { snapshot: () => undefined, status: () => undefined });
    p.setPlan(SECTIONS.flatMap((x) => x.collectors));
    const snap = await p.once();
    return snapshotDocument(snap, p.capabilities!, 'test');
  } finally {
    await s.close();
  }
}

describe.each(clusters)('snapshot --json replication, vacuum and horizon sections on PostgreSQL $version', (cluster: ClusterInfo) => {
  it('has every section on the primary, with raw values', async () => {
    const doc = await document(cluster.primary);
    for (const name of ['replication', 'slots', 'vacuum', 'bloat', 'progress', 'wraparound', 'horizon']) expect(doc, name).toHaveProperty(name);
    const repl = doc.replication as { role: string; senders: Record<string, unknown>[]; standby: unknown; alarm: { level: string } };
    expect(repl.role).toBe('primary');
    expect(repl.standby).toBeNull();
    const s1 = repl.senders.find((s) => s.application_name === 'standby1')!;
    expect(s1).toMatchObject({ state: 'streaming', replay_lag_bytes: expect.any(Number) });
    expect(String(s1.backend_start)).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Array.isArray(doc.slots)).toBe(true);
    const vac = doc.vacuum as { settings: { autovacuum: boolean }; tables: unknown[] };
    expect(vac.settings.autovacuum).toBe(true);
    expect(Array.isArray(vac.tables)).toBe(true);
    const bloat = doc.bloat as Record<string, unknown>;
    for (const k of ['tables', 'indexes', 'foreign_keys_without_index']) expect(Array.isArray(bloat[k]), k).toBe(true);
    const wrap = doc.wraparound as { databases: { database: string; xid_age: number }[]; oldest_tables: unknown[] };
    expect(wrap.databases.map((d) => d.database)).toContain('postgres');
    expect(Array.isArray(doc.progress)).toBe(true);
    expect(Array.isArray(doc.horizon)).toBe(true);
    // JSON all the way down: nothing that would not survive a round trip.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('describes the standby from the standby, its WAL receiver without a password', async () => {
    const doc = await document(cluster.standby!);
    const repl = doc.replication as { role: string; standby: { replay_pause_state: string; wal_receiver: { status: string; conninfo: string; sender_port: number } } };
    expect(repl.role).toBe('standby');
    expect(repl.standby.replay_pause_state).toBe('not paused');
    expect(repl.standby.wal_receiver).toMatchObject({ status: 'streaming', sender_port: cluster.primary.port });
    expect(repl.standby.wal_receiver.conninfo).not.toMatch(/password/i);
  });
});
