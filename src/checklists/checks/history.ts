/** Small helpers for the checks that show a history of earlier runs (growth, connections). */
import { bytes } from '../../format';
import type { Metrics } from '../types';

/** A run's time as the history table shows it: `2026-11-14 09:00` (UTC, the state file's zone). */
export const when = (at: number): string => new Date(at * 1000).toISOString().slice(0, 16).replace('T', ' ');

/** A finite number recorded under `key`, or null (a state file may be old or hand-edited). */
export function numOf(m: Metrics | undefined, key: string): number | null {
  const v = m?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A string recorded under `key`, or null. */
export function strOf(m: Metrics | undefined, key: string): string | null {
  const v = m?.[key];
  return typeof v === 'string' ? v : null;
}

/** A name → number map recorded under `key` (sizes per database); entries that are not numbers are dropped. */
export function mapOf(m: Metrics | undefined, key: string): Record<string, number> {
  const v = m?.[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
}

/** `+410 MB`, `-2.0 MB`, `+0 B`. */
export const signedBytes = (n: number): string => `${n < 0 ? '-' : '+'}${String(bytes(Math.abs(n)))}`;

/** `+3.4 %` from a share (0.034). */
export const signedPct = (share: number): string => `${share < 0 ? '-' : '+'}${(Math.abs(share) * 100).toFixed(1)} %`;

/** `7.0 d`, or `3 h` under a day. */
export const days = (d: number): string => (d < 1 ? `${Math.round(d * 24)} h` : `${d.toFixed(1)} d`);
