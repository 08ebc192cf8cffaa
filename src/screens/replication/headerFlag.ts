/**
 * What the replication pane contributes to the header on every screen: a flag for the worst
 * replication finding (lag over the thresholds, replay paused, an inactive slot holding WAL),
 * and, with charts on, a one-line tps chart. Flag texts are our own words, never server text.
 */
import { sparkline } from '../../components/Chart';
import { dataOf } from '../../data/collector';
import { recoveryCollector, replicationCollector, slotsCollector } from '../../data/collectors/replication';
import type { AppState } from '../../state/store';
import { replicationAlarm, thresholdsFor } from './alarm';

export function replicationFlag(state: AppState): { text: string; tone: 'warn' | 'bad' } | undefined {
  const snap = state.snapshot;
  const senders = dataOf(snap, replicationCollector);
  const recovery = dataOf(snap, recoveryCollector);
  const slots = dataOf(snap, slotsCollector);
  if (!senders && !recovery && !slots) return undefined;
  const alarm = replicationAlarm({ senders: senders ?? [], recovery: recovery ?? null, slots: slots ?? [] }, thresholdsFor(state.ui.replication.strict));
  if (alarm.level === 'ok') return undefined;
  return { text: alarm.headline, tone: alarm.level === 'crit' ? 'bad' : 'warn' };
}

/** The header's chart line: recent tps as a sparkline, when charts are on (c). */
export function headerChart(state: AppState, width: number, ascii: boolean): string {
  if (!state.ui.charts || width < 4) return '';
  const line = sparkline(state.history.tps.tail(width), width, { ascii });
  return line.trim() ? line : '';
}
