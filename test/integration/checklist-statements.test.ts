/**
 * The statements' checks over this week: a first session keeps a reading of pg_stat_statements,
 * the next one judges the differences (a statement slower than its baseline, one averaging over
 * 100 ms, many cheap calls, one reading from disk); the reset step's fix is planned with the
 * extension's schema quoted, and a confirmed fix is recorded in the session and its report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { weekly } from '../../src/checklists/defs/weekly';
import { fillPlaceholders, planFix, suggestValue } from '../../src/checklists/fix';
import { renderReport } from '../../src/checklists/report';
import { recordFix, recordResult, startSession } from '../../src/checklists/session';
import { probe } from '../../src/data/server';
import type { StepDef } from '../../src/checklists/types';
import { asSession, checkSession, runChecks } from './setup/checklist';
import { connect, waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

const step = (id: string, thresholds?: Record<string, number>): StepDef => {
  const s = weekly.steps.find((x) => x.id === id)!;
  return thresholds ? { ...s, check: { id: s.check!.id, thresholds } } : s;
};

const run = runChecks;

const qidOf = async (c: Awaited<ReturnType<typeof connect>>, like: string): Promise<string> =>
  (await c.query<{ queryid: string }>('SELECT queryid::text FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query LIKE $1', [like])).rows[0]!.queryid;

/**
 * The lab's clusters are shared by the test files running at the same time, and the weekly checks are
 * server-wide: another file's statement (in its own database) may be slow or regress in the same week.
 * The assertions judge the findings about this database's statements.
 */
const ours = async (c: Awaited<ReturnType<typeof connect>>, findings: readonly string[]): Promise<string[]> => {
  const q = await c.query<{ queryid: string }>('SELECT queryid::text FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())');
  const mine = new Set(q.rows.map((r) => r.queryid));
  return findings.filter((f) => mine.has(f.slice(f.indexOf(':') + 1)));
};

