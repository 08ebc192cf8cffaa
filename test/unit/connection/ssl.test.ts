import type { PeerCertificate } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { attempts, ConnectionConfigError, fallbackOnError, resolveConnection, type ConnectionInput } from '../../../src/data/connection';
import { fakeDeps, type FakeFile } from './fakeDeps';

const ROOT = '/home/ann/.postgresql/root.crt';
const CERT = '/home/ann/.postgresql/postgresql.crt';
const KEY = '/home/ann/.postgresql/postgresql.key';
const PEM = { [ROOT]: 'ROOT PEM', [CERT]: 'CERT PEM', [KEY]: { text: 'KEY PEM', mode: 0o100600 } };

function target(conninfo: string, files: Record<string, FakeFile> = {}, extra: Partial<ConnectionInput> = {}) {
  const { deps, reads } = fakeDeps(files);
  const t = resolveConnection({ positional: [conninfo], flags: {}, env: {}, ...extra }, deps);
  return { t, reads };
}

/** Describes an attempt list as 'plain' / 'tls:<what is verified>'. */
function shape(configs: { ssl?: boolean | ConnectionOptions }[]): string[] {
  return configs.map((c) => {
    if (c.ssl === false) return 'plain';
    const s = c.ssl as ConnectionOptions;
    if (!s.rejectUnauthorized) return 'tls:none';
    return s.checkServerIdentity ? (s.servername ? 'tls:full' : 'tls:chain') : 'tls:?';
  });
}

describe('sslmode → attempts', () => {
  it.each([
    ['disable', {}, ['plain']],
    ['allow', {}, ['plain', 'tls:none']],
    ['prefer', {}, ['tls:none', 'plain']],
    ['require', {}, ['tls:none']],
    ['verify-ca', PEM, ['tls:chain']],
    ['verify-full', PEM, ['tls:full']],
    // libpq: with a root certificate present, every TLS attempt verifies the chain; for require
    // this is the documented "behaves like verify-ca" rule.
    ['require', PEM, ['tls:chain']],
    ['prefer', PEM, ['tls:chain', 'plain']],
    ['allow', PEM, ['plain', 'tls:chain']],
  ] as const)('%s (files: %j)', (mode, files, expected) => {
    expect(shape(attempts(target(`host=db.example.com sslmode=${mode}`, files).t))).toEqual(expected);
  });

  it('defaults to prefer', () => {
    const { t } = target('host=db.example.com');
    expect(t.sslmode).toBe('prefer');
    expect(shape(attempts(t))).toEqual(['tls:none', 'plain']);
  });

  it.each(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'])('a Unix socket never uses TLS (sslmode=%s)', (mode) => {
    // Not even a missing root certificate matters: libpq never starts TLS on a socket.
    expect(shape(attempts(target(`host=/tmp sslmode=${mode}`).t))).toEqual(['plain']);
  });

  it('an explicit sslrootcert turns require into a chain check', () => {
    const { t } = target('host=db sslmode=require sslrootcert=/certs/ca.pem', { '/certs/ca.pem': 'CA' });
    const [c] = attempts(t);
    expect(shape([c!])).toEqual(['tls:chain']);
    expect((c!.ssl as ConnectionOptions).ca).toBe('CA');
  });

  it('an explicit but missing sslrootcert leaves require unverified, as in libpq', () => {
    expect(shape(attempts(target('host=db sslmode=require sslrootcert=/nope').t))).toEqual(['tls:none']);
  });
});

describe('server identity', () => {
  const cert = (name: string) => ({ subject: { CN: name }, subjectaltname: `DNS:${name}` }) as unknown as PeerCertificate;

  it('verify-ca accepts a certificate for any host name', () => {
    const ssl = attempts(target('host=db.example.com sslmode=verify-ca', PEM).t)[0]!.ssl as ConnectionOptions;
    expect(ssl.rejectUnauthorized).toBe(true);
    expect(ssl.ca).toBe('ROOT PEM');
    expect(ssl.checkServerIdentity!('db.example.com', cert('other.example.org'))).toBeUndefined();
  });

  it('verify-full rejects a certificate for another host name and accepts its own', () => {
    const ssl = attempts(target('host=db.example.com sslmode=verify-full', PEM).t)[0]!.ssl as ConnectionOptions;
    expect(ssl.rejectUnauthorized).toBe(true);
    expect(ssl.servername).toBe('db.example.com');
    expect(ssl.checkServerIdentity!('db.example.com', cert('other.example.org'))).toBeInstanceOf(Error);
    expect(ssl.checkServerIdentity!('db.example.com', cert('db.example.com'))).toBeUndefined();
  });

  it('verify-full with hostaddr checks the host name, not the address it connects to', () => {
    const [c] = attempts(target('host=db.example.com hostaddr=10.0.0.5 sslmode=verify-full', PEM).t);
    const ssl = c!.ssl as ConnectionOptions;
    expect(c!.host).toBe('10.0.0.5');
    expect(ssl.servername).toBe('db.example.com');
    expect(ssl.checkServerIdentity!('10.0.0.5', cert('db.example.com'))).toBeUndefined();
    expect(ssl.checkServerIdentity!('10.0.0.5', cert('10.0.0.5'))).toBeInstanceOf(Error);
  });

  it('verify-full to an IP address sends no SNI', () => {
    const ssl = attempts(target('host=10.0.0.5 sslmode=verify-full', PEM).t)[0]!.ssl as ConnectionOptions;
    expect(ssl.servername).toBeUndefined();
  });
});

