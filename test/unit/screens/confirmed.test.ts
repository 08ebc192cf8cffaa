import { describe, expect, it } from 'vitest';
import type { AppEffects } from '../../../src/screens/effects';
import type { ConfirmRequest } from '../../../src/actions/types';
import { summarize } from '../../../src/actions/statementRequest';
import { carryOut } from '../../../src/screens/confirmed';
import type { ScreenContext } from '../../../src/screens/types';
import { Store } from '../../../src/state/store';
import { ChecklistController } from '../../../src/checklists/controller';
import { trusted } from '../../../src/text/sanitize';

const source = { kind: 'backend' as const, pid: 7, database: 'shop', user: 'app', query: 'delete from t' };
const target = { pid: 7, backendStart: 1, user: 'app', database: 'shop', application: null, clientAddr: null, backendType: 'client backend', state: 'active', query: 'q', xactAgeS: null, stateAgeS: null, waitedS: null, behind: null };

const REQUESTS: ConfirmRequest[] = [
  { kind: 'terminate', targets: [target], skipped: [], notes: [], screen: 'activity' },
  { kind: 'pgbouncer', command: 'pause', database: 'shop', notes: [], screen: 'pgbouncer' },
  { kind: 'explain', step: 'analyze', source, message: 'runs it', analyze: true, allowWrites: false, screen: 'plan' },
  { kind: 'explain', step: 'rights', source, message: 'as pgwarden', analyze: false, allowWrites: false, screen: 'plan' },
  { kind: 'fix', stepId: 's', sql: 'ANALYZE public.t;', transaction: true, screen: 'checklist' },
  { kind: 'exact', relid: 42, table: 'public.t', schema: 'public', size: '8 MB', screen: 'vacuum' },
];

/** Effects that record every call that would reach the server. */
function ctxFor(readOnly: boolean) {
  const calls: string[] = [];
  const store = new Store();
  const effects: AppEffects = {
    quit: () => undefined,
    refresh: () => undefined,
    setInterval: () => undefined,
    setPlan: () => undefined,
    copy: () => trusted(''),
    act: (r) => void calls.push(`act ${r.kind}`),
    execute: async (sql) => (calls.push(`execute ${sql}`), 'done'),
    lookup: async (text) => (calls.push(`lookup ${text.slice(0, 10)}`), { rows: [] }),
    explain: { run: async (req) => (calls.push(`explain ${req.analyze} ${req.asSelf === true}`), { ok: false, reason: 'failed', message: 'x' }) },
  };
  const ctx: ScreenContext = {
    get state() {
      return store.get();
    },
    store,
    effects,
    nowMs: 0,
    now: () => 0,
    width: 80,
    height: 24,
    readOnly,
    checklists: new ChecklistController(undefined, store.checklist),
  };
  store.setStatus({ state: 'ready' }, { major: 18, currentUser: 'mon' } as never);
  return { ctx, calls, store };
}

describe('the one dispatcher of confirmed requests', () => {
  it.each(REQUESTS.map((r) => [`${r.kind}${r.kind === 'explain' ? ' ' + r.step : ''}`, r] as const))('refuses %s in a read-only session, saying why', (_, r) => {
    const { ctx, calls, store } = ctxFor(true);
    carryOut(r, ctx);
    expect(calls).toEqual([]);
    expect(store.get().ui.toast?.text).toMatch(/read-only/);
  });

  it('hands each kind to its executor', async () => {
    const { ctx, calls } = ctxFor(false);
    for (const r of REQUESTS) carryOut(r, ctx);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['act terminate', 'act pgbouncer', 'explain true false', 'explain false true', 'execute ANALYZE public.t;', expect.stringMatching(/^lookup /)]);
  });

  it('says of every statement what runs, what it locks or costs, and whether it commits', () => {
    for (const r of REQUESTS) {
      if (r.kind !== 'explain' && r.kind !== 'fix' && r.kind !== 'exact') continue;
      const s = summarize(r, false);
      expect(s.body.join(' ').length).toBeGreaterThan(0);
      expect(s.how).toMatch(/ROLLBACK|commits|nothing is (written|executed)|its work stays/);
    }
    expect(summarize(REQUESTS[4] as never, false).body).toEqual(['ANALYZE public.t;']);
    expect(summarize(REQUESTS[5] as never, false).locks).toContain('8 MB');
  });
});
