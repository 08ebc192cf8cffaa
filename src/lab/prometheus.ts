import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { waitUntil } from './client';
import { registerCleanup } from './cleanup';
import { freePort } from './ports';
import { childEnv, giveToServerUser, serverUser } from './process';
import type { Endpoint } from './types';

/**
 * Prometheus scraping postgres_exporter in front of lab servers, from the distribution's
 * packages (Debian: `prometheus`, `prometheus-postgres-exporter`). Everything listens on
 * 127.0.0.1 on free ports; each exporter reaches its server through the server's private Unix
 * socket (which the lab trusts) and runs as the servers' user when we are root, as PgBouncer
 * does. Prometheus scrapes every second, keeps its data in a private directory (0700) removed
 * on stop, and labels each instance with `server` (the lab's name for it) and `pgwarden_target`
 * (the conninfo pgwarden connects to when the operator picks the row).
 */

export interface LabPrometheus {
  /** Prometheus' base URL (http://127.0.0.1:port). */
  url: string;
  /** Per server name: the exporter's address as Prometheus' `instance` label has it. */
  instances: Record<string, string>;
  stop(): Promise<void>;
}

function findBinary(names: string[], env: NodeJS.ProcessEnv): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'].filter(Boolean);
  for (const d of dirs)
    for (const n of names) {
      try {
        accessSync(join(d, n), constants.X_OK);
        return join(d, n);
      } catch {
        // not here
      }
    }
  return undefined;
}

/** The two binaries, or undefined when either is missing. */
export function findPrometheus(env: NodeJS.ProcessEnv = process.env): { prometheus: string; exporter: string } | undefined {
  const prometheus = findBinary(['prometheus'], env);
  const exporter = findBinary(['prometheus-postgres-exporter', 'postgres_exporter'], env);
  return prometheus && exporter ? { prometheus, exporter } : undefined;
}

/**
 * The queries the guides add to postgres_exporter (its queries.yaml): replay delay, start time,
 * dead tuples. Numeric results are cast to float8: the exporter parses them as floats.
 */
const EXTRA_QUERIES = `pg_replication:
  query: "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 ELSE GREATEST(0, EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp())))::float8 END AS lag, CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END AS is_replica"
  master: true
  metrics:
    - lag:
        usage: "GAUGE"
        description: "Replication lag behind the primary in seconds"
    - is_replica:
        usage: "GAUGE"
        description: "1 on a standby"
pg_postmaster:
  query: "SELECT EXTRACT(EPOCH FROM pg_postmaster_start_time())::float8 AS start_time_seconds"
  master: true
  metrics:
    - start_time_seconds:
        usage: "GAUGE"
        description: "Time at which the postmaster started"
pg_stat_user_tables:
  query: "SELECT current_database() AS datname, schemaname, relname, n_dead_tup::float8 AS n_dead_tup FROM pg_stat_user_tables"
  metrics:
    - datname:
        usage: "LABEL"
        description: "Database"
    - schemaname:
        usage: "LABEL"
        description: "Schema"
    - relname:
        usage: "LABEL"
        description: "Table"
    - n_dead_tup:
        usage: "GAUGE"
        description: "Estimated number of dead rows"
`;

/** A conninfo value, quoted as libpq reads it. */
const quoted = (v: string): string => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Starts one exporter per server and a Prometheus scraping them; resolves once every instance has been scraped up. */
export async function startPrometheus(servers: Record<string, Endpoint>, opts: { baseDir?: string; scrapeSeconds?: number } = {}): Promise<LabPrometheus> {
  const bins = findPrometheus();
  if (!bins) throw new Error('prometheus or postgres_exporter is not installed (Debian: apt-get install prometheus prometheus-postgres-exporter)');
  const dir = mkdtempSync(join(resolve(opts.baseDir ?? tmpdir()), 'pgwarden-lab-prometheus-'));
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  const cleanup = { dataDirs: [], dirs: [dir], pidFiles: [] as string[] };
  const unregister = registerCleanup(cleanup);
  const user = serverUser();
  const children: ChildProcess[] = [];
  const spawnChild = (bin: string, args: string[], env: Record<string, string>): void => {
    const c = spawn(bin, args, { cwd: dir, env: childEnv(env), stdio: ['ignore', 'ignore', 'ignore'], ...(user ? { uid: user.uid, gid: user.gid } : {}) });
    c.once('error', () => undefined);
    children.push(c);
    // A process that dies with us leaves its children: the lab's cleanup stops them by pid.
    if (c.pid !== undefined) {
      const pidFile = join(dir, `${children.length}.pid`);
      writeFileSync(pidFile, `${c.pid}\n`, { mode: 0o600 });
      cleanup.pidFiles.push(pidFile);
    }
  };
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((r) => {
            if (c.exitCode !== null || c.signalCode !== null) return r();
            c.once('exit', () => r());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
    unregister();
  };
  try {
    const queries = join(dir, 'queries.yaml');
    writeFileSync(queries, EXTRA_QUERIES, { mode: 0o600 });
    giveToServerUser(queries);
    const instances: Record<string, string> = {};
    const targets: string[] = [];
    for (const [name, ep] of Object.entries(servers)) {
      const port = await freePort();
      instances[name] = `127.0.0.1:${port}`;
      const dsn = `host=${quoted(ep.host)} port=${ep.port} user=postgres dbname=postgres sslmode=disable application_name=postgres_exporter`;
      spawnChild(bins.exporter, [`--web.listen-address=127.0.0.1:${port}`, `--extend.query-path=${queries}`, '--log.level=warn'], { DATA_SOURCE_NAME: dsn });
      const target = `host=${quoted(ep.host)} port=${ep.port} user=postgres dbname=postgres`;
      targets.push(`  - targets: ['127.0.0.1:${port}']\n    labels:\n      server: ${JSON.stringify(name)}\n      pgwarden_target: ${JSON.stringify(target)}`);
    }
    const every = `${opts.scrapeSeconds ?? 1}s`;
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, `global:\n  scrape_interval: ${every}\n  evaluation_interval: ${every}\nscrape_configs:\n- job_name: postgres\n  static_configs:\n${targets.join('\n')}\n`, { mode: 0o600 });
    for (const f of [dir, data, config]) giveToServerUser(f);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    spawnChild(bins.prometheus, [`--config.file=${config}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {});
    // Ready when every exporter was scraped and reported its server up.
    await waitUntil(
      async () => {
        const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('pg_up == 1')}`);
        const body = (await res.json()) as { data?: { result?: unknown[] } };
        return (body.data?.result?.length ?? 0) >= Object.keys(servers).length;
      },
      { what: 'Prometheus to scrape every exporter', timeoutMs: 60_000, intervalMs: 200 },
    );
    return { url, instances, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
