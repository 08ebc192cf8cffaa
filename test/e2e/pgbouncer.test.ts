import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitUntil } from '../../src/lab/client';
import { findPgBouncer, startPgBouncer, type LabBouncer } from '../../src/lab/pgbouncer';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const installed = findPgBouncer() !== undefined;
if (!installed && ci) throw new Error('pgbouncer is not installed: .ci/run installs it (apt-get install pgbouncer)');

describe.skipIf(!e2e || !installed)('pgwarden on a PgBouncer admin console', () => {
  let bouncer: LabBouncer;
  let state: string;
  let term: Term | undefined;
  beforeAll(async () => {
    bouncer = await startPgBouncer(e2e!.primary);
    state = mkdtempSync(join(tmpdir(), 'pgwarden-e2e-state-'));
  });
  afterEach(() => term?.kill());
  afterAll(async () => {
    await bouncer?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  function launch(t: Term, extra = ''): void {
    const { port, tcpHost } = bouncer.endpoint;
    t.type(`PGPASSFILE=${bouncer.passfile} XDG_STATE_HOME=${state} node ${e2e!.bundle} -h ${tcpHost} -p ${port} -U postgres ${extra} pgbouncer`);
    t.keys('Enter');
  }

  it('shows the PgBouncer pane and pauses and resumes a database after confirmation, audited', async () => {
    term = openTerm({ columns: 80, rows: 24, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' } });
    launch(term);
    await term.waitFor((s) => /PgBouncer \d+\.\d+/.test(s) && s.includes('MAXWA') && /^[^\n]postgres +\d/m.test(s), 'the PgBouncer pane');
    term.keys('p');
    await term.waitFor((s) => s.includes('PAUSE postgres?') && s.includes('y: send PAUSE postgres'), 'the confirmation');
    term.keys('y');
    await term.waitFor((s) => s.includes('PAUSE postgres: done'), 'the outcome');
    await term.waitFor((s) => /paused +\d+ +\d+ /.test(s) && s.includes('PAUSED'), 'the database paused');
    term.keys('r');
    await term.waitFor((s) => s.includes('RESUME postgres?'), 'the resume confirmation');
    term.keys('y');
    await term.waitFor((s) => s.includes('RESUME postgres: done'), 'the resume outcome');
    await term.waitFor((s) => !s.includes('PAUSED'), 'the database resumed');
    term.keys('q');
    await term.waitFor(() => !term!.alternateOn(), 'exit');
    const audit = readFileSync(join(state, 'pgwarden', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; database: string; outcome: string });
    expect(audit.map((a) => [a.action, a.database, a.outcome])).toEqual([
      ['pgbouncer.pause', 'postgres', 'done'],
      ['pgbouncer.resume', 'postgres', 'done'],
    ]);
  });

  it('refuses snapshot --json on the console in one line, exit status 2', async () => {
    term = openTerm({ columns: 120, rows: 24, env: { LANG: 'C', TERM: 'xterm-256color' } });
    const { port, tcpHost } = bouncer.endpoint;
    term.type(`PGPASSFILE=${bouncer.passfile} node ${e2e!.bundle} snapshot --json -h ${tcpHost} -p ${port} -U postgres pgbouncer; echo "exit=$?"`);
    term.keys('Enter');
    const s = await term.waitFor((s) => /exit=\d/.test(s), 'the exit status');
    expect(s).toMatch(/pgwarden: .*PgBouncer's admin console is shown by the monitor only; snapshot reads PostgreSQL/);
    expect(s).toMatch(/exit=2/);
  });

  it('sends nothing under --read-only', async () => {
    term = openTerm({ columns: 80, rows: 24, env: { LANG: 'C', TERM: 'xterm-256color', NO_COLOR: '1' } });
    launch(term, '--read-only');
    await term.waitFor((s) => s.includes('MAXWA') && /^[^\n]postgres +\d/m.test(s), 'the PgBouncer pane');
    term.keys('p');
    await term.waitFor((s) => s.includes('read-only: actions on the server are disabled'), 'the read-only refusal');
    expect(term.screen()).not.toContain('PAUSE postgres?');
    term.keys('q');
    await term.waitFor(() => !term!.alternateOn(), 'exit');
  });
});

/** The lab PgBouncers' temporary directories that exist now. */
function bouncerDirs(): Set<string> {
  return new Set(
    readdirSync(tmpdir())
      .filter((n) => n.startsWith('pgwarden-lab-pgbouncer-'))
      .map((n) => join(tmpdir(), n)),
  );
}

describe.skipIf(!e2e || !installed)('pgwarden --demo --pgbouncer', () => {
  let term: Term | undefined;
  afterEach(() => term?.kill());

  it('watches the demo PgBouncer, where the pool-exhaustion drill queues clients, and leaves nothing behind', async () => {
    const before = bouncerDirs();
    term = openTerm({ columns: 80, rows: 24, env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' } });
    term.type(`node ${e2e!.bundle} --demo --pgbouncer; echo "demo-exit=$?"`);
    term.keys('Enter');
    await term.waitFor((s) => /PgBouncer \d+\.\d+/.test(s) && /^[^\n]shop +/m.test(s), 'the demo PgBouncer pane', 60_000);
    const ours = [...bouncerDirs()].filter((d) => !before.has(d));
    expect(ours).toHaveLength(1);
    term.type('D');
    await term.waitFor((s) => s.includes('Pool exhaustion (PgBouncer)'), 'the drills menu');
    term.type('p');
    await term.waitFor((s) => /Pool exhaustion \(PgBouncer\)\s+RUNNING/.test(s), 'the drill running', 30_000);
    term.keys('Escape');
    // Four server connections held, six clients queued; past a second the wait is a problem.
    await term.waitFor((s) => /^[^\n]shop +\S* *\d+ +6 +\S+ +4\/4/m.test(s) && /pool shop\/postgres: 6 clients waiting/.test(s) && /saturated/.test(s), 'clients queued behind the full pool', 15_000);
    term.type('q');
    await term.waitFor((s) => /demo-exit=0/.test(s), 'the monitor to exit', 30_000);
    const dir = ours[0]!;
    const left = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(dir));
    await waitUntil(() => !bouncerDirs().has(dir) && left().length === 0, { what: `no PgBouncer or directory of ${dir} left`, timeoutMs: 10_000 });
  });
});
