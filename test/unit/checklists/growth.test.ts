import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checklists/checks';
import { baseFor, change, MIN_INTERVAL_S, trend, walChange, walJump, WEEK_S } from '../../../src/checklists/growth';
import { effectiveThresholds, pastRuns } from '../../../src/checklists/run';
import { finishSession, recordResult, startSession } from '../../../src/checklists/session';
import { weekly } from '../../../src/checklists/defs/weekly';
import type { Capabilities } from '../../../src/data/server';
import type { Metrics } from '../../../src/checklists/types';

const DAY = 86_400;
const GB = 1024 ** 3;
const T0 = 1_800_000_000;

describe('growth arithmetic', () => {
  it('normalises a change to a week by the real time between runs', () => {
    expect(change({ at: T0, value: 100 }, { at: T0 + WEEK_S, value: 110 })).toMatchObject({ delta: 10, days: 7, perWeek: 10, shareWeek: 0.1 });
    // Ten days apart: the same +10 is +7 a week.
    expect(change({ at: T0, value: 100 }, { at: T0 + 10 * DAY, value: 110 }).perWeek).toBeCloseTo(7);
    // Three days apart: +10 is +23.3 a week.
    expect(change({ at: T0, value: 100 }, { at: T0 + 3 * DAY, value: 110 }).shareWeek).toBeCloseTo(0.2333, 3);
  });

  it('does not extrapolate runs less than a day apart, nor a share from zero', () => {
    const c = change({ at: T0, value: 100 }, { at: T0 + 3600, value: 150 });
    expect(c).toMatchObject({ delta: 50, perWeek: null, shareWeek: null });
    expect(change({ at: T0, value: 0 }, { at: T0 + WEEK_S, value: 5 })).toMatchObject({ perWeek: 5, shareWeek: null });
  });

  it('takes as base the latest run at least a day older, skipping a run made an hour ago', () => {
    const past = [{ at: T0, value: 1 }, { at: T0 + WEEK_S, value: 2 }, { at: T0 + 2 * WEEK_S - 3600, value: 3 }];
    expect(baseFor(past, { at: T0 + 2 * WEEK_S, value: 4 })).toEqual(past[1]);
    expect(baseFor(past.slice(2), { at: T0 + 2 * WEEK_S, value: 4 })).toBeUndefined();
    expect(baseFor([], { at: T0, value: 1 })).toBeUndefined();
    expect(MIN_INTERVAL_S).toBe(DAY);
  });

  it('fits a trend through irregular runs, and needs three spanning two days', () => {
    // +1 GB a week, runs 5, 9 and 7 days apart.
    const pts = [0, 5, 14, 21].map((d) => ({ at: T0 + d * DAY, value: 10 * GB + (d / 7) * GB }));
    const t = trend(pts)!;
    expect(t.perWeek / GB).toBeCloseTo(1, 6);
    expect(t.runs).toBe(4);
    expect(t.days).toBe(21);
    expect(trend(pts.slice(0, 2))).toBeNull();
    expect(trend([{ at: T0, value: 1 }, { at: T0 + 3600, value: 2 }, { at: T0 + 7200, value: 3 }])).toBeNull();
    // Only the last eight runs count: an old jump no longer weighs on it.
    const long = [{ at: T0 - 100 * DAY, value: 0 }, ...Array.from({ length: 8 }, (_, i) => ({ at: T0 + i * WEEK_S, value: 5 }))];
    expect(trend(long)!.perWeek).toBe(0);
  });

  it('measures WAL written by the position, and sees a new cluster when it goes back', () => {
    const a = { at: T0, lsn: 10 * GB, systemId: '7301' };
    expect(walChange(a, { at: T0 + WEEK_S, lsn: 13 * GB, systemId: '7301' })).toEqual({ kind: 'written', bytes: 3 * GB, days: 7, perWeek: 3 * GB });
    expect(walChange(a, { at: T0 + WEEK_S, lsn: 1 * GB, systemId: '7301' })).toMatchObject({ kind: 'new-cluster', why: 'the WAL position went back' });
    expect(walChange(a, { at: T0 + WEEK_S, lsn: 20 * GB, systemId: '9999' })).toMatchObject({ kind: 'new-cluster', why: 'another system identifier' });
    expect(walChange(a, { at: T0 + WEEK_S, lsn: null, systemId: '7301' })).toEqual({ kind: 'unknown' });
    // Unknown identifiers (an old record) do not hide a position that went back.
    expect(walChange({ ...a, systemId: null }, { at: T0 + WEEK_S, lsn: 5, systemId: '7301' }).kind).toBe('new-cluster');
  });

  it('calls a WAL volume a jump at three times the usual, above a floor', () => {
    expect(walJump([GB, GB], 3 * GB, 3, GB)).toBe(true);
    expect(walJump([GB, GB], 2.9 * GB, 3, GB)).toBe(false);
    expect(walJump([GB], 10 * GB, 3, GB)).toBe(false); // one earlier week is not a habit
    expect(walJump([1000, 1000], 100_000, 3, GB)).toBe(false); // an idle server
  });
});

