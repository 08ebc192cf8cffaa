/**
 * Captures the plan corpus (test/unit/explain/corpus) from throwaway lab clusters: every plan
 * shape the red-flag rules must judge, in each input format `pgwarden explain --file` reads.
 *
 *   npx tsx test/unit/explain/corpus/capture.ts [majors, default 18,15,13] [names, default all]
 *
 * Writes <name>.json (EXPLAIN JSON), <name>.txt (text format), <name>.psql (psql's table frame)
 * or <name>.log (auto_explain lines in a server log). The expected findings next to each plan
 * (<name>.expected.json) are written by hand, not by this script.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { findInstalls } from '../../../../src/lab/binaries';
import { startCluster } from '../../../../src/lab/cluster';

const HERE = dirname(fileURLToPath(import.meta.url));

const SETUP = [
  `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
  // The guides' example at lab scale: 50k users, 200k orders; half shipped, half of those in 2025,
  // so status = 'shipped' AND created_at >= 2025-01-01 keeps a quarter of the rows.
  `CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, country text NOT NULL)`,
  `INSERT INTO users SELECT g, 'user ' || g, 'u' || g || '@example.com', (ARRAY['fr','de','us','jp'])[1 + g % 4] FROM generate_series(1, 50000) g`,
  `CREATE TABLE orders (id bigint PRIMARY KEY, user_id int NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL,
     total numeric NOT NULL, note text) WITH (autovacuum_enabled = off)`,
  `INSERT INTO orders SELECT g, 1 + g % 50000, CASE WHEN g % 2 = 0 THEN 'shipped' WHEN g % 20 = 1 THEN 'completed' ELSE 'pending' END,
     timestamptz '2024-01-01' + ((g * 7919) % 730) * interval '1 day', (g % 1000) / 10.0, repeat(md5(g::text), 3)
     FROM generate_series(1, 200000) g`,
  `CREATE INDEX orders_created_at ON orders (created_at)`,
  // Items reference orders through a foreign key whose column has no index.
  // The guide's own tables: no index on orders but its primary key.
  `CREATE SCHEMA guide`,
  `CREATE TABLE guide.users AS SELECT * FROM users`,
  `ALTER TABLE guide.users ADD PRIMARY KEY (id)`,
  `CREATE TABLE guide.orders AS SELECT id, user_id, status, created_at, total, note FROM orders`,
  `ALTER TABLE guide.orders ADD PRIMARY KEY (id)`,
  `CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE, sku int NOT NULL, qty int NOT NULL)`,
  `INSERT INTO order_items SELECT g, 1 + (g * 31) % 200000, g % 1000, 1 + g % 5 FROM generate_series(1, 300000) g`,
  `CREATE TABLE pairs (a int NOT NULL, b int NOT NULL) WITH (autovacuum_enabled = off)`,
  `INSERT INTO pairs SELECT g % 100, g % 100 FROM generate_series(1, 100000) g`,
  `CREATE TABLE docs (id int PRIMARY KEY, body text NOT NULL)`,
  `INSERT INTO docs SELECT g, md5(g::text) || ' ' || md5((g + 1)::text) FROM generate_series(1, 100000) g`,
  `CREATE TABLE skus (id int PRIMARY KEY, label text NOT NULL)`,
  `INSERT INTO skus SELECT g, 'sku ' || g FROM generate_series(0, 999) g`,
  // Twelve monthly partitions, loaded in bulk so most of their pages are not in shared_buffers.
  `CREATE TABLE readings (at timestamptz NOT NULL, sensor int NOT NULL, value float8 NOT NULL) PARTITION BY RANGE (at)`,
  ...Array.from({ length: 12 }, (_, m) => {
    const from = `2025-${String(m + 1).padStart(2, '0')}-01`;
    const to = m === 11 ? '2026-01-01' : `2025-${String(m + 2).padStart(2, '0')}-01`;
    return `CREATE TABLE readings_${m + 1} PARTITION OF readings FOR VALUES FROM ('${from}') TO ('${to}')`;
  }),
  `INSERT INTO readings SELECT timestamptz '2025-01-01' + (g % 525600) * interval '1 minute', g % 500, random() FROM generate_series(1, 1200000) g`,
  // Visibility map never set: an index-only scan has to visit the heap.
  `CREATE TABLE tickets (id int PRIMARY KEY, state int NOT NULL) WITH (autovacuum_enabled = off)`,
  `INSERT INTO tickets SELECT g, g % 3 FROM generate_series(1, 200000) g`,
  `CREATE FUNCTION many_ids() RETURNS SETOF int LANGUAGE sql AS 'SELECT generate_series(1, 50000)'`,
  `ANALYZE`,
  `CREATE TABLE events (id int, kind int) WITH (autovacuum_enabled = off)`,
  `INSERT INTO events SELECT g, 1 FROM generate_series(1, 100) g`,
  `ANALYZE events`,
  `INSERT INTO events SELECT g, 2 FROM generate_series(101, 100000) g`,
];

type Format = 'json' | 'text' | 'psql-json' | 'psql-text' | 'auto-json' | 'auto-text';

interface Capture {
  sql: string;
  /** EXPLAIN options without FORMAT (default: ANALYZE, BUFFERS, VERBOSE, SETTINGS). */
  opts?: string;
  setup?: string[];
  formats?: Format[];
  majors?: number[];
  /** Run before the capture's transaction (VACUUM cannot run in one), and undone by `after`. */
  outside?: string[];
  after?: string[];
  /** Run once before capturing (a warm cache). */
  warm?: boolean;
}

