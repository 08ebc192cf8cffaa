import { describe, expect, it } from 'vitest';
import { buildTree, type TreeInput, type TreeRow } from '../../../src/screens/locks/tree';

/** `waits` maps a waiter pid to the pids it waits for; `waited` gives wait seconds. */
function input(waits: Record<number, number[]>, waited: Record<number, number> = {}): TreeInput[] {
  const pids = new Set<number>();
  for (const [w, bs] of Object.entries(waits)) {
    pids.add(Number(w));
    for (const b of bs) pids.add(b);
  }
  return [...pids].map((pid) => ({ id: `${pid}:1`, pid, blockedBy: waits[pid] ?? [], waitedS: waited[pid] ?? (waits[pid] ? 1 : null) }));
}

/** Rows as `  pid [marks]`, two spaces per level: easy to read in a failing diff. */
function draw(rows: TreeRow[]): string[] {
  return rows.map((r) => {
    const marks = [
      r.behind ? `behind=${r.behind}` : '',
      r.alsoBlockedBy.length ? `also=${r.alsoBlockedBy.join(',')}` : '',
      r.inCycle ? 'inCycle' : '',
      r.cycle ? 'CYCLE' : '',
      r.repeat ? 'repeat' : '',
    ].filter(Boolean);
    return `${'  '.repeat(r.depth)}${r.pid}${marks.length ? ' ' + marks.join(' ') : ''}`;
  });
}

const cases: { name: string; waits: Record<number, number[]>; waited?: Record<number, number>; want: string[] }[] = [
  { name: 'nobody waits', waits: {}, want: [] },
  {
    name: 'a three-level chain',
    waits: { 2: [1], 3: [2], 4: [3] },
    want: ['1 behind=3', '  2 behind=2', '    3 behind=1', '      4'],
  },
  {
    name: 'an ACCESS EXCLUSIVE queue: the DDL waits for the holder, readers for the DDL',
    waits: { 20: [10], 21: [20], 22: [20], 23: [20] },
    want: ['10 behind=4', '  20 behind=3', '    21', '    22', '    23'],
  },
  {
    name: 'several roots, the one with most sessions behind first',
    waits: { 2: [1], 6: [5], 7: [5], 8: [7] },
    want: ['5 behind=3', '  7 behind=1', '    8', '  6', '1 behind=1', '  2'],
  },
  {
    name: 'equal impact: the longest wait first',
    waits: { 2: [1], 6: [5] },
    waited: { 2: 3, 6: 30 },
    want: ['5 behind=1', '  6', '1 behind=1', '  2'],
  },
  {
    name: 'a diamond: the waiter appears under both blockers, expanded once, counted once',
    waits: { 2: [1], 3: [1], 4: [2, 3], 5: [4] },
    want: ['1 behind=4', '  2 behind=2', '    4 behind=1 also=3', '      5', '  3 behind=2', '    4 behind=1 also=2 repeat'],
  },
  {
    name: 'a waiter blocked by two roots appears under both',
    waits: { 3: [1, 2] },
    want: ['1 behind=1', '  3 also=2', '2 behind=1', '  3 also=1'],
  },
  {
    name: 'a two-backend deadlock is broken at one member and marked',
    waits: { 1: [2], 2: [1] },
    want: ['1 behind=1 also=2 inCycle', '  2 behind=1 inCycle', '    1 behind=1 inCycle CYCLE'],
  },
  {
    name: 'a three-backend cycle with a waiter hanging off it',
    waits: { 1: [3], 2: [1], 3: [2], 9: [2] },
    want: [
      '1 behind=3 also=3 inCycle',
      '  2 behind=3 inCycle',
      '    3 behind=3 inCycle',
      '      1 behind=3 inCycle CYCLE',
      '    9',
    ],
  },
  {
    name: 'parallel duplicates and a self reference are ignored',
    waits: { 2: [1, 1, 2] },
    want: ['1 behind=1', '  2'],
  },
  {
    name: 'a prepared transaction (pid 0) heads its waiters',
    waits: { 5: [0], 6: [5] },
    want: ['0 behind=2', '  5 behind=1', '    6'],
  },
];

describe('buildTree', () => {
  it.each(cases)('$name', ({ waits, waited, want }) => {
    expect(draw(buildTree(input(waits, waited)))).toEqual(want);
  });

  it('creates a root for a blocker missing from the input', () => {
    const rows = buildTree([{ id: '2:1', pid: 2, blockedBy: [1], waitedS: 4 }]);
    expect(rows.map((r) => [r.pid, r.id, r.depth])).toEqual([
      [1, '1:', 0],
      [2, '2:1', 1],
    ]);
  });

  it('gives every row a unique key and draws guides for the tree lines', () => {
    const rows = buildTree(input({ 2: [1], 3: [1], 4: [2], 5: [2], 6: [4] }));
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    const byPid = (p: number) => rows.find((r) => r.pid === p)!;
    expect(byPid(2)).toMatchObject({ depth: 1, last: false, guides: [] });
    expect(byPid(4)).toMatchObject({ depth: 2, last: false, guides: [true] });
    expect(byPid(6)).toMatchObject({ depth: 3, last: true, guides: [true, true] });
    expect(byPid(3)).toMatchObject({ depth: 1, last: true });
  });

  it('reports the longest wait behind a root', () => {
    const rows = buildTree(input({ 2: [1], 3: [2] }, { 2: 5, 3: 50 }));
    expect(rows[0]).toMatchObject({ pid: 1, longestWaitS: 50 });
  });

  it('stays linear enough for a long chain and a wide queue', () => {
    const chain: Record<number, number[]> = {};
    for (let i = 2; i <= 400; i++) chain[i] = [i - 1];
    const wide: Record<number, number[]> = {};
    for (let i = 0; i < 2000; i++) wide[10_000 + i] = [1];
    expect(buildTree(input(chain))).toHaveLength(400);
    const rows = buildTree(input(wide));
    expect(rows).toHaveLength(2001);
    expect(rows[0]).toMatchObject({ pid: 1, behind: 2000 });
  });
});