const caps = { major: 18, currentUser: 'postgres', isSuperuser: true, readAllStats: true } as Capabilities;
const check = CHECKS.get('disk_growth')!;
const dbs = (app: number, other = GB) => [
  { database: 'app', bytes: app, tempFiles: 0, tempBytes: 0 },
  { database: 'other', bytes: other, tempFiles: 0, tempBytes: 0 },
];
const wal = (lsn: number | null, systemId = '7301', inRecovery = false) => ({ inRecovery, lsn, lsnSource: inRecovery ? 'replay' : 'insert', systemId, maxWalSize: GB, walKeepSize: 0 });
const dir = { bytes: 512 * 1024 ** 2, files: 32 };
const grow = (data: unknown[], nowS: number, history: { startedAt: string; metrics: Metrics }[] = []) =>
  check.evaluate(data, effectiveThresholds(check, undefined), { nowS, caps, history });

describe('disk growth check', () => {
  it('on the first run says growth is not known yet and records the figures', () => {
    const r = grow([dbs(10 * GB), wal(50 * GB), dir], T0);
    expect(r.outcome).toBe('pass');
    expect(r.summary).toMatch(/^first measurement: all databases 11 GB; growth is known from the next run/);
    expect(r.metrics).toEqual({ at: T0, total: 11 * GB, databases: { app: 10 * GB, other: GB }, lsn: 50 * GB, lsnSource: 'insert', systemId: '7301', walDir: dir.bytes });
    expect(r.evidence?.rows).toEqual([['2027-01-15 08:00', '', '11 GB', '', '', '', '', '512 MB']]);
  });

  it('warns at +10 % a week, fails at +25 %, names the database and the WAL volume', () => {
    const week1 = grow([dbs(10 * GB), wal(50 * GB), dir], T0).metrics!;
    // Ten days later app grew 2 GB: 1.4 GB a week, +14 % of its 10 GB; the total +11.7 %.
    const r = grow([dbs(12 * GB), wal(60 * GB), dir], T0 + 10 * DAY, [{ startedAt: 'w1', metrics: week1 }]);
    expect(r.outcome).toBe('warn');
    expect(r.findings).toEqual(['disk_growth:all', 'disk_growth:db:app']);
    expect(r.summary).toContain('all databases 13 GB, +1.4 GB a week (+12.7 %) since 2027-01-15');
    expect(r.summary).toContain('fastest: app +1.4 GB a week (+14.0 %)');
    expect(r.summary).toContain('WAL written 7.0 GB a week');
    expect(r.evidence?.rows[1]).toEqual(['2027-01-25 08:00', '10.0 d', '13 GB', '+2.0 GB', '+1.4 GB (+12.7 %)', '10 GB', '7.0 GB', '512 MB']);
    const fast = grow([dbs(14 * GB), wal(60 * GB), dir], T0 + WEEK_S, [{ startedAt: 'w1', metrics: week1 }]);
    expect(fast.outcome).toBe('fail');
  });

  it('does not grade small databases, and compares with a run at least a day old', () => {
    const small = grow([dbs(100 * 1024 ** 2, 10 * 1024 ** 2), wal(1), dir], T0).metrics!;
    const r = grow([dbs(200 * 1024 ** 2, 10 * 1024 ** 2), wal(2), dir], T0 + WEEK_S, [{ startedAt: 'w1', metrics: small }]);
    expect(r.outcome).toBe('pass');
    expect(r.summary).toContain('+100 MB a week');
    const soon = grow([dbs(10 * GB), wal(2), dir], T0 + 3600, [{ startedAt: 'w1', metrics: small }]);
    expect(soon.summary).toMatch(/since the last run 1 h ago: too close to extrapolate/);
    expect(soon.outcome).toBe('pass');
  });

  it('restarts the WAL history on a new cluster, and knows a standby and an unreadable pg_wal', () => {
    const w1 = grow([dbs(10 * GB), wal(50 * GB), dir], T0).metrics!;
    const r = grow([dbs(10 * GB), wal(1 * GB), dir], T0 + WEEK_S, [{ startedAt: 'w1', metrics: w1 }]);
    expect(r.summary).toContain('WAL history restarts: another cluster answers since 2027-01-15 (the WAL position went back)');
    expect(r.evidence?.rows[1]?.[5]).toBe('new cluster');
    const standby = grow([dbs(10 * GB), wal(null, '7301', true), { unavailable: 'pg_wal size needs pg_monitor' }], T0 + WEEK_S, [{ startedAt: 'w1', metrics: w1 }]);
    expect(standby.summary).toContain('WAL position unknown');
    expect(standby.summary).toContain('pg_wal size unknown: pg_wal size needs pg_monitor');
    // pg_wal is graded: a size not read is unknown, not a pass, with the grant for a role without pg_monitor.
    expect(standby.outcome).toBe('unknown');
    expect(standby.summary).toMatch(/^not seen: pg_wal size not read; in what was read: /);
    const plain = check.evaluate([dbs(10 * GB), wal(2), { unavailable: 'no' }], check.defaults, { nowS: T0, caps: { ...caps, isSuperuser: false, readAllStats: false } });
    expect(plain.unseen).toEqual([{ reason: 'pg_wal size not read', grant: 'GRANT pg_monitor TO postgres;', items: ['disk_growth:pg_wal'] }]);
    expect(standby.evidence?.columns).toContain('WAL replayed');
  });

  it('warns when the week\'s WAL is three times the usual, and when pg_wal holds far more than max_wal_size', () => {
    const runs: { startedAt: string; metrics: Metrics }[] = [];
    for (const [i, lsn] of [0, 2, 4].entries()) runs.push({ startedAt: `w${i}`, metrics: grow([dbs(10 * GB), wal(lsn * GB), dir], T0 + i * WEEK_S).metrics! });
    const jump = grow([dbs(10 * GB), wal(12 * GB), dir], T0 + 3 * WEEK_S, runs);
    expect(jump.outcome).toBe('warn');
    expect(jump.findings).toEqual(['disk_growth:wal_volume']);
    const full = grow([dbs(10 * GB), wal(0), { bytes: 5 * GB, files: 320 }], T0);
    expect(full.findings).toEqual(['disk_growth:pg_wal']);
    expect(full.summary).toContain('pg_wal holds 5.0 GB, over 2× max_wal_size/wal_keep_size (1.0 GB)');
  });

  it('ignores damaged or foreign records in the state file', () => {
    const r = grow([dbs(10 * GB), wal(5), dir], T0 + WEEK_S, [{ startedAt: 'x', metrics: { at: 'yesterday', total: 5 } }, { startedAt: 'y', metrics: { total: 1 } }]);
    expect(r.summary).toMatch(/^first measurement/);
  });
});

