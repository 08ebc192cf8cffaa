import { rmSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withAdmin } from './client';
import { standbySettings } from './config';
import { giveToServerUser, runAsServerUser } from './process';
import { appendSettings, stopServer, type LabServer } from './server';

/**
 * Turns a copy of the primary into a standby. The npm packages ship no pg_basebackup, so the
 * copy is taken from a cleanly stopped primary: a shutdown checkpoint makes the files
 * consistent, and the standby starts streaming from the WAL right after it, which the primary
 * still has. The primary must be started again by the caller.
 */
export async function cloneStandby(primary: LabServer, standby: LabServer): Promise<void> {
  await withAdmin(primary.endpoint, (c) => c.query('CHECKPOINT'));
  await stopServer(primary, 'fast');
  // cp -a as the server user keeps modes (data directories must be 0700 or 0750).
  await runAsServerUser('cp', ['-a', primary.endpoint.dataDir, standby.endpoint.dataDir], {
    env: {},
    cwd: standby.dir,
  });
  const data = standby.endpoint.dataDir;
  rmSync(join(data, 'postmaster.pid'), { force: true });
  // A copied slot would pin WAL on the standby and is meaningless there.
  for (const slot of readdirSync(join(data, 'pg_replslot'))) {
    rmSync(join(data, 'pg_replslot', slot), { recursive: true, force: true });
  }
  appendSettings(
    standby,
    'pgwarden lab standby',
    standbySettings(standby.endpoint.port, standby.endpoint.host, {
      socketDir: primary.endpoint.host,
      port: primary.endpoint.port,
    }),
  );
  // standby.signal (12+) starts the server in standby mode; recovery.conf is gone.
  const signal = join(data, 'standby.signal');
  writeFileSync(signal, '');
  giveToServerUser(signal);
}

/** Whether the primary reports the standby as streaming. */
export async function isStreaming(primary: LabServer): Promise<boolean> {
  return withAdmin(primary.endpoint, async (c) => {
    const r = await c.query(
      "SELECT 1 FROM pg_stat_replication WHERE application_name = 'standby1' AND state = 'streaming'",
    );
    return r.rowCount === 1;
  });
}
