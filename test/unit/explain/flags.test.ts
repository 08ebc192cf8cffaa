import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRelations, redFlags, relationKey } from '../../../src/explain/flags';
import type { RelationStats } from '../../../src/explain/types';
import { parsePlan } from '../../../src/explain/parse';
import { MAJORS, plan } from './fixtures';

const stats = (p: Partial<RelationStats>): RelationStats => ({ reltuples: 200_000, relpages: 5000, liveTuples: 200_000, modifiedSinceAnalyze: 0, lastAnalyzed: 1, ...p });
const kinds = (name: string, ctx = {}) => redFlags(plan(name), ctx).map((f) => f.category);

describe.each(MAJORS)('red flags on PostgreSQL %i plans', (major) => {
  const p = (name: string) => `pg${major}-${name}`;

  it('flags a seq scan that discards most of a large table, with a partial index', () => {
    const r = plan(p('orders-seqscan-analyze'));
    const f = redFlags(r).find((x) => x.category === 'seq-scan-filter')!;
    expect(f.severity).toBe('bad');
    expect(r.nodes.find((n) => n.id === f.nodeId)!.nodeType).toBe('Seq Scan');
    expect(f.why).toMatch(/~200k rows of orders/);
    expect(f.why).toMatch(/discards 99%/);
    expect(f.fix).toContain("CREATE INDEX CONCURRENTLY ON orders (total) WHERE status = 'completed'");
  });

  it('judges an estimated plan by the table size from the catalog', () => {
    const r = plan(p('delete-analyze'));
    expect(redFlags(r).some((f) => f.category === 'seq-scan-filter')).toBe(true);
    // A small table is never worth the flag.
    expect(redFlags(plan(p('orders-seqscan-analyze')), { largeTableRows: 1_000_000 }).some((f) => f.category === 'seq-scan-filter')).toBe(false);
  });

  it('flags a 10x misestimate where it starts, with CREATE STATISTICS for correlated columns', () => {
    const f = redFlags(plan(p('misestimate-correlated')), { relations: new Map([[relationKey('public', 'pairs'), stats({ reltuples: 100_000 })]]) }).find(
      (x) => x.category === 'misestimate',
    )!;
    expect(f.why).toMatch(/got 1\.0k/);
    expect(f.fix).toContain('CREATE STATISTICS ON a, b FROM pairs; ANALYZE pairs;');
  });

  it('says ANALYZE when rows changed since the last one', () => {
    const rel = new Map([[relationKey('public', 'events'), stats({ reltuples: 100, modifiedSinceAnalyze: 99_900 })]]);
    const f = redFlags(plan(p('misestimate-stale')), { relations: rel }).find((x) => x.category === 'misestimate')!;
    expect(f.severity).toBe('bad');
    expect(f.fix).toBe('ANALYZE events; (100k rows changed since the last ANALYZE)');
  });

  it('flags a sort spilled to disk with the work_mem that would hold it', () => {
    const f = redFlags(plan(p('sort-spill'))).find((x) => x.category === 'sort-spill')!;
    expect(f.why).toMatch(/sort spilled \d+ MB to temporary files \(external merge\) \(work_mem is 1MB\)/);
    expect(f.fix).toMatch(/^SET work_mem = '\d+MB';/);
  });

  it('flags a nested loop with a large outer side, a per-row SubPlan and a lossy bitmap', () => {
    // The inner side is a primary-key lookup and the outer count was estimated right: a nested
    // loop forced by enable_hashjoin = off is not a rescan problem.
    expect(kinds(p('nested-loop'))).not.toContain('nested-loop-rescans');
    const sub = redFlags(plan(p('subplan'))).find((x) => x.category === 'subplan-per-row')!;
    expect(sub.why).toMatch(/ran 300 times/);
    expect(sub.fix).toMatch(/JOIN/);
    const lossy = redFlags(plan(p('lossy-bitmap'))).find((x) => x.category === 'lossy-bitmap')!;
    expect(lossy.why).toMatch(/heap blocks lossy/);
    expect(lossy.fix).toMatch(/work_mem/);
  });

  it('raises nothing on a healthy plan', () => {
    // Only the wait for reads of a cold run, which the I/O timings show.
    expect(kinds(p('parallel')).filter((k) => k !== 'io-time')).toEqual([]);
    expect(kinds(p('generic-prepare'))).toEqual([]);
  });

  it('lists the relations to look up, quoted for to_regclass', () => {
    expect(planRelations(plan(p('nested-loop'))).map((r) => r.regclass).sort()).toEqual(['"public"."customers"', '"public"."orders"']);
  });
});

describe('red flags only on PostgreSQL 13 plans', () => {
  it('flags a hash join split into batches (13 has no hash_mem_multiplier headroom)', () => {
    const f = redFlags(plan('pg13-hash-spill')).filter((x) => x.category === 'hash-batches');
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.why).toMatch(/batches written to temporary files \(work_mem is 256kB\)/);
  });

  it('counts the reads of a flagged scan as part of its flag (its fix reads less too)', () => {
    const f = redFlags(plan('pg13-lossy-bitmap'));
    expect(f.map((x) => x.category)).toEqual(['lossy-bitmap']);
    expect(f[0]!.why).toMatch(/of the run was spent waiting for its reads/);
  });
});

describe('per-worker figures', () => {
  it("sees a worker's sort spill when the leader sorted in memory", () => {
    const raw = {
      'Execution Time': 100,
      Plan: {
        'Node Type': 'Gather Merge', 'Workers Planned': 2, 'Workers Launched': 2, 'Actual Loops': 1, 'Actual Total Time': 100, 'Actual Rows': 10, 'Plan Rows': 10,
        Plans: [
          {
            'Node Type': 'Sort', 'Parent Relationship': 'Outer', 'Sort Method': 'quicksort', 'Sort Space Type': 'Memory', 'Sort Space Used': 25,
            'Actual Loops': 3, 'Actual Total Time': 90, 'Actual Rows': 3, 'Plan Rows': 3,
            Workers: [{ 'Worker Number': 0, 'Sort Method': 'external merge', 'Sort Space Used': 9000, 'Sort Space Type': 'Disk' }],
          },
        ],
      },
    };
    const f = redFlags(parsePlan(raw));
    expect(f.map((x) => x.category)).toEqual(['sort-spill']);
    expect(f[0]!.nodeId).toBe('0.0');
    expect(f[0]!.why).toMatch(/spilled 9 MB .*external merge/);
  });
});

describe('reads without I/O timing', () => {
  it('flags a node reading a tenth or more of its blocks from disk when it is where time goes, though hits outnumber reads', () => {
    // As logged without track_io_timing: the same plan, its I/O times left out.
    const raw = JSON.parse(readFileSync(join(__dirname, 'corpus', 'parallel-agg.json'), 'utf8'), (k, v) => (/I\/O (Read|Write) Time$/.test(k) ? undefined : v)) as unknown;
    const r = parsePlan(raw);
    expect(r.nodes.every((n) => n.ioReadMs === null)).toBe(true);
    const f = redFlags(r).filter((x) => x.category === 'disk-reads');
    expect(f.map((x) => x.nodeId)).toEqual(['0.0.0.0.0']);
    expect(f[0]!.why).toMatch(/read \d+ MB from outside shared_buffers \(\d+% of its blocks\)/);
  });
});