describe('certificate files', () => {
  it('presents the default client certificate and key when present', () => {
    const ssl = attempts(target('host=db sslmode=require', PEM).t)[0]!.ssl as ConnectionOptions;
    expect(ssl).toMatchObject({ cert: 'CERT PEM', key: 'KEY PEM' });
  });

  it('uses sslcert/sslkey paths', () => {
    const files = { '/c/me.crt': 'MY CERT', '/c/me.key': 'MY KEY' };
    const ssl = attempts(target('host=db sslmode=require sslcert=/c/me.crt sslkey=/c/me.key', files).t)[0]!.ssl as ConnectionOptions;
    expect(ssl).toMatchObject({ cert: 'MY CERT', key: 'MY KEY' });
  });

  it('reads certificate files when building configs, not when resolving', () => {
    const { t, reads } = target('host=db sslmode=verify-full', PEM);
    expect(reads).toEqual([]);
    attempts(t);
    expect(reads).toEqual([ROOT, CERT, KEY]);
  });

  it('does not read anything for a plain-only connection', () => {
    const { t, reads } = target('host=db sslmode=disable', PEM);
    attempts(t);
    expect(reads).toEqual([]);
  });

  it('sslrootcert=system uses the default CA list and implies verify-full', () => {
    const { t } = target('host=db.example.com sslrootcert=system');
    expect(t.sslmode).toBe('verify-full');
    const ssl = attempts(t)[0]!.ssl as ConnectionOptions;
    expect(ssl.ca).toBeUndefined();
    expect(shape(attempts(t))).toEqual(['tls:full']);
  });

  it('warns about an explicit client certificate that does not exist', () => {
    expect(target('host=db sslcert=/nope.crt').t.warnings).toEqual(['client certificate file "/nope.crt" does not exist; connecting without it']);
  });

  it.each([
    ['host=db sslmode=verify-ca', {}, 'root certificate file "/home/ann/.postgresql/root.crt" does not exist'],
    ['host=db sslmode=verify-full sslrootcert=/x.pem', {}, 'root certificate file "/x.pem" does not exist'],
    ['host=db sslrootcert=system sslmode=require', {}, 'weak sslmode "require" may not be used with sslrootcert=system'],
    ['hostaddr=10.0.0.1 sslmode=verify-full', PEM, 'sslmode=verify-full needs a host name'],
    ['host=db sslmode=require', { [CERT]: 'C' }, 'certificate present, but not private key file "/home/ann/.postgresql/postgresql.key"'],
  ] as const)('%s is an error', (conninfo, files, message) => {
    expect(() => target(conninfo, files)).toThrow(ConnectionConfigError);
    expect(() => target(conninfo, files)).toThrow(message);
  });

  it('an unreadable certificate file is an error when configs are built', () => {
    const { t } = target('host=db sslmode=verify-ca', { [ROOT]: { mode: 0o100000 } });
    expect(() => attempts(t)).toThrow('could not read root certificate file');
  });
});

describe('fallbackOnError', () => {
  const err = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
  it.each([
    ['server refuses SSL (pg)', err('The server does not support SSL connections'), true],
    ['bad SSL response (pg)', err('There was an error establishing an SSL connection'), true],
    ['TLS protocol error', err('wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER'), true],
    ['self-signed certificate', err('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), true],
    ['unknown CA', err('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), true],
    ['EPROTO from OpenSSL', err('write EPROTO ...:SSL routines:...', 'EPROTO'), true],
    ['pg_hba rejects this encryption', err('no pg_hba.conf entry for host "1.2.3.4", user "a", database "b", SSL encryption', '28000'), true],
    ['pg_hba rejects plain (older wording)', err('no pg_hba.conf entry for host "1.2.3.4", user "a", database "b", SSL off', '28000'), true],
    ['wrong password', err('password authentication failed for user "a"', '28P01'), false],
    ['unknown role', err('role "a" does not exist', '28000'), false],
    ['database missing', err('database "x" does not exist', '3D000'), false],
    ['connection refused', err('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), false],
    ['timeout', err('timeout expired'), false],
    ['not an error', undefined, false],
  ])('%s → %s', (_name, e, expected) => {
    expect(fallbackOnError(e)).toBe(expected);
  });
});
