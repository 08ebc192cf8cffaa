import { trusted } from '../../src/text/sanitize';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redFlags } from '../../src/explain/flags';
import { readPlan } from '../../src/explain/input';
import type { ExplainOutcome } from '../../src/explain/runner';
import type { ExplainService } from '../../src/explain/service';
import { Store } from '../../src/state/store';
import { renderApp, type Rendered } from '../helpers/render';
import { backend, caps, snapshot } from './fixtures';

let app: Rendered | undefined;
afterEach(() => app?.unmount());

/** A plan of the corpus (test/unit/explain/corpus) as the explain service would answer it. */
function outcome(file: string): ExplainOutcome {
  const raw = readFileSync(join(__dirname, '../unit/explain/corpus', file), 'utf8');
  const result = readPlan(raw);
  return { ok: true, mode: 'analyze', result, flags: redFlags(result), raw, notes: [] };
}

async function planOf(file: string, columns: number) {
  const store = new Store();
  store.setStatus({ state: 'ready' }, caps);
  store.pushSnapshot(snapshot([backend(4242, { database: 'shop', query: 'SELECT 1' })]));
  const service: ExplainService = { run: async () => outcome(file) };
  const effects = { quit: () => undefined, refresh: () => undefined, setInterval: () => undefined, setPlan: () => undefined, copy: () => trusted('copied'), explain: service };
  app = await renderApp({ store, columns, rows: 24, props: { effects, readOnly: false } });
  await app.waitFor((f) => f.includes('Activity'));
  await app.press('activity.explain');
  return app;
}

describe('plan screen with ranked flags', () => {
  it('says first where the time goes and what would fix it', async () => {
    const a = await planOf('guide-seqscan.json', 120);
    const f = await a.waitFor((f) => f.includes('Most time is in Seq Scan on guide.orders o'));
    expect(f).toContain('first fix, seq-scan-filter');
    expect(f).toContain('1 red flag');
  });

  it('keeps the self-time share of a long label visible at 80 columns', async () => {
    const a = await planOf('subplan-per-row.json', 80);
    const f = await a.waitFor((f) => f.includes('Index Scan Backward'));
    // The tree line (the headline above and the detail panel below name the node too).
    const line = f.split('\n').find((l) => /[└`]-?─?\s*Index Scan Backward/.test(l))!;
    expect(line, f).toBeDefined();
    expect(line).toMatch(/self [\d.]+s \d+%\s*$/);
  });

  it('counts ten cold partitions as one finding, and n walks flags by what they cost', async () => {
    const a = await planOf('partitions-cold.json', 120);
    await a.waitFor((f) => f.includes('1 red flag'));
    await a.press('plan.nextFlag');
    // The partition that costs most (readings_3) comes first, not the first in the tree.
    const f = await a.waitFor((f) => /seq-scan-filter: reads all ~134k rows of readings_3/.test(f));
    expect(f).toContain('CREATE INDEX ON readings (sensor)');
  });
});
