/**
 * The TIME of `replay --at TIME`: an ISO 8601 date and time ("2026-12-05T03:12:41Z", with or
 * without a zone: without, local time), a time of day ("03:12", "03:12:41", local time) taken on
 * the recording's day (the next day's when the recording runs past midnight and that is the one
 * inside it), or an offset: "+5m" from the first snapshot, "-30s" from the last.
 */
import { parseSeconds } from '../prefs/values';

/** The moment `text` names (ms since epoch), or a message saying how to write it. */
export function parseReplayTime(text: string, first: number, last: number): number | string {
  const t = text.trim();
  const offset = /^([+-])\s*(.+)$/.exec(t);
  if (offset) {
    const s = parseSeconds(/^\d+(\.\d+)?$/.test(offset[2]!) ? Number(offset[2]) : offset[2]);
    if (s === undefined) return `"${text}" is not an offset (e.g. +5m, +90s, -1m)`;
    return offset[1] === '+' ? first + s * 1000 : last - s * 1000;
  }
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/.exec(t);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h > 23 || m > 59 || s > 59) return `"${text}" is not a time of day`;
    const day = new Date(first);
    day.setHours(h, m, s, Math.round(Number(clock[4] ?? 0) * 1000));
    const at = day.getTime();
    // A recording that began before midnight: 00:10 is the next day's.
    return at < first - 1000 && at + 86_400_000 <= last ? at + 86_400_000 : at;
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) {
    const at = Date.parse(t.replace(' ', 'T'));
    if (Number.isFinite(at)) return at;
  }
  return `"${text}" is not a time: write 2026-12-05T03:12:41Z, 03:12:41 (the recording's day, local time), +5m (from the start) or -1m (from the end)`;
}
