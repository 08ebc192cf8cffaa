/**
 * The header's lines when the target is PgBouncer: its version instead of PostgreSQL's, and
 * clients / servers / waiting instead of PostgreSQL's connection counts.
 */
import type { AppState } from '../../state/store';
import { safeLine } from '../../text/sanitize';

export function bouncerHeader(state: AppState): { product: string; counts: string } | undefined {
  const b = state.bouncer;
  if (!b) return undefined;
  const waiting = b.clients.filter((c) => c.state === 'waiting').length;
  const paused = b.databases.filter((d) => d.paused).map((d) => safeLine(d.name));
  return {
    product: `PgBouncer ${safeLine(b.version)}`,
    counts: [
      `clients ${b.clients.length} (waiting ${waiting})`,
      `servers ${b.servers.length}`,
      `pools ${b.pools.filter((p) => p.database !== 'pgbouncer').length}`,
      paused.length ? `paused ${paused.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('  '),
  };
}
