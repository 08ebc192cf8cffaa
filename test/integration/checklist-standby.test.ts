/**
 * The replication-lag runbook run on the standby itself: its replay (paused fails), its WAL
 * receiver, what it has not flushed of its primary's WAL, and replay against its own queries
 * (conflicts that cancel them, a replay that waits for them); steps that need the primary say so.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { replicationLagRunbook } from '../../src/checklists/defs/runbooks';
import type { CheckResult } from '../../src/checklists/types';
import { Session } from '../../src/data/db';
import { pauseReplay, resumeReplay } from '../../src/lab';
import { checkSession, runChecks } from './setup/checklist';
import { connect, waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

async function runbookOn(endpoint: Endpoint, db = 'postgres'): Promise<Map<string, CheckResult>> {
  const s = checkSession(endpoint, db);
  try {
    return await runChecks(s, replicationLagRunbook.steps);
  } finally {
    await s.close();
  }
}

/** Sets max_standby_streaming_delay on the standby (a reload picks it up) and waits until it applies. */
async function streamingDelay(admin: pg.Client, value: string | null): Promise<void> {
  await admin.query(value === null ? 'ALTER SYSTEM RESET max_standby_streaming_delay' : `ALTER SYSTEM SET max_standby_streaming_delay = '${value}'`);
  await admin.query('SELECT pg_reload_conf()');
  const want = value ?? '30s';
  await waitFor(async () => (await admin.query("SELECT current_setting('max_standby_streaming_delay') AS v")).rows[0].v === want);
}

