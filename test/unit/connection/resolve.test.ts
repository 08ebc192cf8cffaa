import { describe, expect, it } from 'vitest';
import {
  ConnectionConfigError,
  describeTarget,
  resolveConnection,
  type ConnectionInput,
  type ConnectionTarget,
} from '../../../src/data/connection';
import { fakeDeps, type FakeFile } from './fakeDeps';

type In = Partial<ConnectionInput>;
const input = (i: In = {}): ConnectionInput => ({ positional: [], flags: {}, env: {}, ...i });
const resolve = (i: In = {}, files: Record<string, FakeFile> = {}) => resolveConnection(input(i), fakeDeps(files).deps);
const pick = (t: ConnectionTarget) => ({ host: t.host, port: t.port, user: t.user, database: t.database });

const SOCKET_VAR = '/var/run/postgresql/.s.PGSQL.5432';

describe('defaults', () => {
  it('uses the first default socket directory that has the socket, the OS user, and dbname = user', () => {
    const t = resolve({}, { '/tmp/.s.PGSQL.5432': { mode: 0o140777 } });
    expect(pick(t)).toEqual({ host: '/tmp', port: 5432, user: 'ann', database: 'ann' });
    expect(t.hostIsSocket).toBe(true);
    expect(t.sslmode).toBe('prefer');
    expect(t.display).toBe('ann@/tmp:5432/ann');
    expect(t.serverKey).toBe('/tmp:5432/ann');
  });

  it('checks for the socket of the port being used', () => {
    const files = { [SOCKET_VAR]: { mode: 0o140777 }, '/tmp/.s.PGSQL.5433': { mode: 0o140777 } };
    expect(resolve({ flags: { port: 5433 } }, files).host).toBe('/tmp');
    expect(resolve({}, files).host).toBe('/var/run/postgresql');
  });

  it('falls back to the first directory when no socket exists', () => {
    expect(resolve().host).toBe('/var/run/postgresql');
  });

  it('takes the socket directories from deps', () => {
    const t = resolveConnection(input(), fakeDeps({}, { socketDirs: ['/run/pg'] }).deps);
    expect(t.host).toBe('/run/pg');
  });
});

