/**
 * libpq's connection URI: `postgres[ql]://[user[:password]@][host][:port][/dbname][?key=value&…]`.
 * The rules follow libpq's parser rather than WHATWG URLs: the host may be a percent-encoded
 * socket directory (`%2Ftmp`), `+` is not a space, the credentials end at the first `@` before any
 * `/`, and query parameters are connection keywords that override what the URI's parts said.
 */
import { ConnectionConfigError } from './errors';

const PREFIXES = ['postgresql://', 'postgres://'];

/** Length of the URI scheme designator `s` starts with, or 0 when it is not a libpq URI. */
export function uriPrefixLength(s: string): number {
  return PREFIXES.find((p) => s.startsWith(p))?.length ?? 0;
}

/** A keyword and its decoded value, in the order libpq stores them (later ones win). */
export type Setting = [keyword: string, value: string];

/**
 * Splits a connection URI into settings. Values are percent-decoded; empty parts are left out
 * (libpq: an empty dbname must not block PGDATABASE). Error messages name the part that is wrong,
 * never its content, since the content may be a password.
 */
export function parseUri(uri: string): Setting[] {
  const out: Setting[] = [];
  let rest = uri.slice(uriPrefixLength(uri));

  // Credentials: the first '@' before any '/' (an '@' inside a password must be encoded as %40).
  const at = rest.search(/[@/]/);
  if (at >= 0 && rest[at] === '@') {
    const cred = rest.slice(0, at);
    const colon = cred.indexOf(':');
    const user = colon >= 0 ? cred.slice(0, colon) : cred;
    const password = colon >= 0 ? cred.slice(colon + 1) : '';
    if (user) out.push(['user', decode(user, 'user name')]);
    if (password) out.push(['password', decode(password, 'password')]);
    rest = rest.slice(at + 1);
  }

  // host[:port], possibly a comma-separated list (kept as one value; the caller refuses lists).
  const hosts: string[] = [];
  const ports: string[] = [];
  let i = 0;
  let term = '';
  for (;;) {
    let host: string;
    if (rest[i] === '[') {
      const close = rest.indexOf(']', i);
      if (close < 0) throw new ConnectionConfigError('unterminated "[" in an IPv6 host address in the connection URI');
      host = rest.slice(i + 1, close);
      if (!host) throw new ConnectionConfigError('empty IPv6 host address in the connection URI');
      i = close + 1;
      const next = rest[i];
      if (next !== undefined && !':/?,'.includes(next))
        throw new ConnectionConfigError(`unexpected character "${next}" after an IPv6 address in the connection URI (expected ":" or "/")`);
    } else {
      const start = i;
      while (i < rest.length && !':/?,'.includes(rest[i]!)) i++;
      host = rest.slice(start, i);
    }
    hosts.push(host);
    term = rest[i] ?? '';
    let port = '';
    if (term === ':') {
      const start = ++i;
      while (i < rest.length && !'/?,'.includes(rest[i]!)) i++;
      port = rest.slice(start, i);
      term = rest[i] ?? '';
    }
    ports.push(port);
    if (term !== ',') break;
    i++;
  }
  const host = hosts.map((h) => decode(h, 'host')).join(',');
  const port = ports.map((p) => decode(p, 'port')).join(',');
  if (host) out.push(['host', host]);
  if (port) out.push(['port', port]);

  if (term === '/') {
    const start = ++i;
    while (i < rest.length && rest[i] !== '?') i++;
    const dbname = rest.slice(start, i);
    if (dbname) out.push(['dbname', decode(dbname, 'database name')]);
    term = rest[i] ?? '';
  }
  if (term === '?') out.push(...parseQuery(rest.slice(i + 1)));
  return out;
}

function parseQuery(query: string): Setting[] {
  const out: Setting[] = [];
  if (query === '') return out;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new ConnectionConfigError('missing "=" in a query parameter of the connection URI');
    if (part.indexOf('=', eq + 1) >= 0) throw new ConnectionConfigError('extra "=" in a query parameter of the connection URI');
    const key = decode(part.slice(0, eq), 'query parameter name');
    const value = decode(part.slice(eq + 1), `"${key}" parameter`);
    // libpq accepts JDBC's ssl=true as sslmode=require.
    if (key === 'ssl' && value === 'true') out.push(['sslmode', 'require']);
    else out.push([key, value]);
  }
  return out;
}

/** libpq's percent-decoding: %XX byte escapes, decoded as UTF-8; %00 is refused. */
function decode(s: string, what: string): string {
  if (!s.includes('%')) return s;
  if (/%(?![0-9a-fA-F]{2})/.test(s)) throw new ConnectionConfigError(`invalid percent-encoding in the ${what} of the connection URI`);
  if (/%00/.test(s)) throw new ConnectionConfigError(`forbidden %00 in the ${what} of the connection URI`);
  // A run of escapes is decoded as one byte sequence so multi-byte UTF-8 characters survive.
  return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) =>
    Buffer.from(run.slice(1).split('%').map((h) => parseInt(h, 16))).toString('utf8'),
  );
}
