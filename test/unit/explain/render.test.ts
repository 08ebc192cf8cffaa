import { describe, expect, it } from 'vitest';
import { redFlags } from '../../../src/explain/flags';
import { fmtMs, planLines, planText } from '../../../src/explain/render';
import { plan } from './fixtures';

const G = { treeMid: '├─', treeLast: '└─', treePipe: '│ ' };

describe('plan rendering', () => {
  it('draws the tree and hides folded children', () => {
    const r = plan('pg18-hash-spill');
    const lines = planLines(r, [], new Set(), G);
    expect(lines.map((l) => l.prefix + l.label)).toEqual([
      'Hash Join',
      '├─Seq Scan on public.orders o2',
      '└─Hash',
      '  └─Seq Scan on public.customers c',
    ]);
    const folded = planLines(r, [], new Set(['0.1']), G);
    expect(folded).toHaveLength(3);
    expect(folded[2]!.hidden).toBe(1);
  });

  it('shows estimate vs actual rows, loops and self time, and marks flags and hot nodes', () => {
    const r = plan('pg18-orders-seqscan-analyze');
    const flags = redFlags(r);
    const scan = planLines(r, flags, new Set(), G).find((l) => l.label.startsWith('Parallel Seq Scan'))!;
    expect(scan.metrics).toMatch(/^rows [\d.]+ est \d+ · 3 loops · [\d.]+ms · self [\d.]+ms \d+%$/);
    expect(scan.flag).toBe('bad');
    expect(scan.hot).toBeGreaterThan(0.5);
  });

  it('prints the whole report for the command line', () => {
    const r = plan('pg13-orders-seqscan-analyze');
    const text = planText(r, redFlags(r), { title: 'EXPLAIN ANALYZE' });
    expect(text).toContain('Parallel Seq Scan on public.orders o');
    expect(text).toContain('Filter: ((o.total');
    expect(text).toContain('Red flags (1), by what they cost:');
    // The first line says where the time goes and what would fix it.
    expect(text.split('\n')[0]).toMatch(/^Most time is in Parallel Seq Scan on public\.orders o \(\d+%\) of [\d.]+ms; first fix, seq-scan-filter worth \d+%: CREATE INDEX/);
    expect(text).toContain("fix: CREATE INDEX CONCURRENTLY ON orders (total) WHERE status = 'completed'");
  });

  it('formats milliseconds', () => {
    expect(fmtMs(0.0123)).toBe('0.012ms');
    expect(fmtMs(4.512)).toBe('4.51ms');
    expect(fmtMs(812.4)).toBe('812ms');
    expect(fmtMs(12_345)).toBe('12.3s');
    expect(fmtMs(245_000)).toBe('4m05s');
  });
});