describe('precedence', () => {
  const env = { PGHOST: 'envhost', PGPORT: '6000', PGUSER: 'envuser', PGDATABASE: 'envdb' };

  it.each<[string, In, Record<string, FakeFile>, ReturnType<typeof pick>]>([
    ['environment over defaults', { env }, {}, { host: 'envhost', port: 6000, user: 'envuser', database: 'envdb' }],
    ['dbname defaults to the resolved user', { env: { PGUSER: 'bob' } }, {}, { host: '/var/run/postgresql', port: 5432, user: 'bob', database: 'bob' }],
    [
      'flags over environment',
      { env, flags: { host: 'flaghost', port: '7000', username: 'flaguser', dbname: 'flagdb' } },
      {},
      { host: 'flaghost', port: 7000, user: 'flaguser', database: 'flagdb' },
    ],
    ['positional dbname and user', { env, positional: ['app', 'bob'] }, {}, { host: 'envhost', port: 6000, user: 'bob', database: 'app' }],
    ['-d makes the first positional the user', { flags: { dbname: 'app' }, positional: ['bob'] }, {}, { host: '/var/run/postgresql', port: 5432, user: 'bob', database: 'app' }],
    ['-U wins over the second positional', { flags: { username: 'u' }, positional: ['app', 'bob'] }, {}, { host: '/var/run/postgresql', port: 5432, user: 'u', database: 'app' }],
    [
      // psql passes -h/-p/-U before the dbname argument, and libpq lets the expanded string win.
      'a conninfo in the dbname position overrides -h/-p/-U',
      { env, flags: { host: 'flaghost', port: 7000, username: 'flaguser' }, positional: ['host=connhost port=8000 user=connuser'] },
      {},
      { host: 'connhost', port: 8000, user: 'connuser', database: 'envdb' },
    ],
    [
      'flags still fill what the conninfo leaves out',
      { env, flags: { host: 'flaghost', username: 'flaguser' }, positional: ['postgresql:///uridb'] },
      {},
      { host: 'flaghost', port: 6000, user: 'flaguser', database: 'uridb' },
    ],
    ['-d may be a conninfo too', { flags: { dbname: 'host=/tmp/x dbname=d' }, positional: ['bob'] }, {}, { host: '/tmp/x', port: 5432, user: 'bob', database: 'd' }],
    [
      'service file over environment',
      { env: { ...env, PGSERVICE: 'prod' } },
      { '/home/ann/.pg_service.conf': '[prod]\nhost=svchost\nport=3333\n' },
      { host: 'svchost', port: 3333, user: 'envuser', database: 'envdb' },
    ],
    [
      'flags over service file',
      { env: { PGSERVICE: 'prod' }, flags: { host: 'flaghost' } },
      { '/home/ann/.pg_service.conf': '[prod]\nhost=svchost\nport=3333\n' },
      { host: 'flaghost', port: 3333, user: 'ann', database: 'ann' },
    ],
    [
      'service= in the conninfo beats PGSERVICE',
      { env: { PGSERVICE: 'other' }, positional: ['service=prod dbname=x'] },
      { '/home/ann/.pg_service.conf': '[prod]\nhost=svchost\ndbname=svcdb\n[other]\nhost=otherhost\n' },
      { host: 'svchost', port: 5432, user: 'ann', database: 'x' },
    ],
    [
      'PGSERVICEFILE replaces ~/.pg_service.conf',
      { env: { PGSERVICE: 'prod', PGSERVICEFILE: '/cfg/services' } },
      { '/cfg/services': '[prod]\nhost=fromfile\n', '/home/ann/.pg_service.conf': '[prod]\nhost=home\n' },
      { host: 'fromfile', port: 5432, user: 'ann', database: 'ann' },
    ],
    [
      'PGSYSCONFDIR locates the system file',
      { env: { PGSERVICE: 'prod', PGSYSCONFDIR: '/opt/etc' } },
      { '/opt/etc/pg_service.conf': '[prod]\nhost=system\n', '/etc/pg/pg_service.conf': '[prod]\nhost=default\n' },
      { host: 'system', port: 5432, user: 'ann', database: 'ann' },
    ],
    [
      'the sysconfdir default from deps',
      { env: { PGSERVICE: 'prod' } },
      { '/etc/pg/pg_service.conf': '[prod]\nhost=default\n' },
      { host: 'default', port: 5432, user: 'ann', database: 'ann' },
    ],
    // libpq: an empty value in a connection string is set (it blocks PGHOST) and then means the default.
    ["host='' in a conninfo blocks PGHOST", { env, positional: ["host='' dbname=x"] }, {}, { host: '/var/run/postgresql', port: 6000, user: 'envuser', database: 'x' }],
    ['empty flags count as not given', { env, flags: { host: '', port: '' } }, {}, { host: 'envhost', port: 6000, user: 'envuser', database: 'envdb' }],
    ['empty environment variables count as not given', { env: { PGHOST: '', PGPORT: '' } }, {}, { host: '/var/run/postgresql', port: 5432, user: 'ann', database: 'ann' }],
  ])('%s', (_name, i, files, expected) => {
    expect(pick(resolve(i, files))).toEqual(expected);
  });

  it('takes every recognized variable from the environment', () => {
    const t = resolve(
      {
        env: {
          PGHOST: 'h',
          PGSSLMODE: 'disable',
          PGCONNECT_TIMEOUT: '7',
          PGOPTIONS: '-c work_mem=64MB',
          PGAPPNAME: 'mine',
          PGTARGETSESSIONATTRS: 'read-only',
        },
      },
      {},
    );
    expect(t).toMatchObject({ sslmode: 'disable', connectTimeoutMs: 7000, options: '-c work_mem=64MB', applicationName: 'mine', targetSessionAttrs: 'read-only' });
  });

  it('ignores extra positional arguments with a warning that does not echo them', () => {
    const t = resolve({ positional: ['app', 'bob', 'postgresql://u:s3cret@h/d'] });
    expect(t.warnings).toEqual(['extra command-line argument #3 ignored']);
  });

  it('reports an unknown service', () => {
    expect(() => resolve({ env: { PGSERVICE: 'nope' } })).toThrow('definition of service "nope" not found');
  });

  it('passes on warnings from the conninfo and the service file', () => {
    const t = resolve({ env: { PGSERVICE: 'a' }, positional: ['dbname=x keepalives=1'] }, { '/home/ann/.pg_service.conf': '[a]\nclient_encoding=UTF8\n' });
    expect(t.warnings).toHaveLength(2);
  });
});