const NO_PAR = `SET LOCAL max_parallel_workers_per_gather = 0`;
const GUIDE = `SELECT u.name, o.created_at FROM guide.users u JOIN guide.orders o ON o.user_id = u.id WHERE o.status = 'shipped' AND o.created_at >= '2025-01-01'`;

const PLANS: Record<string, Capture> = {
  'guide-seqscan': { sql: GUIDE, warm: true, formats: ['json', 'text', 'psql-json', 'psql-text'] },
  'guide-estimate': { sql: GUIDE, opts: 'VERBOSE, SETTINGS' },
  'guide-indexed': {
    sql: GUIDE,
    warm: true,
    outside: [`CREATE INDEX orders_guide ON guide.orders (status, created_at) INCLUDE (user_id)`, `VACUUM guide.orders`],
    after: [`DROP INDEX orders_guide`],
  },
  'orders-selective': { sql: `SELECT * FROM orders o WHERE o.status = 'completed' AND o.total > 90`, warm: true, setup: [NO_PAR] },
  'orders-parallel-filter': {
    sql: `SELECT id, total FROM orders WHERE status = 'completed' AND total > 95`,
    warm: true,
    setup: [`SET LOCAL parallel_setup_cost = 0`, `SET LOCAL parallel_tuple_cost = 0`, `SET LOCAL min_parallel_table_scan_size = 0`],
  },
  'like-infix': { sql: `SELECT id FROM docs WHERE body LIKE '%abc1%'`, warm: true, setup: [NO_PAR] },
  'misestimate-correlated': {
    sql: `SELECT * FROM pairs p JOIN skus s ON s.id = p.a WHERE p.a = 1 AND p.b = 1`,
    warm: true,
    setup: [NO_PAR],
  },
  'misestimate-stale': { sql: `SELECT e.id, s.label FROM events e JOIN skus s ON s.id = e.id % 1000 WHERE e.kind = 2`, warm: true, setup: [NO_PAR] },
  'function-rows': { sql: `SELECT u.name FROM many_ids() AS m(id) JOIN users u ON u.id = m.id`, warm: true, setup: [NO_PAR] },
  'having-filter': {
    sql: `SELECT user_id, count(*) FROM orders GROUP BY user_id HAVING count(*) > 3 ORDER BY 2 DESC`,
    warm: true,
    setup: [NO_PAR],
  },
  'sort-spill': { sql: `SELECT * FROM orders ORDER BY note`, warm: true, setup: [`SET LOCAL work_mem = '1MB'`, NO_PAR], formats: ['json', 'text'] },
  'sort-memory': {
    sql: `SELECT g, repeat(md5(g::text), 8) AS s FROM generate_series(1, 400000) g ORDER BY s`,
    warm: true,
    setup: [`SET LOCAL work_mem = '1GB'`, NO_PAR],
  },
  'hash-spill': {
    sql: `SELECT o.id, u.name FROM orders o JOIN users u ON u.id = o.user_id JOIN orders o2 ON o2.id = o.id`,
    warm: true,
    setup: [`SET LOCAL work_mem = '256kB'`, `SET LOCAL enable_mergejoin = off`, NO_PAR],
  },
  'hashagg-spill': {
    sql: `SELECT note, count(*) FROM orders GROUP BY note`,
    warm: true,
    setup: [`SET LOCAL work_mem = '256kB'`, NO_PAR, `SET LOCAL enable_sort = off`],
    majors: [18, 15],
  },
  'nested-loop-rescans': {
    sql: `SELECT s.label, i.qty FROM order_items i JOIN skus s ON s.label = 'sku ' || i.sku WHERE i.id <= 3000`,
    warm: true,
    setup: [`SET LOCAL enable_hashjoin = off`, `SET LOCAL enable_mergejoin = off`, `SET LOCAL enable_material = off`, NO_PAR],
  },
  'nested-loop-materialize': {
    sql: `SELECT s.label, i.qty FROM order_items i JOIN skus s ON s.label = 'sku ' || i.sku WHERE i.id <= 3000`,
    warm: true,
    setup: [`SET LOCAL enable_hashjoin = off`, `SET LOCAL enable_mergejoin = off`, NO_PAR],
    formats: ['json', 'text'],
  },
  'materialize-spill': {
    sql: `SELECT count(b.id) FROM (SELECT * FROM orders WHERE id <= 20) a LEFT JOIN (SELECT id, note FROM orders WHERE id > 1000 AND id <= 61000) b ON b.note < a.note`,
    warm: true,
    setup: [`SET LOCAL work_mem = '64kB'`, `SET LOCAL enable_hashjoin = off`, `SET LOCAL enable_mergejoin = off`, NO_PAR],
  },
  'memoize-hits': {
    sql: `SELECT sum(s.id) FROM order_items i JOIN skus s ON s.id = i.sku WHERE i.id <= 50000`,
    warm: true,
    setup: [`SET LOCAL enable_hashjoin = off`, `SET LOCAL enable_mergejoin = off`, NO_PAR],
    majors: [18, 15],
    formats: ['json', 'text'],
  },
  'memoize-misses': {
    sql: `SELECT sum(length(u.name || u.email)) FROM order_items i JOIN users u ON u.id = i.sku * 37 + 1 WHERE i.id <= 60000`,
    warm: true,
    setup: [`SET LOCAL work_mem = '64kB'`, `SET LOCAL enable_hashjoin = off`, `SET LOCAL enable_mergejoin = off`, NO_PAR],
    majors: [18],
  },
  'cte-materialized': {
    sql: `WITH big AS MATERIALIZED (SELECT user_id, sum(total) AS spent FROM orders GROUP BY user_id) SELECT count(*) FROM big WHERE spent > 100`,
    warm: true,
    setup: [NO_PAR],
    formats: ['json', 'text'],
  },
  'cte-early-stop': {
    sql: `WITH o AS MATERIALIZED (SELECT * FROM orders WHERE status = 'pending') SELECT * FROM o LIMIT 20`,
    warm: true,
    setup: [NO_PAR],
  },
  'window-run-condition': {
    sql: `SELECT * FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS rn FROM orders) t WHERE rn <= 10`,
    warm: true,
    setup: [NO_PAR],
    majors: [18, 15],
  },
  'limit-early': { sql: `SELECT * FROM orders WHERE status = 'pending' LIMIT 10`, warm: true, setup: [NO_PAR] },
  'limit-after-sort': { sql: `SELECT * FROM events WHERE kind = 2 ORDER BY id DESC LIMIT 10`, warm: true, setup: [NO_PAR] },
  'semi-join': {
    sql: `SELECT count(*) FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = 'completed')`,
    warm: true,
    setup: [NO_PAR],
  },
  'anti-join': {
    sql: `SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)`,
    warm: true,
    setup: [NO_PAR],
  },
  'parallel-agg': {
    sql: `SELECT status, count(*) FROM orders GROUP BY status`,
    warm: true,
    setup: [`SET LOCAL parallel_setup_cost = 0`, `SET LOCAL parallel_tuple_cost = 0`, `SET LOCAL min_parallel_table_scan_size = 0`],
    formats: ['json', 'text'],
  },
  'workers-short': {
    sql: `SELECT status, count(*) FROM orders GROUP BY status`,
    warm: true,
    setup: [
      `SET LOCAL parallel_setup_cost = 0`,
      `SET LOCAL parallel_tuple_cost = 0`,
      `SET LOCAL min_parallel_table_scan_size = 0`,
      `SET LOCAL max_parallel_workers_per_gather = 4`,
      `SET LOCAL max_parallel_workers = 0`,
    ],
  },
  'partitions-cold': { sql: `SELECT count(*) FROM readings WHERE sensor = 7`, setup: [NO_PAR], formats: ['json', 'text'] },
  'partitions-pruned': { sql: `SELECT avg(value) FROM readings WHERE at >= '2025-03-01' AND at < '2025-03-02'`, warm: true, setup: [NO_PAR] },
  'heap-fetches': {
    sql: `SELECT count(*) FROM tickets WHERE id BETWEEN 1000 AND 150000`,
    warm: true,
    setup: [`SET LOCAL enable_seqscan = off`, `SET LOCAL enable_bitmapscan = off`, NO_PAR],
  },
  'index-filter': {
    sql: `SELECT id FROM orders WHERE created_at >= '2024-03-01' AND created_at < '2024-06-01' AND status = 'completed'`,
    warm: true,
    setup: [`SET LOCAL enable_bitmapscan = off`, `SET LOCAL enable_seqscan = off`, NO_PAR],
  },
  'join-filter': {
    sql: `SELECT count(*) FROM users u JOIN orders o ON o.user_id = u.id AND o.total > u.id / 100.0 + 90 WHERE u.id <= 20000`,
    warm: true,
    setup: [`SET LOCAL enable_mergejoin = off`, NO_PAR],
  },
  'subplan-per-row': {
    sql: `SELECT u.id, (SELECT max(o.created_at) FROM orders o WHERE o.user_id = u.id) FROM users u WHERE u.id < 300`,
    warm: true,
    setup: [NO_PAR],
    formats: ['json', 'text'],
  },
  'hashed-subplan': {
    sql: `SELECT count(*) FROM users WHERE id NOT IN (SELECT user_id FROM orders WHERE total > 99)`,
    warm: true,
    setup: [NO_PAR],
  },
  'lossy-bitmap': {
    sql: `SELECT count(*) FROM orders WHERE created_at BETWEEN '2024-01-01' AND '2024-09-01'`,
    warm: true,
    setup: [`SET LOCAL work_mem = '64kB'`, `SET LOCAL enable_seqscan = off`, `SET LOCAL enable_indexscan = off`, `SET LOCAL enable_indexonlyscan = off`, NO_PAR],
  },
  'trigger-fk': { sql: `DELETE FROM orders WHERE id <= 60`, opts: 'ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL', setup: [NO_PAR] },
  'update-wal': { sql: `UPDATE tickets SET state = state + 1 WHERE id <= 20000`, opts: 'ANALYZE, BUFFERS, VERBOSE, WAL', setup: [NO_PAR] },
  'jit': {
    sql: `SELECT sum(total * 2 + 1), avg(total) FROM orders WHERE id <= 20000`,
    warm: true,
    setup: [`SET LOCAL jit = on`, `SET LOCAL jit_above_cost = 0`, `SET LOCAL jit_inline_above_cost = 0`, `SET LOCAL jit_optimize_above_cost = 0`, NO_PAR],
    majors: [15],
  },
  'planning-heavy': {
    sql: `SELECT 1 FROM users a JOIN users b ON b.id = a.id JOIN users c ON c.id = b.id JOIN users d ON d.id = c.id JOIN users e ON e.id = d.id
       JOIN users f ON f.id = e.id JOIN users g ON g.id = f.id JOIN users h ON h.id = g.id JOIN users i ON i.id = h.id
       JOIN users j ON j.id = i.id JOIN users k ON k.id = j.id JOIN users l ON l.id = k.id WHERE a.id = 42`,
    setup: [`SET LOCAL join_collapse_limit = 12`, `SET LOCAL from_collapse_limit = 12`, `SET LOCAL geqo_threshold = 20`, NO_PAR],
  },
  'timing-off': {
    sql: `SELECT o.id, u.name FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = 'completed'`,
    opts: 'ANALYZE, TIMING OFF, BUFFERS, VERBOSE',
    warm: true,
    setup: [NO_PAR],
  },
  'incremental-sort': {
    sql: `SELECT * FROM orders ORDER BY created_at, total LIMIT 100`,
    warm: true,
    setup: [NO_PAR],
  },
  'healthy-pk': { sql: `SELECT * FROM users WHERE id = 42`, warm: true, formats: ['json', 'text', 'auto-json', 'auto-text'] },
  'auto-guide': { sql: GUIDE, warm: true, formats: ['auto-json', 'auto-text'] },
  'generic-prepare': { sql: `SELECT * FROM orders WHERE status = $1 AND created_at > $2`, opts: 'GENERIC_PLAN, VERBOSE', majors: [18] },
};

