/**
 * The preferences as read, and the layers they apply in (defaults, the file's global settings, then
 * a server's). Apart from the YAML parser (parse.ts), which is loaded only when there is a file to
 * read: it is a quarter of what every start would otherwise evaluate before connecting.
 */
import type { Limit, ThresholdName, Thresholds } from '../problems/thresholds';

export type ThresholdOverrides = Partial<Record<ThresholdName, Partial<Limit>>>;

export interface SortPreference {
  column: string;
  descending: boolean;
}

export interface ServerPreferences {
  thresholds: ThresholdOverrides;
  refreshSeconds?: number;
}

export interface Preferences {
  /** Where they were read from; undefined when there was no file. */
  file?: string;
  refreshSeconds?: number;
  /** A palette for terminals with a light background. */
  lightBackground: boolean;
  /** The live rewind's buffer: at most these bytes, and this far back (seconds). */
  rewind: { memoryBytes?: number; windowSeconds?: number };
  /** Per screen: the column it is sorted by when it opens. */
  defaultSort: Record<string, SortPreference>;
  /** Per screen: columns never shown. */
  hiddenColumns: Record<string, string[]>;
  thresholds: ThresholdOverrides;
  /** By server key (`host`, `host:port` or `host:port/db`): thresholds and refresh for that server only. */
  servers: Record<string, ServerPreferences>;
  /**
   * `servers` written as a list: the servers watched when the command line names none, each with
   * its name (its thresholds and refresh are under `servers[name]`).
   */
  fleet: { name: string; target: string }[];
}

export const emptyPreferences = (): Preferences => ({ lightBackground: false, rewind: {}, defaultSort: {}, hiddenColumns: {}, thresholds: {}, servers: {}, fleet: [] });

/** The servers entries that apply to `serverKey` (`host:port/db`), least specific first. */
function serverEntries(prefs: Preferences, serverKey: string): ServerPreferences[] {
  const m = /^(.*):(\d+)\/(.*)$/.exec(serverKey);
  const names = m ? [m[1]!, `${m[1]}:${m[2]}`, serverKey] : [serverKey];
  return names.map((n) => prefs.servers[n]).filter((s): s is ServerPreferences => s !== undefined);
}

/** The thresholds in force for a server: the defaults, then the file's global ones, then the server's. */
export function thresholdsFor(prefs: Preferences, serverKey: string, defaults: Thresholds): Thresholds {
  const out = { ...defaults };
  for (const layer of [prefs.thresholds, ...serverEntries(prefs, serverKey).map((s) => s.thresholds)]) {
    for (const [name, limit] of Object.entries(layer) as [ThresholdName, Partial<Limit>][]) out[name] = { ...out[name], ...limit };
  }
  return out;
}

/** The refresh interval the file asks for on this server, if any (a server's over the global one). */
export function refreshFor(prefs: Preferences, serverKey: string): number | undefined {
  let r = prefs.refreshSeconds;
  for (const s of serverEntries(prefs, serverKey)) r = s.refreshSeconds ?? r;
  return r;
}
