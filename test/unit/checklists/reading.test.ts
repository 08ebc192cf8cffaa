import { describe, expect, it } from 'vitest';
import { fromMetrics, lastReading, since, toMetrics } from '../../../src/checklists/reading';
import { pruneReadings, type SessionRecord } from '../../../src/checklists/state';

const C = ['calls', 'ms'] as const;

describe('counter readings', () => {
  it('round-trip through metrics and skip what is not a number', () => {
    const m = toMetrics(100, new Map([['a', { calls: 3, ms: 1.5 }]]), C);
    expect(fromMetrics(m, C)).toEqual({ at: 100, objects: new Map([['a', { calls: 3, ms: 1.5 }]]) });
    expect(fromMetrics({ ...m, 'reading.calls': { a: 'x' as unknown as number } }, C)?.objects.get('a')).toEqual({ ms: 1.5 });
    expect(fromMetrics({ at: 1 }, C)).toBeUndefined();
  });

  it('take differences, the counters since a reset when one went backwards, everything for a new object', () => {
    expect(since({ calls: 10, ms: 5 }, { calls: 4, ms: 2 }, C)).toEqual({ delta: { calls: 6, ms: 3 }, basis: 'week' });
    expect(since({ calls: 3, ms: 5 }, { calls: 4, ms: 2 }, C)).toEqual({ delta: { calls: 3, ms: 5 }, basis: 'reset' });
    expect(since({ calls: 3, ms: 5 }, undefined, C)).toEqual({ delta: { calls: 3, ms: 5 }, basis: 'new' });
  });

  it('use the latest earlier reading', () => {
    const h = [100, 200, 300].map((at) => ({ startedAt: '', metrics: toMetrics(at, new Map([['a', { calls: at, ms: 0 }]]), C) }));
    expect(lastReading(h, C, 250)?.at).toBe(200);
    expect(lastReading([], C, 250)).toBeUndefined();
  });

  it('are kept by the latest two sessions of each checklist only', () => {
    const rec = (checklist: string, startedAt: string): SessionRecord => ({
      checklist,
      startedAt,
      operator: 'x',
      steps: { s: { findings: [], metrics: { at: 1, readingAt: 1, 'reading.calls': { a: 1 } } } },
    });
    const out = pruneReadings([rec('weekly', '1'), rec('other', '1'), rec('weekly', '2'), rec('weekly', '3')]);
    expect(out.map((s) => Object.keys(s.steps.s!.metrics!))).toEqual([['at', 'readingAt'], ['at', 'readingAt', 'reading.calls'], ['at', 'readingAt', 'reading.calls'], ['at', 'readingAt', 'reading.calls']]);
  });
});
