import { quoteIdent, withAdmin } from '../client';
import type { Endpoint } from '../types';

/**
 * Creates `table (id int PRIMARY KEY, v bigint)` if missing and makes sure rows 0..maxId
 * exist. Lock scenarios update these rows; the table name is the only identifier that is
 * spliced into SQL, through quoteIdent.
 */
export async function ensureRows(endpoint: Endpoint, db: string | undefined, table: string, maxId: number): Promise<string> {
  const t = quoteIdent(table);
  await withAdmin(
    endpoint,
    async (c) => {
      await c.query(`CREATE TABLE IF NOT EXISTS ${t} (id int PRIMARY KEY, v bigint NOT NULL DEFAULT 0)`);
      await c.query(`INSERT INTO ${t} (id) SELECT g FROM generate_series(0, $1::int) AS g ON CONFLICT (id) DO NOTHING`, [maxId]);
    },
    db,
  );
  return t;
}
