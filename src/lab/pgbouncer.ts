import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { labClient, waitUntil } from './client';
import { registerCleanup } from './cleanup';
import { randomPassword, scramVerifier } from './passwords';
import { freePort } from './ports';
import { childEnv, giveToServerUser, serverUser } from './process';
import type { Endpoint } from './types';

/**
 * PgBouncer in front of a lab cluster, from the distribution's package (Debian: `pgbouncer`).
 * It listens on 127.0.0.1 on a free port and on a Unix socket in a private directory (0700),
 * asks every client for a SCRAM password (auth_file holds SCRAM secrets only, never a
 * password), and lets only the lab's own user (`postgres`) into the admin console. It reaches
 * the cluster through the cluster's private Unix socket, which the cluster trusts; like the
 * servers it runs as `nobody` when we are root (PgBouncer refuses to run as root).
 */

/** One pool PgBouncer offers: a name clients connect to, and the cluster database behind it. */
export interface BouncerDatabase {
  /** Database name in the cluster (default: the entry's own name). */
  dbname?: string;
  /** pool_size for this database (default: default_pool_size, 20). */
  poolSize?: number;
  maxDbConnections?: number;
}

/** Options for {@link startPgBouncer}. */
export interface BouncerOptions {
  /** Pools by name; default `{ postgres: {} }`. */
  databases?: Record<string, BouncerDatabase>;
  /** session or transaction (default: transaction, as the guides deploy it). */
  poolMode?: 'session' | 'transaction';
  /** Extra [pgbouncer] settings, written verbatim. */
  settings?: Record<string, string>;
  baseDir?: string;
}

/** A running lab PgBouncer. */
export interface LabBouncer {
  version: string;
  /**
   * Where it listens, in the shape of a cluster endpoint: `labClient(endpoint, { tcp: true,
   * db: 'pgbouncer' })` opens the admin console. `passwords.postgres` is PgBouncer's own,
   * random, not the cluster's.
   */
  endpoint: Endpoint;
  /** A password file (0600, .pgpass format) for programs run as children (PGPASSFILE). */
  passfile: string;
  /** Stops PgBouncer (SIGTERM: immediate shutdown) and removes its directory. Idempotent. */
  stop(): Promise<void>;
  logTail(n: number): string;
}

/** PgBouncer's binary: PGWARDEN_TEST_PGBOUNCER, else `pgbouncer` on PATH or in /usr/sbin. */
export function findPgBouncer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'].filter(Boolean);
  const candidates = env.PGWARDEN_TEST_PGBOUNCER ? [env.PGWARDEN_TEST_PGBOUNCER] : dirs.map((d) => join(d, 'pgbouncer'));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return undefined;
}

/** `pgbouncer --version`'s number, e.g. `1.18.0`. */
function versionOf(bin: string): string {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return /PgBouncer\s+(\S+)/i.exec(r.stdout ?? '')?.[1] ?? 'unknown';
}

/** A libpq connection-string value: quoted when it holds anything but plain characters. */
function connValue(v: string | number): string {
  const s = String(v);
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Starts PgBouncer in front of `cluster` (its primary's Unix socket). */
export async function startPgBouncer(cluster: Endpoint, opts: BouncerOptions = {}): Promise<LabBouncer> {
  const bin = findPgBouncer();
  if (!bin) throw new Error('pgbouncer is not installed (Debian: apt-get install pgbouncer, or set PGWARDEN_TEST_PGBOUNCER)');
  const parent = resolve(opts.baseDir ?? tmpdir());
  const dir = mkdtempSync(join(parent, 'pgwarden-lab-pgbouncer-'));
  chmodSync(dir, 0o700);
  const sock = join(dir, 'sock');
  mkdirSync(sock, { mode: 0o700 });
  const pidFile = join(dir, 'pgbouncer.pid');
  const logFile = join(dir, 'pgbouncer.log');
  const unregister = registerCleanup({ dataDirs: [], dirs: [dir], pidFiles: [pidFile] });
  const password = randomPassword();
  const port = await freePort();

  const databases = opts.databases ?? { postgres: {} };
  const dbLines = Object.entries(databases).map(([name, d]) => {
    const parts = [`host=${connValue(cluster.host)}`, `port=${cluster.port}`, `dbname=${connValue(d.dbname ?? name)}`];
    if (d.poolSize !== undefined) parts.push(`pool_size=${d.poolSize}`);
    if (d.maxDbConnections !== undefined) parts.push(`max_db_connections=${d.maxDbConnections}`);
    return `${name} = ${parts.join(' ')}`;
  });
  const settings: Record<string, string> = {
    listen_addr: '127.0.0.1',
    listen_port: String(port),
    unix_socket_dir: sock,
    unix_socket_mode: '0600',
    auth_type: 'scram-sha-256',
    auth_file: join(dir, 'userlist.txt'),
    admin_users: 'postgres',
    pool_mode: opts.poolMode ?? 'transaction',
    logfile: logFile,
    pidfile: pidFile,
    // Averages in SHOW STATS are recomputed every stats_period seconds (default 60).
    stats_period: '2',
    ...opts.settings,
  };
  const ini = ['[databases]', ...dbLines, '', '[pgbouncer]', ...Object.entries(settings).map(([k, v]) => `${k} = ${v}`), ''].join('\n');
  const iniFile = join(dir, 'pgbouncer.ini');
  writeFileSync(iniFile, ini, { mode: 0o600 });
  // A SCRAM secret: PgBouncer can check the client's proof but never learns the password.
  writeFileSync(settings.auth_file!, `"postgres" "${scramVerifier(password)}"\n`, { mode: 0o600 });
  for (const f of [dir, sock, iniFile, settings.auth_file!]) giveToServerUser(f);
  const passfile = join(dir, 'pgpass.ours');
  writeFileSync(passfile, `127.0.0.1:${port}:*:postgres:${password}\n`, { mode: 0o600 });

  const user = serverUser();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const logTail = (n: number): string => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-n - 1).join('\n');
    } catch {
      return '';
    }
  };
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child?.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
      unregister();
    })());

  const endpoint: Endpoint = {
    host: sock,
    port,
    tcpHost: '127.0.0.1',
    passwords: { postgres: password, pgwarden_pw: password },
    dataDir: dir,
  };
  try {
    // In the foreground, as our child: its exit is seen at once, and stop() waits for it.
    const c = spawn(bin, [iniFile], { cwd: dir, env: childEnv({}), stdio: ['ignore', 'ignore', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}) });
    child = c;
    let stderr = '';
    c.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    exited = new Promise((r) => c.once('exit', () => r()));
    c.once('error', (err) => (stderr += String(err)));
    // A PgBouncer that exits at start (a bad setting, a taken port) fails the start at once.
    const early = exited.then(() => {
      throw new Error(`pgbouncer exited (${c.exitCode ?? c.signalCode}): ${stderr.trim()}`);
    });
    early.catch(() => {});
    const ready = waitUntil(
      async () => {
        const admin = await labClient(endpoint, { tcp: true, db: 'pgbouncer' });
        try {
          await admin.query('SHOW VERSION');
        } finally {
          await admin.end().catch(() => {});
        }
        return true;
      },
      { what: 'pgbouncer to accept connections', timeoutMs: 30_000 },
    );
    await Promise.race([ready, early]);
    return { version: versionOf(bin), endpoint, passfile, stop, logTail };
  } catch (err) {
    const tail = logTail(20);
    await stop();
    throw new Error(`starting pgbouncer failed: ${err instanceof Error ? err.message : String(err)}\n${tail}`);
  }
}
