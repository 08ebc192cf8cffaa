/**
 * What the replication pane contributes to the header on every screen: a flag for the worst
 * replication finding (lag over the thresholds, replay paused, an inactive slot holding WAL),
 * and, with charts on, a one-line tps chart. Flag texts are our own words, never server text.
 */
import { paneState } from '../../state/panes';
import { REPLICATION_PANE } from './pane';
import { sparkline } from '../../components/Chart';
import { dataOf } from '../../data/collector';
import { recoveryCollector, replicationCollector, slotsCollector } from '../../data/collectors/replication';
import type { AppState } from '../../state/store';
import { ASCII_GLYPHS } from '../../text/terminal';
import { replicationAlarm, thresholdsFor } from './alarm';

export function replicationFlag(state: AppState): { text: string; tone: 'warn' | 'bad' } | undefined {
  const snap = state.snapshot;
  const senders = dataOf(snap, replicationCollector);
  const recovery = dataOf(snap, recoveryCollector);
  const slots = dataOf(snap, slotsCollector);
  if (!senders && !recovery && !slots) return undefined;
  // The lag limits in force (defaults or the preferences file), unless the stricter ones were asked for (t in pane 4).
  const lag = state.thresholds.replicationLagSeconds;
  const limits = paneState(state.ui, REPLICATION_PANE).strict ? thresholdsFor(true) : { warn: lag.warn, crit: lag.critical };
  const alarm = replicationAlarm({ senders: senders ?? [], recovery: recovery ?? null, slots: slots ?? [] }, limits);
  if (alarm.level === 'ok') return undefined;
  // The marker repeats the tone for NO_COLOR, as the header's figures do (the same `!` in both glyph sets).
  return { text: `${alarm.level === 'crit' ? ASCII_GLYPHS.alertCritical : ASCII_GLYPHS.alertWarn} ${alarm.headline}`, tone: alarm.level === 'crit' ? 'bad' : 'warn' };
}

/** The header's chart line: recent tps as a sparkline, when charts are on (c). */
export function headerChart(state: AppState, width: number, ascii: boolean): string {
  if (!state.ui.charts || width < 4) return '';
  const line = sparkline(state.history.tps.tail(width), width, { ascii });
  return line.trim() ? line : '';
}
