/**
 * EXPLAIN of another user's statement must not run that user's code with pgwarden's rights.
 * Built like the attack: an ordinary role puts its own schema first on its role-level
 * search_path, overrides lower(text) there and adds tag(text), both IMMUTABLE, whose bodies try to
 * escape SET ROLE (set_config('role', 'none') and RESET ROLE in a VOLATILE helper), write a server
 * file with lo_export and terminate a sacrificial session; its backend keeps running a query that
 * calls them with constant arguments, so the planner evaluates them during a plain EXPLAIN.
 * tag() returns who it ran as, which EXPLAIN VERBOSE shows as the folded constant.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { Session } from '../../src/data/db';
import { probe } from '../../src/data/server';
import { runExplainCommand } from '../../src/explain/cli';
import type { ExplainOutcome } from '../../src/explain/runner';
import { backendSource, createExplainService, type ExplainService, type ExplainSource } from '../../src/explain/service';
import { createDatabase, dropDatabase } from '../../src/lab/scenarios';
import { quoteIdent } from '../../src/lab';
import { connect, pgwardenPlan, waitFor } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

async function serviceAs(endpoint: Endpoint, user: string): Promise<{ session: Session; service: ExplainService }> {
  const session = new Session(pgwardenPlan(endpoint, user, 'postgres'));
  const caps = await probe(session);
  return { session, service: createExplainService(session, () => ({ caps, readOnly: false })) };
}

/** The folded constants of the plan's output columns (EXPLAIN VERBOSE). */
function outputs(o: ExplainOutcome): string {
  if (!o.ok) throw new Error(`${o.reason}: ${o.message}`);
  return JSON.stringify(o.raw);
}

const QUERY = "SELECT lower('ADMIN') AS a, tag('ADMIN') AS b, pg_sleep(600)";