describe.each(clusters)('statements this week on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('judge this week against the reading of the last session', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const s = checkSession(primary, db);
      cleanup.push(() => s.close(), () => c.end());
      const probeSleep = async (n: number, secs: number): Promise<void> => {
        for (let i = 0; i < n; i++) await c.query('SELECT pg_sleep($1) AS regress_probe', [secs]);
      };
      await c.query('CREATE TABLE items (id int PRIMARY KEY)');
      await c.query('INSERT INTO items SELECT generate_series(1, 1000)');
      await probeSleep(12, 0.001);
      const weekSteps = [step('statements-week'), step('statement-regressions'), step('slow-statements'), step('n-plus-one', { warn: 200 })];
      // Week 1: the first reading. No baseline yet: the regression check cannot judge.
      const w1 = await run(s, weekSteps);
      expect(w1.get('statement-regressions')).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/^first reading/) });
      expect(w1.get('statements-week')!.summary).toMatch(/since the statistics reset \(first reading/);
      const regress = await qidOf(c, 'SELECT pg_sleep($1) AS regress_probe%');
      const history = [asSession(w1, new Date(Date.now() - 7 * 86_400_000))];

      // Week 2: the same statement ten times slower, a slow one, and a loop of cheap lookups.
      await probeSleep(12, 0.02);
      await c.query('SELECT pg_sleep(0.15) AS slow_probe');
      // pgwarden's own statements (a slow read of the checks under load) are not the workload.
      await c.query('SELECT /* pgwarden */ 1 AS own_probe FROM pg_sleep(0.15)');
      for (let i = 1; i <= 250; i++) await c.query('SELECT id FROM items WHERE id = $1', [i]);
      const w2 = await run(s, weekSteps, history);
      const reg = w2.get('statement-regressions')!;
      expect(reg.outcome, reg.summary).toBe('warn');
      expect(await ours(c, reg.findings)).toEqual([`statement_regression:${regress}`]);
      const row = reg.evidence!.rows.find((r) => r[0] === regress)!;
      // This week's 12 calls only (the reading held last week's 12), against last week's mean.
      expect(row[0]).toBe(regress);
      expect(row[1]).toBe('12');
      expect(Number.parseFloat(row[3]!)).toBeGreaterThanOrEqual(20);
      expect(Number.parseFloat(row[4]!)).toBeLessThan(10);
      expect(row[6]).toBe('last session');
      expect(reg.summary).toMatch(/since the last session \(\d{4}-\d\d-\d\d\)/);

      const slow = w2.get('slow-statements')!;
      expect(slow.outcome).toBe('warn');
      expect(await ours(c, slow.findings)).toEqual([`slow_statement:${await qidOf(c, 'SELECT pg_sleep($1) AS slow_probe%')}`]);
      const lookups = await qidOf(c, 'SELECT id FROM items WHERE id = $1%');
      const loop = w2.get('n-plus-one')!;
      expect(loop.outcome).toBe('warn');
      expect(await ours(c, loop.findings)).toEqual([`n_plus_one:${lookups}`]);
      expect(loop.evidence!.rows.find((r) => r[0] === lookups)!.slice(0, 2)).toEqual([lookups, '250']);
      // The heaviest of the week is ranked on the week's time, with its share.
      expect(w2.get('statements-week')!.evidence!.columns).toContain('share');
    });
  });

  it('find a statement reading its blocks from outside shared buffers', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const s = checkSession(primary, db);
      cleanup.push(() => s.close(), () => c.end());
      // VACUUM first (the visibility map lets the scan skip the heap), then the index, built
      // outside shared buffers: an index-only scan reads its leaves from the OS.
      await c.query('CREATE TABLE cold (id int)');
      await c.query('INSERT INTO cold SELECT generate_series(1, 20000)');
      await c.query('VACUUM cold');
      await c.query('CREATE INDEX cold_id_idx ON cold (id)');
      await c.query('SET enable_seqscan = off');
      await c.query('SET enable_bitmapscan = off');
      await c.query('SELECT count(*) AS cold_probe FROM cold WHERE id > $1', [0]);
      const r = (await run(s, [step('statement-cache', { min: 20 })])).get('statement-cache')!;
      const qid = await qidOf(c, 'SELECT count(*) AS cold_probe FROM cold%');
      expect(r.outcome, r.summary).toBe('fail');
      expect(r.findings).toContain(`statement_cache:${qid}`);
      // A clean database of the same shape passes at the guides' floor of 10,000 blocks.
      const clean = (await run(s, [step('statement-cache')])).get('statement-cache')!;
      expect(clean.findings).not.toContain(`statement_cache:${qid}`);
    });
  });

  it('plan the reset with the extension\'s schema quoted, and record a confirmed fix in the session and report', async () => {
    await withDatabase(primary, async (db) => {
      const s = checkSession(primary, db);
      cleanup.push(() => s.close());
      const reset = step('statements-reset');
      const r = (await run(s, [reset])).get('statements-reset')!;
      expect(r.outcome).toBe('pass');
      const caps = await probe(s);
      expect(r.summary).toMatch(caps.major >= 14 ? /^pg_stat_statements last reset / : /^PostgreSQL 13 does not record/);
      const plan = planFix(reset.remediation!.sql!, r.evidence);
      if (!('kind' in plan) || plan.kind !== 'ask') throw new Error(`expected a value to ask for: ${JSON.stringify(plan)}`);
      expect(plan.placeholders.map((p) => p.name)).toEqual(['pgss_schema']);
      // The prompt opens with the extension's schema; what runs names it quoted.
      const value = suggestValue(plan.placeholders[0]!, r.evidence);
      expect(value).toBe(caps.pgssSchema);
      const filled = fillPlaceholders(plan.template, plan.placeholders, { pgss_schema: value });
      expect(filled).toMatchObject({ sql: `SELECT "${caps.pgssSchema}".pg_stat_statements_reset();`, transaction: true });
      // Not run here: it would clear the statements of every test running beside this one.
      let rec = recordResult(startSession(weekly, 'tester', new Date()), 'statements-reset', r, new Date());
      rec = recordFix(rec, 'statements-reset', { sql: 'SELECT "public".pg_stat_statements_reset();', at: '2026-12-05T10:00:00.000Z', result: 'done (1 rows)' });
      const md = renderReport({ def: weekly, session: rec, server: 'lab' });
      expect(md).toContain('**Run (confirmed) at 2026-12-05T10:00:00.000Z:** done (1 rows)');
      expect(md).toMatch(/## \d+\. Reset pg_stat_statements after an optimization — PASS/);
      expect(md).toMatch(/## \d+\. Top statements this week — NOT RUN/);
    });
  });
});
