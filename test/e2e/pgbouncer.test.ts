import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
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