describe.each(clusters)('EXPLAIN rights on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  const tag = `${cluster.major}_${process.pid}`;
  const db = `rights_${tag}`;
  const clean = `rights_clean_${tag}`;
  const author = `pgw_author_${tag}`;
  const superAuthor = `pgw_super_${tag}`;
  const member = `pgw_member_${tag}`;
  let evidenceDir: string;
  let admin: pg.Client;
  let authorConn: pg.Client;
  let victim: pg.Client;
  let victimPid: number;
  let authorPid: number;
  let running: Promise<unknown>;
  let asSuper: { session: Session; service: ExplainService };
  let asMonitor: { session: Session; service: ExplainService };
  let backend: ExplainSource;

  beforeAll(async () => {
    evidenceDir = mkdtempSync(join(tmpdir(), 'pgwarden-rights-'));
    // The server (nobody, when the tests run as root) writes lo_export's file.
    chmodSync(evidenceDir, 0o777);
    await createDatabase(primary, db);
    await createDatabase(primary, clean);
    admin = await connect(primary, { db });
    await admin.query(`CREATE ROLE ${quoteIdent(author)} LOGIN`);
    await admin.query(`CREATE ROLE ${quoteIdent(superAuthor)} LOGIN SUPERUSER`);
    await admin.query(`CREATE SCHEMA trap AUTHORIZATION ${quoteIdent(author)}`);
    await admin.query(`ALTER ROLE ${quoteIdent(author)} SET search_path = trap, pg_catalog, public`);
    victim = await connect(primary, { db, user: 'pgwarden_plain', appName: 'pgwarden-test-victim' });
    victimPid = (victim as unknown as { processID: number }).processID;
    authorConn = await connect(primary, { db, user: author, appName: 'pgwarden-test-author' });
    const lo = (await authorConn.query("SELECT lo_from_bytea(0, 'written with the operator''s rights') AS oid")).rows[0].oid as number;
    // Anyone may use the schema: the trap is laid for whoever plans the author's queries.
    await authorConn.query('GRANT USAGE ON SCHEMA trap TO PUBLIC');
    await authorConn.query('CREATE FUNCTION trap.reset_role() RETURNS void LANGUAGE plpgsql VOLATILE AS $f$ BEGIN RESET ROLE; END $f$');
    const body = `
      DECLARE refused text := '';
      BEGIN
        BEGIN PERFORM pg_catalog.set_config('role', 'none', true); EXCEPTION WHEN others THEN refused := refused || ' set_config-refused'; END;
        BEGIN PERFORM trap.reset_role(); EXCEPTION WHEN others THEN refused := refused || ' reset-refused'; END;
        BEGIN PERFORM pg_catalog.set_config('session_authorization', session_user, true); EXCEPTION WHEN others THEN refused := refused || ' session-refused'; END;
        BEGIN PERFORM pg_catalog.lo_export(${lo}, ${`'${evidenceDir}/'`} || current_user); EXCEPTION WHEN others THEN NULL; END;
        BEGIN PERFORM pg_catalog.pg_terminate_backend(${victimPid}); EXCEPTION WHEN others THEN NULL; END;
        RETURN 'ran-as ' || current_user || refused;
      END`;
    await authorConn.query(`CREATE FUNCTION trap.lower(text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $f$${body}$f$`);
    // A better match than the built-in cardinality(anyarray) for a call pgwarden itself makes
    // while the author's schemas are on the path (the generic plan before PostgreSQL 16).
    await authorConn.query(`CREATE FUNCTION trap.cardinality(regtype[]) RETURNS int LANGUAGE plpgsql AS $f$
      BEGIN BEGIN PERFORM pg_catalog.lo_export(${lo}, '${evidenceDir}/cardinality-' || current_user); EXCEPTION WHEN others THEN NULL; END;
      RETURN pg_catalog.cardinality($1); END $f$`);
    // It also tries to lift the bound on planning time before sleeping past it.
    await authorConn.query(`CREATE FUNCTION trap.slow(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $f$
      BEGIN PERFORM pg_catalog.set_config('statement_timeout', '0', true); PERFORM pg_catalog.pg_sleep($1); RETURN 1; END $f$`);
    await authorConn.query(`CREATE FUNCTION trap.tag(text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $f$${body}$f$`);
    // A new session takes the role-level search_path: the author's own queries call trap.lower.
    await authorConn.end();
    authorConn = await connect(primary, { db, user: author, appName: 'pgwarden-test-author' });
    authorPid = (authorConn as unknown as { processID: number }).processID;
    running = authorConn.query(QUERY).catch(() => undefined);
    asSuper = await serviceAs(primary, 'postgres');
    asMonitor = await serviceAs(primary, 'pgwarden_monitor');
    const caps = await probe(asSuper.session);
    backend = await waitFor(async () => {
      const b = await backendSource(asSuper.session, caps, authorPid);
      return b?.query === QUERY ? b : undefined;
    });
  });

  afterAll(async () => {
    await admin?.query('SELECT pg_terminate_backend($1)', [authorPid]).catch(() => undefined);
    await running;
    for (const c of [authorConn, victim, admin]) await c?.end().catch(() => undefined);
    await asSuper?.session.close();
    await asMonitor?.session.close();
    await dropDatabase(primary, db);
    await dropDatabase(primary, clean);
    await withRoles(primary, [member, author, superAuthor]);
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  /** Nothing ran with more than the author's rights: no file, the sacrificial session alive. */
  async function nothingEscaped(): Promise<void> {
    expect(readdirSync(evidenceDir)).toEqual([]);
    expect((await victim.query('SELECT 1 AS ok')).rows[0].ok).toBe(1);
  }

  it("plans as a superuser with the author's rights: the function runs as the author and cannot change role back", async () => {
    const out = await asSuper.service.run({ source: backend, analyze: false, allowWrites: false });
    const plan = outputs(out);
    expect(plan).toContain(`ran-as ${author} set_config-refused reset-refused session-refused`);
    expect(plan).not.toContain('ran-as postgres');
    // lower() is pg_catalog's: the author's override cannot shadow a built-in.
    expect(plan).toContain("'admin'::text");
    if (out.ok) expect(out.notes.join('\n')).toContain(`rights of its author ${author}`);
    await nothingEscaped();
  });

  it('plans as the author for a non-superuser member of its role, whose transactions default to read-only', async () => {
    await admin.query(`CREATE ROLE ${quoteIdent(member)} LOGIN IN ROLE pg_monitor, ${quoteIdent(author)}`);
    await admin.query(`ALTER ROLE ${quoteIdent(member)} SET default_transaction_read_only = on`);
    const asMember = await serviceAs(primary, member);
    try {
      const plan = outputs(await asMember.service.run({ source: backend, analyze: false, allowWrites: false }));
      expect(plan).toContain(`ran-as ${author} set_config-refused reset-refused session-refused`);
      await nothingEscaped();
    } finally {
      await asMember.session.close();
    }
  });

  it("keeps planning under statement_timeout when the author's function resets it", async () => {
    const source: ExplainSource = { kind: 'statement', queryId: '1', database: db, user: author, query: 'SELECT slow(120)' };
    const out = await asSuper.service.run({ source, analyze: false, allowWrites: false });
    expect(out.ok ? 'ok' : `${out.reason} ${out.failure?.code}`).toBe('failed 57014');
  });

  it("runs EXPLAIN ANALYZE with the author's rights too", async () => {
    const source: ExplainSource = { kind: 'statement', queryId: '1', database: db, user: author, query: "SELECT tag('ADMIN')" };
    const first = await asSuper.service.run({ source, analyze: true, allowWrites: false });
    expect(first.ok ? 'ok' : first.reason).toBe('confirm-writes');
    const plan = outputs(await asSuper.service.run({ source, analyze: true, allowWrites: true }));
    expect(plan).toContain(`ran-as ${author} set_config-refused reset-refused session-refused`);
    await nothingEscaped();
  });

  it("plans a normalized statement (generic plan) with the author's rights too", async () => {
    const source: ExplainSource = { kind: 'statement', queryId: '1', database: db, user: author, query: "SELECT tag('ADMIN'), relname FROM pg_class WHERE relname = $1" };
    const out = await asSuper.service.run({ source, analyze: false, allowWrites: false });
    if (out.ok) expect(out.mode).toBe('generic');
    expect(outputs(out)).toContain(`ran-as ${author} set_config-refused`);
    await nothingEscaped();
  });

  it('asks, naming the risk, when pgwarden cannot take the author\'s rights (pg_monitor only), and plans as itself only when told', async () => {
    const out = await asMonitor.service.run({ source: backend, analyze: false, allowWrites: false });
    expect(out.ok ? 'ok' : out.reason).toBe('confirm-rights');
    if (!out.ok) {
      expect(out.message).toContain(`pgwarden_monitor may not SET ROLE to ${author}`);
      expect(out.message).toMatch(/owned by other roles, e\.g\. trap\.\w+ \(owned by/);
      expect(out.message).toMatch(/Plan it as pgwarden_monitor anyway\?$/);
    }
    await nothingEscaped();
    // Accepted: it runs with pgwarden_monitor's rights, which is what the question warned of.
    const plan = outputs(await asMonitor.service.run({ source: backend, analyze: false, allowWrites: false, asSelf: true }));
    expect(plan).toContain('ran-as pgwarden_monitor');
    expect(plan).toContain("'admin'::text");
    await nothingEscaped();
  });

  it('asks when the author is unknown or dropped, for a superuser too', async () => {
    for (const user of [null, `pgw_dropped_${tag}`]) {
      const out = await asSuper.service.run({ source: { ...backend, user }, analyze: false, allowWrites: false });
      expect(out.ok ? 'ok' : out.reason).toBe('confirm-rights');
      if (!out.ok) expect(out.message).toMatch(user ? /no longer exists/ : /unknown/);
    }
    await nothingEscaped();
  });

  it("plans as itself when no user's code can run: a superuser author, or no function owned by a non-superuser", async () => {
    const bySuper: ExplainSource = { kind: 'statement', queryId: '1', database: db, user: superAuthor, query: 'SELECT relname FROM pg_class WHERE relname = $1' };
    const a = await asMonitor.service.run({ source: bySuper, analyze: false, allowWrites: false });
    if (!a.ok) throw new Error(a.message);
    expect(a.notes.join('\n')).toContain('is a superuser');
    const unknownInClean: ExplainSource = { kind: 'statement', queryId: '1', database: clean, user: null, query: 'SELECT lower($1)' };
    const b = await asMonitor.service.run({ source: unknownInClean, analyze: false, allowWrites: false });
    if (!b.ok) throw new Error(b.message);
    expect(b.notes.join('\n')).toContain('no function in this database is owned by a non-superuser');
  });

  it("is not taken over by a database owner's search_path (ALTER DATABASE … SET) on its own queries", async () => {
    const owned = `rights_owned_${tag}`;
    const root = await connect(primary);
    await root.query(`CREATE DATABASE ${quoteIdent(owned)} OWNER ${quoteIdent(author)}`);
    const owner = await connect(primary, { db: owned, user: author });
    try {
      const lo = (await owner.query("SELECT lo_from_bytea(0, 'x') AS oid")).rows[0].oid as number;
      await owner.query('CREATE SCHEMA hijack');
      await owner.query('GRANT USAGE ON SCHEMA hijack TO PUBLIC');
      const trap = `BEGIN PERFORM pg_catalog.lo_export(${lo}, '${evidenceDir}/dbowner-' || current_user); EXCEPTION WHEN others THEN NULL; END;`;
      // pg_backend_pid(): the first call of a new connection; has_database_privilege(name, text):
      // an exact match for a call pgwarden makes, which would win even behind pg_catalog.
      await owner.query(`CREATE FUNCTION hijack.pg_backend_pid() RETURNS int LANGUAGE plpgsql AS $f$ BEGIN ${trap} RETURN 0; END $f$`);
      await owner.query(`CREATE FUNCTION hijack.has_database_privilege(name, text) RETURNS boolean LANGUAGE plpgsql AS $f$ BEGIN ${trap} RETURN true; END $f$`);
      await owner.query(`ALTER DATABASE ${quoteIdent(owned)} SET search_path = hijack, pg_catalog, public`);
      const source: ExplainSource = { kind: 'statement', queryId: '1', database: owned, user: superAuthor, query: 'SELECT 1' };
      const out = await asSuper.service.run({ source, analyze: false, allowWrites: false });
      if (!out.ok) throw new Error(out.message);
      await nothingEscaped();
    } finally {
      await owner.end();
      await root.query(`DROP DATABASE ${quoteIdent(owned)} WITH (FORCE)`);
      await root.end();
    }
  });

  it("connects its own sessions with a search_path no database owner can prepend to (the probe's pg_has_role)", async () => {
    const owned = `rights_main_${tag}`;
    const root = await connect(primary);
    await root.query(`CREATE DATABASE ${quoteIdent(owned)} OWNER ${quoteIdent(author)}`);
    const owner = await connect(primary, { db: owned, user: author });
    // The operator connects pgwarden to that database, as `pgwarden -d <db>` does.
    const main = new Session(pgwardenPlan(primary, 'postgres', owned));
    try {
      const lo = (await owner.query("SELECT lo_from_bytea(0, 'x') AS oid")).rows[0].oid as number;
      await owner.query('CREATE SCHEMA hijack');
      await owner.query('GRANT USAGE ON SCHEMA hijack TO PUBLIC');
      // (name, text, text) beats the built-in (name, name, text) for pg_has_role(current_user,
      // 'pg_read_all_stats', 'USAGE'): text is the preferred type for the unknown literals.
      await owner.query(`CREATE FUNCTION hijack.pg_has_role(name, text, text) RETURNS boolean LANGUAGE plpgsql AS $f$
        BEGIN BEGIN PERFORM pg_catalog.lo_export(${lo}, '${evidenceDir}/main-' || current_user); EXCEPTION WHEN others THEN NULL; END; RETURN true; END $f$`);
      await owner.query(`ALTER DATABASE ${quoteIdent(owned)} SET search_path = hijack, public`);
      const caps = await probe(main);
      expect(caps.readAllStats).toBe(true);
      await nothingEscaped();
    } finally {
      await main.close();
      await owner.end();
      await root.query(`DROP DATABASE ${quoteIdent(owned)} WITH (FORCE)`);
      await root.end();
    }
  });

  it.runIf(cluster.standby !== undefined)('asks on a standby, where the confining function cannot be created', async () => {
    const standby = await serviceAs(cluster.standby!, 'postgres');
    try {
      const source: ExplainSource = { kind: 'statement', queryId: '1', database: db, user: author, query: "SELECT tag('ADMIN')" };
      const out = await waitFor(async () => {
        const o = await standby.service.run({ source, analyze: false, allowWrites: false });
        // The database and the functions reach the standby by replay.
        return !o.ok && o.reason === 'confirm-rights' ? o : undefined;
      });
      expect(out.message).toContain('standby');
      await nothingEscaped();
    } finally {
      await standby.session.close();
    }
  });

  it('`pgwarden explain --pid` refuses with one line as pg_monitor, and plans as itself with --as-self', async () => {
    const run = async (asSelf: boolean) => {
      let out = '';
      let err = '';
      const code = await runExplainCommand({
        plan: pgwardenPlan(primary, 'pgwarden_monitor', 'postgres'),
        describe: 'lab',
        pid: authorPid,
        analyze: false,
        allowWrites: false,
        asSelf,
        json: false,
        readOnly: false,
        out: (t) => void (out += t),
        err: (t) => void (err += t),
      });
      return { code, out, err };
    };
    const refused = await run(false);
    expect(refused.code).toBe(1);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err.trim()).toMatch(/^pgwarden: Cannot plan this with its author's rights: .*anyway\? \(--as-self does\)$/);
    await nothingEscaped();
    const accepted = await run(true);
    expect(accepted.code, accepted.err).toBe(0);
    expect(accepted.out).toContain('note: planned as pgwarden_monitor on the operator\'s word');
  });
});

async function withRoles(endpoint: Endpoint, roles: string[]): Promise<void> {
  const c = await connect(endpoint);
  try {
    for (const r of roles) await c.query(`DROP ROLE IF EXISTS ${quoteIdent(r)}`);
  } finally {
    await c.end();
  }
}