/** psql's aligned table around a one-column result ("QUERY PLAN", `+` on continued lines). */
function psqlFrame(values: string[]): string {
  const lines = values.map((v) => v.split('\n'));
  const width = Math.max('QUERY PLAN'.length, ...lines.flat().map((l) => l.length));
  const pad = Math.floor((width - 10) / 2);
  const out = [`${' '.repeat(pad + 1)}QUERY PLAN${' '.repeat(width - 10 - pad + 1)}`, '-'.repeat(width + 2)];
  for (const v of lines) v.forEach((l, i) => out.push(i < v.length - 1 ? ` ${l.padEnd(width)} +` : ` ${l}`));
  out.push(`(${values.length} row${values.length === 1 ? '' : 's'})`, '');
  return out.join('\n');
}

/** A server log line as log_line_prefix '%m [%p] ' writes it: continuation lines start with a tab. */
function logLine(message: string, pid: number): string {
  return `2026-12-05 10:41:02.418 UTC [${pid}] LOG:  ${message.split('\n').join('\n\t')}\n`;
}

async function capture(c: pg.Client, major: number, only: string[]): Promise<void> {
  for (const [name, p] of Object.entries(PLANS)) {
    if (only.length && !only.includes(name)) continue;
    if (p.majors && !p.majors.includes(major)) continue;
    if (major !== 18 && !p.majors) continue;
    const formats = p.formats ?? ['json'];
    const opts = p.opts ?? 'ANALYZE, BUFFERS, VERBOSE, SETTINGS';
    const file = (ext: string) => join(HERE, `${name}${major === 18 ? '' : `.pg${major}`}${ext}`);
    for (const s of p.outside ?? []) await c.query(s);
    for (const f of formats) {
      await c.query('BEGIN');
      try {
        for (const s of p.setup ?? []) await c.query(s);
        if (f.startsWith('auto')) {
          const notices: string[] = [];
          const onNotice = (m: { message?: string }) => notices.push(m.message ?? '');
          c.on('notice', onNotice);
          await c.query(`LOAD 'auto_explain'`);
          for (const s of ['log_min_duration = 0', 'log_analyze = on', 'log_buffers = on', `log_format = ${f === 'auto-json' ? 'json' : 'text'}`, 'log_level = notice'])
            await c.query(`SET LOCAL auto_explain.${s}`);
          if (p.warm) await c.query(p.sql);
          notices.length = 0;
          await c.query(p.sql);
          c.off('notice', onNotice);
          const pid = Number((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p);
          writeFileSync(file(f === 'auto-json' ? '.auto-json.log' : '.auto-text.log'), notices.map((n) => logLine(n, pid)).join(''));
          continue;
        }
        const fmt = f === 'json' || f === 'psql-json' ? 'JSON' : 'TEXT';
        if (p.warm) await c.query(`EXPLAIN (${opts}, FORMAT ${fmt}) ${p.sql}`);
        const res = await c.query(`EXPLAIN (${opts}, FORMAT ${fmt}) ${p.sql}`);
        const values = res.rows.map((r) => r['QUERY PLAN']);
        if (f === 'json') writeFileSync(file('.json'), JSON.stringify(values[0], null, 1) + '\n');
        else if (f === 'text') writeFileSync(file('.text.txt'), values.join('\n') + '\n');
        else if (f === 'psql-json') writeFileSync(file('.psql-json.txt'), psqlFrame([JSON.stringify(values[0], null, 2)]));
        else writeFileSync(file('.psql-text.txt'), psqlFrame(values));
      } catch (e) {
        console.error(`${name} (pg${major}, ${f}): ${(e as Error).message}`);
      } finally {
        await c.query('ROLLBACK');
      }
    }
    for (const s of p.after ?? []) await c.query(s);
  }
}

async function main(): Promise<void> {
  const majors = (process.argv[2] ?? '18,15,13').split(',').map(Number);
  const only = (process.argv[3] ?? '').split(',').filter(Boolean);
  for (const install of findInstalls().filter((i) => majors.includes(i.major))) {
    const cluster = await startCluster(install, { name: `corpus${install.major}`, conf: { max_parallel_workers: '4', max_worker_processes: '8' } });
    try {
      const base = { host: cluster.primary.host, port: cluster.primary.port, user: 'postgres' };
      const admin = new pg.Client({ ...base, database: 'postgres' });
      await admin.connect();
      await admin.query('CREATE DATABASE corpus');
      await admin.end();
      const c = new pg.Client({ ...base, database: 'corpus' });
      await c.connect();
      for (const s of SETUP) await c.query(s);
      await capture(c, install.major, only);
      await c.end();
      console.log(`pg${install.major}: captured`);
    } finally {
      await cluster.stop();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
