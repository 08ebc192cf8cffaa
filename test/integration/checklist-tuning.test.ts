/**
 * Autovacuum tuning of high-write tables: a table changed over and over on the default scale
 * factor is found with the guide's ALTER TABLE; the fix, confirmed, sets it and the table passes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { weekly } from '../../src/checklists/defs/weekly';
import { executeFix } from '../../src/checklists/execute';
import { planFix } from '../../src/checklists/fix';
import type { CheckResult } from '../../src/checklists/types';
import { checkSession, runChecks } from './setup/checklist';
import { connect, waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();
// The floor lowered from the guide's million rows to the test table's 2,000.
const STEP = { ...weekly.steps.find((s) => s.id === 'autovacuum-tuning')!, check: { id: 'autovacuum_tuning', thresholds: { min: 1000 } } };

describe.each(clusters)('autovacuum tuning on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('finds a high-write table on the default scale factor, and passes it once tuned', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const s = checkSession(primary, db);
      cleanup.push(() => s.close(), () => c.end());
      const clean = (await runChecks(s, [STEP])).get('autovacuum-tuning')!;
      expect(clean.outcome, clean.summary).toBe('pass');
      await c.query('CREATE TABLE hot (id int, n int) WITH (autovacuum_enabled = off)');
      await c.query('INSERT INTO hot SELECT g, 0 FROM generate_series(1, 2000) g');
      await c.query('ANALYZE hot');
      for (let i = 0; i < 3; i++) await c.query('UPDATE hot SET n = n + 1');
      let last: CheckResult | undefined;
      const r = await waitFor(
        async () => {
          await c.query('SELECT 1');
          last = (await runChecks(s, [STEP])).get('autovacuum-tuning')!;
          return last.outcome === 'warn' ? last : undefined;
        },
        { what: 'the updates to show', timeoutMs: 30_000, intervalMs: 250 },
      ).catch((err) => {
        throw new Error(`${(err as Error).message}; last: ${JSON.stringify(last)}`);
      });
      expect(r.findings).toEqual(['autovacuum_tuning:public.hot']);
      const row = r.evidence!.rows[0]!;
      // n_live_tup is the statistics' estimate (updates move it); the rows changed are exact.
      expect([row[0], row[2]]).toEqual(['hot', '6.0k']);
      expect(Number(row[3])).toBeGreaterThanOrEqual(1);
      expect(row[6]).toBe('autovacuum_enabled=off');
      expect(row[7]).toMatch(/^ALTER TABLE hot SET \(autovacuum_vacuum_scale_factor = 0\.02, /);
      // x: the step's statement with the table filled in, schema-qualified and quoted, no lock warning.
      const plan = planFix(STEP.remediation!.sql!, r.evidence);
      if (!('kind' in plan) || plan.kind !== 'sql') throw new Error(`expected a statement: ${JSON.stringify(plan)}`);
      expect(plan.sql).toMatch(/^ALTER TABLE "public"\."hot" SET \(autovacuum_vacuum_scale_factor = 0\.02, /);
      expect(plan.warning).toBeUndefined();
      expect(await executeFix((t, p) => c.query(t, p), plan.sql)).toBe('done');
      const tuned = (await runChecks(s, [STEP])).get('autovacuum-tuning')!;
      expect(tuned.outcome, tuned.summary).toBe('pass');
    });
  });
});
