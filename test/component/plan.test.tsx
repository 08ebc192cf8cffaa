import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/data/collectors/activity';
import { redFlags } from '../../src/explain/flags';
import { parsePlan } from '../../src/explain/parse';
import type { ExplainOutcome } from '../../src/explain/runner';
import type { ExplainRequest, ExplainService } from '../../src/explain/service';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { backend, caps, snapshot } from './fixtures';
import { trusted } from '../../src/text/sanitize';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

/** An outcome built from a plan captured on a real server (test/unit/explain/fixtures). */
function outcome(name: string, mode: 'plan' | 'analyze' = 'plan'): ExplainOutcome {
  const raw = JSON.parse(readFileSync(join(__dirname, '../unit/explain/fixtures', `${name}.json`), 'utf8'));
  const result = parsePlan(raw);
  return { ok: true, mode, result, flags: redFlags(result), raw, notes: [] };
}

/** Answers EXPLAIN requests from a script and records them. */
function scripted(answers: ((req: ExplainRequest) => ExplainOutcome)[]): ExplainService & { calls: ExplainRequest[] } {
  const calls: ExplainRequest[] = [];
  return {
    calls,
    async run(req) {
      calls.push(req);
      const next = answers.shift();
      if (!next) throw new Error('unexpected EXPLAIN');
      return next(req);
    },
  };
}

async function fromActivity(service: ExplainService, rows: Backend[], opts: { readOnly?: boolean } = {}) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(snapshot(rows));
  const calls: string[] = [];
  const effects = {
    quit: () => void calls.push('quit'),
    refresh: () => undefined,
    setInterval: () => undefined,
    setPlan: () => undefined,
    copy: (t: string) => (calls.push(`copy:${t}`), trusted('copied')),
    explain: service,
  };
  app = await renderApp({ store, columns: 120, rows: 30, props: { effects, readOnly: opts.readOnly ?? false } });
  await app.waitFor((f) => f.includes('Activity'));
  return app;
}

const ORDERS = backend(4242, { database: 'shop', query: "DELETE FROM orders WHERE status = 'cancelled'" });

