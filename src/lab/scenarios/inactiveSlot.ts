import { withAdmin } from '../client';
import type { Endpoint } from '../types';

/**
 * A physical replication slot nobody uses, created with its WAL reserved at once: the primary
 * keeps every WAL segment from its restart_lsn on, and the retained amount grows with every
 * write. The classic forgotten-slot incident. stop() drops it.
 */
export async function inactiveSlot(endpoint: Endpoint, opts: { name?: string } = {}): Promise<{ name: string; stop(): Promise<void> }> {
  const name = opts.name ?? 'lab_forgotten_slot';
  await withAdmin(endpoint, async (c) => {
    await c.query('SELECT pg_create_physical_replication_slot($1, true)', [name]);
  });
  return {
    name,
    stop: () =>
      withAdmin(endpoint, async (c) => {
        await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active', [name]);
      }),
  };
}

/**
 * A logical replication slot (pgoutput) nobody consumes: it holds catalog_xmin, so dead rows in
 * the system catalogs cannot be removed, and retains WAL. Creating it waits for transactions
 * already running to end, so create it before staging long transactions. stop() drops it.
 */
export async function logicalSlot(endpoint: Endpoint, opts: { name?: string; db?: string } = {}): Promise<{ name: string; stop(): Promise<void> }> {
  const name = opts.name ?? 'lab_logical_slot';
  await withAdmin(
    endpoint,
    async (c) => {
      await c.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [name]);
    },
    opts.db,
  );
  return {
    name,
    stop: () =>
      withAdmin(endpoint, async (c) => {
        await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active', [name]);
      }),
  };
}
