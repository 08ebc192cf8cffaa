/**
 * Indexes judged from how tables are read: a table read by many large sequential scans is found
 * with the statement that reads it, counted since the last weekly session (the reading kept in
 * the state); an index read from outside shared buffers; a write-heavy table with nine indexes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { weekly } from '../../src/checklists/defs/weekly';
import type { SessionRecord } from '../../src/checklists/state';
import type { CheckResult, StepDef } from '../../src/checklists/types';
import type { Session } from '../../src/data/db';
import { asSession, checkSession, runChecks } from './setup/checklist';
import { connect, waitFor, withDatabase } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

const STEP_IDS = ['missing-indexes', 'index-hit-ratio', 'many-indexes'];
const STEPS = weekly.steps.filter((s) => STEP_IDS.includes(s.id));

const run = (s: Session, steps: readonly StepDef[] = STEPS, history: SessionRecord[] = []) => runChecks(s, steps, history);

describe.each(clusters)('index checks from scan statistics on PostgreSQL $version', (cluster: ClusterInfo) => {
  const { primary } = cluster;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup = [];
  });

  it('pass on a clean database', async () => {
    await withDatabase(primary, async (db) => {
      const s = checkSession(primary, db);
      cleanup.push(() => s.close());
      const r = await run(s);
      expect(r.get('missing-indexes')?.outcome, r.get('missing-indexes')?.summary).toBe('pass');
      expect(r.get('many-indexes')?.outcome).toBe('pass');
      // A fresh database has read almost no index block: too few to judge, not a pass.
      expect(r.get('index-hit-ratio')).toMatchObject({ outcome: 'unknown', summary: expect.stringMatching(/too few to judge/) });
    });
  });

  it('find large sequential scans with the statement that reads the table, counted since the last session', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const s = checkSession(primary, db);
      cleanup.push(() => s.close(), () => c.end());
      await c.query('CREATE TABLE scanned_orders (id int, customer int)');
      await c.query('INSERT INTO scanned_orders SELECT g, g % 500 FROM generate_series(1, 2000) g');
      const scan = async (times: number): Promise<void> => {
        for (let i = 0; i < times; i++) await c.query('SELECT count(*) FROM scanned_orders WHERE customer = $1', [i % 500]);
      };
      await scan(101);
      // 101 scans of 2,000 rows: 202,000 rows read, no index at all.
      const first = await waitFor(
        async () => {
          await c.query('SELECT 1');
          const r = (await run(s)).get('missing-indexes')!;
          return r.outcome === 'warn' ? r : undefined;
        },
        { what: 'the sequential scans to show', timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(first.findings).toEqual(['missing_index:public.scanned_orders']);
      expect(first.summary).toMatch(/since the statistics reset \(first reading/);
      const row = first.evidence!.rows[0]!;
      expect(row.slice(0, 6)).toEqual(['scanned_orders', '101', '202k', '2.0k', '0', 'stats reset']);
      // The statement that read it, found by the table's name in its normalized text.
      const qid = (await c.query<{ queryid: string }>("SELECT queryid::text FROM pg_stat_statements WHERE query LIKE 'SELECT count(*) FROM scanned_orders WHERE customer = $1%'")).rows[0]!.queryid;
      expect(row[6]).toContain(qid);

      // A week later, 50 more scans: below the guides' 100 since the last session, so it passes,
      // although 151 scans were made since the statistics reset.
      const week1 = asSession(new Map([['missing-indexes', first]]), new Date(Date.now() - 7 * 86_400_000));
      await scan(50);
      const second = await waitFor(
        async () => {
          await c.query('SELECT 1');
          const r = (await run(s, STEPS, [week1])).get('missing-indexes')!;
          return (r.metrics?.['reading.seqScan'] as Record<string, number>)?.['public.scanned_orders'] === 151 ? r : undefined;
        },
        { what: 'the 50 more scans to show', timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(second.outcome).toBe('pass');
      expect(second.summary).toMatch(/since the last session \(\d{4}-\d\d-\d\d\)/);
      // And 101 more than last week's reading fail it again, with the week's figures only.
      await scan(51);
      const third = await waitFor(
        async () => {
          await c.query('SELECT 1');
          const r = (await run(s, STEPS, [week1])).get('missing-indexes')!;
          return r.outcome === 'warn' ? r : undefined;
        },
        { what: 'the week\'s scans to show', timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(third.evidence!.rows[0]!.slice(0, 6)).toEqual(['scanned_orders', '101', '202k', '2.0k', '0', 'last session']);
    });
  });

  it('find an index read from disk and a write-heavy table with nine indexes', async () => {
    await withDatabase(primary, async (db) => {
      const c = await connect(primary, { db });
      const s = checkSession(primary, db);
      cleanup.push(() => s.close(), () => c.end());
      // A B-tree build writes its pages outside shared buffers: an index scan over all of it
      // reads every leaf from the OS, not from the buffers.
      await c.query('CREATE TABLE cold (id int)');
      await c.query('INSERT INTO cold SELECT generate_series(1, 20000)');
      await c.query('CREATE INDEX cold_id_idx ON cold (id)');
      await c.query('SET enable_seqscan = off');
      await c.query('SET enable_bitmapscan = off');
      await c.query('SELECT count(*) FROM cold WHERE id > 0');
      // The floor lowered to what one scan reads (the default needs 10,000 block accesses).
      const hitStep = { ...STEPS.find((x) => x.id === 'index-hit-ratio')!, check: { id: 'index_hit_ratio', thresholds: { min: 20 } } };
      const untilFound = async (steps: StepDef[], found: (r: CheckResult) => boolean): Promise<CheckResult> => {
        let last: CheckResult | undefined;
        return waitFor(
          async () => {
            await c.query('SELECT 1');
            last = (await run(s, steps)).get(steps[0]!.id)!;
            return found(last) ? last : undefined;
          },
          { what: `${steps[0]!.id} to show`, timeoutMs: 30_000, intervalMs: 250 },
        ).catch((err) => {
          throw new Error(`${(err as Error).message}; last: ${JSON.stringify(last)}`);
        });
      };
      const hit = await untilFound([hitStep], (x) => x.outcome === 'fail');
      expect(hit.findings).toEqual(['index_hit:low', 'index_hit:public.cold_id_idx']);
      expect(hit.evidence!.rows[0]).toEqual(['cold_id_idx', 'cold', '0', expect.stringMatching(/^\d+$/), '0.0 %']);

      // Indexes built on the empty table, then rows written: more written than read.
      await c.query('CREATE TABLE wide (id int, a int, b int, c int, d int, e int, f int, g int, h int)');
      for (const col of ['id', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) await c.query(`CREATE INDEX ON wide (${col})`);
      await c.query('INSERT INTO wide SELECT x, x, x, x, x, x, x, x, x FROM generate_series(1, 20000) x');
      const many = await untilFound([STEPS.find((x) => x.id === 'many-indexes')!], (x) => x.outcome === 'warn');
      expect(many).toMatchObject({ findings: ['many_indexes:public.wide'], evidence: { rows: [['wide', '9', '20.0k', '0']] } });
    });
  });
});
