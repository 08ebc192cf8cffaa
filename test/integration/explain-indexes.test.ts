import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { relationIndexes } from '../../src/explain/catalog';
import { redFlags } from '../../src/explain/flags';
import { parsePlan } from '../../src/explain/parse';
import { createDatabase, dropDatabase } from '../../src/lab/scenarios';
import { connect } from './setup/pg';
import type { ClusterInfo } from './setup/types';
import { labClusters } from './setup/clusters';

const clusters = labClusters();

describe.each(clusters)('index suggestions checked against the catalog on PostgreSQL $version', (cluster: ClusterInfo) => {
  const db = `explain_idx_${cluster.major}_${process.pid}`;
  let c: pg.Client;

  beforeAll(async () => {
    await createDatabase(cluster.primary, db);
    c = await connect(cluster.primary, { db });
    await c.query('CREATE TABLE items (id int PRIMARY KEY, kind int NOT NULL, price int NOT NULL, label text NOT NULL)');
    await c.query("INSERT INTO items SELECT g, g % 100, g % 1000, 'item ' || g FROM generate_series(1, 100000) g");
    await c.query('CREATE INDEX items_kind_price ON items (kind, price) INCLUDE (label)');
    await c.query('CREATE INDEX items_partial ON items (price) WHERE kind = 7');
    await c.query('ANALYZE items');
  });

  afterAll(async () => {
    await c?.end();
    await dropDatabase(cluster.primary, db);
  });

  /** The plan of a filter the planner must answer with a seq scan (indexes disabled for it). */
  async function seqScanPlan(sql: string) {
    await c.query('BEGIN');
    try {
      await c.query('SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off; SET LOCAL max_parallel_workers_per_gather = 0');
      const res = await c.query(`EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) ${sql}`);
      return parsePlan(res.rows[0]['QUERY PLAN']);
    } finally {
      await c.query('ROLLBACK');
    }
  }

  it('reads key, INCLUDE and partial indexes from the catalog', async () => {
    const r = await seqScanPlan('SELECT id FROM items WHERE kind = 3 AND price > 500');
    const idx = await relationIndexes(c, r, cluster.major);
    const list = idx.get('public.items')!;
    expect(list.map((i) => [i.name, i.columns, i.include, i.partial]).sort()).toEqual([
      ['items_kind_price', ['kind', 'price'], ['label'], false],
      ['items_partial', ['price'], [], true],
      ['items_pkey', ['id'], [], false],
    ]);
  });

  it('says the index exists instead of suggesting it again', async () => {
    const r = await seqScanPlan('SELECT * FROM items WHERE kind = $$3$$::int AND price > 500'.replace(/\$\$/g, "'"));
    const offline = redFlags(r).find((f) => f.category === 'seq-scan-filter')!;
    expect(offline.fix).toContain('CREATE INDEX CONCURRENTLY ON items (price) INCLUDE (id, label) WHERE kind = 3');
    const indexes = await relationIndexes(c, r, cluster.major);
    const withCatalog = redFlags(r, { indexes }).find((f) => f.category === 'seq-scan-filter')!;
    // The composite (kind, price) exists: point at it rather than suggest a second index.
    expect(withCatalog.fix).toMatch(/the index items_kind_price on \(kind, price\) already exists/);
  });
});
