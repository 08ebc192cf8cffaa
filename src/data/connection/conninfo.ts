/**
 * Connection strings as psql accepts them in the dbname position: libpq's `key=value` form and
 * its URI form. Both end up as the same keyword → value settings.
 */
import { ConnectionConfigError } from './errors';
import { foreignKeyword, isKeyword, rejectHostList, type Params } from './keywords';
import { parseUri, uriPrefixLength, type Setting } from './uri';

/** A parsed connection string: the keywords pgwarden honours, and warnings for dropped ones. */
export interface Conninfo {
  params: Params;
  warnings: string[];
}

/**
 * psql's test for "this dbname argument is really a connection string": it starts with a URI
 * scheme designator or contains an `=`.
 */
export function isConninfo(s: string): boolean {
  return uriPrefixLength(s) > 0 || s.includes('=');
}

/**
 * Parses a `key=value …` string or a `postgres://` / `postgresql://` URI. A keyword given twice
 * keeps its last value, as in libpq. Throws {@link ConnectionConfigError} on bad syntax, on a
 * keyword libpq does not know, on one pgwarden cannot honour, and on host lists.
 */
export function parseConninfo(s: string): Conninfo {
  const isUri = uriPrefixLength(s) > 0;
  const where = isUri ? 'connection URI' : 'connection string';
  const settings = isUri ? parseUri(s) : parseKeyValue(s);
  const params: Params = {};
  const warnings: string[] = [];
  for (const [key, value] of settings) {
    if (isKeyword(key)) params[key] = value;
    else warnings.push(foreignKeyword(key, value, where));
  }
  rejectHostList(params, where);
  return { params, warnings };
}

// libpq's definition of white space in connection strings is C isspace().
const isSpace = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c);

/**
 * libpq's `key=value` syntax: white space may surround `=`; a value is either a run of
 * non-space characters or single-quoted; in both, a backslash takes the next character literally
 * (`\'`, `\\`, `\ `). An empty value is a value (it blocks the environment variable for that key).
 */
export function parseKeyValue(s: string): Setting[] {
  const out: Setting[] = [];
  let i = 0;
  while (i < s.length) {
    if (isSpace(s[i])) {
      i++;
      continue;
    }
    const start = i;
    while (i < s.length && s[i] !== '=' && !isSpace(s[i])) i++;
    const key = s.slice(start, i);
    while (isSpace(s[i])) i++;
    if (s[i] !== '=') throw new ConnectionConfigError(`missing "=" after "${key}" in connection string`);
    i++;
    while (isSpace(s[i])) i++;
    let value = '';
    if (s[i] === "'") {
      i++;
      for (;;) {
        if (i >= s.length) throw new ConnectionConfigError(`unterminated quoted string for "${key}" in connection string`);
        const c = s[i]!;
        if (c === '\\') {
          i++;
          if (i < s.length) value += s[i++];
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
    } else {
      while (i < s.length && !isSpace(s[i])) {
        if (s[i] === '\\') {
          i++;
          if (i < s.length) value += s[i++];
        } else value += s[i++];
      }
    }
    if (key === '') throw new ConnectionConfigError('invalid connection option "" (nothing before "=") in connection string');
    out.push([key, value]);
  }
  return out;
}
