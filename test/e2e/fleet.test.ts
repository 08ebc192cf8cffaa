import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');

describe.skipIf(!e2e?.standby)('pgwarden watching several servers', () => {
  let term: Term | undefined;
  afterEach(() => term?.kill());

  it('lists the primary and the standby on the fleet pane; Enter on the standby makes it the one shown, named in the header', async () => {
    const { primary, standby, bundle } = e2e!;
    term = openTerm({ columns: 80, rows: 24, env: { LANG: 'C', TERM: 'xterm-256color' } });
    // Two servers: repeated -h/-p, as psql users write one.
    term.type(`node ${bundle} -U postgres -h ${primary.host} -p ${primary.port} -h ${standby!.host} -p ${standby!.port} postgres`);
    term.keys('Enter');
    const primaryName = `local:${primary.port}`;
    const standbyName = `local:${standby!.port}`;
    // Several servers open on the fleet pane; the standby names its primary.
    await term.waitFor((s) => s.includes('Fleet - 2 servers') && new RegExp(`${standbyName} +standby\\b.*${primaryName}`).test(s) && new RegExp(`\\* ${primaryName} +primary`).test(s), 'both rows, the standby following the primary');
    // The header names the server shown: the primary first.
    await term.waitFor((s) => s.split('\n')[0]!.includes(primaryName), 'the primary in the header');
    term.keys('1');
    await term.waitFor((s) => /\bPID\b/.test(s), 'the activity pane');
    term.keys('0');
    await term.waitFor((s) => s.includes('Fleet - 2 servers'), 'the fleet pane again');
    // Rows sorted worst first, then in the order given: the cursor is on the primary; one down is the standby.
    term.keys('j');
    term.keys('Enter');
    await term.waitFor((s) => s.split('\n')[0]!.includes(standbyName) && s.split('\n')[0]!.includes('standby') && /\bPID\b/.test(s), 'the standby shown, on its activity pane');
    term.keys('4');
    await term.waitFor((s) => s.includes(`upstream in this session: fleet row ${primaryName}`), "the standby's replication pane names its primary's row");
    // Each server keeps its own past: the standby's rewind, its snapshots from before it was shown included.
    term.keys('[');
    // The header names the standby (its name cut short at 80 columns to fit the REWIND flag).
    await term.waitFor((s) => s.split('\n')[0]!.includes('REWIND') && s.split('\n')[0]!.includes('* standby *'), "the standby's rewind");
    term.keys('L');
    await term.waitFor((s) => !s.includes('REWIND') && s.includes(`upstream in this session: fleet row ${primaryName}`), 'live again');
    term.keys('q');
    await term.waitFor(() => !term!.alternateOn(), 'exit');
  });

  it('refuses --record with several servers, before connecting or creating the file', async () => {
    const { primary, standby, bundle } = e2e!;
    const file = join(tmpdir(), `pgwarden-fleet-record-${process.pid}.pgwr`);
    term = openTerm({ columns: 80, rows: 24, env: { LANG: 'C', TERM: 'xterm-256color' } });
    term.type(`node ${bundle} --record ${file} -U postgres -h ${primary.host} -p ${primary.port} -h ${standby!.host} -p ${standby!.port} postgres; echo "exit=$?"`);
    term.keys('Enter');
    await term.waitFor((s) => s.includes('--record FILE records one server') && s.includes('exit=2'), 'the refusal');
    expect(existsSync(file)).toBe(false);
  });
});
