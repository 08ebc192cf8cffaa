/**
 * Checks a user checklist defines by SQL: graded on a column, in a read-only transaction with
 * timeouts on a connection of their own. Bad SQL, a write, a second statement and a statement
 * that outlives its timeout make the step unknown with the server's reason, and change nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runSteps } from '../../src/checklists/run';
import type { CheckResult, StepDef } from '../../src/checklists/types';
import { validateChecklist } from '../../src/checklists/validate';
import type { Session } from '../../src/data/db';
import { probe } from '../../src/data/server';
import { checkSession } from './setup/checklist';
import { connect, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

/** The steps as a user's file defines them, through the same validation. */
function userSteps(checks: Record<string, unknown>[]): StepDef[] {
  const file = { id: 'mine', title: 'Mine', steps: checks.map((check, i) => ({ id: `s${i}`, title: `step ${i}`, why: 'ours', check })) };
  const r = validateChecklist('mine.json', JSON.stringify(file));
  if ('errors' in r) throw new Error(r.errors.join('\n'));
  return r.def.steps;
}

async function run(s: Session, steps: StepDef[]) {
  await s.connect();
  const caps = await probe(s);
  return runSteps({ query: (t, p) => s.query(t, p), caps, ownPids: [], oneOff: (fn) => s.withDatabase(caps.database, fn) }, steps);
}

describe.each(clusters)('user SQL checks on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('grade a column, and refuse bad SQL, writes, a second statement and a runaway with the reason', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const s = checkSession(primary, db);
      cleanup.push(() => s.close(), () => c.end());
      await c.query('CREATE TABLE queue (name text, pending int)');
      await c.query("INSERT INTO queue VALUES ('mail', 5), ('billing', 120), ('x\u001b[31m', 1)");
      const steps = userSteps([
        { sql: 'SELECT name, pending FROM public.queue ORDER BY pending DESC;', column: 'pending', thresholds: { warn: 100, fail: 1000 } },
        { sql: 'SELECT name, pending FROM public.queue', column: 'pending', thresholds: { warn: 1 }, below: true },
        { sql: 'SELEC 1', column: 'x', thresholds: { warn: 1 } },
        { sql: "INSERT INTO public.queue VALUES ('evil', 0) RETURNING pending", column: 'pending', thresholds: { warn: 1 } },
        { sql: "SELECT 1 AS n; DELETE FROM public.queue", column: 'n', thresholds: { warn: 1 } },
        { sql: 'SELECT pg_sleep(30) IS NULL AS n', column: 'n', thresholds: { warn: 1 } },
        { sql: 'SELECT name FROM public.queue', column: 'pending', thresholds: { warn: 1 } },
      ]);
      const started = Date.now();
      const r = await run(s, steps);
      const [graded, below, bad, write, two, slow, missing] = steps.map((x) => r.get(x.id)!) as [CheckResult, CheckResult, CheckResult, CheckResult, CheckResult, CheckResult, CheckResult];
      expect(graded).toMatchObject({ outcome: 'warn', findings: ['sql:s0:billing'], summary: '3 rows; 1 with pending at or above 100' });
      // Raw text in the evidence, as every check's: the display and the report escape it.
      expect(graded.evidence).toEqual({ columns: ['name', 'pending'], rows: [['billing', '120'], ['mail', '5'], ['x\u001b[31m', '1']] });
      expect(below).toMatchObject({ outcome: 'pass', findings: [] });
      expect(bad).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/^could not check: syntax error at or near "SELEC"/) });
      expect(write).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/^could not check: cannot execute INSERT in a read-only transaction/) });
      expect(two).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/^could not check: cannot insert multiple commands into a prepared statement/) });
      expect(slow).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/^could not check: canceling statement due to statement timeout/) });
      expect(missing).toMatchObject({ outcome: 'unknown', summary: 'the statement returns no column "pending" (it returns name)' });
      // The runaway was cut at the 5 s statement_timeout, and nothing was written or deleted.
      expect(Date.now() - started).toBeLessThan(25_000);
      expect((await c.query('SELECT count(*)::int AS n FROM queue')).rows[0].n).toBe(3);
    });
  });
});
