/**
 * The subcommands' output with a database named like an attack: an OSC 0 title, a bidi override
 * and a C1 CSI. What pgwarden prints (stderr lines, snapshot JSON, the checklist report) must
 * show the name inert; the JSON must still parse back to the exact name.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type pg from 'pg';
import { labClient, waitUntil } from '../../src/lab/client';
import { createDatabase, dropDatabase } from '../../src/lab/scenarios';
import './setup/types';

const e2e = inject('e2e');

const HOSTILE = 'd\x1b]0;pwned\x07\u202eb\u009b2J\u200b';
const SHOWN = 'd^[]0;pwned^G<U+202E>b<U+009B>2J<U+200B>';
/** ESC, BEL, C1 controls, bidi controls and zero-width characters: none may reach a terminal raw. */
const RAW = /[\x07\x1b\u0080-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff\u2060]/u;

describe.skipIf(!e2e)('subcommand output with a hostile database name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgwarden-inject-cli-'));
  let idle: pg.Client;
  let queryId: string;

  const run = (...args: string[]) =>
    spawnSync('node', [e2e!.bundle, ...args, '-h', e2e!.primary.host, '-p', String(e2e!.primary.port), '-U', 'postgres'], {
      encoding: 'utf8',
      env: { ...process.env, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') },
    });

  beforeAll(async () => {
    await createDatabase(e2e!.primary, HOSTILE);
    // One statement in two databases: explain --queryid names the other one on stderr.
    idle = await labClient(e2e!.primary, { db: HOSTILE, appName: 'inject-idle' });
    const other = await labClient(e2e!.primary);
    try {
      for (const c of [idle, other]) await c.query('SELECT 4242 AS pgwarden_injection_probe');
      queryId = await waitUntil(async () => {
        const r = await other.query("SELECT queryid::text AS q FROM pg_stat_statements WHERE query LIKE 'SELECT $1 AS pgwarden_injection_probe%' GROUP BY queryid HAVING count(DISTINCT dbid) = 2");
        return r.rows[0]?.q as string | undefined;
      }, { what: 'the statement in both databases' });
    } finally {
      await other.end();
    }
  });

  afterAll(async () => {
    await idle?.end().catch(() => undefined);
    await dropDatabase(e2e!.primary, HOSTILE);
    rmSync(dir, { recursive: true, force: true });
  });

  it('explain --queryid: "also ran in <db>" on stderr shows the name inert', () => {
    const r = run('explain', '--queryid', queryId, 'postgres');
    expect(r.stderr).toContain('also ran in');
    expect(r.stderr).toContain(SHOWN);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stdout).not.toMatch(RAW);
  });

  it('snapshot --json escapes the name (C1, bidi, zero width as \\uXXXX) and parses back to it', () => {
    const r = run('snapshot', '--json', 'postgres');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('\\u202e');
    const doc = JSON.parse(r.stdout) as { activity: { application_name: string; database: string }[] };
    expect(doc.activity.find((b) => b.application_name === 'inject-idle')?.database).toBe(HOSTILE);
  });

  it('the checklist report shows the name inert, and its stderr too', () => {
    const report = join(dir, 'weekly.md');
    const r = run('checklist', '--name', 'weekly', '--report', report, HOSTILE);
    expect(r.status, r.stderr).not.toBe(2);
    expect(r.stderr).not.toMatch(RAW);
    const md = readFileSync(report, 'utf8');
    expect(md).toContain('\\x1b]0;pwned\\x07\\u{202E}b\\x9b2J\\u{200B}');
    expect(md).not.toMatch(RAW);
  });

  it('a connection error that quotes the name (no such database) is inert on stderr, for every subcommand', () => {
    const missing = `${HOSTILE}\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07`;
    for (const args of [['snapshot', '--json', missing], ['explain', '--pid', '1', missing], ['checklist', '--name', 'weekly', '--report', join(dir, 'x.md'), missing]]) {
      const r = run(...args);
      expect(r.status, args[0]).not.toBe(0);
      expect(r.stderr, args[0]).toContain('^[]52;c;');
      expect(r.stderr, args[0]).not.toMatch(RAW);
      expect(r.stdout, args[0]).not.toMatch(RAW);
    }
  });
});
