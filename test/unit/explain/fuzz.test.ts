/**
 * No input crashes the plan reader: truncated and mutated plans (JSON and text, from the corpus)
 * either read into a tree that the flags, the ranking and both renderings accept, or fail with a
 * PlanInputError naming what was expected. The seed is fixed, so a failure reproduces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redFlags } from '../../../src/explain/flags';
import { PlanInputError, readPlan } from '../../../src/explain/input';
import { parsePlan } from '../../../src/explain/parse';
import { planText } from '../../../src/explain/render';
import { planDocument } from '../../../src/explain/report';

const DIR = join(__dirname, 'corpus');

/** mulberry32: a small deterministic generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD: unknown[] = [null, -1, 0, 1e308, -0.5, '', 'NaN', '\u001b[31m', [], {}, true, [{}], { Plan: null }, 'Seq Scan'];

function mutateJson(v: unknown, r: () => number, depth = 0): unknown {
  if (Array.isArray(v)) return v.map((x) => (r() < 0.03 ? WEIRD[Math.floor(r() * WEIRD.length)] : mutateJson(x, r, depth + 1))).filter(() => r() > 0.05);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = r();
      if (p < 0.04) continue;
      out[k] = p < 0.1 ? WEIRD[Math.floor(r() * WEIRD.length)] : mutateJson(x, r, depth + 1);
    }
    return out;
  }
  return r() < 0.03 ? WEIRD[Math.floor(r() * WEIRD.length)] : v;
}

function mutateText(s: string, r: () => number): string {
  const chars = [...s];
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * chars.length);
    const op = r();
    if (op < 0.3) chars.splice(at, 1 + Math.floor(r() * 20));
    else if (op < 0.6) chars.splice(at, 0, ...['(', ')', '\n', '->', ':', '=', '  ', '\t', '"', '9', '\u0000'][Math.floor(r() * 11)]!);
    else chars[at] = String.fromCharCode(32 + Math.floor(r() * 90));
  }
  return chars.join('');
}

function survives(input: string): void {
  try {
    const plan = readPlan(input);
    const flags = redFlags(plan);
    planText(plan, flags);
    JSON.stringify(planDocument(plan, flags));
  } catch (e) {
    if (!(e instanceof PlanInputError)) throw new Error(`crashed on input ${JSON.stringify(input.slice(0, 300))}: ${(e as Error).stack}`);
    expect(e.message).toMatch(/^expected .+ at line \d+/);
  }
}

const files = readdirSync(DIR).filter((f) => /\.(json|txt|log)$/.test(f) && !f.endsWith('.expected.json')).sort();

describe('plan reader fuzz', () => {
  it.each(files)('%s: truncated anywhere', (f) => {
    const text = readFileSync(join(DIR, f), 'utf8');
    const r = rng(f.length * 7919);
    for (let i = 0; i < 40; i++) survives(text.slice(0, Math.floor(r() * text.length)));
  });

  it.each(files)('%s: mutated bytes', (f) => {
    const text = readFileSync(join(DIR, f), 'utf8');
    const r = rng(f.length * 104729);
    for (let i = 0; i < 40; i++) survives(mutateText(text, r));
  });

  it.each(files.filter((f) => f.endsWith('.json')))('%s: mutated JSON values', (f) => {
    const doc = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as unknown;
    const r = rng(f.length * 31337);
    for (let i = 0; i < 60; i++) {
      const m = mutateJson(doc, r);
      survives(JSON.stringify(m));
      // The builder itself, not only the reader around it: a plan-shaped document never throws.
      const top = (Array.isArray(m) ? m[0] : m) as Record<string, unknown> | null;
      if (top && typeof top === 'object' && top.Plan && typeof top.Plan === 'object' && !Array.isArray(top.Plan)) {
        const plan = parsePlan(m);
        planText(plan, redFlags(plan));
      }
    }
  });

  it('rejects what is not a plan in one line naming where reading stopped', () => {
    for (const bad of ['', '   ', '{', '[]', '{"Plan": 3}', 'null', 'QUERY PLAN\n----\n(0 rows)', 'hello', '\u0000\u0001']) {
      expect(() => readPlan(bad), bad).toThrow(PlanInputError);
    }
  });
});
