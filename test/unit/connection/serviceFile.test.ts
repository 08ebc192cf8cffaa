import { describe, expect, it } from 'vitest';
import { ConnectionConfigError } from '../../../src/data/connection';
import { lookupService, parseServiceFile } from '../../../src/data/connection/serviceFile';

const FILE = `
# comment
[other]
host=elsewhere

[prod]
  host=db.example.com
port=5433
   # indented comment
dbname=app
port=9999

[prod]
host=second-section-is-never-read
`;

describe('parseServiceFile', () => {
  it('reads the first section with the name; the first value of a key wins', () => {
    expect(parseServiceFile(FILE, 'prod', 'f')).toEqual({
      params: { host: 'db.example.com', port: '5433', dbname: 'app' },
      warnings: [],
    });
  });

  it('returns undefined when the service is not in the file', () => {
    expect(parseServiceFile(FILE, 'prod2', 'f')).toBeUndefined();
    expect(parseServiceFile(FILE, 'pro', 'f')).toBeUndefined();
  });

  it('accepts CRLF files and text after "]"', () => {
    expect(parseServiceFile('[a] trailing\r\nhost=h\r\n', 'a', 'f')?.params).toEqual({ host: 'h' });
  });

  it('keeps "=" inside values', () => {
    expect(parseServiceFile("[a]\noptions=-c search_path=x\n", 'a', 'f')?.params).toEqual({ options: '-c search_path=x' });
  });

  it.each([
    ['[a]\nhost = h\n', 'syntax error in service file "f", line 2'],
    ['[a]\njusttext\n', 'syntax error in service file "f", line 2'],
    ['[a]\nservice=b\n', 'nested service specifications'],
    ['[a]\nbogus=1\n', 'invalid connection option "bogus" in service file "f", line 2'],
    ['[a]\nhost=x,y\n', 'multiple hosts or ports (host=x,y)'],
    ['[a]\nhost=x\n[b]\nhost=x,y\n', undefined],
  ])('%j', (text, message) => {
    if (message === undefined) {
      expect(() => parseServiceFile(text, 'a', 'f')).not.toThrow();
      return;
    }
    expect(() => parseServiceFile(text, 'a', 'f')).toThrow(ConnectionConfigError);
    expect(() => parseServiceFile(text, 'a', 'f')).toThrow(message);
  });

  it('syntax errors in other sections do not matter (libpq only parses the wanted one)', () => {
    expect(parseServiceFile('[b]\nhost = x\n[a]\nhost=h\n', 'a', 'f')?.params).toEqual({ host: 'h' });
  });

  it('warns about harmless libpq options', () => {
    expect(parseServiceFile('[a]\ngssencmode=disable\n', 'a', 'f')?.warnings).toEqual([
      'ignored connection option "gssencmode" in service file "f", line 2: pgwarden does not use it',
    ]);
  });
});

describe('lookupService', () => {
  const files = { userFile: '/home/ann/.pg_service.conf', systemFile: '/etc/pg/pg_service.conf' };
  const read = (map: Record<string, string>) => (p: string) => map[p];

  it('prefers the user file', () => {
    const r = lookupService('a', files, read({ [files.userFile]: '[a]\nhost=user', [files.systemFile]: '[a]\nhost=system' }));
    expect(r).toEqual({ params: { host: 'user' }, warnings: [], file: files.userFile });
  });

  it('falls back to the system file when the user file lacks the service or is missing', () => {
    expect(lookupService('a', files, read({ [files.userFile]: '[b]\nhost=user', [files.systemFile]: '[a]\nhost=system' })).params).toEqual({ host: 'system' });
    expect(lookupService('a', files, read({ [files.systemFile]: '[a]\nhost=system' })).file).toBe(files.systemFile);
  });

  it('does not merge the two files: the first definition is used alone', () => {
    const r = lookupService('a', files, read({ [files.userFile]: '[a]\nhost=user', [files.systemFile]: '[a]\nport=1' }));
    expect(r.params).toEqual({ host: 'user' });
  });

  it('an unknown service is an error naming both files', () => {
    expect(() => lookupService('nope', files, read({}))).toThrow(
      'definition of service "nope" not found (looked in /home/ann/.pg_service.conf and /etc/pg/pg_service.conf)',
    );
  });
});
