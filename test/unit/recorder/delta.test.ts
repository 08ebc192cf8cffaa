import { describe, expect, it, vi } from 'vitest';
import { apply, diff, type Json, type Patch } from '../../../src/recorder/delta';

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

describe('delta of values as a snapshot holds them (not a JSON copy)', () => {
  /** What a reader gets back: the JSON form of `v`. */
  const json = (v: unknown): Json => JSON.parse(JSON.stringify(v)) as Json;
  /** The patch as written and read back, applied to the JSON form of `a`, gives the JSON form of `b`. */
  const throughJson = (a: unknown, b: unknown) => {
    const p = diff(a as Json, b as Json);
    const back = p === undefined ? undefined : (json(p) as Patch);
    expect(back === undefined ? json(a) : apply(json(a), back)).toEqual(json(b));
    return p;
  };

  it('treats a field set to undefined as absent, and undefined in an array as null', () => {
    expect(throughJson({ a: 1, note: undefined }, { a: 1 })).toBeUndefined();
    expect(throughJson({ a: 1 }, { a: 1, note: undefined })).toBeUndefined();
    throughJson({ a: 1, b: 2, c: 3, note: 'x' }, { a: 1, b: 2, c: 3, note: undefined });
    throughJson({ a: 1, b: 2, c: 3, note: undefined }, { a: 1, b: 2, c: 3, note: 'x' });
    throughJson({ a: 1, b: 2, c: 3, f: () => 1 }, { a: 1, b: 2, c: 4 });
    throughJson([1, 2, 3], [1, undefined, 3]);
    throughJson([1], [1, undefined]);
  });

  it('writes numbers JSON cannot hold as null, and a Date as its text', () => {
    expect(throughJson({ a: NaN, b: 1 }, { a: NaN, b: 1 })).toBeUndefined();
    expect(throughJson({ a: null }, { a: Infinity })).toBeUndefined();
    throughJson({ a: 1, b: 2, c: 3 }, { a: NaN, b: 2, c: 3 });
    expect(throughJson({ at: new Date(1000) }, { at: new Date(1000) })).toBeUndefined();
    throughJson({ at: new Date(1000), b: 1, c: 2 }, { at: new Date(2000), b: 1, c: 2 });
    throughJson([{ key: 'a', at: new Date(1) }], [{ key: 'a', at: new Date(1) }, { key: 'b', at: new Date(2) }]);
  });

  it('costs one comparison for a row that is the same object in both', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, state: 'idle' }));
    const keys = vi.spyOn(Object, 'keys');
    expect(diff(rows, [...rows])).toBeUndefined();
    // The array's identity is weighed once on each side; no row is walked.
    expect(keys).not.toHaveBeenCalled();
    keys.mockRestore();
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

  it('does not weigh an object whose changed field is patched in its turn (the results of a snapshot, each refresh)', () => {
    const row = (i: number, t: number): Json => ({ key: `k${i}`, query: `select ${i}`, queryStart: t, stateChange: t });
    const results = (t: number): Json => ({ activity: { state: 'ok', data: Array.from({ length: 500 }, (_, i) => row(i, t)), at: t, ms: 3 } });
    const prev = results(1);
    const next = results(2);
    const stringify = vi.spyOn(JSON, 'stringify');
    const patch = diff(prev, next)!;
    expect(stringify).not.toHaveBeenCalled();
    stringify.mockRestore();
    expect(apply(prev, patch)).toEqual(next);
  });
});

describe('delta of refreshes that keep their rows (the same objects from one snapshot to the next)', () => {
  /** A seeded random number in [0, 1): the same sequences on every run. */
  const rng = (seed: number) => () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  type Row = { key: string; state: string; n: number };

  it('decodes each refresh to what it was, rows kept, changed, moved, gone, new, or sharing a key', () => {
    const r = rng(7);
    let rows: Row[] = Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, state: 'idle', n: 0 }));
    // What a reader holds: the previous refresh as decoded, not the encoder's objects.
    let decoded = JSON.parse(JSON.stringify(rows)) as Json;
    for (let refresh = 1; refresh < 300; refresh++) {
      const next: Row[] = [];
      for (const row of rows) {
        const x = r();
        if (x < 0.05) continue; // gone
        if (x < 0.2) next.push({ ...row, n: refresh }); // changed in place
        else next.push(row); // kept: the same object
        if (x > 0.97) next.push({ key: `n${refresh}-${next.length}`, state: 'active', n: refresh }); // new
      }
      // Now and then two rows swap places, or a row shares another's key (no identity then).
      if (r() < 0.2 && next.length > 2) [next[0], next[1]] = [next[1]!, next[0]!];
      if (r() < 0.1 && next.length > 2) next[next.length - 1] = { ...next[next.length - 1]!, key: next[0]!.key };
      if (r() < 0.05) next.reverse();
      const p = diff(rows as unknown as Json, next as unknown as Json);
      decoded = p === undefined ? decoded : apply(decoded, JSON.parse(JSON.stringify(p)) as Patch);
      expect(decoded).toEqual(JSON.parse(JSON.stringify(next)));
      rows = next;
    }
  });

  it("indexes a refresh's rows once: the next refresh, with a few rows changed in place, looks only at those", () => {
    const row = (i: number, t: number) => ({ key: `k${i}`, state: 'idle', queryStart: t });
    const first = Array.from({ length: 2000 }, (_, i) => row(i, 1));
    const second = first.map((it, i) => (i % 100 === 0 ? row(i, 2) : it));
    const third = second.map((it, i) => (i % 100 === 1 ? row(i, 3) : it));
    diff(first, second);
    const set = vi.spyOn(Map.prototype, 'set');
    const add = vi.spyOn(Set.prototype, 'add');
    const patch = diff(second, third)!;
    expect(set.mock.calls.length + add.mock.calls.length).toBe(0);
    set.mockRestore();
    add.mockRestore();
    expect(apply(JSON.parse(JSON.stringify(second)) as Json, patch)).toEqual(JSON.parse(JSON.stringify(third)));
  });
});

