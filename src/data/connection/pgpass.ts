/**
 * libpq's password file (`~/.pgpass`, `PGPASSFILE`, or the `passfile` keyword): lines of
 * `hostname:port:database:username:password`, first match wins.
 */

/** The connection values a password-file line is matched against. */
export interface PassfileKey {
  host: string;
  port: string;
  database: string;
  user: string;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

/**
 * Whether libpq would read the file with this `st_mode`, and the warning it prints when not.
 * libpq ignores a file that is not a plain file, or that grants any access to group or others
 * (mode & 0o077): a readable password file is treated as compromised. An absent file is skipped
 * silently. `mode` may carry the file-type bits (from stat) or only the permission bits.
 */
export function passfileUsable(path: string, mode: number | undefined): { usable: boolean; warning?: string } {
  if (mode === undefined) return { usable: false };
  const type = mode & S_IFMT;
  if (type !== 0 && type !== S_IFREG) return { usable: false, warning: `password file "${path}" is not a plain file; ignoring it` };
  if (mode & 0o077)
    return {
      usable: false,
      warning: `password file "${path}" has group or world access; permissions should be u=rw (0600) or less; ignoring it`,
    };
  return { usable: true };
}

/**
 * The host name libpq looks up in the password file: `host` if given, else `hostaddr`; a
 * connection to the default Unix-socket directory (or with no host at all) is looked up as
 * `localhost`, per libpq's documentation. Any other socket directory is matched literally.
 */
export function passfileHost(host: string | undefined, hostaddr: string | undefined, defaultSocketDirs: readonly string[]): string {
  const h = host || hostaddr;
  if (!h) return 'localhost';
  if (host && defaultSocketDirs.includes(stripSlash(host))) return 'localhost';
  return h;
}

const stripSlash = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/**
 * The password from the first line of `text` whose four fields match `key`, or undefined.
 * A field of exactly `*` matches anything; `\:` and `\\` stand for `:` and `\` (a backslash
 * escapes any character); lines starting with `#` are comments; an empty password counts as none.
 */
export function findPassword(text: string, key: PassfileKey): string | undefined {
  const wanted = [key.host, key.port, key.database, key.user];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const fields = splitLine(line);
    if (!fields) continue;
    const matches = wanted.every((w, i) => fields.raw[i] === '*' || fields.values[i] === w);
    // libpq stops at the first match, even when its password is empty.
    if (matches) return fields.password === '' ? undefined : fields.password;
  }
  return undefined;
}

/** Four `:`-terminated fields (raw and unescaped) and the password, which ends at an unescaped `:`. */
function splitLine(line: string): { raw: string[]; values: string[]; password: string } | undefined {
  const raw: string[] = [];
  const values: string[] = [];
  let i = 0;
  while (raw.length < 5) {
    const start = i;
    let value = '';
    while (i < line.length && line[i] !== ':') {
      if (line[i] === '\\' && i + 1 < line.length) i++;
      value += line[i++];
    }
    if (raw.length < 4 && i >= line.length) return undefined; // fewer than five fields
    raw.push(line.slice(start, i));
    values.push(value);
    i++;
  }
  return { raw: raw.slice(0, 4), values: values.slice(0, 4), password: values[4]! };
}
