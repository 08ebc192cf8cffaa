import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../src/explain/parse';
import { fixture, MAJORS, plan } from './fixtures';

describe.each(MAJORS)('plan parsing (PostgreSQL %i plans)', (major) => {
  it('builds the tree with labels, estimates and conditions of a plain EXPLAIN', () => {
    const r = plan(`pg${major}-orders-seqscan`);
    expect(r.analyzed).toBe(false);
    expect(r.root.label).toBe('Bitmap Heap Scan on public.orders');
    expect(r.root.children[0]!.label).toBe('Bitmap Index Scan on orders_created_at');
    expect(r.root.filter).toBe("(orders.status = 'completed'::text)");
    expect(r.nodes.map((n) => n.id)).toEqual(['0', '0.0']);
    expect(r.root.actualRows).toBeNull();
    // Without ANALYZE the hottest node is the one with the highest cost of its own.
    expect(r.hot[0]!.nodeId).toBe('0');
    expect(r.root.selfCost).toBeCloseTo(r.root.totalCost - r.root.children[0]!.totalCost, 5);
  });

  it('reads actual rows, loops and buffers, and computes self time below a Gather', () => {
    const r = plan(`pg${major}-orders-seqscan-analyze`);
    expect(r.analyzed).toBe(true);
    expect(r.executionMs).toBeGreaterThan(0);
    const scan = r.nodes.find((n) => n.nodeType === 'Seq Scan')!;
    expect(scan.label).toBe('Parallel Seq Scan on public.orders o');
    expect(scan.actualLoops).toBe(3);
    expect(scan.processes).toBe(3);
    // Per-loop averages of three processes: wall-clock time is the per-loop time, not three times it.
    expect(scan.selfMs).toBeCloseTo(scan.actualTotalMs!, 5);
    expect(scan.buffers!.sharedHit + scan.buffers!.sharedRead).toBeGreaterThan(0);
    const gather = r.root;
    expect(gather.selfMs).toBeGreaterThanOrEqual(0);
    expect(gather.selfMs!).toBeLessThan(gather.actualTotalMs!);
  });

  it('names aggregates, subplans and never-negative self figures', () => {
    const p = plan(`pg${major}-parallel`);
    expect(p.nodes.map((n) => n.label)).toContain('Partial HashAggregate');
    const s = plan(`pg${major}-subplan`);
    const sub = s.nodes.find((n) => n.parentRelationship === 'SubPlan')!;
    expect(sub.subplanName).toMatch(/^SubPlan \d/);
    expect(sub.actualLoops).toBe(300);
    for (const n of [...p.nodes, ...s.nodes]) {
      expect(n.selfCost).toBeGreaterThanOrEqual(0);
      expect(n.selfMs ?? 0).toBeGreaterThanOrEqual(0);
    }
  });

  it('accepts the JSON as text, as an array or as the bare object', () => {
    const raw = fixture(`pg${major}-misestimate-stale`) as unknown[];
    expect(parsePlan(JSON.stringify(raw)).root.relation).toBe('events');
    expect(parsePlan(raw[0]).root.relation).toBe('events');
    expect(() => parsePlan({ nope: 1 })).toThrow(/EXPLAIN/);
  });

  it('reads the settings EXPLAIN SETTINGS reported', () => {
    expect(plan(`pg${major}-sort-spill`).settings.work_mem).toBe('1MB');
  });
});

describe('labels and costs below a Limit', () => {
  const raw = [
    {
      Plan: {
        'Node Type': 'Limit', 'Startup Cost': 0, 'Total Cost': 10, 'Plan Rows': 10, 'Plan Width': 4,
        Plans: [
          {
            'Node Type': 'Hash Join', 'Join Type': 'Semi', 'Parent Relationship': 'Outer', 'Startup Cost': 0, 'Total Cost': 1000, 'Plan Rows': 1000, 'Plan Width': 4,
            Plans: [
              { 'Node Type': 'Seq Scan', 'Parent Relationship': 'Outer', 'Relation Name': 'a', Schema: 'public', Alias: 'x', 'Startup Cost': 0, 'Total Cost': 600, 'Plan Rows': 1000, 'Plan Width': 4 },
              { 'Node Type': 'Hash', 'Parent Relationship': 'Inner', 'Startup Cost': 0, 'Total Cost': 300, 'Plan Rows': 10, 'Plan Width': 4, Plans: [] },
            ],
          },
        ],
      },
    },
  ];
  it('writes join types as psql does', () => {
    expect(parsePlan(raw).nodes.map((n) => n.label)).toEqual(['Limit', 'Hash Semi Join', 'Seq Scan on public.a x', 'Hash']);
  });
  it('counts only the fraction of the input a Limit pays for', () => {
    const r = parsePlan(raw);
    const scan = r.nodes[2]!;
    expect(scan.selfCost).toBeCloseTo(600 * (10 / 1000), 5);
    expect(r.nodes[1]!.selfCost).toBeCloseTo(100 * (10 / 1000), 5);
  });
});
