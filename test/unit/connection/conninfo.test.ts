import { describe, expect, it } from 'vitest';
import { ConnectionConfigError, isConninfo, parseConninfo } from '../../../src/data/connection';

// Expected values were produced by libpq 15's PQconninfoParse on the same strings.
describe('parseConninfo: key=value', () => {
  it.each([
    ["host=a port = 5 dbname= 'my db'", { host: 'a', port: '5', dbname: 'my db' }],
    ["user=a\\ b password='it\\'s' ", { user: 'a b', password: "it's" }],
    ["password='back\\\\slash'", { password: 'back\\slash' }],
    // After "=", white space is skipped, so the next "word" is the value.
    ['host= port=5', { host: 'port=5' }],
    ['host=x host=y', { host: 'y' }],
    ["host='' dbname=x", { host: '', dbname: 'x' }],
    ["dbname=a'b", { dbname: "a'b" }],
    ['  sslmode=require\tconnect_timeout=10\n', { sslmode: 'require', connect_timeout: '10' }],
    ["options='-c search_path=app' application_name=pgw", { options: '-c search_path=app', application_name: 'pgw' }],
    ['target_session_attrs=read-write hostaddr=10.0.0.1', { target_session_attrs: 'read-write', hostaddr: '10.0.0.1' }],
    ['passfile=/x/pgpass service=prod sslrootcert=/r sslcert=/c sslkey=/k', { passfile: '/x/pgpass', service: 'prod', sslrootcert: '/r', sslcert: '/c', sslkey: '/k' }],
  ])('%s', (s, params) => {
    expect(parseConninfo(s)).toEqual({ params, warnings: [] });
  });

  it.each([
    ['a b=1', 'missing "=" after "a"'],
    ['=x', 'invalid connection option ""'],
    ["dbname='x", 'unterminated quoted string'],
    ['bogus=1', 'invalid connection option "bogus"'],
    ['host=a,b', 'multiple hosts or ports (host=a,b)'],
    ['host=a port=5432,5433', 'multiple hosts or ports (port=5432,5433)'],
    ['hostaddr=10.0.0.1,10.0.0.2', 'not supported'],
    ['replication=database', 'connection option "replication" in connection string is not supported'],
    ['gssencmode=require', 'connection option "gssencmode" with this value in connection string is not supported'],
  ])('rejects %s', (s, message) => {
    expect(() => parseConninfo(s)).toThrow(ConnectionConfigError);
    expect(() => parseConninfo(s)).toThrow(message);
  });

  it('drops harmless libpq options with a warning', () => {
    const r = parseConninfo('host=h gssencmode=disable client_encoding=UTF8 keepalives=1');
    expect(r.params).toEqual({ host: 'h' });
    expect(r.warnings).toEqual([
      'ignored connection option "gssencmode" in connection string: pgwarden does not use it',
      'ignored connection option "client_encoding" in connection string: pgwarden does not use it',
      'ignored connection option "keepalives" in connection string: pgwarden does not use it',
    ]);
  });
});

describe('parseConninfo: URI', () => {
  it.each([
    [
      'postgresql://u:p%40ss@h:5/d?sslmode=require&application_name=a%20b',
      { user: 'u', password: 'p@ss', host: 'h', port: '5', dbname: 'd', sslmode: 'require', application_name: 'a b' },
    ],
    ['postgres://%2Fvar%2Frun%2Fpostgresql/db', { host: '/var/run/postgresql', dbname: 'db' }],
    ['postgresql:///db?host=/tmp', { host: '/tmp', dbname: 'db' }],
    ['postgresql:///db?host=%2Ftmp', { host: '/tmp', dbname: 'db' }],
    ['postgresql://[::1]:5433/x', { host: '::1', port: '5433', dbname: 'x' }],
    ['postgresql://[fe80::1%25eth0]/x', { host: 'fe80::1%eth0', dbname: 'x' }],
    // Credentials end at the first "@" before any "/"; "?" inside them is not special.
    ['postgresql://u:p?x@h/d', { user: 'u', password: 'p?x', host: 'h', dbname: 'd' }],
    ['postgresql://h/d?ssl=true', { host: 'h', dbname: 'd', sslmode: 'require' }],
    ['postgresql://', {}],
    ['postgresql://h:/', { host: 'h' }],
    ['postgresql://user@', { user: 'user' }],
    ['postgresql://:pw@h', { password: 'pw', host: 'h' }],
    ['postgresql://h/d?port=', { host: 'h', dbname: 'd', port: '' }],
    ['postgresql://h/d?', { host: 'h', dbname: 'd' }],
    // "+" is not a space in libpq URIs; UTF-8 escapes decode to characters.
    ['postgresql://h/caf%C3%A9+x', { host: 'h', dbname: 'café+x' }],
    ['postgresql://h/d?host=', { host: '', dbname: 'd' }],
    // Query parameters override the URI's parts.
    ['postgresql://[::1]:5/db?host=/tmp/q&port=9', { host: '/tmp/q', port: '9', dbname: 'db' }],
    ['postgresql://h/d?connect_timeout=5&target_session_attrs=any&options=-c%20x%3Dy', { host: 'h', dbname: 'd', connect_timeout: '5', target_session_attrs: 'any', options: '-c x=y' }],
  ])('%s', (s, params) => {
    expect(parseConninfo(s)).toEqual({ params, warnings: [] });
  });

  it.each([
    ['postgresql://[::1]x', 'unexpected character "x"'],
    ['postgresql://[::1', 'unterminated "["'],
    ['postgresql://[]/d', 'empty IPv6 host address'],
    ['postgresql://h/d?a', 'missing "="'],
    ['postgresql://h/d?a=b=c', 'extra "="'],
    ['postgresql://h/d?&', 'missing "="'],
    ['postgresql://h/%zz', 'invalid percent-encoding in the database name'],
    ['postgresql://h/a%00', 'forbidden %00'],
    ['postgresql://h/d?bogus=1', 'invalid connection option "bogus" in connection URI'],
    ['postgresql://a,b:5/d', 'multiple hosts or ports (host=a,b)'],
    // libpq reads "h:5432,5433" as two hosts, the second one named 5433.
    ['postgres://h:5432,5433/d', 'multiple hosts or ports (host=h,5433)'],
  ])('rejects %s', (s, message) => {
    expect(() => parseConninfo(s)).toThrow(ConnectionConfigError);
    expect(() => parseConninfo(s)).toThrow(message);
  });

  it('never quotes a password in an error', () => {
    for (const s of ['postgresql://u:s3cr%zzet@h/d', 'postgresql://u:s3cr%00et@h/d', 'postgresql://u:s3cret@a,b/d', 'postgresql://u:s3cret@h/d?bogus=1']) {
      expect(() => parseConninfo(s)).toThrow(ConnectionConfigError);
      try {
        parseConninfo(s);
      } catch (e) {
        expect((e as Error).message).not.toMatch(/s3cr/);
      }
    }
  });
});

describe('isConninfo', () => {
  it.each([
    ['app', false],
    ['my-db', false],
    ['postgres://h/d', true],
    ['postgresql:///d', true],
    ['postgresql:/d', false],
    ['dbname=app', true],
    ['host=/tmp', true],
  ])('%s → %s', (s, expected) => {
    expect(isConninfo(s)).toBe(expected);
  });
});
