import { quoteIdent, withAdmin } from '../client';
import type { Endpoint } from '../types';

/** Creates a database (from template1, so it has pg_stat_statements). */
export async function createDatabase(endpoint: Endpoint, name: string): Promise<void> {
  await withAdmin(endpoint, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
}

/**
 * Drops a database if it exists. `WITH (FORCE)` (13+) terminates sessions still connected
 * to it, such as scenario sessions a failed test did not stop.
 */
export async function dropDatabase(endpoint: Endpoint, name: string): Promise<void> {
  await withAdmin(endpoint, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}
