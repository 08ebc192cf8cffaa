/**
 * The preferences file's keys and what each accepts. One table drives validation, the error
 * messages and the README's description, so a key cannot be accepted without being documented.
 */
import { DEFAULT_THRESHOLDS, type ThresholdName } from '../problems/thresholds';
import { parseSeconds, parseShare, parseSize, snake } from './values';

export type Unit = 'share' | 'seconds' | 'bytes' | 'count' | 'per-second';

/** The unit of each threshold, from its name (the names say it: …Seconds, …Bytes, …Ratio …). */
export function unitOf(name: ThresholdName): Unit {
  if (/Seconds$/.test(name) && name !== 'connectionStormPerSecond') return 'seconds';
  if (/Bytes$/.test(name)) return 'bytes';
  if (name === 'connectionStormPerSecond') return 'per-second';
  if (name === 'wraparoundAge' || name === 'blockedSessions') return 'count';
  return 'share';
}

/** The value of a threshold limit written by hand, or undefined when it does not parse. */
export function parseLimitValue(name: ThresholdName, v: unknown): number | undefined {
  const unit = unitOf(name);
  const n = unit === 'seconds' ? parseSeconds(v) : unit === 'bytes' ? parseSize(v) : unit === 'share' ? parseShare(v) : typeof v === 'number' ? v : undefined;
  if (n === undefined || !Number.isFinite(n) || n < 0) return undefined;
  if (unit === 'share' && n > 1) return undefined;
  return n;
}

export const UNIT_HELP: Record<Unit, string> = {
  share: 'a share from 0 to 1, or a percentage such as "87%"',
  seconds: 'seconds, or a duration such as "30s", "5m", "2h"',
  bytes: 'bytes, or a size such as "256 MB", "1 GB"',
  count: 'a number',
  'per-second': 'a number per second',
};

/** File key (snake_case) → threshold name. */
export const THRESHOLD_KEYS: ReadonlyMap<string, ThresholdName> = new Map((Object.keys(DEFAULT_THRESHOLDS) as ThresholdName[]).map((n) => [snake(n), n]));

/** Screens whose table a default sort or hidden columns may name. */
export const TABLE_SCREENS = ['activity', 'locks', 'statements', 'replication', 'vacuum', 'horizon'] as const;
