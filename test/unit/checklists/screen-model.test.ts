import { describe, expect, it } from 'vitest';
import { overloaded } from '../../../src/checklists/defs/runbooks';
import { weekly } from '../../../src/checklists/defs/weekly';
import { finishSession, recordResult, startSession } from '../../../src/checklists/session';
import type { ControllerState } from '../../../src/screens/checklist/controller';
import { jumpTarget } from '../../../src/screens/checklist/jump';
import { detailLines, listRows } from '../../../src/screens/checklist/model';

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
});
