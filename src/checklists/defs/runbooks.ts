/**
 * Incident runbooks: short, ordered, and each step opens the pane that answers it. A step whose
 * check lists sessions opens the activity pane filtered on their pids (the screen builds the filter
 * from the evidence; the activity filter matches text, not backend state).
 */
import type { ChecklistDef, StepDef } from '../types';

const TERMINATE = "SELECT pg_terminate_backend(<pid>);  -- or pg_cancel_backend(<pid>) to stop only the query";

const CONSOLE = "PgBouncer's admin console (psql -p 6432 -U <admin> pgbouncer, or pgwarden connected to its database pgbouncer: pane 7)";

/**
 * The guides' PgBouncer steps when the server is overloaded: see who queues in which pool, pause
 * the database so running transactions finish and new ones queue, give the pool fewer server
 * connections, resume. The first and last are checked on the console when the session knows one;
 * the commands run there (pane 7's p and r, after the confirmation), never from a checklist step.
 */
const BOUNCER_STEPS: StepDef[] = [
  { id: 'pgbouncer-pools', title: 'PgBouncer: clients waiting for a server connection', why: 'Behind PgBouncer, overload shows as clients queued in a pool while its server connections all run: more server connections would add contention, not throughput.', check: { id: 'pgbouncer_pools' } },
  { id: 'pgbouncer-pause', title: 'PgBouncer: pause the overloaded database', why: 'PAUSE lets running transactions finish and queues new queries in PgBouncer: the server gets room to recover, and the pool can change without dropping clients.', remediation: { action: `On ${CONSOLE}: PAUSE <database>; it returns once running transactions end (a long one holds it: the long-running step above finds it). Clients wait, they are not refused.` } },
  { id: 'pgbouncer-pool-size', title: 'PgBouncer: reduce the pool', why: 'A few server connections kept busy do more work than many contending for CPU, I/O and locks; the pools together must stay under max_connections (the waiting step gives the recommended total).', remediation: { action: `On ${CONSOLE}: SET default_pool_size = <n>; for pools without their own size, or lower pool_size=<n> on the database's line in pgbouncer.ini and RELOAD; (per pool: about cores x 2 + effective spindles). It applies as server connections are released.` } },
  { id: 'pgbouncer-resume', title: 'PgBouncer: resume the database', why: 'A paused database queues its clients until RESUME: forgetting it turns the recovery into an outage.', check: { id: 'pgbouncer_paused' }, remediation: { action: `On ${CONSOLE}: RESUME <database>; then run the waiting step again: the queue drains.` } },
];

export const overloaded: ChecklistDef = {
  id: 'overloaded',
  title: 'Database overloaded',
  kind: 'runbook',
  description: 'CPU or I/O saturated, everything slow: find what runs, what waits, and what changed.',
  steps: [
    { id: 'long-running', title: 'Find long-running queries', why: 'A few runaway queries often explain the whole load.', check: { id: 'long_running', thresholds: { warn: 30, fail: 300 } }, remediation: { sql: TERMINATE }, jump: { screen: 'activity' } },
    { id: 'blocked', title: 'Sessions waiting on locks', why: 'A pile-up behind one lock looks like overload but is a single blocker.', check: { id: 'blocked_sessions' }, jump: { screen: 'locks' } },
    { id: 'connections', title: 'Connection count', why: 'A connection storm multiplies the work and the memory.', check: { id: 'connections' }, jump: { screen: 'activity' } },
    { id: 'top-statements', title: 'Statements taking the time', why: 'A new or newly slow statement shows at the top of total time.', check: { id: 'top_statements' }, jump: { screen: 'statements' } },
    { id: 'cache', title: 'Cache hit ratio', why: 'A working set that no longer fits turns reads into disk I/O.', check: { id: 'cache_hit' } },
    { id: 'autovacuum', title: 'Autovacuum behind', why: 'Bloated tables and stale statistics make the same queries do more work.', check: { id: 'autovacuum_behind' }, jump: { screen: 'vacuum' } },
    ...BOUNCER_STEPS,
  ],
};

