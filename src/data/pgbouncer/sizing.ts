/**
 * PgBouncer's limits as pgwarden judges them, shared by its pane and the overloaded runbook: how
 * long a client may wait for a server connection, and what the pools together may open against
 * the PostgreSQL server's max_connections (the guides' sizing: stay under the server's limit,
 * with room for what does not go through PgBouncer).
 */
import type { BouncerSnapshot } from './types';

/** PgBouncer's own console: a fake database that holds no server connections. */
export const CONSOLE_DATABASE = 'pgbouncer';

/** When a client's wait for a server connection is a warning, and when it is critical (seconds). */
export const WAIT_WARN_S = 1;
export const WAIT_CRITICAL_S = 5;
/** PostgreSQL's default superuser_reserved_connections, which no pool can use. */
export const SUPERUSER_RESERVED = 3;
/** Share of the rest kept for what does not go through PgBouncer (replication, monitoring, admins). */
export const HEADROOM = 0.1;

/** What the pools may open against what the server allows. */
export interface Sizing {
  /** Sum over pools of pool_size + reserve_pool (capped by max_db_connections). */
  total: number;
  /** The server's max_connections, when known. */
  maxConnections: number | null;
  /** What the pools together should stay under: (max_connections − reserved) × (1 − headroom). */
  recommended: number | null;
}

/** What the pools may open in all: per database (pool_size + reserve_pool) × its users, capped by max_db_connections. */
export function poolBudget(snap: BouncerSnapshot): number {
  let total = 0;
  for (const d of snap.databases) {
    if (d.name === CONSOLE_DATABASE || d.disabled) continue;
    const users = Math.max(1, snap.pools.filter((p) => p.database === d.name).length);
    const each = (d.poolSize ?? Number(snap.config.default_pool_size ?? 20)) + (d.reservePool ?? 0);
    const cap = d.maxDbConnections && d.maxDbConnections > 0 ? d.maxDbConnections : Infinity;
    total += Math.min(cap, each * users);
  }
  return total;
}

/** The sizing the guides recommend against what is set. */
export function sizing(snap: BouncerSnapshot, maxConnections: number | null | undefined): Sizing {
  const max = maxConnections ?? null;
  return {
    total: poolBudget(snap),
    maxConnections: max,
    recommended: max === null ? null : Math.max(1, Math.floor((max - SUPERUSER_RESERVED) * (1 - HEADROOM))),
  };
}