describe('hosts', () => {
  it.each<[string, In, Partial<ConnectionTarget>]>([
    ['TCP host name', { flags: { host: 'db.example.com' } }, { hostIsSocket: false, display: 'ann@db.example.com:5432/ann' }],
    ['IPv6 literal is bracketed in names', { positional: ['postgresql://[::1]:5433/app'] }, { host: '::1', hostIsSocket: false, display: 'ann@[::1]:5433/app', serverKey: '[::1]:5433/app' }],
    ['socket directory from a URI', { positional: ['postgresql://%2Fvar%2Frun%2Fpostgresql/app'] }, { host: '/var/run/postgresql', hostIsSocket: true }],
    ['abstract namespace socket', { flags: { host: '@pgwarden' } }, { hostIsSocket: true, display: 'ann@@pgwarden:5432/ann' }],
    ['hostaddr alone', { positional: ['hostaddr=10.1.2.3'] }, { host: '10.1.2.3', hostaddr: '10.1.2.3', hostIsSocket: false }],
    ['hostaddr with a host name', { positional: ['host=db hostaddr=10.1.2.3'] }, { host: 'db', hostaddr: '10.1.2.3', display: 'ann@db:5432/ann' }],
    ['hostaddr wins over a socket path (libpq connects over TCP)', { positional: ['host=/tmp hostaddr=127.0.0.1'] }, { hostIsSocket: false }],
  ])('%s', (_name, i, expected) => {
    expect(resolve(i)).toMatchObject(expected);
  });

  it.each<[string, In, string]>([
    ['host list in the environment', { env: { PGHOST: 'a,b' } }, 'multiple hosts or ports (host=a,b) in environment variables'],
    ['host list in a flag', { flags: { host: 'a,b' } }, 'multiple hosts or ports (host=a,b) in command-line options'],
    ['port list', { env: { PGPORT: '1,2' } }, 'multiple hosts or ports (port=1,2)'],
    ['bad port', { flags: { port: 'abc' } }, 'invalid port number: "abc"'],
    ['port out of range', { env: { PGPORT: '70000' } }, 'invalid port number: "70000"'],
    ['bad hostaddr', { positional: ['hostaddr=db.example.com'] }, 'could not parse network address'],
    ['bad connect_timeout', { env: { PGCONNECT_TIMEOUT: '5s' } }, 'invalid integer value "5s" for connection option "connect_timeout"'],
    ['bad target_session_attrs', { positional: ['target_session_attrs=master'] }, 'invalid target_session_attrs value: "master"'],
    ['bad sslmode', { env: { PGSSLMODE: 'on' } }, 'invalid sslmode value: "on"'],
    ['unknown keyword', { positional: ['dbname=x colour=blue'] }, 'invalid connection option "colour"'],
  ])('rejects %s', (_name, i, message) => {
    expect(() => resolve(i)).toThrow(ConnectionConfigError);
    expect(() => resolve(i)).toThrow(message);
  });

  it.each([
    ['0', undefined],
    ['-3', undefined],
    ['1', 2000],
    ['2', 2000],
    [' 10 ', 10000],
  ])('connect_timeout %j → %s ms', (v, ms) => {
    expect(resolve({ env: { PGCONNECT_TIMEOUT: v } }).connectTimeoutMs).toBe(ms);
  });
});

