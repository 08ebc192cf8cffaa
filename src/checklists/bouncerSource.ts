/**
 * PgBouncer's admin console as a checklist source. A checklist runs against PostgreSQL; when the
 * session also knows a PgBouncer in front of it (RunContext.bouncer), the console is read once per
 * run, like any source. Without one, the checks that read it still run, on "not known": a runbook
 * step then gives the plain instruction instead of a verdict.
 */
import type { ConsoleQuery } from '../data/pgbouncer/read';
import { readBouncer } from '../data/pgbouncer/read';
import type { BouncerSnapshot } from '../data/pgbouncer/types';
import type { Source } from './sources';

/** The console, read; or why not (no PgBouncer in this session, the console refused …). */
export type BouncerReading = { known: true; snap: BouncerSnapshot } | { known: false; reason: string };

/** The reason a run without a PgBouncer gives. */
export const NO_BOUNCER = 'no PgBouncer is known to this session';

/** A source read on PgBouncer's console rather than on PostgreSQL (see {@link consoleReader}). */
export interface ConsoleSource<T> extends Source<T> {
  readConsole(q: ConsoleQuery): Promise<T>;
}

export const bouncerSource: ConsoleSource<BouncerReading> = {
  id: 'checklist_pgbouncer',
  // What runs, for the reader: the console speaks only its own commands (see readBouncer).
  sql: () => 'SHOW VERSION; SHOW POOLS; SHOW STATS; SHOW DATABASES; SHOW CLIENTS; SHOW SERVERS; SHOW CONFIG',
  parse: () => ({ known: false, reason: 'read on the console, not on PostgreSQL' }),
  readConsole: async (q) => ({ known: true, snap: await readBouncer(q) }),
  fallback: (reason) => ({ known: false, reason }),
};

/** Whether a source is read on the console. */
export const onConsole = (s: Source): s is ConsoleSource<unknown> => typeof (s as Partial<ConsoleSource<unknown>>).readConsole === 'function';

/**
 * Reads a console source. Every failure, losing the console included, is this source's alone:
 * PgBouncer going away is not PostgreSQL going away, and the run goes on.
 */
export async function consoleReader(s: ConsoleSource<unknown>, q: ConsoleQuery | undefined): Promise<{ ok: true; data: unknown } | { ok: false; reason: string }> {
  if (!q) return { ok: false, reason: NO_BOUNCER };
  try {
    return { ok: true, data: await s.readConsole(q) };
  } catch (err) {
    return { ok: false, reason: `PgBouncer's console: ${err instanceof Error ? err.message : String(err)}` };
  }
}
