import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weekly } from '../../../src/checklists/defs/weekly';
import { renderReport, cell } from '../../../src/checklists/report';
import { finishSession, markStep, recordResult, startSession } from '../../../src/checklists/session';
import { compareFindings, previous, readState, resumable, statePath, upsertSession, writeState } from '../../../src/checklists/state';
import { testDir } from '../../helpers/tmp';

const t0 = new Date('2026-11-14T09:00:00Z');
const t1 = new Date('2026-11-21T09:00:00Z');

describe('checklist state', () => {
  it('is one file per server key under XDG_STATE_HOME', () => {
    const a = statePath({ XDG_STATE_HOME: '/s' }, '/h', 'db1:5432/app');
    expect(a).toMatch(/^\/s\/pgwarden\/checklists\/[0-9a-f]{24}\.json$/);
    expect(statePath({}, '/h', 'db1:5432/app')).toMatch(/^\/h\/\.local\/state\/pgwarden\/checklists\//);
    expect(statePath({ XDG_STATE_HOME: '/s' }, '/h', 'db2:5432/app')).not.toBe(a);
  });

  it('round-trips through the file (0600), resumes an unfinished session, finds last week', async () => {
    const path = join(testDir('pgw-st-'), 'sub', 'x.json');
    let st = await readState(path, 'k');
    expect(st.sessions).toEqual([]);
    let last = startSession(weekly, 'alice', t0);
    last = recordResult(last, 'unused-indexes', { outcome: 'warn', summary: 's', findings: ['unused_index:public.a', 'unused_index:public.b'] }, t0);
    last = finishSession(last, t0);
    let cur = startSession(weekly, 'alice', t1);
    cur = recordResult(cur, 'unused-indexes', { outcome: 'warn', summary: 's', findings: ['unused_index:public.b', 'unused_index:public.c'] }, t1);
    cur = markStep(cur, 'unused-indexes', 'follow-up', 'ask the app team');
    st = upsertSession(upsertSession(st, last), cur);
    await writeState(path, st);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const back = await readState(path, 'k');
    expect(back).toEqual(st);
    expect(resumable(back, 'weekly')?.startedAt).toBe(t1.toISOString());
    const prev = previous(back, 'weekly', resumable(back, 'weekly'));
    expect(prev?.startedAt).toBe(t0.toISOString());
    expect(compareFindings(cur.steps['unused-indexes']!.findings, prev!.steps['unused-indexes']!.findings)).toEqual({
      added: ['unused_index:public.c'],
      resolved: ['unused_index:public.a'],
      still: ['unused_index:public.b'],
      unchecked: [],
    });
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
  });

  it('a finding the check could not read this time is not checked, not resolved', () => {
    const before = ['sequence:app.a', 'sequence:public.b', 'sequence:public.c'];
    const now = ['sequence:public.c'];
    // What it missed is named: only that is unchecked; the rest was read and is fine now.
    expect(compareFindings(now, before, { outcome: 'fail', unseen: [{ reason: 'app hidden', items: ['sequence:app.a'] }] })).toEqual({
      added: [], resolved: ['sequence:public.b'], still: ['sequence:public.c'], unchecked: ['sequence:app.a'],
    });
    // Unknown without saying what it missed (a source failed), or missing something unnamed: nothing is resolved.
    expect(compareFindings([], before, { outcome: 'unknown' })).toMatchObject({ resolved: [], unchecked: before });
    expect(compareFindings(now, before, { outcome: 'warn', unseen: [{ reason: '60 sequences hidden' }] })).toMatchObject({ resolved: [], unchecked: ['sequence:app.a', 'sequence:public.b'] });
    // Everything seen: gone means resolved.
    expect(compareFindings(now, before, { outcome: 'pass' })).toMatchObject({ resolved: ['sequence:app.a', 'sequence:public.b'], unchecked: [] });
  });

  it('a damaged file is an error naming it', async () => {
    const dir = testDir('pgw-st-');
    await writeState(join(dir, 'y.json'), { version: 1, serverKey: 'k', sessions: [] });
    const p = join(dir, 'y.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(p, '{"version":7}'));
    await expect(readState(p, 'k')).rejects.toThrow(/y\.json: not a pgwarden checklist state file/);
  });
});

describe('report', () => {
  it('renders server, date, operator, outcomes, evidence, changes and notes', () => {
    let last = startSession(weekly, 'alice', t0);
    last = finishSession(recordResult(last, 'unused-indexes', { outcome: 'warn', summary: 's', findings: ['unused_index:public.a'] }, t0), t0);
    let cur = startSession(weekly, 'bob', t1);
    cur = recordResult(cur, 'unused-indexes', { outcome: 'warn', summary: '1 never-scanned indexes', evidence: { columns: ['index', 'definition'], rows: [['b_idx', 'CREATE INDEX b_idx ON t USING btree (a|b)\n\x1b[31m']] }, findings: ['unused_index:public.b'] }, t1);
    cur = recordResult(cur, 'cache-hit', { outcome: 'fail', summary: '90.0 %', findings: ['cache_hit:low'] }, t1);
    cur = markStep(cur, 'cache-hit', 'follow-up', 'more RAM');
    const md = renderReport({ def: weekly, session: finishSession(cur, t1), previous: last, server: 'postgres@db:5432/app', version: 'PostgreSQL 18.1' });
    expect(md).toContain('# Weekly maintenance');
    expect(md).toContain('- Server: postgres@db:5432/app (PostgreSQL 18.1)');
    expect(md).toContain('- Operator: bob');
    expect(md).toContain(`- Date: ${t1.toISOString()}`);
    expect(md).toContain('- Result: 1 fail, 1 warn, 0 unknown, 0 pass');
    expect(md).toContain('| 2 | Unused indexes | WARN |  | 1 new, 1 resolved, 0 still there |');
    expect(md).toContain('| b_idx | CREATE INDEX b_idx ON t USING btree (a\\|b) \\x1b[31m |');
    expect(md).toContain('**Since last time:** new: `unused_index:public.b`; resolved: `unused_index:public.a`; still there: none');
    expect(md).toContain('## 17. Cache hit ratio — FAIL');
    expect(md).toContain('**Marked:** follow-up');
    expect(md).toContain('**Note:** more RAM');
    expect(md).toContain('```sql\nDROP INDEX CONCURRENTLY');
    expect(md).not.toMatch(/\x1b/);
  });

  it('escapes table cells', () => {
    expect(cell('a|b\nc\x07')).toBe('a\\|b c\\x07');
  });

  it('shows bidi overrides, zero-width and other invisible characters in a report as visible escapes', () => {
    // "Trojan Source": RLO reorders what an editor or browser shows; a zero width space makes two names look equal.
    expect(cell('users\u202e\u2066txt.exe\u2069')).toBe('users\\u{202E}\\u{2066}txt.exe\\u{2069}');
    expect(cell('ad\u200bmin\ufeff\u2060\u200f')).toBe('ad\\u{200B}min\\u{FEFF}\\u{2060}\\u{200F}');
    expect(cell('\u{e0041}')).toBe('\\u{E0041}');
    expect(cell('ok: café, 表格')).toBe('ok: café, 表格');
  });
});
