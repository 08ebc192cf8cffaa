import { describe, expect, it } from 'vitest';
import { statementKey } from '../../../src/data/collectors/statements';
import { intervalRates } from '../../../src/data/statementRates';
import { statement as s } from './fixtures';

const at = (sec: number) => sec * 1000;

describe('statement interval rates', () => {
  it('divides deltas by the measured interval', () => {
    const r = intervalRates({ rows: [s('1')], at: at(100) }, { rows: [s('1', { calls: 120, totalExecMs: 1400, rows: 140, sharedHit: 130, sharedRead: 20, walBytes: 4096 })], at: at(104) });
    const x = r.byKey.get(s('1').key)!;
    expect(x.calls).toBe(5);
    expect(x.execMs).toBe(100);
    expect(x.meanMs).toBe(20);
    expect(x.rowsPerCall).toBe(2);
    expect(x.hitRatio).toBe(0.8);
    expect(x.walBytes).toBe(1024);
    expect(r.totalExecMs).toBe(100);
    expect(r.gap).toBe('none');
  });

  it('keeps toplevel and nested entries of one queryid apart', () => {
    const prev = [s('1', { toplevel: true }), s('1', { toplevel: false, calls: 5 })];
    const curr = [s('1', { toplevel: true, calls: 110 }), s('1', { toplevel: false, calls: 25 })];
    const r = intervalRates({ rows: prev, at: at(0) }, { rows: curr, at: at(10) });
    expect(r.byKey.get(statementKey('1', 5, 10, true))!.calls).toBe(1);
    expect(r.byKey.get(statementKey('1', 5, 10, false))!.calls).toBe(2);
  });

  it('has no rates on the first reading or for the same reading twice', () => {
    expect(intervalRates(undefined, { rows: [s('1')], at: at(1) }).gap).toBe('first');
    expect(intervalRates({ rows: [s('1')], at: at(1) }, { rows: [s('1')], at: at(1) }).byKey.size).toBe(0);
  });

  it('shows a full reset (stats_reset moved, 14+) as a gap, never as negative rates', () => {
    const info = (t: number) => ({ statsReset: t, dealloc: 0, max: 5000, track: 'top', trackPlanning: false, computeQueryId: 'auto', trackIoTiming: true });
    const r = intervalRates({ rows: [s('1', { calls: 500 })], at: at(0), info: info(1) }, { rows: [s('1', { calls: 600 })], at: at(2), info: info(2) });
    expect(r.gap).toBe('reset');
    expect(r.byKey.size).toBe(0);
  });

  it('treats counters going backwards as a reset of that entry (13 has no stats_reset)', () => {
    const r = intervalRates({ rows: [s('1', { calls: 500 }), s('2', { calls: 10 })], at: at(0) }, { rows: [s('1', { calls: 3, totalExecMs: 5 }), s('2', { calls: 20 })], at: at(2) });
    expect(r.byKey.has(s('1').key)).toBe(false);
    expect(r.byKey.get(s('2').key)!.calls).toBe(5);
    const all = intervalRates({ rows: [s('1', { calls: 500 })], at: at(0) }, { rows: [s('1', { calls: 3, totalExecMs: 5 })], at: at(2) });
    expect(all.gap).toBe('reset');
  });

  it("treats an entry's stats_since moving (17+) as its own reset", () => {
    const r = intervalRates({ rows: [s('1', { statsSince: 10 })], at: at(100) }, { rows: [s('1', { statsSince: 101, calls: 150 })], at: at(102) });
    expect(r.byKey.size).toBe(0);
  });

  it('counts an entry created during the interval from zero', () => {
    const r = intervalRates({ rows: [s('1')], at: at(100) }, { rows: [s('1'), s('9', { calls: 4, totalExecMs: 80, statsSince: 101 })], at: at(102) });
    expect(r.byKey.get(s('9').key)).toMatchObject({ calls: 2, execMs: 40 });
    // …unless it says it is older than the previous reading (it was only hidden before).
    const old = intervalRates({ rows: [s('1')], at: at(100) }, { rows: [s('9', { statsSince: 50 })], at: at(102) });
    expect(old.byKey.size).toBe(0);
  });

  it('leaves entries hidden from our role (NULL queryid) without rates', () => {
    const hidden = { ...s('x'), queryId: null, key: '?/5/10/t#0' };
    const r = intervalRates({ rows: [hidden], at: at(0) }, { rows: [{ ...hidden, calls: 200 }], at: at(1) });
    expect(r.byKey.size).toBe(0);
  });
});