export const connectionExhaustion: ChecklistDef = {
  id: 'connections',
  title: 'Connection exhaustion',
  kind: 'runbook',
  description: '"too many clients already" or "remaining connection slots are reserved": who holds the connections, and why.',
  steps: [
    { id: 'usage', title: 'Connection usage', why: 'How close to the limit, and how many of the connections do nothing.', check: { id: 'connections' }, jump: { screen: 'activity' } },
    { id: 'leaks', title: 'Connections by client address and user', why: 'A leak shows as one application host or user holding many idle connections: that is the pool or the code path to look at.', check: { id: 'connection_groups' }, jump: { screen: 'activity' } },
    { id: 'idle-in-xact', title: 'Sessions idle in transaction', why: 'An application that forgets to commit keeps its connection and its locks.', check: { id: 'idle_in_transaction', thresholds: { warn: 30, fail: 300 } }, remediation: { sql: TERMINATE }, jump: { screen: 'activity' } },
    { id: 'idle-timeout', title: 'Time out idle transactions of the application role', why: 'Ending forgotten transactions by hand is a stopgap: with idle_in_transaction_session_timeout the server ends them itself (new sessions of the role pick it up).', remediation: { sql: "ALTER ROLE <app_role> SET idle_in_transaction_session_timeout = '60s';", action: 'Use the role the idle sessions above belong to; tell the application team, whose transactions will now be cut.' } },
    { id: 'blocked', title: 'Sessions stuck on locks', why: 'Clients waiting on a lock keep their connections open and new ones arrive behind them.', check: { id: 'blocked_sessions' }, jump: { screen: 'locks' } },
    { id: 'long-running', title: 'Long-running queries', why: 'Slow queries hold connections longer: the pool grows to compensate.', check: { id: 'long_running' }, jump: { screen: 'activity' } },
    { id: 'statement-timeout', title: 'Prevent runaway queries: statement_timeout for the application role', why: 'A query that runs for minutes keeps its connection, and the pool opens more behind it; with statement_timeout the server ends it (new sessions of the role pick it up).', remediation: { sql: "ALTER ROLE <app_role> SET statement_timeout = '30s';", action: 'Use the application\'s role; pick a bound above its slowest legitimate request and tell the application team.' } },
    { id: 'pooler', title: 'Check the pooler and application pools', why: 'The lasting fix is a pooler or smaller pools, not a higher max_connections (each backend costs memory).', remediation: { action: 'Compare the application pool sizes × instances with max_connections; put PgBouncer in transaction mode in front.' } },
  ],
};

export const replicationLagRunbook: ChecklistDef = {
  id: 'replication-lag',
  title: 'Replication lag',
  kind: 'runbook',
  description: "A standby falls behind: is it the network, the standby's replay, or a conflict? Run it on the primary (every standby) or on the standby (its receiver, its replay, its queries); a step that needs the other side says so.",
  steps: [
    { id: 'lag', title: 'Replication lag per standby', why: 'On the primary: which standby lags, and whether write, flush or replay is behind. On a standby: whether its replay is paused or behind, and whether its WAL receiver streams.', check: { id: 'replication_lag' }, jump: { screen: 'replication' } },
    { id: 'slots', title: 'Replication slots', why: 'A slot whose standby stopped keeps WAL on the primary.', check: { id: 'inactive_slots' }, jump: { screen: 'replication' } },
    { id: 'long-running', title: 'Long queries', why: 'On the primary, big writes (bulk loads, index builds) produce WAL faster than a standby replays it; on a standby, a long query can hold replay back.', check: { id: 'long_running' }, jump: { screen: 'activity' } },
    { id: 'standby-conflicts', title: 'Replay held or cancelling queries on the standby', why: 'Replay waits up to max_standby_streaming_delay for a conflicting query on the standby, then cancels it; with -1 it waits as long as the query runs.', check: { id: 'standby_conflicts' }, remediation: { sql: 'SELECT * FROM pg_stat_database_conflicts;  -- on the standby', action: 'On the standby: end the query holding replay (long-running step), or bound the wait (max_standby_streaming_delay); hot_standby_feedback = on avoids snapshot conflicts at the cost of bloat on the primary.' }, jump: { screen: 'activity' } },
    { id: 'byte-lag', title: 'WAL a failover would lose', why: 'The guides: a standby more than 1 MB behind loses that much on failover; the bytes not flushed on the standby are what is not safe yet.', check: { id: 'standby_byte_lag' }, jump: { screen: 'replication' } },
    { id: 'escalate', title: 'Escalate when lag stays above 5 minutes', why: 'The guides: replication lag above 5 minutes and not recovering is escalated; a standby more than 1 MB behind loses that much on failover.', remediation: { action: 'Escalate with the lag trend (replication pane, c for charts), the slots and the long queries found above.' } },
  ],
};

