import { waitUntil, withAdmin } from '../client';
import { pauseReplay, resumeReplay } from '../replay';
import type { Endpoint } from '../types';
import type { ScenarioHandle } from './sessions';

/** Options for {@link replicaLag}. */
export interface ReplicaLagOptions {
  /** Name of the inactive physical slot (default `lab_forgotten_slot`). */
  slot?: string;
  /** Write this many rows of WAL-producing churn at start (default 20000). */
  rows?: number;
  /** Keep writing that much again this often while the scenario runs (default: only at start). */
  writeEveryMs?: number;
}

/** What the scenario created. */
export interface ReplicaLagHandle extends ScenarioHandle {
  slot: string;
  /** Writes another burst of WAL. */
  write(): Promise<void>;
}

/**
 * Replica lag and retained WAL: replay on the standby is paused (it still receives WAL, so
 * write/flush positions advance while replay_lsn stays behind), and a physical replication slot
 * that nobody consumes is created with its restart_lsn reserved at once, so the primary keeps
 * all WAL since then. Then WAL is written on the primary. `stop()` resumes replay and drops
 * the slot.
 */
export async function replicaLag(
  cluster: { primary: Endpoint; standby: Endpoint; major: number },
  opts: ReplicaLagOptions = {},
): Promise<ReplicaLagHandle> {
  const slot = opts.slot ?? 'lab_forgotten_slot';
  const rows = opts.rows ?? 20_000;
  await withAdmin(cluster.primary, async (c) => {
    await c.query('CREATE TABLE IF NOT EXISTS lab_wal (id bigint GENERATED ALWAYS AS IDENTITY, pad text)');
    // immediately_reserve: restart_lsn is set now, not when a consumer first connects.
    await c.query('SELECT pg_create_physical_replication_slot($1, true)', [slot]);
  });
  const write = (): Promise<void> =>
    withAdmin(cluster.primary, async (c) => {
      await c.query(`INSERT INTO lab_wal (pad) SELECT repeat('w', 200) FROM generate_series(1, $1::int)`, [rows]);
      // Keeps the table from growing without bound; the WAL of the DELETE counts too.
      await c.query('DELETE FROM lab_wal WHERE id < (SELECT max(id) FROM lab_wal) - $1', [rows * 2]);
    });
  let timer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (timer) clearInterval(timer);
      await resumeReplay(cluster.standby).catch(() => {});
      await withAdmin(cluster.primary, (c) =>
        c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]),
      );
    })());
  try {
    await pauseReplay(cluster.standby, cluster.major);
    await write();
    // The standby reports received-but-unreplayed WAL in its next status message.
    await waitUntil(
      () =>
        withAdmin(cluster.primary, async (c) => {
          const r = await c.query<{ behind: boolean }>(
            "SELECT bool_or(replay_lsn < pg_current_wal_lsn()) AS behind FROM pg_stat_replication WHERE application_name = 'standby1'",
          );
          return r.rows[0]?.behind === true;
        }),
      { what: 'the standby to report replay behind', timeoutMs: 30_000, intervalMs: 100 },
    );
    if (opts.writeEveryMs) {
      timer = setInterval(() => void write().catch(() => {}), opts.writeEveryMs);
      timer.unref();
    }
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
  return { slot, pids: [], write, stop };
}
