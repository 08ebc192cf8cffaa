import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { waitUntil } from '../../src/lab/client';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
let term: Term | undefined;
afterEach(() => term?.kill());

/** The demo's temporary cluster directories that exist now. */
function demoDirs(): Set<string> {
  return new Set(
    readdirSync(tmpdir())
      .filter((n) => n.startsWith('pgwarden-lab-demo-'))
      .map((n) => join(tmpdir(), n)),
  );
}

/** Command lines of running processes that mention `dir`. */
function processesIn(dir: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(dir));
}

describe.skipIf(!e2e)('pgwarden --demo in a real terminal', () => {
  it('shows the demo workload, runs the lock pile-up drill from the menu and leaves nothing behind', async () => {
    const before = demoDirs();
    term = openTerm({ columns: 80, rows: 24, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' } });
    term.type(`node ${e2e!.bundle} --demo; echo "demo-exit=$?"`);
    term.keys('Enter');
    // Sessions of the shop's workload appear in the activity pane (idle ones are hidden, the
    // batch session idles in transaction, the web sessions run statements).
    await term.waitFor((s) => s.includes('Activity') && /\d+ postgres\s+postgres\s+(active|idle txn)/.test(s), 'the demo workload in the activity pane', 60_000);
    const ours = [...demoDirs()].filter((d) => !before.has(d));
    expect(ours).toHaveLength(1);

    term.type('D');
    await term.waitFor((s) => s.includes('Incident drills') && s.includes('Lock pile-up'), 'the drills menu');
    term.type('l');
    await term.waitFor((s) => /Lock pile-up\s+RUNNING/.test(s), 'the drill running', 60_000);
    term.keys('Escape');
    // The root idles in transaction; four updates wait for row locks, each behind the previous
    // one: at 80 columns their state reads "waiting".
    const drillRows = (s: string, state: string) => s.split('\n').filter((l) => l.includes(state) && l.includes('UPDATE "inventory_l')).length;
    await term.waitFor((s) => drillRows(s, 'idle txn') === 1 && drillRows(s, 'waiting') >= 4, 'waiting sessions', 30_000);

    term.type('q');
    await term.waitFor((s) => /demo-exit=0/.test(s), 'the monitor to exit', 30_000);
    const dir = ours[0]!;
    await waitUntil(() => !demoDirs().has(dir) && processesIn(dir).length === 0, {
      what: `no server or directory of ${dir} left`,
      timeoutMs: 10_000,
    });
  });
});
