/**
 * Classifies errors from the server or the network into the few kinds the UI reacts to.
 * SQLSTATE codes are PostgreSQL's; Node's network errors carry `code` too (ECONNREFUSED …).
 */
export type ErrorKind =
  | 'auth'
  | 'privilege'
  | 'canceled'
  | 'unsupported'
  | 'missing'
  | 'shutdown'
  | 'connection'
  | 'ssl'
  | 'unknown';

const SQLSTATE_KINDS: Record<string, ErrorKind> = {
  '28P01': 'auth',
  '28000': 'auth',
  '42501': 'privilege',
  '57014': 'canceled',
  '55P03': 'canceled', // lock_not_available: our lock_timeout fired
  '0A000': 'unsupported',
  '42P01': 'missing',
  '42883': 'missing',
  '42704': 'missing',
  '3F000': 'missing',
  '3D000': 'missing',
  '55000': 'unsupported', // object_not_in_prerequisite_state: e.g. pg_stat_statements not preloaded
  '57P01': 'shutdown',
  '57P02': 'shutdown',
  '57P03': 'shutdown',
  '08000': 'connection',
  '08003': 'connection',
  '08006': 'connection',
  '08001': 'connection',
  '08004': 'connection',
  '53300': 'connection', // too_many_connections
};

const NET_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOENT', // unix socket file missing: the server is not running there
]);

/** What the UI needs to know about a failure, free of driver types. */
export interface Failure {
  kind: ErrorKind;
  message: string;
  code?: string;
  hint?: string;
  detail?: string;
}

/** Maps anything thrown by the driver, a socket or our own code to a {@link Failure}. */
export function classify(err: unknown): Failure {
  const e = (err ?? {}) as { code?: unknown; message?: unknown; hint?: unknown; detail?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  const hint = typeof e.hint === 'string' ? e.hint : undefined;
  const detail = typeof e.detail === 'string' ? e.detail : undefined;
  let kind: ErrorKind = 'unknown';
  if (code && SQLSTATE_KINDS[code]) kind = SQLSTATE_KINDS[code];
  else if (code && NET_CODES.has(code)) kind = 'connection';
  else if (code && /^ERR_TLS|^CERT_|^DEPTH_ZERO|^SELF_SIGNED|^UNABLE_TO_VERIFY/.test(code)) kind = 'ssl';
  else if (/ssl|tls|certificate/i.test(message)) kind = 'ssl';
  // "timeout expired": the driver's connect timeout (libpq says the same).
  else if (/Connection terminated|connection timeout|timeout expired|Client has encountered a connection error|not queryable|terminating connection/i.test(message))
    kind = 'connection';
  return { kind, message, code, hint, detail };
}

/** Failures after which a collector is switched off until reconnect instead of retried each tick. */
export function isPermanent(f: Failure): boolean {
  return f.kind === 'privilege' || f.kind === 'unsupported' || f.kind === 'missing';
}
