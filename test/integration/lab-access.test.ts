import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionPlan, nodeConnectionDeps, resolveConnection } from '../../src/data/connection';
import { Session } from '../../src/data/db';
import { labClient } from '../../src/lab/client';
import { givePassword } from '../../src/lab/passwords';
import { serverUser } from '../../src/lab/process';
import { connect } from './setup/pg';
import type { ClusterInfo, Endpoint } from './setup/types';
import { labClusters } from './setup/clusters';

// On a shared machine a lab or demo cluster must let in its own user only: its Unix socket is
// private, and TCP (open to every local user) asks for a random password.
const clusters = labClusters();
const asRoot = process.getuid?.() === 0;

/** The cluster's directory: <cluster>/<primary|standby>/sock. */
const clusterDirOf = (e: Endpoint): string => dirname(dirname(e.host));

describe.each(clusters)('who gets into the lab cluster on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  const standby = cluster.standby!;

  it('asks every TCP connection for its password, the superuser included', async () => {
    for (const e of [primary, standby]) {
      // No password at all: libpq would fail the same way; node-postgres refuses before sending one.
      await expect(connect(e, { password: '' })).rejects.toThrow();
      await expect(connect(e, { password: 'guess' })).rejects.toMatchObject({ code: '28P01' });
      // A role without a password cannot log in over TCP at all.
      await expect(connect(e, { user: 'pgwarden_plain', password: 'guess' })).rejects.toMatchObject({ code: '28P01' });
      const c = await labClient(e, { tcp: true });
      try {
        expect((await c.query('SELECT current_user AS u, inet_client_addr() AS a')).rows).toEqual([{ u: 'postgres', a: '127.0.0.1' }]);
      } finally {
        await c.end();
      }
    }
  });

  it('has no trust line for TCP in pg_hba.conf', async () => {
    const c = await connect(primary);
    try {
      const { rows } = await c.query<{ type: string; auth_method: string }>('SELECT type, auth_method FROM pg_hba_file_rules WHERE error IS NULL');
      expect(rows.filter((r) => r.type !== 'local').map((r) => r.auth_method)).toEqual(['scram-sha-256', 'scram-sha-256']);
      expect((await c.query('SHOW unix_socket_permissions')).rows[0].unix_socket_permissions).toBe('0700');
    } finally {
      await c.end();
    }
  });

  it('keeps the Unix sockets and the data in directories only the server user can enter', () => {
    const owner = serverUser()?.uid ?? process.getuid?.();
    for (const e of [primary, standby]) {
      for (const dir of [e.host, e.dataDir, dirname(e.host), clusterDirOf(e)]) {
        const st = statSync(dir);
        expect({ dir, mode: (st.mode & 0o777).toString(8), uid: st.uid }).toEqual({ dir, mode: '700', uid: owner });
      }
      expect((statSync(join(e.host, `.s.PGSQL.${e.port}`)).mode & 0o077).toString(8)).toBe('0');
    }
  });

  it('gives the TCP passwords to programs through a 0600 password file, and to new roles on request', async () => {
    const passfile = cluster.passfile;
    const st = statSync(passfile);
    expect({ mode: (st.mode & 0o777).toString(8), uid: st.uid }).toEqual({ mode: '600', uid: process.getuid?.() });
    // pgwarden itself, as `PGPASSFILE=… pgwarden -h 127.0.0.1 -p … -U postgres` would run it.
    const target = resolveConnection(
      { positional: [], flags: { host: primary.tcpHost, port: primary.port, username: 'postgres', dbname: 'postgres' }, env: { PGPASSFILE: passfile, PGSSLMODE: 'disable' } },
      nodeConnectionDeps({}),
    );
    const s = new Session(connectionPlan(target, { applicationName: 'pgwarden-test', statementTimeoutMs: 5000, lockTimeoutMs: 1000 }));
    try {
      await s.connect();
      expect((await s.query('SELECT current_user AS u')).rows).toEqual([{ u: 'postgres' }]);
    } finally {
      await s.close();
    }
    const password = await givePassword(primary, 'pgwarden_monitor');
    const c = await labClient(primary, { tcp: true, user: 'pgwarden_monitor', password });
    await c.end();
  });

  // Root can enter every directory, so the other user must be one that is neither root nor the
  // server user; a developer running the tests as themselves cannot switch to another user.
  it.skipIf(!asRoot)('refuses another OS user at the Unix socket (needs root to act as another user)', () => {
    const server = serverUser()!;
    const other = otherUser(server.uid);
    for (const e of [primary, standby]) {
      const socket = join(e.host, `.s.PGSQL.${e.port}`);
      const script = `require('net').connect({ path: process.argv[1] }).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); });`;
      const r = spawnSync(process.execPath, ['-e', script, socket], { uid: other.uid, gid: other.gid, cwd: '/', encoding: 'utf8', timeout: 20_000 });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('EACCES');
      // The server user itself gets through, as it owns the directory: the test reaches the socket.
      const own = spawnSync(process.execPath, ['-e', script, socket], { uid: server.uid, gid: server.gid, cwd: '/', encoding: 'utf8', timeout: 20_000 });
      expect(own.stdout.trim()).toBe('connected');
    }
  });
});

/** A user that is neither root nor the server user: `daemon` where it exists, else uid 1. */
function otherUser(serverUid: number): { uid: number; gid: number } {
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'daemon'], { encoding: 'utf8' }).stdout.trim() || '1');
  const user = { uid: id('-u'), gid: id('-g') };
  if (user.uid === 0 || user.uid === serverUid) throw new Error(`no user distinct from root and uid ${serverUid} to test with`);
  return user;
}
