/** Checks that cannot read everything they judge: unknown with the reason and the grant, never pass. */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checklists/checks';
import { withUnseen } from '../../../src/checklists/checks/coverage';
import { weekly } from '../../../src/checklists/defs/weekly';
import { renderReport } from '../../../src/checklists/report';
import { effectiveThresholds } from '../../../src/checklists/run';
import { exitStatus, finishSession, recordResult, startSession } from '../../../src/checklists/session';
import type { Capabilities } from '../../../src/data/server';
import { bloat, table } from '../replication/fixtures';

const monitor = { major: 18, currentUser: 'watch er', isSuperuser: false, readAllStats: true, blockSize: 8192 } as Capabilities;
const plain = { ...monitor, major: 13, readAllStats: false };
const run = (id: string, data: unknown[], caps: Capabilities = monitor) => {
  const c = CHECKS.get(id)!;
  return c.evaluate(data, effectiveThresholds(c, {}), { nowS: 1_000_000, caps });
};

const seq = (name: string, p: Record<string, unknown> = {}) => ({ schema: 'public', name, dataType: 'bigint', columnType: null, lastValue: '10', maxValue: '100', cycle: false, usedShare: 0.1, readable: true, ...p });
const hiddenSeq = (schema: string, name: string) => seq(name, { schema, lastValue: null, usedShare: null, readable: false });

