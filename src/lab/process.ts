import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync } from 'node:fs';

/**
 * PostgreSQL refuses to run as root (initdb and postgres both check the effective uid), so
 * when we are root the servers run as `nobody`; otherwise as ourselves.
 */
export interface ServerUser {
  uid: number;
  gid: number;
  name: string;
}

let cachedUser: ServerUser | null | undefined;

/** The user the servers run as, or undefined for "the current user". */
export function serverUser(): ServerUser | undefined {
  if (cachedUser !== undefined) return cachedUser ?? undefined;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    cachedUser = null;
    return undefined;
  }
  cachedUser = { uid: idOf('-u', 65534), gid: idOf('-g', 65534), name: 'nobody' };
  return cachedUser;
}

function idOf(flag: '-u' | '-g', fallback: number): number {
  try {
    const n = Number.parseInt(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim(), 10);
    return Number.isInteger(n) ? n : fallback;
  } catch {
    return fallback;
  }
}

/** Gives a file or directory we created to the server user (no-op when not root). */
export function giveToServerUser(path: string): void {
  const user = serverUser();
  if (user) chownSync(path, user.uid, user.gid);
}

/**
 * Child environment: ours plus the install's, minus libpq/server variables (PGPORT would
 * change the server's default port, PGDATA pg_ctl's default data directory).
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PG')) env[k] = v;
  return { ...env, ...extra, LC_ALL: 'C' };
}

/**
 * Why the server user cannot execute initdb and postgres from `bindir` (e.g. a checkout under
 * /root, whose mode 0700 stops `nobody` from traversing it), or undefined when it can, or when
 * the servers run as ourselves.
 */
export function whyServerUserCannotRun(bindir: string, env: Record<string, string>): string | undefined {
  const user = serverUser();
  if (!user) return undefined;
  for (const program of ['initdb', 'postgres']) {
    const r = spawnSync(`${bindir}/${program}`, ['--version'], {
      uid: user.uid,
      gid: user.gid,
      cwd: '/',
      env: childEnv(env),
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (r.status === 0) continue;
    const why = (r.error?.message ?? r.stderr ?? '').trim();
    return `${user.name} (uid ${user.uid}) cannot run ${bindir}/${program}: ${why}`;
  }
  return undefined;
}

/** Output of a finished command. */
export interface RunResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command as the server user and resolves when it exits 0; rejects with its output
 * otherwise. `pg_ctl start` detaches the postmaster with its output sent to the log file,
 * so the pipes close when pg_ctl itself exits.
 */
export function runAsServerUser(
  cmd: string,
  args: string[],
  opts: { env: Record<string, string>; cwd: string; timeoutMs?: number },
): Promise<RunResult> {
  const user = serverUser();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: childEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise({ stdout, stderr });
      else {
        const name = cmd.split('/').pop();
        const status = sig ? `killed by ${sig}` : `exit code ${code}`;
        reject(new Error(`${name} ${args.join(' ')} failed (${status}):\n${stderr || stdout}`.trim()));
      }
    });
  });
}