export const slowQuery: ChecklistDef = {
  id: 'slow-query',
  title: 'Slow query diagnosis',
  kind: 'runbook',
  description: 'One query got slow: is it waiting, is its plan wrong, or are its tables in bad shape?',
  steps: [
    { id: 'running', title: 'Find the query while it runs', why: 'Its wait event tells whether it computes, reads, or waits on a lock.', check: { id: 'long_running', thresholds: { warn: 5, fail: 60 } }, jump: { screen: 'activity' } },
    { id: 'blocked', title: 'Is it waiting on a lock?', why: 'A query waiting on a lock is not slow; its blocker is the problem.', check: { id: 'blocked_sessions' }, jump: { screen: 'locks' } },
    { id: 'statements', title: 'Its history in pg_stat_statements', why: 'Mean and max time, rows and blocks read show whether it always was slow or just became so.', check: { id: 'top_statements' }, jump: { screen: 'statements' } },
    { id: 'by-mean', title: 'Statements by mean time', why: 'Total time ranks the frequent statements; a statement slow on each call ranks by its mean (the guides: over 100 ms).', check: { id: 'slow_statements' }, jump: { screen: 'statements' } },
    { id: 'missing-index', title: 'A missing index on its tables', why: 'A statement that got slow as its table grew is often one sequential scan that an index would turn into a lookup.', check: { id: 'missing_indexes' }, remediation: { sql: 'CREATE INDEX CONCURRENTLY ON <schema>.<table> (<columns>);' }, jump: { screen: 'statements' } },
    { id: 'stats', title: 'Stale statistics on its tables', why: 'Row estimates from an old ANALYZE lead to nested loops over millions of rows.', check: { id: 'stale_stats' }, remediation: { sql: 'ANALYZE <schema>.<table>;' }, jump: { screen: 'vacuum' } },
    { id: 'dead', title: 'Dead tuples in its tables', why: 'Scans read dead rows too.', check: { id: 'dead_tuples' }, jump: { screen: 'vacuum' } },
    { id: 'explain', title: 'EXPLAIN the query', why: 'The plan shows the estimate that went wrong.', remediation: { action: 'Select the query in the activity or statements pane and press e (EXPLAIN; ANALYZE of a write runs in a rolled-back transaction after confirmation).' }, jump: { screen: 'statements' } },
    { id: 'escalate', title: 'Escalate after 30 minutes', why: 'The guides: a slow query still unresolved after 30 minutes goes to the next level (the application team for a code change, the DBA on call for a plan or schema fix).', remediation: { action: 'Escalate with the statement, its plan, and what the steps above found.' } },
  ],
};

export const diskFull: ChecklistDef = {
  id: 'disk-full',
  title: 'Disk full',
  kind: 'runbook',
  description: 'The data or WAL volume fills up: what grew, and what keeps WAL from being removed.',
  steps: [
    { id: 'slots', title: 'Inactive replication slots', why: 'The most common cause of a full pg_wal: a slot nobody consumes.', check: { id: 'inactive_slots' }, remediation: { sql: "SELECT pg_drop_replication_slot('<slot>');" }, jump: { screen: 'replication' } },
    { id: 'archiving', title: 'Failing WAL archiving', why: 'WAL is kept until archived; a failing archive_command fills pg_wal.', check: { id: 'archiving', thresholds: { warn: 600 } } },
    { id: 'wal-temp', title: 'pg_wal and temporary files now', why: 'pg_wal above twice max_wal_size means something keeps WAL (a slot, failing archiving); large temporary files are a sort or hash spilling, which temp_file_limit bounds.', check: { id: 'wal_temp_usage' }, remediation: { action: "Find the slot or the archiver that keeps WAL (steps above); for temporary files, find the query (activity pane) and set temp_file_limit (ALTER SYSTEM SET temp_file_limit = '20GB';)." } },
    { id: 'sizes', title: 'Database sizes and temporary files', why: 'Which database grew, and whether queries spill large sorts to temporary files.', check: { id: 'database_size' }, remediation: { action: 'Lower work_mem spills with better plans; set temp_file_limit to stop a runaway query.' } },
    { id: 'bloat', title: 'Bloated tables', why: 'Space freed by vacuum stays in the table files.', check: { id: 'table_bloat' }, remediation: { sql: '-- pg_repack --table <schema>.<table> <dbname>   (VACUUM FULL needs an ACCESS EXCLUSIVE lock and twice the space)' }, jump: { screen: 'vacuum' } },
    { id: 'unused-indexes', title: 'Unused indexes', why: 'Dropping them frees space at once.', check: { id: 'unused_indexes' }, jump: { screen: 'vacuum' } },
    { id: 'horizon', title: 'What holds back vacuum', why: 'With an old xmin held, vacuum cannot free anything and tables keep growing.', check: { id: 'xmin_horizon' }, jump: { screen: 'activity' } },
  ],
};
