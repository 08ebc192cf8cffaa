import { describe, expect, it } from 'vitest';
import type { CollectorResult, Snapshot } from '../../../src/data/collector';
import type { Suspects } from '../../../src/data/collectors/problems';
import type { Summary } from '../../../src/data/collectors/summary';
import { DEFAULT_HOLD, DEFAULT_THRESHOLDS, ProblemTracker, evaluate, grade, initialProblemState, NO_HOLD, type Evaluation, type Hold, type ProblemState } from '../../../src/problems';
import { isSafe } from '../../../src/text/sanitize';

const ok = <T>(data: T, at = 0): CollectorResult => ({ state: 'ok', data, at, ms: 1 });

function summary(over: Partial<Summary> = {}): Summary {
  return { takenAt: 1000, inRecovery: false, clientTotal: 10, active: 1, idle: 9, idleInXact: 0, otherState: 0, lockWaiting: 0, background: 5, longestXactS: null, oldestXminAge: null, xacts: 0, blksHit: 0, blksRead: 0, statsReset: null, ...over };
}

function suspects(over: Partial<Suspects> = {}): Suspects {
  return { now: 1000, blockers: [], idleInXact: [], longQueries: [], horizon: null, newBackends: { count: 0, windowS: 10 }, tables: [], archiver: null, wraparound: null, ...over };
}

let seq = 0;
function snap(results: Record<string, CollectorResult>, takenAt = 1_000_000 + seq * 2000): Snapshot {
  seq++;
  return { seq, takenAt, tickMs: 1, results };
}

/** Runs the evaluator over a series of readings, each one's previous reading given for rates. */
function run(readings: Snapshot[], hold: Hold = DEFAULT_HOLD, thresholds = DEFAULT_THRESHOLDS): Evaluation[] {
  let state: ProblemState = initialProblemState();
  let prev: Snapshot | undefined;
  return readings.map((s) => {
    const e = evaluate({ snap: s, prev, maxConnections: 100, thresholds, hold }, state);
    state = e.state;
    prev = s;
    return e;
  });
}

/** What shows after each reading: '' or the severity of the one problem with `id`. */
const shown = (es: Evaluation[], id: string): string[] => es.map((e) => e.problems.find((p) => p.id === id)?.severity ?? '');

describe('grade', () => {
  const limit = { warn: 0.8, critical: 0.95 };
  it.each([
    [0.79, undefined, undefined],
    [0.81, undefined, 'warning'],
    [0.96, undefined, 'critical'],
    // Shown as a warning: stays until below 72 % (10 % margin), critical only past 95 %.
    [0.75, 'warning', 'warning'],
    [0.71, 'warning', undefined],
    [0.9, 'warning', 'warning'],
    // Shown as critical: stays critical down to 85.5 %.
    [0.9, 'critical', 'critical'],
    [0.85, 'critical', 'warning'],
    [null, undefined, undefined],
    [Number.NaN, 'warning', undefined],
  ] as const)('%s previously %s → %s', (value, previous, expected) => {
    expect(grade(value, limit, false, previous, 0.1)).toBe(expected);
  });
  it.each([
    [0.995, undefined, undefined],
    [0.985, undefined, 'warning'],
    [0.94, undefined, 'critical'],
    // Lower is worse: the margin is a share of what is missing to 100 % (99 % → 99.1 %).
    [0.9905, 'warning', 'warning'],
    [0.992, 'warning', undefined],
  ] as const)('cache hit %s previously %s → %s', (value, previous, expected) => {
    expect(grade(value, DEFAULT_THRESHOLDS.cacheHit, true, previous, 0.1)).toBe(expected);
  });
});

describe('hold and hysteresis', () => {
  const conns = (n: number) => snap({ summary: ok(summary({ clientTotal: n })) });
  it.each([
    ['shows after two consecutive readings', [85, 85, 85], ['', 'warning', 'warning']],
    ['a one-reading spike never shows', [85, 50, 85, 50], ['', '', '', '']],
    ['stays while within the margin under the limit', [85, 85, 75, 79, 85], ['', 'warning', 'warning', 'warning', 'warning']],
    ['clears after three readings below the margin, not before', [85, 85, 50, 50, 50, 50], ['', 'warning', 'warning', 'warning', '', '']],
    ['coming back while clearing keeps it shown', [85, 85, 50, 85, 50, 50], ['', 'warning', 'warning', 'warning', 'warning', 'warning']],
    ['escalates at once while shown', [85, 85, 96], ['', 'warning', 'critical']],
    ['a critical figure is held like any other', [97, 97], ['', 'critical']],
  ] as const)('%s', (_name, series, expected) => {
    expect(shown(run(series.map(conns)), 'connections')).toEqual(expected);
  });

  it('a one-shot command (no hold) reports what it sees at once and forgets it at once', () => {
    expect(shown(run([85, 50].map(conns), NO_HOLD), 'connections')).toEqual(['warning', '']);
  });

  it('keeps the time it was first seen, and the latest sentence', () => {
    const es = run([85, 86, 87].map(conns));
    expect(es[2]!.problems[0]).toMatchObject({ since: es[0]!.pending[0]!.since, text: 'connections at 87.0% of max_connections (87 of 100: 1 active, 0 idle in transaction)' });
  });

  it('a flapping cache hit ratio over the interval does not blink', () => {
    // Per-interval hit ratios 98.9 %, 99.05 %, 98.8 %, 99.05 %: one warning throughout.
    let hit = 0;
    let read = 0;
    const readings = [0, 0.989, 0.9905, 0.988, 0.9905, 0.9905].map((ratio) => {
      hit += Math.round(ratio * 100_000);
      read += Math.round((1 - ratio) * 100_000);
      return snap({ summary: ok(summary({ blksHit: hit, blksRead: read })) });
    });
    expect(shown(run(readings), 'cache-hit')).toEqual(['', '', 'warning', 'warning', 'warning', 'warning']);
  });

  it('a quiet server reading a few catalog blocks is not a cache problem', () => {
    // 1,500 block accesses a refresh, 72 of them reads (95.2 %): too few to judge the ratio by.
    let hit = 0;
    let read = 0;
    const readings = [0, 1, 2, 3, 4].map(() => {
      hit += 1428;
      read += 72;
      return snap({ summary: ok(summary({ blksHit: hit, blksRead: read })) });
    });
    expect(shown(run(readings), 'cache-hit')).toEqual(['', '', '', '', '']);
  });
});

