/**
 * libpq's sslmode semantics, mapped onto Node's TLS options. node-postgres' own `sslmode`
 * handling differs from libpq's, so pgwarden decides everything here and hands the driver
 * explicit `ssl` objects.
 */
import { isIP } from 'node:net';
import { checkServerIdentity, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import { ConnectionConfigError } from './errors';
import { SSL_MODES, type SslMode, type TlsPlan } from './types';

export interface SslSettings {
  sslmode?: string;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
}

export interface SslContext {
  homedir: string;
  statMode(path: string): number | undefined;
  readFile(path: string): string | undefined;
  hostIsSocket: boolean;
  /** `host` as given (may be empty when only hostaddr was given). */
  host: string;
}

/** Which TLS/plain attempts a mode makes, in order (libpq: allow tries plain first, prefer TLS first). */
export function attemptKinds(sslmode: SslMode, hostIsSocket: boolean): ('tls' | 'plain')[] {
  // libpq never requests SSL over a Unix socket, whatever sslmode says.
  if (hostIsSocket) return ['plain'];
  switch (sslmode) {
    case 'disable':
      return ['plain'];
    case 'allow':
      return ['plain', 'tls'];
    case 'prefer':
      return ['tls', 'plain'];
    default:
      return ['tls'];
  }
}

/**
 * Resolves sslmode and the certificate files. libpq's rules:
 * - sslmode defaults to `prefer`, or to `verify-full` with `sslrootcert=system`, which refuses any
 *   weaker mode;
 * - the root file defaults to `~/.postgresql/root.crt`; when it exists, every TLS attempt verifies the
 *   chain against it — so `require` (and `prefer`/`allow`) behave like `verify-ca`, a compatibility rule
 *   libpq documents for `require`; `verify-ca`/`verify-full` without it are an error;
 * - `~/.postgresql/postgresql.crt` and `.key` are presented when the certificate exists; a
 *   certificate without its key is an error.
 * File checks are skipped for a Unix socket, which never uses TLS.
 */
export function planTls(s: SslSettings, ctx: SslContext): { sslmode: SslMode; tls: TlsPlan; warnings: string[] } {
  const warnings: string[] = [];
  const systemRoots = s.sslrootcert === 'system';
  const sslmode = (s.sslmode || (systemRoots ? 'verify-full' : 'prefer')) as SslMode;
  if (!SSL_MODES.includes(sslmode)) throw new ConnectionConfigError(`invalid sslmode value: "${s.sslmode}" (expected one of ${SSL_MODES.join(', ')})`);

  const dir = `${ctx.homedir}/.postgresql`;
  const exists = (p: string): boolean => ctx.statMode(p) !== undefined;
  const rootPath = s.sslrootcert || `${dir}/root.crt`;
  const haveRoot = systemRoots || exists(rootPath);
  const verifying = sslmode === 'verify-ca' || sslmode === 'verify-full';
  const verify: TlsPlan['verify'] = sslmode === 'verify-full' ? 'full' : verifying || haveRoot ? 'chain' : 'none';

  const certPath = s.sslcert || `${dir}/postgresql.crt`;
  const keyPath = s.sslkey || `${dir}/postgresql.key`;
  const haveCert = exists(certPath);

  const usesTls = attemptKinds(sslmode, ctx.hostIsSocket).includes('tls');
  if (usesTls) {
    if (systemRoots && sslmode !== 'verify-full')
      throw new ConnectionConfigError(`weak sslmode "${sslmode}" may not be used with sslrootcert=system (use "verify-full")`);
    if (verifying && !haveRoot)
      throw new ConnectionConfigError(
        `root certificate file "${rootPath}" does not exist: provide it, use sslrootcert=system, or choose an sslmode that does not verify the server certificate`,
      );
    if (sslmode === 'verify-full' && !ctx.host)
      throw new ConnectionConfigError('sslmode=verify-full needs a host name to verify; hostaddr alone is not enough');
    if (haveCert && !exists(keyPath))
      throw new ConnectionConfigError(`certificate present, but not private key file "${keyPath}"`);
    if (s.sslcert && !haveCert) warnings.push(`client certificate file "${s.sslcert}" does not exist; connecting without it`);
  }

  const tls: TlsPlan = {
    verify,
    rootCert: haveRoot ? (systemRoots ? 'system' : rootPath) : undefined,
    cert: haveCert ? certPath : undefined,
    key: haveCert ? keyPath : undefined,
    serverName: ctx.host,
    load() {
      const read = (path: string, what: string): string => {
        const text = ctx.readFile(path);
        if (text === undefined) throw new ConnectionConfigError(`could not read ${what} "${path}"`);
        return text;
      };
      return {
        ca: tls.rootCert && tls.rootCert !== 'system' ? read(tls.rootCert, 'root certificate file') : undefined,
        cert: tls.cert ? read(tls.cert, 'certificate file') : undefined,
        key: tls.key ? read(tls.key, 'private key file') : undefined,
      };
    },
  };
  return { sslmode, tls, warnings };
}

/**
 * Node TLS options for one TLS attempt. `chain` keeps Node's chain verification against the root
 * file but replaces the host-name check with one that accepts any name (verify-ca); `full` checks
 * the name libpq would (`host`, even when connecting to `hostaddr`). `none` encrypts without
 * verifying, like libpq's require/prefer/allow without a root file. `system` roots use Node's
 * bundled CA list.
 */
export function tlsOptions(plan: TlsPlan): ConnectionOptions {
  const files = plan.load();
  const opts: ConnectionOptions = { rejectUnauthorized: plan.verify !== 'none' };
  if (files.ca !== undefined) opts.ca = files.ca;
  if (files.cert !== undefined) opts.cert = files.cert;
  if (files.key !== undefined) opts.key = files.key;
  if (plan.verify === 'chain') opts.checkServerIdentity = () => undefined;
  if (plan.verify === 'full') {
    const name = plan.serverName;
    opts.checkServerIdentity = (_host: string, cert: PeerCertificate) => checkServerIdentity(name, cert);
    // SNI carries the name being verified (the driver only sets it when it connects by name, not
    // via hostaddr); RFC 6066 forbids an IP address there.
    if (isIP(name) === 0) opts.servername = name;
  }
  return opts;
}

// Node's codes for TLS handshake and certificate failures.
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;

/**
 * Whether a failed attempt should be followed by the next one (prefer: TLS then plain; allow:
 * plain then TLS). Yes when TLS itself failed (the server refused SSL, the handshake or the
 * certificate check failed — libpq's prefer falls back on those too), or when pg_hba.conf rejected
 * the connection (SQLSTATE 28000 "no pg_hba.conf entry …": a hostssl/hostnossl line may accept the
 * other kind). Never after a wrong password (28P01), an unknown role, or a network error, where the
 * other attempt would fail the same way and only add a failed login to the server log.
 */
export function fallbackOnError(err: unknown): boolean {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === '28000') return /pg_hba\.conf/.test(message);
  if (/server does not support SSL|error establishing an SSL connection/i.test(message)) return true;
  if (TLS_CODE.test(code)) return true;
  return code === 'EPROTO' && /ssl|tls/i.test(message);
}
