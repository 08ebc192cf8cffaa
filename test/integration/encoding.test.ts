/**
 * One statement with a byte that is not UTF-8, run in a SQL_ASCII database by a client that sends
 * raw bytes: pg_stat_statements then fails every read of its texts from a UTF-8 database with
 * 22021 until the entry is reset. The statements pane, the checklist steps that read it and the
 * snapshot's statements section must keep working, and a running backend with such a query must
 * show in the activity pane with the byte as harmless text.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { BUILT_IN } from '../../src/checklists/defs';
import { runSteps } from '../../src/checklists/run';
import { SECTIONS } from '../../src/cli/snapshot';
import { activityCollector, type Backend } from '../../src/data/collectors/activity';
import { statementsCollector, statementsInfoCollector, type Statement } from '../../src/data/collectors/statements';
import { Session } from '../../src/data/db';
import { Poller } from '../../src/data/poller';
import { probe } from '../../src/data/server';
import { quoteIdent } from '../../src/data/sql/ident';
import { safeLine } from '../../src/text/sanitize';
import { runExplainCommand } from '../../src/explain/cli';
import { connect, waitFor } from './setup/pg';
import { rawSession, type RawSession } from './setup/raw';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

describe.each(clusters)('statements with bytes that are not UTF-8 on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  const db = `sqlascii_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;
  let sleeper: RawSession;
  const session = new Session({ attempts: [{ host: primary.host, port: primary.port, user: 'postgres', database: 'postgres', application_name: 'pgwarden' }] });

  beforeAll(async () => {
    admin = await connect(primary);
    await admin.query(`CREATE DATABASE ${quoteIdent(db)} TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'`);
    const once = await rawSession(primary, db);
    await once.query(latin1('SELECT 1 /* caf\xe9 */'));
    once.close();
    sleeper = await rawSession(primary, db, { appName: 'latin1-sleeper' });
    sleeper.send(latin1('SELECT pg_sleep(60) /* caf\xe9 au lait */'));
    await waitFor(async () => (await admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'latin1-sleeper' AND state = 'active'")).rowCount === 1, { what: 'the sleeper to run' });
  });

  afterAll(async () => {
    sleeper?.close();
    // The entry would break every later read of pg_stat_statements texts on this cluster.
    await admin.query('SELECT pg_stat_statements_reset(0, oid, 0) FROM pg_database WHERE datname = $1', [db]);
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(db)} WITH (FORCE)`);
    await admin.end();
    await session.close();
  });

  it('the view itself fails: the condition the rest of this file guards against', async () => {
    await expect(admin.query('SELECT query FROM pg_stat_statements')).rejects.toMatchObject({ code: '22021' });
  });

  it('the statements collector and the snapshot section read every figure, say why the texts are missing, and keep to that read', async () => {
    const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
    poller.setPlan([statementsCollector, statementsInfoCollector]);
    const snap = await poller.once();
    const r = snap.results.statements;
    expect(r?.state, JSON.stringify(r)).toBe('ok');
    if (r?.state !== 'ok') return;
    expect(r.note).toMatch(/query texts are not shown: .*not valid in this database's encoding/);
    expect(r.note).toContain('pg_stat_statements_reset(0, oid, 0)');
    const rows = r.data as Statement[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((s) => s.query === null)).toBe(true);
    const mine = rows.find((s) => s.database === db);
    expect(mine?.calls).toBeGreaterThan(0);

    const section = SECTIONS.find((s) => s.name === 'statements')!;
    const json = section.toJson(snap, poller.capabilities!) as { rows: unknown[]; note: string | null; error?: string };
    expect(json.error).toBeUndefined();
    expect(json.rows.length).toBe(rows.length);
    expect(json.note).toBe(r.note);

    // The next refresh goes straight to the lesser read: no ERROR in the server log every tick.
    const reads: unknown[][] = [];
    const query = session.query.bind(session);
    session.query = (text, params = []) => {
      if (text.includes('pg_stat_statements($1::boolean)')) reads.push(params);
      return query(text, params);
    };
    try {
      const again = await poller.once();
      expect(again.results.statements).toMatchObject({ state: 'ok', note: r.note });
      expect(reads).toEqual([[false]]);
    } finally {
      session.query = query;
    }
  });

  it('the checklist steps that read pg_stat_statements run (weekly and the slow-query runbook)', async () => {
    const caps = await probe(session);
    const steps = BUILT_IN.flatMap((d) => d.steps).filter((s) => s.check?.id === 'top_statements');
    expect(steps.length).toBeGreaterThanOrEqual(2);
    const results = await runSteps({ query: (t, p) => session.query(t, p), caps, ownPids: session.pid === undefined ? [] : [session.pid] }, steps);
    for (const s of steps) {
      const out = results.get(s.id);
      expect(out?.outcome, `${s.id}: ${out?.summary}`).not.toBe('unknown');
      expect(out?.summary).not.toMatch(/invalid byte sequence/);
    }
  });

  it('explain --queryid says why it cannot read the statement and how to reset those entries', async () => {
    let err = '';
    const code = await runExplainCommand({
      plan: { attempts: [{ host: primary.host, port: primary.port, user: 'postgres', database: 'postgres', application_name: 'pgwarden' }] },
      describe: 'lab',
      queryId: '1',
      analyze: false,
      allowWrites: false,
      json: false,
      readOnly: false,
      out: () => undefined,
      err: (t) => void (err += t),
    });
    expect(code).toBe(1);
    expect(err).toContain('invalid byte sequence');
    expect(err).toContain('pg_stat_statements_reset(0, oid, 0)');
  });

  it("shows a running backend's query with the byte as harmless text in the activity pane", async () => {
    const poller = new Poller(session, { snapshot: () => undefined, status: () => undefined });
    poller.setPlan([activityCollector]);
    const snap = await poller.once();
    const r = snap.results.activity;
    expect(r?.state, JSON.stringify(r)).toBe('ok');
    const b = (r?.state === 'ok' ? (r.data as Backend[]) : []).find((x) => x.application === 'latin1-sleeper');
    expect(b?.database).toBe(db);
    expect(b?.query).toContain('caf\ufffd au lait');
    expect(safeLine(b?.query)).toContain('caf<U+FFFD> au lait');
  });
});
