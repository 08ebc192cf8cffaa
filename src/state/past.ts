/**
 * The header's words for the past: "REWIND −2m13s, 03:12:41" (how far behind live, and the local
 * time of the snapshot shown), or "REPLAY 03:12:41 +5m10s playing 4x" for a recording. Words, so
 * they read the same without colour and in ASCII.
 */
import type { CommandId } from '../keys/commands';
import type { PastView } from './store';
import { ageText } from '../format/stale';
import { clockTime } from '../format/clock';

export { clockTime };

const speedText = (s: number): string => (s < 1 ? `${s}x` : `${Math.round(s)}x`);

export function pastLabel(past: PastView | undefined, ascii: boolean): string | undefined {
  if (!past) return undefined;
  if (past.mode === 'rewind') {
    const behind = Math.max(0, Math.floor((past.newest - past.at) / 1000));
    return `REWIND ${ascii ? '-' : '\u2212'}${ageText(behind, ascii)}, ${clockTime(past.at)}`;
  }
  return `REPLAY ${clockTime(past.at)} ${past.playing ? `playing ${speedText(past.speed ?? 1)}` : 'paused'} ${past.index + 1}/${past.length}`;
}

/** Commands that act on a backend or a pool: refused while the panes show the past. */
const REFUSED_IN_PAST = new Set<CommandId>(['backend.cancel', 'backend.terminate', 'backend.tag', 'pgbouncer.pause', 'pgbouncer.resume', 'pgbouncer.reconnect', 'pgbouncer.kill']);

/** Why a command cannot run while the panes show the past, or undefined. */
export function pastRefusal(id: CommandId, past: PastView | undefined): string | undefined {
  if (!past || !REFUSED_IN_PAST.has(id)) return undefined;
  return past.mode === 'replay' ? 'a replay shows a recording: nothing is sent to any server' : 'refused in the past: the backend shown may no longer exist (L returns to live)';
}
