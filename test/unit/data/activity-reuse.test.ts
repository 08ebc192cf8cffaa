/**
 * A refresh keeps the object of every backend whose row did not change (the poller passes the
 * previous read): memos and the rewind's deltas then see it unchanged, and it is not allocated again.
 */
import { describe, expect, it } from 'vitest';
import { backendsFromArrays, type Backend } from '../../../src/data/collectors/activity';
import { arrayRows } from '../../../src/data/collector';

const base = (pid: number): Record<string, unknown> => ({
  pid, backend_start: 1000 + pid, backend_type: 'client backend', state: 'active', xact_start: 1500.25, horizon_age: null, partial: false,
  database: 'app', user: 'alice', application: 'web', client_addr: '10.0.0.1', client_hostname: null, client_port: 5000,
  wait_event_type: null, wait_event: null, query_start: 1500.5, state_change: 1500.5, backend_xid: null, backend_xmin: '700',
  xmin_age: '12', leader_pid: null, query_id: '-42', blocked_by: null, query: 'select 1',
});
const db = { pid: null, taken_at: 2000, in_recovery: false, xacts: '1', blks_hit: '1', blks_read: '1', stats_reset: null };
const read = (rows: Record<string, unknown>[], previous?: Backend[]): Backend[] => backendsFromArrays(arrayRows([...rows, db]), previous);

describe('backends kept between refreshes', () => {
  it('keeps every unchanged backend, in place or moved, and only those', () => {
    const rows = [base(1), base(2), { ...base(3), partial: true, database: null, query: null }, { ...base(4), wait_event_type: 'Lock', blocked_by: [1, 2] }];
    const first = read(rows);
    const again = read(rows.map((r) => ({ ...r, blocked_by: Array.isArray(r.blocked_by) ? [...r.blocked_by] : r.blocked_by })), first);
    expect(again).toEqual(first);
    again.forEach((b, k) => expect(b).toBe(first[k]));
    // A backend gone and the order changed: the others are found by pid.
    const moved = read([rows[3]!, rows[2]!, rows[0]!], first);
    expect(moved.map((b) => b.pid)).toEqual([4, 3, 1]);
    expect(moved[0]).toBe(first[3]);
    expect(moved[2]).toBe(first[0]);
  });

  // horizon_age is the header's (summary.ts); a Backend does not hold it.
  it.each(Object.keys(base(1)).filter((c) => c !== 'horizon_age'))('reads a backend again when %s changed', (column) => {
    const first = read([base(1), base(2)]);
    const value = base(1)[column];
    const changed = column === 'partial' ? true : column === 'blocked_by' ? [9] : typeof value === 'number' ? value + 1 : value === null ? 'x' : `${String(value)}x`;
    const next = read([{ ...base(1), [column]: changed }, base(2)], first);
    expect(next[0]).not.toBe(first[0]);
    expect(next[0]).toEqual(read([{ ...base(1), [column]: changed }])[0]);
    expect(next[1]).toBe(first[1]);
  });

  it('reads a new backend that took the pid of one that left', () => {
    const first = read([base(1)]);
    const next = read([{ ...base(1), backend_start: 5000 }], first);
    expect(next[0]).not.toBe(first[0]);
    expect(next[0]!.key).toBe('1:5000');
  });
});