describe('sentences', () => {
  it('pass the sanitizing boundary: a hostile application name and query are shown inert', () => {
    const evil = '\u001b]0;pwned\u0007\u202e';
    const sus = suspects({
      blockers: [{ pid: 42, backendStart: 1, application: evil, user: 'u', database: 'd', state: 'idle in transaction', xactStart: 900, since: 990, query: evil, blocked: 5 }],
      longQueries: [{ pid: 43, backendStart: 2, application: 'a', user: 'u', database: 'd', state: 'active', xactStart: 0, since: 0, query: `SELECT ${evil} FROM t` }],
      tables: [{ relid: 7, name: `public.${evil}`, deadTuples: 1000, liveTuples: 1000, trigger: 100, autovacuumOff: false, lastVacuum: null }],
    });
    // Read at this refresh (the reading's clock is the refresh's).
    const [e] = run([snap({ problems: ok(sus) }, sus.now * 1000)], NO_HOLD);
    // Critical first (5 blocked, 50 % dead), then by id.
    expect(e!.problems.map((p) => p.id)).toEqual(['dead-tuples:7', 'lock-blocker:42:1', 'long-query:43:2']);
    for (const p of e!.problems) {
      expect(isSafe(p.text), p.text).toBe(true);
      expect(p.text).not.toMatch(/[\u0000-\u001f\u202e]/);
    }
    expect(e!.problems[1]!.text).toBe('pid 42 (app ^[]0;pwned^G<U+202E>, idle in transaction 10s) blocks 5 sessions');
    expect(e!.problems[1]!.severity).toBe('critical');
  });

  it("a session's durations follow the refresh between two readings of the slower problems statement", () => {
    // Read at 1000 s: pid 42 idle in transaction since 990, pid 43 running since 950 (a 60 s limit).
    const sus = suspects({
      idleInXact: [{ pid: 42, backendStart: 1, application: 'billing', user: 'u', database: 'd', state: 'idle in transaction', xactStart: 900, since: 990, query: 'x' }],
      longQueries: [{ pid: 43, backendStart: 2, application: 'reports', user: 'u', database: 'd', state: 'active', xactStart: 940, since: 950, query: 'SELECT 1' }],
      archiver: { mode: 'on', failedCount: 3, archivedCount: 9, lastFailedWal: '000000010000000000000007', lastFailedTime: 995, lastArchivedTime: 700 },
    });
    const thresholds = { ...DEFAULT_THRESHOLDS, idleInTransactionSeconds: { warn: 15, critical: 600 }, queryDurationSeconds: { warn: 55, critical: 600 } };
    // The same reading at the refresh that made it, then kept by the refreshes 2 s and 8 s later.
    const es = run([1000, 1002, 1008].map((t) => snap({ problems: ok(sus) }, t * 1000)), NO_HOLD, thresholds);
    const text = (e: Evaluation, id: string): string | undefined => e.problems.find((p) => p.id === id)?.text;
    // 50 s at the reading, under the 55 s limit; past it with the refresh 8 s later.
    expect(es.map((e) => text(e, 'long-query:43:2'))).toEqual([undefined, undefined, "pid 43 (app reports) has run 'SELECT 1' for 58s"]);
    // Idle for 10 s at the reading: under the 15 s limit, then past it 8 s later with the pane's age.
    expect(es.map((e) => text(e, 'idle-in-transaction:42:1'))).toEqual([undefined, undefined, 'pid 42 (app billing) has been idle in transaction for 18s']);
    expect(text(es[2]!, 'archiving')).toContain('last success 5m08s ago');
    // A refresh's clock behind its reading (a replayed frame, a clock step) never makes an age go back.
    const [early] = run([snap({ problems: ok(sus) }, 990_000)], NO_HOLD, thresholds);
    expect(early!.problems.find((p) => p.id === 'archiving')!.text).toContain('last success 5m00s ago');
  });
});

describe('ProblemTracker', () => {
  it('judges a stream of snapshots; the same snapshot twice (a repaint) counts once', () => {
    const t = new ProblemTracker();
    const a = snap({ summary: ok(summary({ clientTotal: 90 })) });
    expect(t.update(a, 100).pending.map((p) => p.id)).toEqual(['connections']);
    expect(t.update(a, 100).problems).toEqual([]);
    expect(t.update(snap({ summary: ok(summary({ clientTotal: 90 })) }), 100).problems.map((p) => p.id)).toEqual(['connections']);
  });
});
