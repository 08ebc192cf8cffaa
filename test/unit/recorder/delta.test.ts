import { describe, expect, it, vi } from 'vitest';
import { apply, diff, type Json } from '../../../src/recorder/delta';

const roundTrip = (a: Json, b: Json) => {
  const p = diff(a, b);
  expect(p === undefined ? a : apply(a, p)).toEqual(b);
  return p;
};

describe('delta', () => {
  it('is nothing for equal values', () => {
    expect(roundTrip({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBeUndefined();
  });

  it('round-trips changes of every kind', () => {
    const cases: [Json, Json][] = [
      [1, 2],
      [null, { a: 1 }],
      [{ a: 1, b: 2 }, { a: 1, c: 3 }],
      [[1, 2, 3], [1, 3]],
      [[], [{ key: 'a' }]],
      [[{ key: 'a', v: 1 }, { key: 'b', v: 2 }, { key: 'c', v: 3 }], [{ key: 'c', v: 3 }, { key: 'a', v: 9 }, { key: 'd', v: 4 }]],
      [[{ pid: 1 }, { pid: 1 }], [{ pid: 1 }]],
      [{ x: [1] }, { x: 'now a string' }],
      [JSON.parse('{"__proto__": {"a": 1}, "b": 1}'), JSON.parse('{"__proto__": {"a": 2}, "b": 1}')],
    ];
    for (const [a, b] of cases) roundTrip(a, b);
  });

  it('matches rows by identity: a row leaving does not make the ones after it change', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, state: 'idle', query: 'SELECT 1' }));
    const p = roundTrip(rows, rows.filter((_, i) => i !== 3));
    expect(p).toEqual({ a: [[0, 3], [4, 96]] });
  });

  it('shares unchanged parts with the previous value', () => {
    const a = { rows: [{ key: 'a', v: 1 }, { key: 'b', v: 2 }], other: { z: 1 } } as Json;
    const b = apply(a, diff(a, { rows: [{ key: 'a', v: 1 }, { key: 'b', v: 3 }], other: { z: 1 } })!) as { rows: Json[]; other: Json };
    expect(b.other).toBe((a as { other: Json }).other);
    expect(b.rows[0]).toBe((a as { rows: Json[] }).rows[0]);
  });
});

describe('delta cost', () => {
  it('patches rows that changed a few fields without serializing them to weigh the patch', () => {
    const row = (i: number, t: number): Json => ({ key: `k${i}`, pid: i, state: 'idle', user: 'app', db: 'shop', app: 'web', query: `select ${i}`, queryStart: t, stateChange: t });
    const prev = Array.from({ length: 500 }, (_, i) => row(i, 1));
    const next = Array.from({ length: 500 }, (_, i) => row(i, 2));
    const stringify = vi.spyOn(JSON, 'stringify');
    const patch = diff(prev, next)!;
    expect(stringify).not.toHaveBeenCalled();
    stringify.mockRestore();
    expect(apply(prev, patch)).toEqual(next);
    // A row whose every field changed is still weighed, and stored whole.
    expect(diff({ a: 1, b: 2 }, { a: 3, b: 4 })).toEqual({ $: { a: 3, b: 4 } });
  });
});
