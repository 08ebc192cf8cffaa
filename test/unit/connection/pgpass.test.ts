import { describe, expect, it } from 'vitest';
import { findPassword, passfileHost, passfileUsable } from '../../../src/data/connection/pgpass';

const key = { host: 'db.example.com', port: '5432', database: 'app', user: 'ann' };

describe('findPassword', () => {
  it.each([
    ['exact match', 'db.example.com:5432:app:ann:pw1', 'pw1'],
    ['wildcards', '*:*:*:*:pw2', 'pw2'],
    ['wildcard host only', '*:5432:app:ann:pw3', 'pw3'],
    ['first match wins', 'db.example.com:*:*:ann:first\n*:*:*:*:second', 'first'],
    ['non-matching lines are skipped', 'other:5432:app:ann:no\ndb.example.com:5433:app:ann:no\n*:*:app:ann:yes', 'yes'],
    ['comments are skipped', '#db.example.com:5432:app:ann:no\n*:*:*:*:yes', 'yes'],
    ['CRLF line ends', 'db.example.com:5432:app:ann:pw\r\n', 'pw'],
    ['escaped colon and backslash in the password', '*:*:*:*:a\\:b\\\\c', 'a:b\\c'],
    ['an unescaped colon ends the password', '*:*:*:*:abc:def', 'abc'],
    ['a trailing backslash is kept', '*:*:*:*:abc\\', 'abc\\'],
    ['a "*" inside a field is literal', 'db.*:5432:app:ann:no\n*:*:*:*:yes', 'yes'],
    ['an escaped "*" is not a wildcard', '\\*:5432:app:ann:no', undefined],
    ['too few fields', 'db.example.com:5432:app:ann', undefined],
    ['nothing matches', 'x:1:y:z:pw', undefined],
    ['an empty password is no password, and stops the search', '*:*:*:ann:\n*:*:*:*:later', undefined],
  ])('%s', (_name, text, expected) => {
    expect(findPassword(text, key)).toBe(expected);
  });

  it('matches escaped colons in fields', () => {
    expect(findPassword('fe80\\:\\:1:5432:app:ann:v6', { ...key, host: 'fe80::1' })).toBe('v6');
    expect(findPassword('\\/tmp\\\\x:5432:app:ann:p', { ...key, host: '/tmp\\x' })).toBe('p');
  });
});

describe('passfileHost', () => {
  const defaults = ['/var/run/postgresql', '/tmp'];
  it.each([
    ['a TCP host name is itself', 'db', undefined, 'db'],
    ['hostaddr when host is not given', undefined, '10.0.0.1', '10.0.0.1'],
    ['host wins over hostaddr', 'db', '10.0.0.1', 'db'],
    ['no host at all is localhost', undefined, undefined, 'localhost'],
    ['the default socket directory is localhost', '/var/run/postgresql', undefined, 'localhost'],
    ['another default socket directory is localhost', '/tmp/', undefined, 'localhost'],
    ['any other socket directory is matched literally', '/srv/pg', undefined, '/srv/pg'],
  ])('%s', (_name, host, hostaddr, expected) => {
    expect(passfileHost(host, hostaddr, defaults)).toBe(expected);
  });
});

describe('passfileUsable', () => {
  it.each([
    [0o100600, true, undefined],
    [0o600, true, undefined],
    [0o100400, true, undefined],
    [0o100640, false, 'group or world access'],
    [0o100604, false, 'group or world access'],
    [0o100660, false, 'group or world access'],
    [0o040700, false, 'not a plain file'],
    [undefined, false, undefined],
  ])('mode %o', (mode, usable, warning) => {
    const r = passfileUsable('/home/ann/.pgpass', mode);
    expect(r.usable).toBe(usable);
    if (warning) expect(r.warning).toContain(warning);
    else expect(r.warning).toBeUndefined();
  });
});
