/**
 * `e` on another user's backend, in the real binary: as a pg_monitor role pgwarden cannot take the
 * author's rights, so it asks, naming the risk, and plans nothing until answered; as a superuser
 * it plans with the author's rights, and the author's IMMUTABLE function (evaluated by the
 * planner) cannot write a server file with lo_export.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
let term: Term | undefined;
afterEach(() => term?.kill());

const ROLE = `e2e_author_${process.pid}`;
const QUERY = "SELECT e2e_tag('ADMIN'), pg_sleep(600)";

describe.skipIf(!e2e)('EXPLAIN of another user\'s query in a real terminal', () => {
  let admin: pg.Client;
  let author: pg.Client;
  let running: Promise<unknown>;
  let dir: string;
  const client = (user: string) => new pg.Client({ host: e2e!.primary.host, port: e2e!.primary.port, user, database: 'postgres', application_name: 'e2e-author' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pgwarden-e2e-rights-'));
    chmodSync(dir, 0o777);
    admin = client('postgres');
    await admin.connect();
    await admin.query(`CREATE ROLE ${ROLE} LOGIN`);
    await admin.query(`CREATE SCHEMA ${ROLE} AUTHORIZATION ${ROLE}`);
    await admin.query(`GRANT USAGE ON SCHEMA ${ROLE} TO PUBLIC`);
    await admin.query(`ALTER ROLE ${ROLE} SET search_path = ${ROLE}, public`);
    const setup = client(ROLE);
    await setup.connect();
    const lo = (await setup.query("SELECT lo_from_bytea(0, 'x') AS oid")).rows[0].oid as number;
    await setup.query(`CREATE FUNCTION e2e_tag(text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $f$
      BEGIN BEGIN PERFORM pg_catalog.lo_export(${lo}, '${dir}/' || current_user); EXCEPTION WHEN others THEN NULL; END; RETURN $1; END $f$`);
    await setup.end();
    author = client(ROLE);
    author.on('error', () => undefined);
    await author.connect();
    running = author.query(QUERY).catch(() => undefined);
  });

  afterAll(async () => {
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [ROLE]);
    await running;
    await author.end().catch(() => undefined);
    await admin.query(`DROP SCHEMA ${ROLE} CASCADE`);
    await admin.query(`SELECT lo_unlink(oid) FROM pg_largeobject_metadata WHERE lomowner = $1::regrole`, [ROLE]);
    await admin.query(`DROP ROLE ${ROLE}`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  async function explainAs(user: string): Promise<Term> {
    const t = openTerm({ columns: 80, rows: 24, env: { LANG: 'C.UTF-8' } });
    t.type(`node ${e2e!.bundle} -h ${e2e!.primary.host} -p ${e2e!.primary.port} -U ${user} postgres`);
    t.keys('Enter');
    await t.waitFor((s) => s.includes('Activity'), 'monitor up');
    t.keys('/');
    t.type('e2e_tag');
    t.keys('Enter');
    // The selection follows the filter one frame later: wait until the cursor is on the row.
    await t.waitFor((s) => !s.includes('filter (text') && s.split('\n').some((l) => l.includes('▶') && l.includes('e2e_tag')), "the author's backend, selected");
    t.keys('e');
    await t.waitFor((s) => s.includes('EXPLAIN'), 'the plan screen', 20_000);
    return t;
  }

  it('asks as pg_monitor, naming the risk, and plans nothing until answered', async () => {
    term = await explainAs('pgwarden_monitor');
    const asked = await term.waitFor((s) => s.includes("y: go on with pgwarden's rights"), 'the rights question', 20_000);
    expect(asked).toMatch(/Cannot plan this with its author's rights:/);
    expect(asked).toContain('pgwarden_monitor may not SET ROLE');
    expect(asked).toContain('anyway?');
    term.keys('Escape');
    await term.waitFor((s) => !s.includes("y: go on with pgwarden's rights"), 'question dismissed');
    expect(readdirSync(dir)).toEqual([]);
    term.keys('q');
  });

  it("plans as a superuser with the author's rights: the function cannot write the server file", async () => {
    term = await explainAs('postgres');
    await term.waitFor((s) => /Result/.test(s) && s.includes(`rights of its author ${ROLE}`), 'plan with the note', 20_000);
    expect(readdirSync(dir)).toEqual([]);
    term.keys('q');
  });
});