describe('plan screen', () => {
  it("explains the selected backend's query in its database and shows the tree with flags", async () => {
    const svc = scripted([() => outcome('pg18-orders-seqscan-analyze')]);
    const a = await fromActivity(svc, [ORDERS]);
    await a.press('activity.explain');
    const f = await a.waitFor((f) => f.includes('Parallel Seq Scan on public.orders o'));
    expect(svc.calls[0]).toMatchObject({ analyze: false, allowWrites: false, source: { kind: 'backend', pid: 4242, database: 'shop' } });
    expect(f).toContain('pid 4242 in shop');
    expect(f).toContain('1 red flag');
    expect(f).toMatch(/!!\s+└─\s*Parallel Seq Scan/);
    // The detail panel explains the selected node; n jumps to the flagged one.
    await a.press('plan.nextFlag');
    const g = await a.waitFor((f) => f.includes('fix: CREATE INDEX CONCURRENTLY ON orders (total)'));
    expect(g).toContain('discards 99%');
    expect(g).toContain('Filter: ((o.total');
  });

  it('folds and unfolds nodes, and goes back to the pane it came from', async () => {
    const svc = scripted([() => outcome('pg13-hash-spill')]);
    const a = await fromActivity(svc, [ORDERS]);
    await a.press('activity.explain');
    await a.waitFor((f) => f.includes('Seq Scan on public.customers c'));
    await a.press('plan.toggleFold');
    let f = await a.waitFor((f) => f.includes('[+'));
    expect(f).not.toContain('Seq Scan on public.customers c');
    await a.press('plan.toggleFold');
    f = await a.waitFor((f) => f.includes('Seq Scan on public.customers c'));
    await a.press('nav.down');
    await a.press('plan.fold'); // left: fold the selected node
    await a.waitFor((f) => /\[\+\d+\]/.test(f));
    await a.press('plan.back');
    await a.waitFor((f) => f.includes('Activity'));
    await a.press('screen.plan');
    await a.waitFor((f) => f.includes('EXPLAIN'));
  });

  it('runs EXPLAIN ANALYZE only after confirmations: one that it runs, one that it may write', async () => {
    const svc = scripted([
      () => outcome('pg18-delete-analyze'),
      (req) => ({ ok: false, reason: 'confirm-writes', message: 'This statement may write or lock (DELETE). Run it anyway?', risk: { writes: true, reasons: ['DELETE'], explainable: true } }),
      () => outcome('pg18-delete-analyze', 'analyze'),
    ]);
    const a = await fromActivity(svc, [ORDERS]);
    await a.press('activity.explain');
    await a.waitFor((f) => f.includes('Seq Scan on public.orders'));
    await a.press('plan.analyze');
    let f = await a.waitFor((f) => f.includes('executes the statement for real'));
    expect(svc.calls).toHaveLength(1);
    // Escape cancels: nothing runs.
    await a.press('dialog.cancel', 2);
    await a.waitFor((f) => !f.includes('executes the statement for real'));
    expect(svc.calls).toHaveLength(1);
    await a.press('plan.analyze');
    await a.waitFor((f) => f.includes('executes the statement for real'));
    await a.press('dialog.confirm');
    f = await a.waitFor((f) => f.includes('may write or lock'));
    expect(svc.calls[1]).toMatchObject({ analyze: true, allowWrites: false });
    await a.press('dialog.confirm');
    f = await a.waitFor((f) => f.includes('EXPLAIN ANALYZE') && f.includes('execution'));
    expect(svc.calls[2]).toMatchObject({ analyze: true, allowWrites: true });
  });

  it('does not take a y from the same burst as the a (a paste) as the answer', async () => {
    const svc = scripted([() => outcome('pg18-orders-seqscan'), () => outcome('pg18-orders-seqscan-analyze', 'analyze')]);
    const a = await fromActivity(svc, [ORDERS]);
    await a.press('activity.explain');
    await a.waitFor((f) => f.includes('a runs EXPLAIN ANALYZE'));
    await a.burst('ay');
    await a.waitFor((f) => f.includes('executes the statement for real') && f.includes('press y on its own to confirm'));
    expect(svc.calls).toHaveLength(1);
    await a.press('dialog.confirm');
    await a.waitFor(() => svc.calls.length === 2);
    expect(svc.calls[1]).toMatchObject({ analyze: true, allowWrites: false });
  });

  it("asks before planning with pgwarden's rights when the author's cannot be taken, and repeats the request as accepted", async () => {
    const risk =
      "Cannot plan this with its author's rights: pgwarden_monitor may not SET ROLE to alice. As pgwarden_monitor, any function it calls would run with " +
      "pgwarden_monitor's rights (3 functions in this database are owned by other roles, e.g. trap.lower (owned by alice)); planning evaluates them, " +
      'and a user can make one write server files or terminate sessions. Plan it as pgwarden_monitor anyway?';
    const svc = scripted([() => ({ ok: false, reason: 'confirm-rights', message: risk }), () => outcome('pg18-orders-seqscan')]);
    const a = await fromActivity(svc, [ORDERS]);
    await a.press('activity.explain');
    const f = await a.waitFor((f) => f.includes("y: go on with pgwarden's rights"));
    // The risk and the question show in full.
    expect(f).toContain('write server files or terminate');
    expect(f).toContain('anyway?');
    expect(svc.calls).toHaveLength(1);
    await a.press('dialog.confirm');
    await a.waitFor((f) => f.includes('Bitmap Heap Scan'));
    expect(svc.calls[1]).toMatchObject({ analyze: false, allowWrites: false, asSelf: true });
  });

  it('has no EXPLAIN ANALYZE in read-only mode', async () => {
    const svc = scripted([() => outcome('pg18-orders-seqscan')]);
    const a = await fromActivity(svc, [ORDERS], { readOnly: true });
    await a.press('activity.explain');
    await a.waitFor((f) => f.includes('Bitmap Heap Scan'));
    expect(a.frame()).not.toContain('a runs EXPLAIN ANALYZE');
    expect(a.frame()).not.toContain('read-only'); // the refusal below is the key's own
    await a.press('plan.analyze');
    await a.waitFor((f) => f.includes('read-only'));
    expect(a.frame()).not.toContain('executes the statement for real');
  });

  it('shows why a plan could not be made', async () => {
    const svc = scripted([() => ({ ok: false, reason: 'refused', message: 'the text is truncated at track_activity_query_size (1024 bytes)' })]);
    const a = await fromActivity(svc, [ORDERS]);
    await a.press('activity.explain');
    await a.waitFor((f) => f.includes('truncated at track_activity_query_size'));
  });
});
