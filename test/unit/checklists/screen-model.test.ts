import { describe, expect, it } from 'vitest';
import { overloaded } from '../../../src/checklists/defs/runbooks';
import { weekly } from '../../../src/checklists/defs/weekly';
import { finishSession, recordResult, startSession } from '../../../src/checklists/session';
import type { ControllerState } from '../../../src/checklists/controller';
import { jumpTarget } from '../../../src/screens/checklist/jump';
import { detailLines, listRows, pickerView, promptView } from '../../../src/screens/checklist/model';
import { connectionExhaustion } from '../../../src/checklists/defs/runbooks';

const at = new Date('2026-11-21T09:00:00Z');
const longRunning = { outcome: 'fail' as const, summary: '2 queries', evidence: { columns: ['pid', 'user', 'database', 'state', 'running', 'query'], rows: [['101', 'app', 'shop', 'active', '6m', 'select 1'], ['202', 'app', 'shop', 'active', '5m', 'select 2']] }, findings: ['long_running:101:1', 'long_running:202:1'] };

describe('checklist screen model', () => {
  it('sends an activity step to the pids its check found, else to the step\'s own target', () => {
    const step = overloaded.steps[0]!;
    expect(jumpTarget(step, undefined)).toEqual({ screen: 'activity' });
    expect(jumpTarget(step, { ...longRunning })).toEqual({ screen: 'activity', filter: '/^(101|202)$/' });
    expect(jumpTarget({ ...step, jump: { screen: 'statements', filter: 'orders' } }, { ...longRunning })).toEqual({ screen: 'statements', filter: 'orders' });
    expect(jumpTarget({ ...step, jump: undefined }, { ...longRunning })).toBeUndefined();
  });

  it('shows an unknown step as UNKN (no colour needed), what it could not see and the grant, and nothing resolved', () => {
    const prev = finishSession(recordResult(startSession(weekly, 'a', at), 'sequences', { outcome: 'fail', summary: 's', findings: ['sequence:app.s'] }, at), at);
    const session = recordResult(startSession(weekly, 'a', at), 'sequences', {
      outcome: 'unknown',
      summary: 'not seen: 1 sequence this role cannot read, in schemas app\x1b[2J',
      findings: [],
      unseen: [{ reason: '1 sequence this role cannot read, in schemas app\x1b[2J', grant: 'GRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO w;\n-- or\nGRANT pg_read_all_data TO w;', items: ['sequence:app.s'] }],
    }, at);
    const s: ControllerState = { mode: 'steps', defs: [weekly], loadErrors: [], def: weekly, session, previous: prev, running: [] };
    const row = listRows(s).find((r) => r.key === 'sequences')!;
    expect(row.text).toContain('[UNKN]');
    expect(row.tone).toBe('info');
    const text = detailLines(s, 'sequences', 5).map((l) => l.text).join('\n');
    expect(text).toContain('UNKNOWN: not seen: 1 sequence this role cannot read, in schemas app');
    expect(text).toContain('what would let this role see it');
    expect(text).toContain('GRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO w;\n-- or\nGRANT pg_read_all_data TO w;');
    expect(text).toContain('0 new, 0 resolved, 0 still there, 1 not checked');
    expect(text).not.toContain('\x1b');
  });

  it('shows outcome, evidence, changes since last time and sanitized server text', () => {
    const prev = finishSession(recordResult(startSession(weekly, 'a', at), 'unused-indexes', { outcome: 'warn', summary: 's', findings: ['unused_index:public.a'] }, at), at);
    const session = recordResult(startSession(weekly, 'a', at), 'unused-indexes', {
      outcome: 'warn',
      summary: '1 never-scanned indexes',
      evidence: { columns: ['index', 'definition'], rows: [['b\x1b[2J', 'CREATE INDEX']] },
      findings: ['unused_index:public.b'],
    }, at);
    const s: ControllerState = { mode: 'steps', defs: [weekly], loadErrors: [], def: weekly, session, previous: prev, running: [] };
    const rows = listRows(s);
    expect(rows[1]).toMatchObject({ key: 'unused-indexes', tone: 'warn' });
    expect(rows[1]!.text).toContain('[WARN]');
    const text = detailLines(s, 'unused-indexes', 5).map((l) => l.text).join('\n');
    expect(text).toContain('WARN: 1 never-scanned indexes');
    expect(text).toContain('index | definition');
    expect(text).not.toContain('\x1b');
    expect(text).toContain('since 2026-11-21: 1 new, 1 resolved, 0 still there');
    expect(text).toContain('x runs it after confirmation');
  });

  it('titles the prompt with the step and its mark, or the value asked and how it is quoted', () => {
    const session = { ...startSession(overloaded, 'a', at) };
    session.steps['connections'] = { findings: [], mark: 'done' };
    const base: ControllerState = { mode: 'steps', defs: [overloaded], loadErrors: [], def: overloaded, session, running: [] };
    expect(promptView(base)).toBeUndefined();
    expect(promptView({ ...base, prompt: { purpose: 'note', stepId: 'connections', mark: 'done' } })?.title).toBe('Note on step 3 “Connection count” — marked done');
    expect(promptView({ ...base, prompt: { purpose: 'note', stepId: 'cache' } })?.title).toBe('Note on step 5 “Cache hit ratio” — not marked');
    const ask = (name: string, list: boolean, literal: boolean) =>
      promptView({ ...base, def: connectionExhaustion, prompt: { purpose: 'value', stepId: 'idle-timeout', template: `X <${name}>`, placeholders: [{ name, list, literal }, { name: 'b', list: false, literal: false }], values: {}, index: 0 } })!;
    const v = ask('app_role', false, false);
    expect(v.title).toBe('Value for <app_role> (1 of 2) in the fix of step 4 “Time out idle transactions of the application role”');
    expect(v.lines.join('\n')).toMatch(/X <app_role>\nthe exact name: it is double-quoted as an identifier \(case kept\)/);
    expect(v.hint).toMatch(/^Enter next value/);
    expect(ask('fk columns', true, false).lines[1]).toMatch(/^comma-separated names/);
    expect(ask('slot', false, true).lines[1]).toBe('it is single-quoted as a string literal');
  });

  it('offers the sessions the check recorded, and nothing when it recorded none', () => {
    const backend = { pid: 101, backendStart: 1, user: 'app', database: 'shop', application: null, clientAddr: null, backendType: 'client backend', state: 'active', query: 'select 1', xactAgeS: 1, stateAgeS: 1, waitedS: null, leaderPid: null };
    const session = recordResult(startSession(overloaded, 'a', at), 'long-running', { ...longRunning, backends: [backend, { ...backend, pid: 202 }] }, at);
    const s: ControllerState = { mode: 'steps', defs: [overloaded], loadErrors: [], def: overloaded, session, running: [], picker: { stepId: 'long-running', verb: 'cancel', cursor: 5 } };
    const v = pickerView(s, at.getTime() / 1000 + 600)!;
    expect(v.title).toBe('Cancel the query of which session (pg_cancel_backend)? — step 1 “Find long-running queries”');
    expect(v.rows).toEqual(['101 | app | shop | active | 6m | select 1', '202 | app | shop | active | 5m | select 2']);
    expect(v.cursor).toBe(1);
    expect(v.hint[0]).toContain('x terminate the session instead');
    expect(v.hint[1]).toMatch(/^As the check saw them 10m00s ago/);
    const none = recordResult(startSession(overloaded, 'a', at), 'long-running', longRunning, at);
    expect(pickerView({ ...s, session: none }, 0)).toBeUndefined();
  });
});
