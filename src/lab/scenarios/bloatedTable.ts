import { quoteIdent, withAdmin } from '../client';
import type { Endpoint } from '../types';

/** Options for {@link bloatedTable}. */
export interface BloatedTableOptions {
  db?: string;
  table?: string;
  rows?: number;
  /** How many times every row is updated (each update leaves one dead version behind). */
  updates?: number;
  /** Run VACUUM afterwards: dead tuples become free space, the file keeps its size. */
  vacuum?: boolean;
}

/**
 * A table bloated by updates with autovacuum switched off for it: `rows` live rows of
 * (id int, payload text) and `rows × updates` dead versions. ANALYZE runs last, so pg_class and
 * pg_stats describe the bloated state (ANALYZE reclaims nothing). Rows are
 * md5 strings of constant width, so the table's true bloat is easy to reason about.
 */
export async function bloatedTable(
  endpoint: Endpoint,
  opts: BloatedTableOptions = {},
): Promise<{ table: string; stop(): Promise<void> }> {
  const table = opts.table ?? 'lab_bloated';
  const t = quoteIdent(table);
  await withAdmin(
    endpoint,
    async (c) => {
      await c.query(`DROP TABLE IF EXISTS ${t}`);
      await c.query(`CREATE TABLE ${t} (id int PRIMARY KEY, payload text NOT NULL) WITH (autovacuum_enabled = off)`);
      await c.query(`INSERT INTO ${t} SELECT g, md5(g::text) FROM generate_series(1, $1::int) AS g`, [opts.rows ?? 50_000]);
      for (let i = 0; i < (opts.updates ?? 2); i++) await c.query(`UPDATE ${t} SET payload = md5(payload)`);
      if (opts.vacuum) await c.query(`VACUUM ${t}`);
      await c.query(`ANALYZE ${t}`);
    },
    opts.db,
  );
  return {
    table,
    stop: () => withAdmin(endpoint, async (c) => void (await c.query(`DROP TABLE IF EXISTS ${t}`)), opts.db),
  };
}
