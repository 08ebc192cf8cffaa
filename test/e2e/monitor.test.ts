import { afterEach, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { idleInTransaction, longQuery } from '../../src/lab/scenarios';
import { openTerm, sttyState, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
let term: Term | undefined;
afterEach(() => term?.kill());

function launch(t: Term, extra = ''): void {
  const { bundle, primary } = e2e!;
  t.type(`node ${bundle} -h ${primary.host} -p ${primary.port} -U postgres ${extra} postgres`);
  t.keys('Enter');
}

describe.skipIf(!e2e)('pgwarden in a real terminal', () => {
  it.each([
    [80, 24],
    [200, 50],
  ])('starts, filters, sorts, opens a query and quits with the terminal restored at %ix%i', async (columns, rows) => {
    const q = await longQuery(e2e!.primary, { seconds: 120, appName: 'e2e-long' });
    const idle = await idleInTransaction(e2e!.primary, { appName: 'e2e-idle' });
    term = openTerm({ columns, rows, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' } });
    try {
      const before = await sttyState(term, 'BEFORE');
      term.type('echo marker-before-launch');
      term.keys('Enter');
      launch(term);
      await term.waitFor((s) => s.includes('pgwarden') && s.includes('Activity') && s.includes('pg_sleep'), 'first populated screen');
      expect(term.alternateOn()).toBe(true);
      const first = term.screen().replace(/\n$/, '').split('\n');
      expect(first.length).toBeLessThanOrEqual(rows);
      expect(first[0]).toContain(`PostgreSQL ${e2e!.major}`);

      // Filter on the application name, then clear it.
      term.keys('/');
      term.type('e2e-long');
      await term.waitFor((s) => s.includes('filter') && s.includes('pg_sleep') && !/idle txn/.test(s.split('\n').slice(4).join('\n')), 'filtered rows');
      term.keys('Enter');
      // The full query, wrapped, in its own window.
      term.keys('Enter');
      await term.waitFor((s) => /pid \d+ postgres@postgres active/.test(s) && s.includes('pg_sleep'), 'query viewer');
      term.keys('Escape');
      await term.waitFor((s) => s.includes('Activity'), 'back to activity');
      term.keys('\\');
      await term.waitFor((s) => s.includes('idle txn'), 'filter cleared');

      // Sort by the next column: the sort marker moves from XACT to QUERY AGE.
      const marker = (s: string) => s.split('\n').find((l) => /PID/.test(l) && /QUERY/.test(l)) ?? '';
      expect(marker(term.screen())).toMatch(/XACT[▼v]/);
      term.keys('>');
      await term.waitFor((s) => /QUERY AGE[▼v]/.test(marker(s)), 'sort moved');

      // Re-lays out on resize: more columns appear on a wider terminal.
      if (columns < 100) expect(term.screen()).not.toContain('XMIN AGE');
      term.resize(columns + 60, rows + 5);
      await term.waitFor((s) => s.includes('XMIN AGE'), 'wider layout after resize');

      term.keys('q');
      await term.waitFor((s) => s.includes('marker-before-launch') && !s.includes('Activity'), 'shell back');
      expect(term.alternateOn()).toBe(false);
      expect(await sttyState(term, 'AFTER')).toBe(before);
    } finally {
      await q.stop();
      await idle.stop();
    }
  });

  it('restores the terminal when killed with SIGTERM or SIGHUP', async () => {
    for (const sig of ['TERM', 'HUP']) {
      term = openTerm({ columns: 100, rows: 30, env: { LANG: 'C.UTF-8' } });
      const before = await sttyState(term, 'BEFORE');
      launch(term);
      await term.waitFor((s) => s.includes('Activity'), 'monitor up');
      // Signal it from outside, as a dropped SSH link or a kill would: the shell's child is pgwarden.
      const { execFileSync } = await import('node:child_process');
      const shell = term.tmux('display-message', '-p', '-t', term.name, '#{pane_pid}').trim();
      const pids = execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n');
      for (const p of pids) process.kill(Number(p), `SIG${sig}` as NodeJS.Signals);
      // Wait on the restore itself (the pane leaving the alternate screen), not on the screen's text:
      // a capture taken while a frame is being redrawn can lack "Activity" with the monitor still up.
      const t = term;
      await t.waitFor(() => !t.alternateOn(), `terminal restored on SIG${sig}`);
      expect(term.screen()).not.toContain('Activity');
      expect(await sttyState(term, 'AFTER')).toBe(before);
      term.kill();
    }
  });

  it('exits when its terminal disappears (a dropped SSH link), leaving no process behind', async () => {
    term = openTerm({ columns: 100, rows: 30, env: { LANG: 'C.UTF-8' } });
    launch(term);
    await term.waitFor((s) => s.includes('Activity'), 'monitor up');
    const { execFileSync } = await import('node:child_process');
    const shell = term.tmux('display-message', '-p', '-t', term.name, '#{pane_pid}').trim();
    const pid = Number(execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0]);
    term.kill();
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const end = Date.now() + 10_000;
    while (alive() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
  });

  it('shows escape sequences from a query and a role name as harmless text', async () => {
    const admin = new pg.Client({ host: e2e!.primary.host, port: e2e!.primary.port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    const evilRole = 'mallory\x1b]2;pwned-role\x07\x1b[2J';
    await admin.query(`DROP ROLE IF EXISTS "${evilRole.replace(/"/g, '""')}"`);
    await admin.query(`CREATE ROLE "${evilRole.replace(/"/g, '""')}" LOGIN`);
    const victim = new pg.Client({ host: e2e!.primary.host, port: e2e!.primary.port, user: evilRole, database: 'postgres', application_name: 'e2e-evil' });
    victim.on('error', () => undefined);
    await victim.connect();
    const running = victim.query("SELECT pg_sleep(60) /* \x1b]0;pwned-title\x07 \x1b[2J\x1b[31mred\x1b[0m \x1b[?1049l */").catch(() => undefined);
    term = openTerm({ columns: 160, rows: 30, env: { LANG: 'C.UTF-8' } });
    try {
      const titleBefore = term.tmux('display-message', '-p', '-t', term.name, '#{pane_title}');
      launch(term);
      await term.waitFor((s) => s.includes('mallory^[') && s.includes('pg_sleep(6'), 'evil row shown');
      // The full text, visibly escaped, not executed: the title is unchanged and the screen was not cleared.
      term.type('/');
      term.type('pwned');
      term.keys('Enter');
      term.keys('Enter');
      const s = await term.waitFor((s) => s.includes('pwned-title'), 'evil query in the viewer');
      expect(s).toContain('^[]0;pwned-title^G');
      expect(s).toContain('^[[2J');
      term.keys('Escape');
      expect(s).toContain('pgwarden');
      expect(term.alternateOn()).toBe(true);
      const titleAfter = term.tmux('display-message', '-p', '-t', term.name, '#{pane_title}');
      expect(titleAfter).toBe(titleBefore);
      term.keys('q');
      await term.waitFor((s) => !s.includes('Activity'), 'quit');
    } finally {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', ['e2e-evil']);
      await running;
      await admin.query(`DROP ROLE IF EXISTS "${evilRole.replace(/"/g, '""')}"`);
      await admin.end();
    }
  });

  it('fails with one line and exit code 2 when the server is unreachable', async () => {
    term = openTerm({ columns: 120, rows: 20 });
    term.type(`node ${e2e!.bundle} -h 127.0.0.1 -p 1 -U postgres postgres; echo "exit=$?"`);
    term.keys('Enter');
    const s = await term.waitFor((s) => /exit=\d/.test(s), 'exit code');
    expect(s).toMatch(/pgwarden: .*(ECONNREFUSED|refused)/);
    expect(s).toContain('exit=2');
    expect(s).not.toMatch(/\n\s+at /); // no stack trace
  });
});
