import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { quoteIdent, withAdmin } from './client';
import type { Endpoint } from './types';

/**
 * Passwords of lab roles. A lab cluster trusts its Unix socket, which lives in a 0700
 * directory that only root and the server user can reach, and demands SCRAM on TCP: the
 * passwords below are random per cluster, so another user of the machine cannot log in.
 */

/** A fresh random password: 24 bytes, base64url (no character needs quoting in SQL or a passfile). */
export function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** PostgreSQL's default SCRAM iteration count (scram_iterations, 16+). */
const ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677, as libpq's
 * PQencryptPasswordConn builds it). Passing the verifier rather than the password keeps the
 * password out of the server's statement statistics and logs, and it is stored as SCRAM on
 * 13 too, where password_encryption still defaults to md5. The password is taken as is:
 * SASLprep changes nothing in the ASCII passwords the lab makes.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16)): string {
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/**
 * Gives `role` the password on a superuser connection. The statement carries only the verifier
 * (base64 and `$:` characters, safe in a literal; utility statements take no bind parameters)
 * and is kept out of pg_stat_statements, where the demo's statements pane would show it.
 */
export async function setRolePassword(c: pg.Client, role: string, password: string): Promise<void> {
  await c.query('SET pg_stat_statements.track_utility = off');
  try {
    await c.query(`ALTER ROLE ${quoteIdent(role)} PASSWORD '${scramVerifier(password)}'`);
  } finally {
    await c.query('RESET pg_stat_statements.track_utility');
  }
}

/**
 * Gives an existing role a fresh random password and returns it, for a test that connects as
 * that role over TCP (`labClient(endpoint, { user, tcp: true, password })`), or hands it to a
 * program through a password file.
 */
export async function givePassword(endpoint: Endpoint, role: string): Promise<string> {
  const password = randomPassword();
  await withAdmin(endpoint, (c) => setRolePassword(c, role, password));
  return password;
}
