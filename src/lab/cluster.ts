import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitUntil } from './client';
import { registerCleanup } from './cleanup';
import { baseSettings } from './config';
import { randomPassword } from './passwords';
import { runnableInstall } from './placement';
import { giveToServerUser } from './process';
import { initServer, prepareServer, readLog, startServer, stopServer, type LabServer } from './server';
import { pauseReplay, resumeReplay } from './replay';
import { setupPrimary } from './setup';
import { cloneStandby, isStreaming } from './standby';
import type { ClusterOptions, Endpoint, LabCluster, LabPasswords, PgInstall } from './types';

export type { ClusterOptions, Endpoint, LabCluster } from './types';

/**
 * Starts a throwaway cluster from an install: a primary with pg_stat_statements preloaded and
 * the lab's roles and databases (see setupPrimary), plus a streaming standby when
 * `opts.standby` is set. Only its own user gets in: the Unix socket is private and TCP asks
 * for a random password (see HBA_CONF). Everything lives in one temporary directory, 0700,
 * that `stop()` removes;
 * if the process exits first, an exit handler shuts the servers down and removes it.
 * On failure everything started so far is stopped and the error carries the server log tail.
 */
export async function startCluster(given: PgInstall, opts: ClusterOptions = {}): Promise<LabCluster> {
  const name = opts.name ?? `pg${given.major}`;
  const log = opts.log ?? (() => {});
  const began = Date.now();
  const elapsed = (): string => `${((Date.now() - began) / 1000).toFixed(1)}s`;
  const install = runnableInstall(given);

  const parent = resolve(opts.baseDir ?? tmpdir());
  // Paths go verbatim into postgresql.conf and primary_conninfo: keep them free of quoting.
  if (!/^[\w./-]+$/.test(parent)) throw new Error(`lab base directory must be a plain path: ${parent}`);
  const clusterDir = mkdtempSync(join(parent, `pgwarden-lab-${name.replace(/[^\w-]/g, '_')}-`));
  chmodSync(clusterDir, 0o700);
  giveToServerUser(clusterDir);
  const servers: LabServer[] = [];
  // The exit handler reads dataDirs when it runs, so servers are added as they are created.
  const dataDirs: string[] = [];
  const unregister = registerCleanup({ dataDirs, dirs: [clusterDir] });
  const passwords: LabPasswords = { postgres: randomPassword(), pgwarden_pw: randomPassword() };
  // Ours, not the server user's: the server never reads it. One line per role covers both servers.
  const passfile = join(clusterDir, 'pgpass');
  const passLines = Object.entries(passwords).map(([role, pw]) => `127.0.0.1:*:*:${role}:${pw}\n`);
  writeFileSync(passfile, passLines.join(''), { mode: 0o600 });

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await Promise.all(servers.map((s) => stopServer(s, 'immediate')));
      rmSync(clusterDir, { recursive: true, force: true });
      unregister();
    })());
  const logTail = (n: number): string =>
    servers
      .map((s) => `--- ${name} ${s.role} (${s.logFile}) ---\n${readLog(s).split('\n').slice(-n - 1).join('\n')}`)
      .join('\n');

  try {
    const primary = await prepareServer(install, clusterDir, 'primary', passwords);
    servers.push(primary);
    dataDirs.push(primary.endpoint.dataDir);
    await initServer(primary, baseSettings(primary.endpoint.port, primary.endpoint.host, opts.conf));
    log(`${name}: initdb done (${elapsed()})`);
    await startServer(primary);
    log(`${name}: primary started (${elapsed()})`);
    await setupPrimary(primary.endpoint);
    log(`${name}: primary ready on port ${primary.endpoint.port} (${elapsed()})`);

    let standby: LabServer | undefined;
    if (opts.standby) {
      standby = await prepareServer(install, clusterDir, 'standby', passwords);
      servers.push(standby);
      dataDirs.push(standby.endpoint.dataDir);
      await cloneStandby(primary, standby);
      log(`${name}: standby cloned (${elapsed()})`);
      // Primary first: a walreceiver turned away by a primary still starting up waits
      // wal_retrieve_retry_interval (5 s by default) before its next attempt.
      await startServer(primary);
      log(`${name}: primary restarted (${elapsed()})`);
      await startServer(standby);
      log(`${name}: standby started (${elapsed()})`);
      await waitUntil(() => isStreaming(primary), { what: `${name} standby to stream`, timeoutMs: 60_000 });
      log(`${name}: standby streaming on port ${standby.endpoint.port} (${elapsed()})`);
    }

    const standbyEndpoint = (): Endpoint => {
      if (!standby) throw new Error(`${name} has no standby`);
      return standby.endpoint;
    };

    return {
      major: install.major,
      version: install.version,
      primary: primary.endpoint,
      ...(standby ? { standby: standby.endpoint } : {}),
      dataDirs: [...dataDirs],
      passfile,
      stop,
      pauseReplay: async () => pauseReplay(standbyEndpoint(), install.major),
      resumeReplay: async () => resumeReplay(standbyEndpoint()),
      logTail,
    };
  } catch (err) {
    const tail = logTail(40);
    await stop();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`starting lab cluster ${name} (PostgreSQL ${install.version}) failed: ${message}\n${tail}`);
  }
}