describe('password', () => {
  const PGPASS = '/home/ann/.pgpass';

  it('uses a prompted password', async () => {
    expect(await resolve({ password: 'typed' }).password()).toBe('typed');
  });

  it('a password in the conninfo wins over the prompt (it comes later in psql\'s keyword list)', async () => {
    expect(await resolve({ password: 'typed', positional: ['postgresql://u:fromuri@h/d'] }).password()).toBe('fromuri');
  });

  it('PGPASSWORD and the service file, service first', async () => {
    expect(await resolve({ env: { PGPASSWORD: 'env' } }).password()).toBe('env');
    const files = { '/home/ann/.pg_service.conf': '[s]\npassword=svc\n' };
    expect(await resolve({ env: { PGPASSWORD: 'env', PGSERVICE: 's' } }, files).password()).toBe('svc');
  });

  it('reads the password file only when asked', async () => {
    const { deps, reads } = fakeDeps({ [PGPASS]: 'db:5432:app:ann:secret\n' });
    const t = resolveConnection(input({ flags: { host: 'db', dbname: 'app' } }), deps);
    expect(reads).not.toContain(PGPASS);
    expect(await t.password()).toBe('secret');
    expect(reads).toContain(PGPASS);
  });

  it('matches a default-socket connection against localhost', async () => {
    const files = { [SOCKET_VAR]: { mode: 0o140777 }, [PGPASS]: 'localhost:5432:*:ann:local\n' };
    expect(await resolve({}, files).password()).toBe('local');
    expect(await resolve({ flags: { host: '/var/run/postgresql' } }, files).password()).toBe('local');
    expect(await resolve({ flags: { host: '/srv/sockets' } }, files).password()).toBeUndefined();
  });

  it('matches with the defaulted database name and port', async () => {
    const files = { [PGPASS]: 'db:5432:bob:bob:pw\n' };
    expect(await resolve({ flags: { host: 'db', username: 'bob' } }, files).password()).toBe('pw');
  });

  it('ignores a group- or world-readable password file, with a warning', async () => {
    const t = resolve({ flags: { host: 'db' } }, { [PGPASS]: { text: '*:*:*:*:secret\n', mode: 0o100644 } });
    expect(await t.password()).toBeUndefined();
    expect(t.warnings).toEqual([
      'password file "/home/ann/.pgpass" has group or world access; permissions should be u=rw (0600) or less; ignoring it',
    ]);
  });

  it.each<[string, In]>([
    ['PGPASSFILE', { env: { PGPASSFILE: '/etc/mypass' } }],
    ['the passfile keyword', { positional: ['passfile=/etc/mypass'] }],
  ])('finds the file through %s', async (_name, i) => {
    const t = resolve({ ...i, flags: { host: 'db' } }, { '/etc/mypass': '*:*:*:*:other\n', [PGPASS]: '*:*:*:*:home\n' });
    expect(await t.password()).toBe('other');
  });

  it('an explicit password means the password file is not consulted at all', () => {
    const { deps, reads } = fakeDeps({ [PGPASS]: { text: '*:*:*:*:x', mode: 0o100666 } });
    const t = resolveConnection(input({ env: { PGPASSWORD: 'p' } }), deps);
    expect(t.warnings).toEqual([]);
    expect(reads).toEqual([]);
  });
});

describe('the password never shows', () => {
  const SECRET = 'Sup3rS3cret';
  const cases: [string, In][] = [
    ['URI', { positional: [`postgresql://ann:${SECRET}@db.example.com/app`] }],
    ['conninfo', { positional: [`host=db password=${SECRET}`] }],
    ['prompt', { password: SECRET, flags: { host: 'db' } }],
    ['env', { env: { PGPASSWORD: SECRET } }],
    ['ignored extra argument', { positional: ['a', 'b', `postgresql://u:${SECRET}@h/d`] }],
  ];
  it.each(cases)('%s', async (_name, i) => {
    const t = resolve(i);
    expect(await t.password()).toBe(i.positional?.[2] ? undefined : SECRET);
    const shown = [t.display, t.serverKey, describeTarget(t), ...t.warnings, JSON.stringify(t)].join('\n');
    expect(shown).not.toContain(SECRET);
  });
});

describe('describeTarget', () => {
  it.each<[string, In, string]>([
    ['socket', { flags: { host: '/tmp', username: 'postgres', dbname: 'app' } }, 'could not connect to postgres@/tmp:5432/app (socket /tmp/.s.PGSQL.5432)'],
    ['TCP', { flags: { host: 'db', dbname: 'app' }, env: { PGSSLMODE: 'require' } }, 'could not connect to ann@db:5432/app (sslmode require)'],
    ['hostaddr', { positional: ['host=db hostaddr=10.0.0.9 dbname=app'] }, 'could not connect to ann@db:5432/app (address 10.0.0.9, sslmode prefer)'],
  ])('%s', (_name, i, expected) => {
    expect(describeTarget(resolve(i))).toBe(expected);
  });
});
