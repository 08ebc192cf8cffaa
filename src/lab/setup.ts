import { withAdmin } from './client';
import { setRolePassword } from './passwords';
import type { Endpoint } from './types';

/** Database without pg_stat_statements, for "extension missing in this database" cases. */
export const NO_PGSS_DB = 'nopgss';

/**
 * Roles with the privilege levels the monitor must cope with:
 * `pgwarden_monitor` (pg_monitor: sees every session's query and all statistics),
 * `pgwarden_plain` (nothing: other users' queries read "<insufficient privilege>"),
 * `pgwarden_signal` (pg_signal_backend: may cancel/terminate non-superuser backends),
 * `pgwarden_pw` (a password, for authentication tests: `endpoint.passwords.pgwarden_pw`).
 */
export const LAB_ROLES = ['pgwarden_monitor', 'pgwarden_plain', 'pgwarden_signal', 'pgwarden_pw'] as const;

/**
 * Creates what every lab primary has: pg_stat_statements in `postgres` and in `template1`
 * (so databases created later have it), a database without it, the lab roles, and the
 * passwords of `postgres` and `pgwarden_pw` (until then neither can log in over TCP).
 */
export async function setupPrimary(endpoint: Endpoint): Promise<void> {
  await withAdmin(endpoint, async (c) => {
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    // template0 is the copy source that does not carry template1's extension.
    await c.query(`CREATE DATABASE ${NO_PGSS_DB} TEMPLATE template0`);
    await c.query('CREATE ROLE pgwarden_monitor LOGIN');
    await c.query('GRANT pg_monitor TO pgwarden_monitor');
    await c.query('CREATE ROLE pgwarden_plain LOGIN');
    await c.query('CREATE ROLE pgwarden_signal LOGIN');
    await c.query('GRANT pg_signal_backend TO pgwarden_signal');
    await c.query('CREATE ROLE pgwarden_pw LOGIN');
    await setRolePassword(c, 'pgwarden_pw', endpoint.passwords.pgwarden_pw);
    await setRolePassword(c, 'postgres', endpoint.passwords.postgres);
  });
  await withAdmin(endpoint, (c) => c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'), 'template1');
}
