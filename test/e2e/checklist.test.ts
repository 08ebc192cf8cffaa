import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openTerm, type Term } from './tmux';
import './setup/types';

const e2e = inject('e2e');
let term: Term | undefined;
let dir: string | undefined;
afterEach(() => {
  term?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!e2e)('checklists in a real terminal', () => {
  it('walks the overloaded runbook: checks, a mark with a note in its own prompt, the pane a step points to, quit', async () => {
    const { bundle, primary } = e2e!;
    // Own state and config directories: the session starts fresh and its file can be read back.
    dir = mkdtempSync(join(tmpdir(), 'pgw-e2e-cl-'));
    const state = join(dir, 'state');
    term = openTerm({ columns: 140, rows: 40, env: { LANG: 'C.UTF-8', XDG_STATE_HOME: state, XDG_CONFIG_HOME: join(dir, 'config') } });
    term.type(`node ${bundle} -h ${primary.host} -p ${primary.port} -U postgres postgres`);
    term.keys('Enter');
    await term.waitFor((s) => s.includes('Activity'), 'monitor up');

    term.keys('6');
    await term.waitFor((s) => s.includes('Database overloaded (10 steps)'), 'the list of checklists');
    // The built-in order: weekly first, then the overloaded runbook.
    term.keys('Down');
    await term.waitFor((s) => s.includes('CPU or I/O saturated'), 'the overloaded runbook selected');
    term.keys('Enter');
    await term.waitFor((s) => s.includes('1. [') && s.includes('Find long-running queries') && s.includes('new session'), 'its steps');

    term.keys('R');
    const checked = await term.waitFor((s) => /3\. \[(PASS|WARN|FAIL)\]/.test(s) && /6\. \[(PASS|WARN|FAIL|UNKN)\]/.test(s) && !s.includes('[ .. ]'), 'every check ran', 30_000);
    expect(checked).toMatch(/1\. \[(PASS|WARN|FAIL)\]\s+Find long-running queries/);

    // Step to "Connection count", mark it done with a note.
    term.keys('Down', 'Down');
    await term.waitFor((s) => s.includes('A connection storm multiplies the work'), 'the connection step selected');
    term.keys('d');
    await term.waitFor((s) => /3\. \[(PASS|WARN|FAIL)\] done\s+Connection count/.test(s), 'marked done');
    term.keys('n');
    await term.waitFor((s) => s.includes('Note on step 3 “Connection count” — marked done') && s.includes('Enter saves · Esc cancels'), 'the note prompt, naming the step and its mark');
    // Escape cancels: no note.
    term.type('not this');
    await term.waitFor((s) => s.includes('> not this'), 'the text typed');
    term.keys('Escape');
    await term.waitFor((s) => !s.includes('Note on step') && s.includes('note unchanged'), 'the prompt cancelled');
    term.keys('n');
    await term.waitFor((s) => s.includes('Note on step 3'), 'the note prompt again');
    // q and 1 are text in the prompt, not quit and the activity pane.
    term.type('checked from tmux q1');
    await term.waitFor((s) => s.includes('> checked from tmux q1'), 'the typed note');
    term.keys('Enter');
    await term.waitFor((s) => s.includes('note: checked from tmux q1') && !s.includes('Note on step'), 'the note on the step');

    // Enter opens the pane the step points to: the activity list.
    term.keys('Enter');
    await term.waitFor((s) => /\bPID\b/.test(s) && !s.includes('r check, R check all'), 'the activity pane');
    // Back on screen 6 the step keeps its mark and note.
    term.keys('6');
    await term.waitFor((s) => /3\. \[(PASS|WARN|FAIL)\] done\s+Connection count/.test(s) && s.includes('note: checked from tmux q1'), 'the session kept');

    term.keys('q');
    await term.waitFor((s) => !s.includes('Connection count') && s.includes(bundle), 'quit: back at the shell');
    const files = readdirSync(join(state, 'pgwarden', 'checklists')).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const saved = JSON.parse(readFileSync(join(state, 'pgwarden', 'checklists', files[0]!), 'utf8')) as { sessions: { checklist: string; steps: Record<string, { mark?: string; note?: string }> }[] };
    expect(saved.sessions.at(-1)).toMatchObject({ checklist: 'overloaded', steps: { connections: { mark: 'done', note: 'checked from tmux q1' } } });
  });
});

/**
 * A database with a sequence at 95 % in a schema pg_monitor may not read, and a one-step checklist
 * "zz-seq" of the sequences check in the user's config (sorted after the built-in ones); `fn` gets
 * the database and the XDG directories. The database goes afterwards.
 */
async function withHiddenSequence(fn: (db: string, xdg: { XDG_STATE_HOME: string; XDG_CONFIG_HOME: string }) => Promise<void>): Promise<void> {
  const { createDatabase, dropDatabase } = await import('../../src/lab/scenarios/databases');
  const { withAdmin } = await import('../../src/lab/client');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  dir = mkdtempSync(join(tmpdir(), 'pgw-e2e-unk-'));
  const db = `e2e_unk_${process.pid}`;
  const primary = e2e!.primary;
  await createDatabase(primary, db);
  try {
    await withAdmin(primary, (c) => c.query("CREATE SCHEMA app; CREATE SEQUENCE app.nearly_full MAXVALUE 100; SELECT setval('app.nearly_full', 95)"), db);
    mkdirSync(join(dir, 'config', 'pgwarden', 'checklists'), { recursive: true });
    const step = { id: 'sequences', title: 'Sequences', why: 'inserts fail', check: { id: 'sequences' } };
    writeFileSync(join(dir, 'config', 'pgwarden', 'checklists', 'zz-seq.json'), JSON.stringify({ id: 'zz-seq', title: 'Sequences only', steps: [step] }));
    await fn(db, { XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') });
  } finally {
    term?.kill();
    term = undefined;
    await dropDatabase(primary, db);
  }
}

describe.skipIf(!e2e)('an unknown step on screen', () => {
  it('reads UNKN with the grant under LANG=C and NO_COLOR, for a pg_monitor role that cannot read a schema\'s sequences', async () => {
    const { bundle, primary } = e2e!;
    await withHiddenSequence(async (db, xdg) => {
      term = openTerm({ columns: 100, rows: 30, env: { LANG: 'C', LC_ALL: 'C', NO_COLOR: '1', ...xdg } });
      term.type(`node ${bundle} -h ${primary.host} -p ${primary.port} -U pgwarden_monitor ${db}`);
      term.keys('Enter');
      await term.waitFor((s) => s.includes('Activity'), 'monitor up');
      term.keys('6');
      await term.waitFor((s) => s.includes('Sequences only (1 steps)'), 'the list of checklists');
      // The user's checklists come after the built-in ones: the last row.
      term.keys('End');
      await term.waitFor((s) => s.includes('source: '), 'a checklist selected');
      term.keys('Enter');
      await term.waitFor((s) => s.includes('1. [') && s.includes('Sequences'), 'its step');
      term.keys('R');
      const f = await term.waitFor((s) => s.includes('1. [UNKN]') && s.includes('GRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO pgwarden_monitor;'), 'the unknown step and its grant', 30_000);
      expect(f).toContain('not seen: 1 sequence this role cannot read, in schemas app');
      // The verdict is a word, not a colour; the grant is plain ASCII SQL.
      expect(f.split('\n').filter((l) => l.startsWith('GRANT ') || l.startsWith('-- or'))).toHaveLength(3);
      expect(f.split('\n').filter((l) => l.startsWith('GRANT ')).every((l) => /^[\x20-\x7e]+$/.test(l))).toBe(true);
      expect(f).not.toMatch(/\[PASS\]/);
      term.keys('q');
    });
  });
});

describe.skipIf(!e2e)('pgwarden checklist --report', () => {
  it('exits 1 when a step fails, 3 when what it judges is hidden from the role (unknown), and the report names the grant', async () => {
    const { bundle, primary } = e2e!;
    const { spawnSync } = await import('node:child_process');
    await withHiddenSequence(async (db, xdg) => {
      const env = { ...process.env, ...xdg };
      const runAs = (user: string, report: string) =>
        spawnSync('node', [bundle, 'checklist', '--name', 'zz-seq', '--report', join(dir!, report), '-h', primary.host, '-p', String(primary.port), '-U', user, db], { encoding: 'utf8', env });
      const su = runAs('postgres', 'su.md');
      expect(su.stderr).toBe('');
      expect(su.status).toBe(1);
      const mon = runAs('pgwarden_monitor', 'mon.md');
      expect(mon.stderr).toBe('');
      expect(mon.status).toBe(3);
      const md = readFileSync(join(dir!, 'mon.md'), 'utf8');
      expect(md).toContain('## 1. Sequences — UNKNOWN');
      expect(md).toContain('GRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO pgwarden_monitor;');
      expect(md).toContain('not checked this time (could not be read): `sequence:app.nearly_full`');
    });
  });
});
