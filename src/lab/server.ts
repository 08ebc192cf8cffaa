import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_ADMIN_APP_NAME, labClient, waitUntil } from './client';
import { HBA_CONF, renderSettings } from './config';
import { freePort } from './ports';
import { giveToServerUser, runAsServerUser } from './process';
import type { Endpoint, LabPasswords, PgInstall } from './types';

/** One server of a lab cluster: its directories and where it listens. */
export interface LabServer {
  role: 'primary' | 'standby';
  install: PgInstall;
  /** Owns everything below: data/, sock/, server.log. */
  dir: string;
  endpoint: Endpoint;
  logFile: string;
}

/** Creates the server's directory layout (owned by the server user) and picks a port. */
export async function prepareServer(
  install: PgInstall,
  clusterDir: string,
  role: LabServer['role'],
  passwords: LabPasswords,
): Promise<LabServer> {
  const dir = join(clusterDir, role);
  const socketDir = join(dir, 'sock');
  for (const d of [dir, socketDir]) {
    mkdirSync(d, { mode: 0o700 });
    giveToServerUser(d);
  }
  // A Unix socket path is limited to 107 bytes (sun_path) including ".s.PGSQL.<port>".
  if (Buffer.byteLength(socketDir) > 80) throw new Error(`socket directory path too long for a Unix socket: ${socketDir}`);
  const port = await freePort();
  return {
    role,
    install,
    dir,
    endpoint: { host: socketDir, port, tcpHost: '127.0.0.1', passwords, dataDir: join(dir, 'data') },
    logFile: join(dir, 'server.log'),
  };
}

/**
 * initdb with the lab's fixed choices, then the lab's postgresql.conf block and pg_hba.conf,
 * which replaces the one initdb writes before the server first starts.
 */
export async function initServer(server: LabServer, settings: Record<string, string>): Promise<void> {
  const { install } = server;
  const args = ['-D', server.endpoint.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
  // --no-instructions appeared in 14; 13's initdb rejects unknown options.
  if (install.major >= 14) args.push('--no-instructions');
  await run(server, 'initdb', args);
  appendSettings(server, 'pgwarden lab', settings);
  writeFileSync(join(server.endpoint.dataDir, 'pg_hba.conf'), HBA_CONF);
}

/** Appends a block of settings to postgresql.conf (later lines override earlier ones). */
export function appendSettings(server: LabServer, title: string, settings: Record<string, string>): void {
  appendFileSync(join(server.endpoint.dataDir, 'postgresql.conf'), renderSettings(title, settings));
}

/**
 * `pg_ctl start -w`: since PostgreSQL 10 pg_ctl waits until postmaster.pid reports the server
 * ready (or a hot standby accepting reads). A port taken between our probe and the bind is
 * retried with a fresh port. Resolves once a client can connect.
 */
export async function startServer(server: LabServer): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const logBefore = readLog(server).length;
    try {
      await run(server, 'pg_ctl', ['-D', server.endpoint.dataDir, '-w', '-t', '60', '-l', server.logFile, 'start']);
      break;
    } catch (err) {
      const logged = readLog(server).slice(logBefore);
      if (attempt >= 3 || !/could not bind|Address already in use/i.test(logged)) throw err;
      server.endpoint.port = await freePort();
      appendSettings(server, 'port retry', { port: String(server.endpoint.port) });
    }
  }
  await waitUntil(
    async () => {
      const c = await labClient(server.endpoint, { appName: LAB_ADMIN_APP_NAME });
      await c.end();
      return true;
    },
    { what: `${server.role} to accept connections`, timeoutMs: 30_000 },
  );
}

/** `pg_ctl stop` in the given mode; an already stopped server is fine. */
export async function stopServer(server: LabServer, mode: 'fast' | 'immediate'): Promise<void> {
  if (!existsSync(join(server.endpoint.dataDir, 'postmaster.pid'))) return;
  await run(server, 'pg_ctl', ['-D', server.endpoint.dataDir, '-m', mode, '-w', '-t', '60', 'stop']).catch(() => {});
}

/** The server log, or '' when there is none yet. */
export function readLog(server: LabServer): string {
  try {
    return readFileSync(server.logFile, 'utf8');
  } catch {
    return '';
  }
}

/** Runs one of the install's programs as the server user from the server's directory. */
export function run(server: LabServer, program: 'initdb' | 'pg_ctl', args: string[]): Promise<unknown> {
  return runAsServerUser(join(server.install.bindir, program), args, { env: server.install.env, cwd: server.dir });
}
