/**
 * Which backends pgwarden will not even offer to signal, and why. PostgreSQL itself refuses some
 * (its own auxiliary processes are not backends to pg_signal_backend()); for others a signal is
 * pointless or aimed at the wrong process. The server still has the last word on privileges.
 */
import type { ActionKind, ActionTarget } from './types';

/** Processes that pg_cancel_backend()/pg_terminate_backend() do not reach: PostgreSQL answers
 * "PID … is not a PostgreSQL backend process" for its auxiliary processes. */
const AUXILIARY = new Set([
  'checkpointer',
  'background writer',
  'walwriter',
  'startup',
  'archiver',
  'walreceiver',
  'wal summarizer',
  'io worker',
  'stats collector',
  'logger',
]);

/** Server processes the postmaster restarts at once: signalling them achieves nothing. */
const RESTARTED = new Set(['autovacuum launcher', 'logical replication launcher', 'slotsync worker']);

/** What refusal needs to know beyond the target. */
export interface EligibilityContext {
  /** pgwarden's own backends (polling and action connections). */
  ownPids: readonly number[];
}

/** Why `t` must not be signalled, or undefined when it may be (privileges permitting). */
export function refusal(t: Pick<ActionTarget, 'pid' | 'listed' | 'backendType' | 'leaderPid'>, ctx: EligibilityContext): string | undefined {
  if (t.pid === 0) return 'a prepared transaction has no process to signal: end it with COMMIT PREPARED or ROLLBACK PREPARED (its gid is in pg_prepared_xacts)';
  if (ctx.ownPids.includes(t.pid)) return "one of pgwarden's own connections";
  if (t.listed === false) return 'no longer listed in pg_stat_activity (it ended)';
  const type = t.backendType ?? '';
  if (type === 'startup')
    return 'the startup process replays WAL on this standby and cannot be signalled; queries that conflict with replay are cancelled after max_standby_streaming_delay';
  if (AUXILIARY.has(type)) return `the ${type} is a PostgreSQL auxiliary process, which pg_cancel_backend/pg_terminate_backend cannot signal`;
  if (RESTARTED.has(type)) return `the ${type} is restarted by the postmaster at once; signalling it achieves nothing`;
  if (type === 'parallel worker')
    return t.leaderPid ? `a parallel worker ends with its query: act on its leader, pid ${t.leaderPid}` : 'a parallel worker ends with its query: act on its leader';
  return undefined;
}

/** Things to read before saying yes; none of them prevents the action. */
export function warnings(kind: ActionKind, t: ActionTarget): string[] {
  const out: string[] = [];
  if (kind === 'cancel' && (t.state === 'idle in transaction' || t.state === 'idle in transaction (aborted)'))
    out.push(`pid ${t.pid} is idle in transaction: cancel does nothing (no query is running); terminate ends the transaction and releases its locks`);
  else if (kind === 'cancel' && t.state === 'idle') out.push(`pid ${t.pid} is idle: there is no query to cancel`);
  if (t.backendType === 'walsender') out.push(`pid ${t.pid} is a replication connection: its standby or subscriber disconnects (and reconnects)`);
  if (t.backendType === 'autovacuum worker')
    out.push(`pid ${t.pid} is autovacuum: it will vacuum this table again later (an anti-wraparound vacuum at once)`);
  return out;
}
