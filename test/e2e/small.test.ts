/**
 * A 40x10 terminal under LANG=C, in tmux with the real frame writer: the checklist screen keeps
 * the header on top, the replication pane draws every line whole (no part drawn over another),
 * and nothing outside ASCII reaches the screen.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
let term: Term | undefined;
afterEach(() => term?.kill());

describe.skipIf(!e2e)('a 40x10 terminal in the C locale', () => {
  it('draws the replication pane and the checklist screen whole, in ASCII, the header on top', async () => {
    const { bundle, primary } = e2e!;
    term = openTerm({ columns: 40, rows: 10, env: { LANG: 'C', LC_ALL: 'C' } });
    term.type(`node ${bundle} -h ${primary.host} -p ${primary.port} -U postgres postgres`);
    term.keys('Enter');
    await term.waitFor((s) => s.includes('Activity'), 'monitor up');
    term.keys('4');
    let s = await term.waitFor((s) => /^Replication /m.test(s), 'replication pane');
    const lines = () => s.split('\n');
    expect(lines()[0]).toMatch(/^pgwarden/);
    expect(lines()[3]).toMatch(/^Replication /);
    for (const l of lines()) if (/WAL senders|Replication slots/.test(l)) expect(l.trimEnd()).toMatch(/(\(pg_stat_replication\)|Replication slots)$/);
    expect(s).not.toMatch(/[^\x00-\x7e]/);
    term.keys('6');
    s = await term.waitFor((s) => s.includes('Checklists'), 'checklists');
    term.keys('Enter');
    s = await term.waitFor((s) => /^1\. /m.test(s), 'a checklist open');
    for (let i = 0; i < 4; i++) term.keys('Down');
    s = await term.waitFor((s) => /^5\. /m.test(s), 'the fifth step in view');
    expect(lines()[0]).toMatch(/^pgwarden/);
    expect(s).not.toMatch(/[^\x00-\x7e]/);
    term.keys('q');
  });
});
