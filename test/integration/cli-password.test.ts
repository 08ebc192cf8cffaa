import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTerm, type Term } from '../e2e/tmux';
import { builtBundle } from './setup/bundle';
import { labClusters } from './setup/clusters';
import { connect, waitFor } from './setup/pg';
import type { Endpoint } from './setup/types';

const clusters = labClusters();

/** Connects as `user` without a password: resolves whether the server let it in. */
async function letsInWithoutPassword(endpoint: Endpoint, user: string): Promise<boolean> {
  const c = new pg.Client({ host: endpoint.host, port: endpoint.port, user, database: 'postgres', password: undefined });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * The server asks a role of our own for its SCRAM password: one pg_hba.conf line for that role
 * alone on the lab's Unix socket, put first (whatever the lab does for its own roles), reloaded,
 * and taken out afterwards.
 */
async function passwordRole(endpoint: Endpoint, role: string, password: string): Promise<() => Promise<void>> {
  const admin = await connect(endpoint);
  const hbaPath = join(endpoint.dataDir, 'pg_hba.conf');
  const hba = readFileSync(hbaPath, 'utf8');
  try {
    await admin.query("SET password_encryption = 'scram-sha-256'");
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    writeFileSync(hbaPath, `local all ${role} scram-sha-256\n${hba}`);
    await admin.query('SELECT pg_reload_conf()');
  } finally {
    await admin.end();
  }
  await waitFor(async () => !(await letsInWithoutPassword(endpoint, role)), { what: 'pg_hba.conf reloaded' });
  return async () => {
    writeFileSync(hbaPath, hba);
    const c = await connect(endpoint);
    try {
      await c.query('SELECT pg_reload_conf()');
      await c.query(`DROP ROLE ${role}`);
    } finally {
      await c.end();
    }
  };
}

describe.each(clusters)('password prompts of the subcommands on PostgreSQL $version', ({ major, primary }) => {
  const role = `pgw_pw_${major}_${process.pid}`;
  const password = randomBytes(8).toString('hex');
  let dropRole: () => Promise<void>;
  let home: string;
  // Nothing the developer's own environment knows may answer for the password.
  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), PGPASSFILE: join(home, 'none') };
    for (const k of ['PGPASSWORD', 'PGSERVICE', 'PGSERVICEFILE', 'PGUSER', 'PGHOST', 'PGPORT', 'PGDATABASE']) delete e[k];
    return e;
  };
  // psql-style attached values: -Urole -h/socket/dir -pPORT.
  const target = () => [`-U${role}`, `-h${primary.host}`, `-p${primary.port}`, 'postgres'];
  const commands: Record<string, () => string[]> = {
    snapshot: () => ['snapshot', '--json'],
    explain: () => ['explain', '--pid', '1'],
    checklist: () => ['checklist', '--name', 'weekly', '--report', join(home, 'weekly.md')],
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'pgwarden-pw-'));
    dropRole = await passwordRole(primary, role, password);
  });
  afterAll(async () => {
    await dropRole?.();
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs the bundle in a new session (setsid): no controlling terminal, as under cron. */
  const headless = (args: string[]) =>
    spawnSync('setsid', ['-w', 'node', builtBundle(), ...args], { encoding: 'utf8', env: env(), stdio: ['ignore', 'pipe', 'pipe'] });

  it.each(Object.keys(commands))('%s -w fails in one line with exit 2 instead of asking', (name) => {
    const r = headless([...commands[name]!(), '-w', ...target()]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pgwarden: .*password.*\n$/);
    expect(r.status).toBe(2);
  });

  it.each(Object.keys(commands))('%s without a terminal fails in one line with exit 2', (name) => {
    const r = headless([...commands[name]!(), ...target()]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pgwarden: .*password.*\n$/);
    expect(r.status).toBe(2);
  });

  describe('on a terminal', () => {
    let term: Term | undefined;
    afterAll(() => term?.kill());
    const run = async (args: string[], out: string): Promise<string> => {
      term ??= openTerm({ columns: 200, rows: 30, env: { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), PGPASSFILE: join(home, 'none') } });
      term.keys('C-l');
      term.type(`clear; unset PGPASSWORD PGSERVICE; node ${builtBundle()} ${args.join(' ')} > ${out}; echo "rc=$?"`);
      term.keys('Enter');
      return term.waitFor((s) => s.includes(`Password for user ${role}:`), 'the password prompt');
    };

    it('snapshot asks once on stderr, and stdout holds only the document', async () => {
      const out = join(home, 'snapshot.json');
      await run([...commands.snapshot!(), ...target()], out);
      term!.type(password);
      term!.keys('Enter');
      const screen = await term!.waitFor((s) => /rc=\d+/.test(s), 'the command to end', 30_000);
      expect(screen).toMatch(/rc=0/);
      expect(screen.split(`Password for user ${role}:`).length).toBe(2);
      expect(screen).not.toContain(password);
      const doc = JSON.parse(readFileSync(out, 'utf8'));
      expect(doc.server.major).toBe(major);
    });

    it('checklist asks once: a wrong password is one line and exit 2, not a second prompt', async () => {
      await run([...commands.checklist!(), ...target()], join(home, 'checklist.out'));
      term!.type('wrong');
      term!.keys('Enter');
      const screen = await term!.waitFor((s) => /rc=\d+/.test(s), 'the command to end', 30_000);
      expect(screen).toMatch(/rc=2/);
      expect(screen.split(`Password for user ${role}:`).length).toBe(2);
      expect(screen).toMatch(/pgwarden: .*password authentication failed/);
    });
  });
});