describe.each(clusters.filter((c) => c.standby))('replication-lag runbook on the standby, PostgreSQL $version', (cluster: ClusterInfo) => {
  const standby = cluster.standby!;

  it('reads its own replay and receiver; the primary-side steps say where to look', async () => {
    const r = await runbookOn(standby);
    const lag = r.get('lag')!;
    expect(lag.outcome).toBe('pass');
    expect(lag.summary).toMatch(/^this standby replays .* behind its primary, .* received but not replayed; WAL receiver streaming from .+, last message .* ago$/);
    expect(lag.evidence!.rows[0]!.slice(0, 2)).toEqual(['this standby', 'not paused']);
    expect(lag.evidence!.rows[0]![6]).toBe('streaming');
    expect(r.get('slots')!.summary).toMatch(/on this standby \(its own slots.*on the primary: run this step there\)$/);
    const bytes = r.get('byte-lag')!;
    expect(bytes.outcome).toBe('pass');
    expect(bytes.summary).toMatch(/^this standby has .* of WAL not flushed, of the end of WAL its primary announced .* \(warn above 1\.0 MB\); WAL receiver streaming/);
    expect(bytes.evidence!.columns).toEqual(['server', 'receiver', 'flushed', "primary's end of WAL", 'not flushed', 'as of']);
    expect(r.get('standby-conflicts')).toMatchObject({ outcome: 'pass' });
    expect(r.get('standby-conflicts')!.summary).toMatch(/^0 queries cancelled by replay conflicts since the statistics reset; max_standby_streaming_delay 30s, hot_standby_feedback (on|off); /);

    // A role without pg_read_all_stats cannot see another role's query that could hold replay.
    const other = await connect(standby);
    const plain = new Session({ attempts: [{ host: standby.host, port: standby.port, user: 'pgwarden_plain', database: 'postgres', application_name: 'pgwarden' }] });
    try {
      const step = replicationLagRunbook.steps.find((x) => x.id === 'standby-conflicts')!;
      const hidden = (await runChecks(plain, [step])).get('standby-conflicts')!;
      expect(hidden.outcome).toBe('unknown');
      expect(hidden.summary).toMatch(/^not seen: \d+ sessions? of other roles whose queries this role cannot see \(one could hold replay\); in what was read: 0 queries cancelled/);
      expect(hidden.unseen![0]!.grant).toMatch(/GRANT pg_read_all_stats TO pgwarden_plain|GRANT pg_monitor/);
    } finally {
      await plain.close();
      await other.end();
    }

    // On the primary the conflicts step is the standby's: it says so.
    const onPrimary = await runbookOn(cluster.primary);
    expect(onPrimary.get('standby-conflicts')).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/^this is the primary: .*run this step there/) });
    expect(onPrimary.get('byte-lag')!.summary).toMatch(/^\d+ standbys; the furthest has/);
  });

  it('fails a paused replay, with the receiver still streaming', async () => {
    await pauseReplay(standby, cluster.major);
    try {
      const lag = (await runbookOn(standby)).get('lag')!;
      expect(lag.outcome).toBe('fail');
      expect(lag.summary).toMatch(/^this standby's replay is paused \(pg_wal_replay_resume\(\) resumes it\): .*; WAL receiver streaming/);
    } finally {
      await resumeReplay(standby);
    }
  });

  it('finds replay waiting for a query on the standby, then the query it cancels', async () => {
    await withDatabase(cluster.primary, async (db) => {
      const primary = await connect(cluster.primary, { db });
      const admin = await connect(standby);
      const reader = await waitFor(() => connect(standby, { db }).catch(() => undefined), { what: 'the new database on the standby' });
      try {
        await primary.query('CREATE TABLE t AS SELECT 1 AS id');
        await waitFor(async () => (await reader.query("SELECT to_regclass('t') AS t")).rows[0].t !== null);
        // -1: replay waits for as long as the query runs.
        await streamingDelay(admin, '-1');
        const SLEEPER = "SELECT 1 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60) FROM t' AND state = 'active' AND pid <> pg_backend_pid()";
        // Wrapped: an async function returning the query's promise would wait for it.
        const sleep = async (): Promise<{ done: Promise<unknown> }> => {
          const done = reader.query('SELECT count(*), pg_sleep(60) FROM t').catch((e: Error) => e);
          await waitFor(async () => (await admin.query(SLEEPER)).rowCount === 1, { what: 'the query on the standby' });
          return { done };
        };
        const running = await sleep();
        // An ACCESS EXCLUSIVE lock on the primary is replayed on the standby: it waits for the reader.
        await primary.query('BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE; COMMIT');
        const held = await waitFor(async () => {
          const x = (await runbookOn(standby, db)).get('standby-conflicts')!;
          return x.findings.includes('standby_conflicts:replay waits') ? x : undefined;
        });
        expect(held.outcome).toBe('warn');
        expect(held.summary).toMatch(/max_standby_streaming_delay -1 \(replay waits for queries without limit\).*oldest query running here .*: replay may be waiting for it/);
        // A replay waiting without limit does not see a new delay: the query is cancelled by hand.
        await admin.query(`SELECT pg_cancel_backend(pid) FROM (${SLEEPER.replace('SELECT 1', 'SELECT pid')}) q`);
        expect(String(await running.done)).toMatch(/canceling statement due to user request/);
        // A bounded delay: replay cancels the query, and the standby counts the conflict.
        await streamingDelay(admin, '100ms');
        const again = await sleep();
        await primary.query('BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE; COMMIT');
        expect(String(await again.done)).toMatch(/conflict with recovery/);
        // The cancelled backend counts the conflict in its pending statistics (15+), which an idle
        // backend flushes only every 10 s; one that exits flushes them at once.
        await reader.end();
        const cancelled = await waitFor(async () => {
          const x = (await runbookOn(standby, db)).get('standby-conflicts')!;
          return x.findings.includes(`standby_conflicts:${db}`) ? x : undefined;
        });
        expect(cancelled.outcome).toBe('warn');
        expect(cancelled.summary).toMatch(/^1 queries cancelled by replay conflicts since (the statistics reset|\d{4}-\d\d-\d\d \d\d:\d\d UTC); max_standby_streaming_delay 0\.1s/);
        expect(cancelled.evidence!.rows).toEqual([[db, '0', '1', '0', '0', '0']]);
      } finally {
        await streamingDelay(admin, null);
        await reader.end().catch(() => {});
        await admin.end();
        await primary.end();
      }
    });
  });
});
