import { describe, expect, it } from 'vitest';
import { auditPath } from '../../../src/actions/audit';
import { refusal, warnings } from '../../../src/actions/eligibility';
import { buildRequest } from '../../../src/actions/request';
import { describeAftermath, isoMicros, summarize } from '../../../src/actions/runner';
import { sameBackend } from '../../../src/actions/signal';
import type { ActionTarget, TargetResult } from '../../../src/actions/types';
import { reduce, initialUi, activeScopes } from '../../../src/state/ui';

function target(pid: number, p: Partial<ActionTarget> = {}): ActionTarget {
  return {
    pid, backendStart: 1_700_000_000.123456, user: 'app', database: 'shop', application: 'web', clientAddr: null, backendType: 'client backend',
    state: 'active', query: 'select 1', xactAgeS: 5, stateAgeS: 5, waitedS: null, behind: null, ...p,
  };
}

describe('refusal', () => {
  const ctx = { ownPids: [42] };
  it.each([
    [{ pid: 0 }, /prepared transaction/],
    [{ pid: 42 }, /pgwarden's own/],
    [{ listed: false }, /no longer listed/],
    [{ backendType: 'checkpointer' }, /auxiliary process/],
    [{ backendType: 'walwriter' }, /auxiliary process/],
    [{ backendType: 'startup' }, /replays WAL/],
    [{ backendType: 'autovacuum launcher' }, /restarted by the postmaster/],
    [{ backendType: 'parallel worker', leaderPid: 7 }, /leader, pid 7/],
  ] as const)('refuses %o', (p, why) => {
    expect(refusal(target(100, p as Partial<ActionTarget>), ctx)).toMatch(why);
  });
  it.each(['client backend', 'autovacuum worker', 'walsender', 'pg_cron scheduler', null])('leaves %s to the server', (backendType) => {
    expect(refusal(target(100, { backendType }), ctx)).toBeUndefined();
  });
});

describe('warnings', () => {
  it('says that cancel does nothing to an idle transaction or an idle session', () => {
    expect(warnings('cancel', target(1, { state: 'idle in transaction' }))[0]).toMatch(/cancel does nothing/);
    expect(warnings('cancel', target(1, { state: 'idle' }))[0]).toMatch(/no query to cancel/);
    expect(warnings('terminate', target(1, { state: 'idle in transaction' }))).toEqual([]);
  });
  it('names what terminating a walsender or autovacuum means', () => {
    expect(warnings('terminate', target(1, { backendType: 'walsender' }))[0]).toMatch(/standby or subscriber/);
    expect(warnings('cancel', target(1, { backendType: 'autovacuum worker' }))[0]).toMatch(/anti-wraparound/);
  });
});

describe('buildRequest', () => {
  it('splits targets from refused backends, drops duplicates, and warns about a missing grant', () => {
    const req = buildRequest('terminate', [target(1), target(1), target(2, { user: 'other' }), target(0)], {
      screen: 'activity',
      role: { currentUser: 'watcher', isSuperuser: false, signalBackend: false },
    });
    expect(req.targets.map((t) => t.pid)).toEqual([1, 2]);
    expect(req.skipped).toEqual([{ pid: 0, reason: expect.stringMatching(/prepared/) }]);
    expect(req.notes.join('\n')).toContain('GRANT pg_signal_backend TO watcher;');
  });
  it('does not warn a superuser or a pg_signal_backend member', () => {
    expect(buildRequest('cancel', [target(1)], { screen: 'x', role: { currentUser: 's', isSuperuser: true, signalBackend: true } }).notes).toEqual([]);
  });
});

describe('identity', () => {
  it('matches backend_start within a microsecond, or role and database when it was hidden', () => {
    const t = target(5);
    const row = { pid: 5, backend_start: 1_700_000_000.123456, user: 'app', database: 'shop' };
    expect(sameBackend(t, row)).toBe(true);
    expect(sameBackend(t, { ...row, backend_start: 1_700_000_000.123458 })).toBe(false);
    expect(sameBackend(t, { ...row, pid: 6 })).toBe(false);
    const hidden = target(5, { backendStart: null });
    expect(sameBackend(hidden, { ...row, backend_start: null })).toBe(true);
    expect(sameBackend(hidden, { ...row, backend_start: null, user: 'other' })).toBe(false);
  });
  it('keeps the microseconds in the audit log', () => {
    expect(isoMicros(1_700_000_000.123456)).toBe('2023-11-14T22:13:20.123456Z');
    expect(isoMicros(null)).toBeNull();
  });
});

describe('reports', () => {
  const r = (pid: number, outcome: TargetResult['outcome'], detail = `pid ${pid} ${outcome}`): TargetResult => ({ target: target(pid), outcome, detail });
  it('gives the one result in full, or counts and the first problem', () => {
    expect(summarize('cancel', [r(1, 'signalled', 'cancel sent to pid 1 (app@shop)')])).toBe('cancel sent to pid 1 (app@shop)');
    expect(summarize('terminate', [r(1, 'signalled'), r(2, 'signalled'), r(3, 'denied', 'permission denied: GRANT x')])).toBe(
      'terminate: 2 signalled, 1 denied - permission denied: GRANT x',
    );
  });
  it('says what became of the backends', () => {
    expect(describeAftermath('terminate', [{ pid: 1, present: false, state: null, waitEventType: null, waitEvent: null }])).toBe(
      'after terminate: pid 1 gone, its locks are released',
    );
    expect(describeAftermath('cancel', [{ pid: 1, present: true, state: 'idle in transaction', waitEventType: null, waitEvent: null }])).toBe(
      'after cancel: pid 1 idle in transaction',
    );
    expect(
      describeAftermath('terminate', [
        { pid: 1, present: false, state: null, waitEventType: null, waitEvent: null },
        { pid: 2, present: true, state: 'active', waitEventType: 'Lock', waitEvent: 'relation' },
      ]),
    ).toBe('after terminate: 1 gone, still there: 2 active (waiting for a relation lock)');
  });
});

describe('audit path', () => {
  it('follows XDG_STATE_HOME when it is absolute, else ~/.local/state', () => {
    expect(auditPath({ XDG_STATE_HOME: '/var/st' }, '/home/u')).toBe('/var/st/pgwarden/audit.jsonl');
    expect(auditPath({ XDG_STATE_HOME: 'relative' }, '/home/u')).toBe('/home/u/.local/state/pgwarden/audit.jsonl');
    expect(auditPath({}, '/home/u')).toBe('/home/u/.local/state/pgwarden/audit.jsonl');
  });
});

describe('ui state for actions', () => {
  it('toggles tags per screen and clears them', () => {
    let s = reduce(initialUi(), { type: 'tag', screen: 'locks', key: 'a' });
    s = reduce(s, { type: 'tag', screen: 'locks', key: 'b' });
    s = reduce(s, { type: 'tag', screen: 'locks', key: 'a' });
    expect(s.tagged).toEqual({ locks: ['b'] });
    expect(reduce(s, { type: 'untag', screen: 'locks' }).tagged.locks).toEqual([]);
  });
  it('gives a confirmation every key, and closes it with yes or no', () => {
    const req = buildRequest('cancel', [target(1)], { screen: 'activity' });
    const s = reduce(initialUi(), { type: 'open.confirm', request: req });
    expect(activeScopes(s)).toEqual(['dialog']);
    expect(reduce(s, { type: 'modal.close', kind: 'confirm' }).modals).toEqual([]);
    // Closing another kind of window leaves the confirmation up.
    expect(reduce(s, { type: 'modal.close', kind: 'viewer' }).modals).toHaveLength(1);
  });
  it('adds the backend keys to the activity and locks panes only', () => {
    expect(activeScopes(initialUi())).toContain('backends');
    expect(activeScopes({ ...initialUi(), screen: 'locks' })).toContain('backends');
    expect(activeScopes({ ...initialUi(), screen: 'statements' })).not.toContain('backends');
  });
});