describe('checks that cannot see everything', () => {
  it('withUnseen: a pass becomes unknown, a warn or fail stands, both say what was not read', () => {
    const u = [{ reason: '2 tables skipped' }];
    expect(withUnseen({ outcome: 'pass', summary: 'all fine', findings: [] }, u)).toMatchObject({ outcome: 'unknown', summary: 'not seen: 2 tables skipped; in what was read: all fine', unseen: u });
    expect(withUnseen({ outcome: 'fail', summary: '1 bad', findings: ['x'] }, u)).toMatchObject({ outcome: 'fail', summary: '1 bad; not seen: 2 tables skipped' });
    expect(withUnseen({ outcome: 'warn', summary: 's', findings: [] }, [])).toEqual({ outcome: 'warn', summary: 's', findings: [] });
  });

  it('sequences of schemas the role cannot read: unknown with the grant; a full one it can read still fails', () => {
    const r = run('sequences', [{ rows: [seq('a'), hiddenSeq('billing', 'b'), hiddenSeq('app', 'c')], unreadable: 2, unreadableSchemas: ['app', 'billing'] }]);
    expect(r.outcome).toBe('unknown');
    expect(r.summary).toMatch(/^not seen: 2 sequences this role cannot read, in schemas app, billing; in what was read: no sequence/);
    expect(r.unseen?.[0]?.grant).toBe(
      [
        'GRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO "watch er";',
        'GRANT SELECT ON ALL SEQUENCES IN SCHEMA billing TO "watch er";',
        '-- or, for every schema at once (it may then read every row):',
        'GRANT pg_read_all_data TO "watch er";',
      ].join('\n'),
    );
    expect(r.unseen?.[0]?.items).toEqual(['sequence:billing.b', 'sequence:app.c']);
    const bad = run('sequences', [{ rows: [seq('full', { usedShare: 0.95 }), hiddenSeq('app', 'c')], unreadable: 7, unreadableSchemas: ['app'] }], plain);
    expect(bad.outcome).toBe('fail');
    expect(bad.summary).toBe('1 sequences past 75.0 % of their range; not seen: 7 sequences this role cannot read, in schemas app');
    // 13 has no pg_read_all_data; not every hidden one came back, so none is named.
    expect(bad.unseen?.[0]?.grant).toBe('GRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO "watch er";');
    expect(bad.unseen?.[0]?.items).toBeUndefined();
    expect(run('sequences', [{ rows: [seq('a'), seq('never', { lastValue: null, usedShare: null })], unreadable: 0, unreadableSchemas: [] }]).outcome).toBe('pass');
  });

  it('table bloat: a locked table and hidden statistics are unknown, naming the pid and the grant; small tables do not count', () => {
    const big = table('orders', { relpages: 10_000 });
    const locked = bloat(table('invoices', { relpages: 5_000 }), { schema: 'billing', locked: true, lockPid: 4242, lockGranted: true, tableBytes: null, bloatBytes: null, bloatShare: 0.5 });
    const hidden = bloat(big, { schema: 'app', statsHidden: true, estimated: false, bloatShare: null, bloatBytes: null });
    const tiny = bloat(table('tiny', { relpages: 10 }), { locked: true, lockPid: 7, tableBytes: null });
    const r = run('table_bloat', [[bloat(table('fine', { relpages: 2_000 })), locked, hidden, tiny]]);
    expect(r.outcome).toBe('unknown');
    expect(r.unseen?.map((u) => u.reason)).toEqual([
      '1 table skipped: locked (ACCESS EXCLUSIVE held by pid 4242): billing.invoices',
      "1 table whose statistics this role cannot read (pg_stats shows only columns it may SELECT), in schemas app",
    ]);
    expect(r.unseen?.[1]?.grant).toContain('GRANT SELECT ON ALL TABLES IN SCHEMA app TO "watch er";');
    expect(r.unseen?.map((u) => u.items)).toEqual([['table_bloat:billing.invoices'], ['table_bloat:app.orders']]);
    // Readable but never analyzed: no estimate either, said so with the remedy.
    const fresh = run('table_bloat', [[bloat(table('loaded', { relpages: 0 }), { tableBytes: 50e6, estimated: false, bloatShare: null, bloatBytes: null })]]);
    expect(fresh).toMatchObject({ outcome: 'unknown', unseen: [{ reason: '1 table without statistics (never analyzed; ANALYZE gives them): loaded', items: ['table_bloat:public.loaded'] }] });
    const waiting = run('table_bloat', [[{ ...locked, lockPid: 99, lockGranted: false }]]);
    expect(waiting.summary).toContain('ACCESS EXCLUSIVE requested by pid 99');
    const bad = run('table_bloat', [[bloat(big, { bloatShare: 0.7, bloatBytes: 5e7 }), locked]]);
    expect(bad).toMatchObject({ outcome: 'fail', findings: ['table_bloat:public.orders'] });
    expect(bad.summary).toContain('; not seen: 1 table skipped: locked');
  });

  it('sessions and standbys hidden from a role without pg_read_all_stats make the session checks unknown', () => {
    const hiddenBackend = { key: '1:', pid: 1, state: null, backendType: null, query: '<insufficient privilege>', queryStart: null, stateChange: null, waitEventType: null, partial: false };
    for (const id of ['long_running', 'idle_in_transaction', 'blocked_sessions']) {
      const r = run(id, [[hiddenBackend]], plain);
      expect(r.outcome, id).toBe('unknown');
      expect(r.summary).toContain('1 backend whose state this role cannot see');
      expect(r.unseen?.[0]?.grant).toBe('GRANT pg_monitor TO "watch er";');
      // With pg_read_all_stats nothing is hidden: such a row would be a server process with no query.
      expect(run(id, [[hiddenBackend]], monitor).outcome, id).toBe('pass');
    }
    const standby = { application: 'replica1', pid: 5, clientAddr: null, clientHostname: null, state: null, replayLagS: null, replayLagBytes: null, syncState: null };
    const lag = run('replication_lag', [[standby]], plain);
    expect(lag).toMatchObject({ outcome: 'unknown', unseen: [{ items: ['replication_lag:replica1'] }] });
    expect(lag.summary).toContain('1 standby whose replication state this role cannot see');
  });

  it('the report names what was not seen and the grant; the headless exit status is 1 for a fail, else 3 for an unknown', () => {
    const t0 = new Date('2026-11-14T09:00:00Z');
    const t1 = new Date('2026-11-21T09:00:00Z');
    const last = finishSession(recordResult(startSession(weekly, 'alice', t0), 'sequences', { outcome: 'fail', summary: 's', findings: ['sequence:app.c'] }, t0), t0);
    const r = run('sequences', [{ rows: [hiddenSeq('app', 'c')], unreadable: 1, unreadableSchemas: ['app'] }]);
    let cur = recordResult(startSession(weekly, 'bob', t1), 'sequences', r, t1);
    expect(cur.steps.sequences?.unseen).toEqual(r.unseen);
    cur = finishSession(cur, t1);
    const md = renderReport({ def: weekly, session: cur, previous: last, server: 's' });
    expect(md).toMatch(/\| Sequences[^|]*\| UNKNOWN \|  \| 0 new, 0 resolved, 0 still there, 1 not checked \|/);
    expect(md).toContain('**Not seen:** 1 sequence this role cannot read, in schemas app');
    expect(md).toContain('```sql\nGRANT SELECT ON ALL SEQUENCES IN SCHEMA app TO "watch er";\n-- or, for every schema at once');
    expect(md).toContain('resolved: none; still there: none; not checked this time (could not be read): `sequence:app.c`');
    expect(exitStatus(cur)).toBe(3);
    expect(exitStatus(recordResult(cur, 'cache-hit', { outcome: 'fail', summary: '', findings: [] }, t1))).toBe(1);
    expect(exitStatus(recordResult(startSession(weekly, 'bob', t1), 'cache-hit', { outcome: 'warn', summary: '', findings: [] }, t1))).toBe(0);
  });
});
