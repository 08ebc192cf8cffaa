import { describe, expect, it } from 'vitest';
import { fleetNames, flagsFor, splitHostList, targetSpecs } from '../../../src/fleet/targets';

describe('targetSpecs: the servers of a session from the command line', () => {
  it('one server is the usual monitor (undefined)', () => {
    expect(targetSpecs([], { host: 'db1', port: '5432' })).toBeUndefined();
    expect(targetSpecs(['mydb', 'me'], { host: 'db1' })).toBeUndefined();
    expect(targetSpecs(['postgres://u@db1/x'], {})).toBeUndefined();
  });

  it('repeated -h, with one -p for all or one per host', () => {
    expect(targetSpecs(['app'], { host: ['a', 'b'], port: '5433', username: 'u' })).toEqual([
      { positional: ['app'], flags: { host: 'a', port: '5433', username: 'u', dbname: undefined } },
      { positional: ['app'], flags: { host: 'b', port: '5433', username: 'u', dbname: undefined } },
    ]);
    expect(targetSpecs([], { host: ['a', 'b'], port: ['1', '2'] })!.map((s) => `${s.flags.host}:${s.flags.port}`)).toEqual(['a:1', 'b:2']);
    expect(() => targetSpecs([], { host: ['a', 'b', 'c'], port: ['1', '2'] })).toThrow(/3 hosts and 2 ports/);
  });

  it('a host list in -h, a connection string or a URI: one server per host', () => {
    expect(targetSpecs([], { host: 'a,b', port: '5432' })!.map((s) => s.flags.host)).toEqual(['a', 'b']);
    const fromString = targetSpecs(["host=a,b port=1,2 dbname='my db'"], {})!;
    expect(fromString.map((s) => s.positional[0])).toEqual(["dbname='my db' host='a' port='1'", "dbname='my db' host='b' port='2'"]);
    const fromUri = targetSpecs(['postgresql://u@a:1,b:2/app?sslmode=disable'], {})!;
    expect(fromUri.map((s) => s.positional[0])).toEqual(["user='u' dbname='app' sslmode='disable' host='a' port='1'", "user='u' dbname='app' sslmode='disable' host='b' port='2'"]);
  });

  it('several URIs or services as arguments or -d are several servers', () => {
    expect(targetSpecs(['service=s1', 'postgres://b/x'], {})!.map((s) => s.positional)).toEqual([['service=s1'], ['postgres://b/x']]);
    expect(targetSpecs([], { dbname: ['service=s1', 'service=s2'] })!.map((s) => s.positional)).toEqual([['service=s1'], ['service=s2']]);
  });

  it('quotes values so a quote or backslash in them stays a value', () => {
    expect(splitHostList("host=a,b password='it\\'s'")).toEqual(["password='it\\'s' host='a'", "password='it\\'s' host='b'"]);
    expect(splitHostList('host=a')).toBeUndefined();
  });
});

describe('flagsFor', () => {
  it("resolves each server with its own flags, never the command line's last -d (which names another server)", () => {
    const specs = targetSpecs([], { dbname: ['host=a dbname=one', 'host=b dbname=two'], username: 'u' })!;
    const cli = { host: undefined, dbname: 'host=b dbname=two', username: 'u', neverPrompt: true };
    expect(specs.map((s) => flagsFor(s, cli))).toEqual([
      { username: 'u', promptPassword: undefined, neverPrompt: true },
      { username: 'u', promptPassword: undefined, neverPrompt: true },
    ]);
  });
});

describe('fleetNames', () => {
  it('host:port, a socket as local, the database when a server appears twice, else a number', () => {
    const s = (host: string, port: number, database = 'postgres', name?: string) => ({ host, hostIsSocket: host.startsWith('/'), port, database, name });
    expect(fleetNames([s('db1', 5432), s('/tmp', 5433), s('db1', 5432, 'app'), s('x', 1, 'postgres', 'primary')])).toEqual(['db1:5432/postgres', 'local:5433', 'db1:5432/app', 'primary']);
    expect(fleetNames([s('a', 1), s('a', 1)])).toEqual(['a:1/postgres#1', 'a:1/postgres#2']);
  });
});
