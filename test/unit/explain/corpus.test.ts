/**
 * The plan corpus (test/unit/explain/corpus, captured from lab clusters by capture.ts): each plan
 * comes with the findings an expert expects (<name>.expected.json). Every expected finding must be
 * raised on the expected nodes, and nothing else: a rule that regresses, or starts crying wolf,
 * fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redFlags } from '../../../src/explain/flags';
import { readPlan } from '../../../src/explain/input';
import { findings } from '../../../src/explain/rank';
import { FLAG_CATEGORIES } from '../../../src/explain/types';

const DIR = join(__dirname, 'corpus');

interface Expected {
  note: string;
  findings: { category: string; nodes: string[]; minor?: boolean }[];
  fixContains?: string[];
}

const plans = readdirSync(DIR)
  .filter((f) => /\.(json|txt|log)$/.test(f) && !f.endsWith('.expected.json'))
  .sort();

const key = (f: { category: string; nodes: string[]; minor?: boolean }) => `${f.category} @ ${[...f.nodes].sort().join(',')}${f.minor ? ' (minor)' : ''}`;

describe('plan corpus', () => {
  it('holds at least 40 plans, each with its expected findings', () => {
    expect(plans.length).toBeGreaterThanOrEqual(40);
    for (const p of plans) expect(readdirSync(DIR), p).toContain(p.replace(/\.[^.]+$/, '.expected.json'));
  });

  it.each(plans)('%s', (file) => {
    const expected = JSON.parse(readFileSync(join(DIR, file.replace(/\.[^.]+$/, '.expected.json')), 'utf8')) as Expected;
    const r = readPlan(readFileSync(join(DIR, file), 'utf8'));
    const found = findings(redFlags(r));
    for (const f of found) expect(FLAG_CATEGORIES).toContain(f.category);
    expect(found.map((f) => key({ category: f.category, nodes: f.nodeIds, minor: f.minor })).sort(), expected.note).toEqual(expected.findings.map(key).sort());
    const fixes = found.map((f) => f.fix).join('\n');
    for (const part of expected.fixContains ?? []) expect(fixes).toContain(part);
    // Shares are shares: ranked, between 0 and 1.
    for (let i = 1; i < found.length; i++) if (!found[i]!.minor && !found[i - 1]!.minor) expect(found[i]!.share).toBeLessThanOrEqual(found[i - 1]!.share);
  });
});

describe('the guides example (users ⋈ orders, a quarter of the orders kept)', () => {
  it('names the seq scan and gives the composite or partial index covering user_id', () => {
    const r = readPlan(readFileSync(join(DIR, 'guide-seqscan.json'), 'utf8'));
    const [top] = findings(redFlags(r));
    expect(top!.category).toBe('seq-scan-filter');
    expect(top!.why).toMatch(/discards 75%/);
    expect(top!.fix).toContain("CREATE INDEX CONCURRENTLY ON guide.orders (created_at) INCLUDE (user_id) WHERE status = 'shipped'");
    expect(top!.fix).toContain('CREATE INDEX CONCURRENTLY ON guide.orders (status, created_at) INCLUDE (user_id)');
  });

  it('suggests nothing once the index exists and is used', () => {
    const r = readPlan(readFileSync(join(DIR, 'guide-indexed.json'), 'utf8'));
    expect(r.nodes.some((n) => n.nodeType === 'Index Only Scan' && n.index === 'orders_guide')).toBe(true);
    expect(redFlags(r)).toEqual([]);
  });
});

describe('accounting', () => {
  it('counts CTE time once: self times add up to the execution time', () => {
    const r = readPlan(readFileSync(join(DIR, 'cte-materialized.json'), 'utf8'));
    const sum = r.nodes.reduce((s, n) => s + (n.selfMs ?? 0), 0);
    expect(sum).toBeLessThanOrEqual(r.executionMs! * 1.01);
    expect(sum).toBeGreaterThan(r.executionMs! * 0.9);
    const scan = r.nodes.find((n) => n.nodeType === 'CTE Scan')!;
    expect(r.hot[0]!.nodeId).not.toBe(scan.id);
  });

  it('says timing was off instead of printing 0.000ms', async () => {
    const { planText } = await import('../../../src/explain/render');
    const r = readPlan(readFileSync(join(DIR, 'timing-off.json'), 'utf8'));
    expect(r.timingOff).toBe(true);
    const text = planText(r, redFlags(r));
    expect(text).toContain('timing was off');
    expect(text).not.toContain('0.000ms');
  });

  it('merges the partitions of one Append into one finding with twelve places', () => {
    const r = readPlan(readFileSync(join(DIR, 'partitions-cold.json'), 'utf8'));
    const f = findings(redFlags(r));
    expect(f).toHaveLength(1);
    expect(f[0]!.nodeIds).toHaveLength(12);
    expect(f[0]!.severity).toBe('bad');
  });

  it('reads the same tree from JSON and from the text format', () => {
    for (const name of ['guide-seqscan', 'partitions-cold', 'subplan-per-row', 'cte-materialized']) {
      const j = readPlan(readFileSync(join(DIR, `${name}.json`), 'utf8'));
      const t = readPlan(readFileSync(join(DIR, `${name}.text.txt`), 'utf8'));
      expect(t.nodes.map((n) => `${n.id} ${n.label} ${n.parentRelationship}`), name).toEqual(j.nodes.map((n) => `${n.id} ${n.label} ${n.parentRelationship}`));
    }
  });
});
