import { describe, expect, it } from 'vitest';
import { parseCommandLine, splitShortOptions, UsageError } from '../../../src/cli/args';

describe('short options read the way getopt reads them', () => {
  it.each([
    [['-Upostgres', '-hdb1', '-p5433', '-dmydb'], ['--username=postgres', '--host=db1', '--port=5433', '--dbname=mydb']],
    [['-U', 'postgres', '-h', 'db1'], ['--username=postgres', '--host=db1']],
    [['-wV'], ['--no-password', '--version']],
    [['-Wdmydb'], ['--password', '--dbname=mydb']],
    // getopt takes the next word as the value, even when it starts with a dash.
    [['-U', '-odd'], ['--username=-odd']],
    [['-r0.5'], ['--refresh=0.5']],
    [['-?'], ['--help']],
    [['-x'], ['-x']],
    [['--port', '5433', 'appdb'], ['--port', '5433', 'appdb']],
    [['--', '-Ufoo'], ['--', '-Ufoo']],
    // replay --at -5m: five minutes before the end, a value, not options -5 and -m.
    [['replay', 'f', '--at', '-5m', '--json'], ['replay', 'f', '--at=-5m', '--json']],
  ])('%j → %j', (argv, expected) => {
    expect(splitShortOptions(argv)).toEqual(expected);
  });
});

describe('parseCommandLine', () => {
  it('accepts psql-style attached values', async () => {
    const { args } = await parseCommandLine(['-Upostgres', '-hdb1', '-p5433', '-dmydb']);
    expect(args).toMatchObject({ username: 'postgres', host: 'db1', port: '5433', dbname: 'mydb' });
    expect(args._).toEqual([]);
  });

  it('reads -w as never prompt and -W as prompt first, like psql', async () => {
    expect((await parseCommandLine(['-w'])).args.password).toBe(false);
    expect((await parseCommandLine(['--no-password'])).args.password).toBe(false);
    expect((await parseCommandLine(['-W'])).args.password).toBe(true);
    expect((await parseCommandLine([])).args.password).toBeUndefined();
  });

  it('has -V and --version, -? and --help', async () => {
    expect((await parseCommandLine(['-V'])).args.version).toBe(true);
    expect((await parseCommandLine(['--version'])).args.version).toBe(true);
    expect((await parseCommandLine(['-?'])).args.help).toBe(true);
    const { help } = await parseCommandLine(['--help']);
    expect(await help()).toMatch(/-V, --version/);
  });

  it('keeps positional connection arguments', async () => {
    const { args } = await parseCommandLine(['snapshot', '--json', '-hdb1', 'appdb', 'alice']);
    expect(args._.map(String)).toEqual(['snapshot', 'appdb', 'alice']);
    expect(args.host).toBe('db1');
  });

  it('rejects an unknown short option with a usage error', async () => {
    await expect(parseCommandLine(['-x'])).rejects.toThrow(UsageError);
    await expect(parseCommandLine(['-Ux', '-q'])).rejects.toThrow(/Unknown argument/);
  });
});