describe('connection usage over the weeks', () => {
  const conn = CHECKS.get('connections')!;
  const c = (clients: number) => ({ clients, active: 1, idle: 0, idleInXact: 0, maxConnections: 103, reserved: 3 });
  const run = (clients: number, nowS: number, history: { startedAt: string; metrics: Metrics }[] = [], earlier?: Metrics) =>
    conn.evaluate([c(clients)], effectiveThresholds(conn, undefined), { nowS, caps, history, earlier });

  it.each([
    [80, 'pass'],
    [81, 'warn'],
    [95, 'warn'],
    [96, 'fail'],
  ])('%i of 100 usable is %s (warn above 80 %%, fail above 95 %%)', (n, outcome) => {
    expect(run(n, T0).outcome).toBe(outcome);
  });

  it('keeps the peak of the session and lists earlier weeks with their verdicts', () => {
    const w1 = run(50, T0, [], run(90, T0 - 600).metrics).metrics!;
    expect(w1).toMatchObject({ clients: 50, peak: 90, usable: 100 });
    const w2 = run(60, T0 + WEEK_S, [{ startedAt: 'w1', metrics: w1 }]).metrics!;
    const r = run(70, T0 + 2 * WEEK_S, [{ startedAt: 'w1', metrics: w1 }, { startedAt: 'w2', metrics: w2 }]);
    expect(r.outcome).toBe('pass');
    expect(r.summary).toContain('highest earlier peak 90 of 100 on 2027-01-15');
    expect(r.evidence?.rows.map((row) => [row[1], row[2], row[7]])).toEqual([
      ['50', '90', 'WARN'],
      ['60', '60', 'ok'],
      ['70', '70', 'ok'],
    ]);
    expect(run(10, T0).summary).toContain('no earlier session to compare with: judged on now only');
  });
});

describe('history of a step', () => {
  it('collects the figures of earlier sessions, oldest first, leaving out sessions without any', () => {
    let a = startSession(weekly, 'x', new Date(T0 * 1000));
    a = finishSession(recordResult(a, 'database-size', { outcome: 'pass', summary: '', findings: [], metrics: { at: T0, total: 1 } }, new Date()), new Date());
    const b = finishSession(startSession(weekly, 'x', new Date((T0 + DAY) * 1000)), new Date());
    expect(pastRuns([a, b], 'database-size')).toEqual([{ startedAt: a.startedAt, metrics: { at: T0, total: 1 } }]);
  });
});
