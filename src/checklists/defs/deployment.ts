/** The guides' migration deployment list: what to look at before running DDL on a live database. */
import type { ChecklistDef } from '../types';

export const deploymentWindow: ChecklistDef = {
  id: 'deployment',
  title: 'Deployment window',
  kind: 'maintenance',
  description: 'Before a schema migration: room for connections, standbys caught up, a fresh backup, no long transaction and no lock on the tables, and lock_timeout for the DDL.',
  steps: [
    { id: 'connections', title: 'Connection headroom', why: 'A migration that blocks a table makes its clients pile up; with the pool near max_connections the application starts failing at once.', check: { id: 'connections' }, jump: { screen: 'activity' } },
    { id: 'lag', title: 'Standbys caught up', why: 'A table rewrite produces a burst of WAL: a standby already behind falls further, and loses more on failover.', check: { id: 'replication_lag' }, jump: { screen: 'replication' } },
    { id: 'byte-lag', title: 'Standbys hold all the WAL', why: 'A failover during the migration loses what the standby has not flushed (the guides: more than 1 MB behind means data loss).', check: { id: 'standby_byte_lag' }, jump: { screen: 'replication' } },
    { id: 'backup', title: 'A recent base backup', why: 'A migration that goes wrong is undone from the backup: the last one should be from today.', check: { id: 'base_backup_age', thresholds: { warn: 24, fail: 48 } } },
    { id: 'long-transactions', title: 'No long transaction running', why: 'DDL waits for every transaction that touched the table; a long one makes the DDL, and everything queued behind it, wait.', check: { id: 'long_running', thresholds: { warn: 30, fail: 300 } }, jump: { screen: 'activity' } },
    { id: 'idle-in-xact', title: 'No session idle in transaction', why: 'A forgotten transaction holds its locks until it ends: the DDL would wait on it forever.', check: { id: 'idle_in_transaction', thresholds: { warn: 10, fail: 60 } }, remediation: { sql: 'SELECT pg_terminate_backend(<pid>);' }, jump: { screen: 'activity' } },
    { id: 'table-locks', title: 'Locks on the tables being migrated', why: 'ALTER TABLE needs an ACCESS EXCLUSIVE lock and queues behind every lock held on the table, and every later query on it queues behind the ALTER. Look for the migration\'s tables in the list.', check: { id: 'relation_locks' }, jump: { screen: 'locks' } },
    { id: 'lock-timeout', title: 'lock_timeout set for the DDL', why: 'With lock_timeout the migration fails after a few seconds instead of blocking every query on the table while it waits; retry it later. Manual: set it in the migration\'s session or for its role.', remediation: { sql: "ALTER ROLE <migration_role> SET lock_timeout = '5s';", action: "In the migration itself: SET lock_timeout = '5s'; before each ALTER (and statement_timeout for the data migrations)." } },
  ],
};
