/**
 * The servers of a session, from the command line: repeated `-h` (with one `-p` for all or one
 * per host), a host list (`-h a,b`, `host=a,b port=1,2`, `postgres://a:1,b:2/db`), several
 * URIs, connection strings or service names as arguments or `-d`. libpq reads a host list as
 * "try each until one answers"; a monitor watching a fleet reads it as "watch each".
 * Each server is then resolved alone, by the same code and rules as a single target.
 */
import { isConninfo } from '../data/connection';
import { parseKeyValue } from '../data/connection/conninfo';
import { parseUri, uriPrefixLength, type Setting } from '../data/connection/uri';

export interface TargetFlags {
  host?: string | string[];
  port?: string | number | (string | number)[];
  username?: string;
  dbname?: string | string[];
}

/** One server: psql's positional arguments and flags, as one target would be given. */
export interface TargetSpec {
  /** The operator's name for it (the preferences file's servers list), when it has one. */
  name?: string;
  positional: string[];
  flags: { host?: string; port?: string; username?: string; dbname?: string };
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const splitList = (v: string | number): string[] => String(v).split(',');

/** libpq's quoting of a value in a `key=value` string. */
function quote(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A connection string or URI with a host or port list, as one string per host; undefined when it names one server. */
export function splitHostList(conninfo: string): string[] | undefined {
  const settings: Setting[] = uriPrefixLength(conninfo) > 0 ? parseUri(conninfo) : parseKeyValue(conninfo);
  const last = (k: string): string | undefined => settings.filter(([key]) => key === k).pop()?.[1];
  const hosts = last('host')?.split(',') ?? [];
  const addrs = last('hostaddr')?.split(',') ?? [];
  const ports = last('port')?.split(',') ?? [];
  const n = Math.max(hosts.length, addrs.length, ports.length);
  if (n < 2) return undefined;
  const rest = settings.filter(([k]) => k !== 'host' && k !== 'hostaddr' && k !== 'port');
  return Array.from({ length: n }, (_, i) => {
    // A single port (or host) applies to every entry of the other list, as in libpq.
    const pick = (l: string[]): string | undefined => (l.length === 1 ? l[0] : l[i]);
    const own: Setting[] = [];
    const h = pick(hosts);
    const a = pick(addrs);
    const p = pick(ports);
    if (h !== undefined) own.push(['host', h]);
    if (a !== undefined) own.push(['hostaddr', a]);
    if (p !== undefined) own.push(['port', p]);
    return [...rest, ...own].map(([k, v]) => `${k}=${quote(v)}`).join(' ');
  });
}

/**
 * The servers the command line names, or undefined when it names one (the usual monitor).
 * Arguments are targets of their own only when there are several and each is a URI or
 * connection string (`service=name` for a service); otherwise they are psql's `[dbname [user]]`.
 */
export function targetSpecs(positional: readonly string[], flags: TargetFlags): TargetSpec[] | undefined {
  const hosts = list(flags.host).flatMap(splitList);
  const ports = list(flags.port).flatMap(splitList);
  const dbnames = list(flags.dbname);
  const strings = [...dbnames.filter(isConninfo), ...(positional.length >= 2 && positional.every(isConninfo) ? positional : [])];
  const plainDb = dbnames.filter((d) => !isConninfo(d)).pop();
  const username = flags.username;
  const specs: TargetSpec[] = [];
  if (strings.length) {
    // Each string is a server (or several, with a host list); -h/-p apply to none of them.
    for (const s of strings) for (const one of splitHostList(s) ?? [s]) specs.push({ positional: [one], flags: { username } });
  } else if (hosts.length > 1 || ports.length > 1 || dbnames.length > 1) {
    const n = Math.max(hosts.length, ports.length, 1);
    if (hosts.length > 1 && ports.length > 1 && hosts.length !== ports.length) throw new Error(`${hosts.length} hosts and ${ports.length} ports: give one port for all, or one per host`);
    for (let i = 0; i < n; i++) {
      const host = hosts.length === 1 ? hosts[0] : hosts[i];
      const port = ports.length === 1 ? ports[0] : ports[i];
      specs.push({ positional: positional.filter((p) => !isConninfo(p)), flags: { host, port, username, dbname: plainDb } });
    }
  } else if (positional.length === 1 && isConninfo(positional[0]!)) {
    const split = splitHostList(positional[0]!);
    if (split) for (const one of split) specs.push({ positional: [one], flags: { host: hosts[0], port: ports[0], username } });
  }
  return specs.length > 1 ? specs : undefined;
}

/**
 * The flags one server of the list is resolved with: its own (host, port, user, database), never
 * the command line's last -h/-p/-d, which named another server; the password flags apply to all.
 */
export function flagsFor<F extends { promptPassword?: boolean; neverPrompt?: boolean }>(spec: TargetSpec, flags: F): TargetSpec['flags'] & Pick<F, 'promptPassword' | 'neverPrompt'> {
  return { ...spec.flags, promptPassword: flags.promptPassword, neverPrompt: flags.neverPrompt };
}

/**
 * Short, unique names for the servers' rows: the given name, else host:port (a socket directory
 * as "local"), with the database added when the same server appears twice, then a number.
 */
export function fleetNames(servers: readonly { name?: string; host: string; hostIsSocket: boolean; port: number; database: string }[]): string[] {
  const base = servers.map((s) => s.name ?? `${s.hostIsSocket ? 'local' : s.host}:${s.port}`);
  const withDb = base.map((b, i) => (servers[i]!.name === undefined && base.filter((x) => x === b).length > 1 ? `${b}/${servers[i]!.database}` : b));
  return withDb.map((b, i) => (withDb.filter((x) => x === b).length > 1 ? `${b}#${withDb.slice(0, i + 1).filter((x) => x === b).length}` : b));
}
